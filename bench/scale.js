// The scaling ladder (`npm run bench -- --only scale`): how nnc's time per step and memory grow
// with the number of examples, beside the same loop in numpy (the lessons' own code,
// bench/numpy/ladder.py) and in torch (bench/torch/ladder.py), in one run.
//
// - the initialization lesson's He network [2, 10, 5, 1] on circles(samples: m, noise: 0.05,
//   seed: 1) with m = 300 … 300,000, full-batch gd at 0.01, WORK / m steps (the same number of
//   example-steps at every size, so each row takes about as long);
// - the deep cat network [12288, 20, 7, 5, 1] on the training set tiled 1 and 10 times (209 and
//   2,090 images), full-batch gd at 0.0075, in nnc both without the first-layer rewrite (the
//   products numpy and torch do) and as `nnc run` does by default (the rewrite where its steps
//   repay forming XᵀX: on 209 images, not in 10 steps on 2,090).
//
// nnc runs as `nnc run --verbose` on a model file written to a temporary folder: ms per step is
// the training loop's time as --verbose prints it over the steps; peak memory is the process's
// maximum resident set (/usr/bin/time). Each side runs `repeats` times and the best counts.
import { renameSync, writeFileSync } from "node:fs";
import { renderSvg } from "../dist/report/plots.js";
import { bestOf, EXAMPLES, nncRun, pythonHas, pythonRun, PYTHON, ratio, scratch } from "./processes.js";

const CIRCLES = [300, 3000, 30000, 300000];
const CAT_TILES = [
  { tile: 1, steps: 50 },
  { tile: 10, steps: 10 },
];
const MB = 1024 * 1024;

/** The He network on `m` circles, trained as `train` says (full-batch gd for `steps` iterations by default). */
export function circlesModel(
  m,
  steps,
  train = `gd(learning_rate: 0.01) on train for ${steps} iterations, report cost every ${steps} and last`,
) {
  return `model ladder_circles_${m} {
  seed 3
  data train = circles(samples: ${m}, noise: 0.05, seed: 1)
  input x[2]
  dense h1[10] relu    init he
  dense h2[5]  relu    init he
  dense out[1] sigmoid init he
  loss cross_entropy
  train ${train}
}
`;
}

/** The deep cat lesson's model on `file` (an HDF5 file with the lesson's names), `steps` iterations. */
export function catModel(file, steps, train = `gd(learning_rate: 0.0075) on train for ${steps} iterations`) {
  return `model ladder_cats {
  seed 1
  data train = hdf5(file: "${file}", features: train_set_x, label: train_set_y, scale: 255)
  input x[12288]
  dense h1[20] relu    init deep
  dense h2[7]  relu    init deep
  dense h3[5]  relu    init deep
  dense out[1] sigmoid init deep
  loss cross_entropy
  train ${train}, report cost every ${steps} and last
}
`;
}

const ms = (seconds, steps) => (seconds / steps) * 1000;
const fixed = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** One row: nnc (and optional variants) beside numpy and torch at one size. */
function row(log, label, steps, dataBytes, nnc, numpy, torch) {
  const perStep = (r) => (r?.skipped || !r ? undefined : ms(r.best ?? r.seconds, r.steps ?? steps));
  const ours = ms(nnc.seconds, steps);
  const np = perStep(numpy);
  const th = perStep(torch);
  const rss = nnc.peakRss ? `${(nnc.peakRss / MB).toFixed(0)} MB` : "—";
  const budget = (3 * dataBytes) / MB + 150;
  log(
    `  ${label.padEnd(41)} ${String(steps).padStart(6)} ${fixed(ours).padStart(9)} ` +
      `${(np === undefined ? "—" : fixed(np)).padStart(9)} ${(th === undefined ? "—" : fixed(th)).padStart(9)} ` +
      `${ratio(ours, np).padStart(7)} ${ratio(ours, th).padStart(7)}   ${rss.padStart(7)} / ` +
      `${(dataBytes / MB).toFixed(1)} MB data (budget ${budget.toFixed(0)} MB)`,
  );
  const costs = [nnc.lastCost, numpy?.last_cost, torch?.last_cost].filter((c) => c !== undefined);
  const spread = Math.max(...costs.map((c) => Math.abs(c - nnc.lastCost) / Math.abs(nnc.lastCost)));
  if (spread > 1e-9)
    log(`    last costs differ: nnc ${nnc.lastCost}, numpy ${numpy?.last_cost}, torch ${torch?.last_cost}`);
  return { nnc: ours, numpy: np, torch: th, peakRss: nnc.peakRss, dataBytes };
}

/** A log-log Vega-Lite chart of ms per step against examples, one line per side and network. */
export function scaleSpec(points) {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: "Time per full-batch step against the number of examples",
    width: 520,
    height: 320,
    data: { values: points },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "examples", type: "quantitative", scale: { type: "log" }, title: "examples (m)" },
      y: { field: "ms", type: "quantitative", scale: { type: "log" }, title: "ms per step" },
      color: { field: "side", type: "nominal", title: null },
      shape: { field: "network", type: "nominal", title: null, legend: { labelLimit: 260 } },
      strokeDash: { field: "network", type: "nominal", legend: null },
      detail: { field: "series", type: "nominal" },
    },
    config: { background: "white" },
  };
}

/** `rows`: "cats" or "circles" for only those rows; all by default. */
export async function benchScale(repeats, log, { work = 6e6, plotTo, rows } = {}) {
  const python = pythonHas("numpy", "sklearn", "h5py");
  const torch = python && pythonHas("torch");
  if (!python) log(`numpy and torch sides skipped: ${PYTHON} with numpy, scikit-learn and h5py is not available`);
  else if (!torch) log(`torch side skipped: ${PYTHON} has no torch (Debian: python3-torch)`);
  const folder = scratch();
  const points = [];
  const add = (network, examples, measured) => {
    for (const side of ["nnc", "numpy", "torch"])
      if (measured[side] !== undefined)
        points.push({ network, examples, side, ms: measured[side], series: `${network} ${side}` });
  };
  try {
    log(`\nScaling ladder: ms per step, best of ${repeats}; ratios nnc/numpy and nnc/torch; nnc's peak RSS`);
    log(
      `  ${"run".padEnd(41)} ${"steps".padStart(6)} ${"nnc".padStart(9)} ${"numpy".padStart(9)} ` +
        `${"torch".padStart(9)} ${"/numpy".padStart(7)} ${"/torch".padStart(7)}   peak memory`,
    );
    const circlesMs = new Map();
    for (const m of rows === "cats" ? [] : CIRCLES) {
      const steps = Math.max(1, Math.round(work / m));
      const model = folder.write(`circles-${m}.nnspec`, circlesModel(m, steps));
      const nnc = bestOf(repeats, () => nncRun(model));
      const numpy = python ? pythonRun("numpy", "ladder.py", ["circles", m, steps, repeats]) : undefined;
      const th = torch ? pythonRun("torch", "ladder.py", ["circles", m, steps, repeats]) : undefined;
      const measured = row(log, `circles, m = ${m.toLocaleString("en")}`, steps, 24 * m, nnc, numpy, th);
      add("circles [2, 10, 5, 1]", m, measured);
      circlesMs.set(m, measured.nnc);
    }
    if (circlesMs.has(3000) && circlesMs.has(300000)) {
      const growth = circlesMs.get(300000) / (100 * circlesMs.get(3000));
      log(`  growth: the 300,000 row is ${growth.toFixed(2)}× 100 × the 3,000 row (target: within 1.2×; 1 is linear)`);
    }
    for (const { tile, steps } of rows === "circles" ? [] : CAT_TILES) {
      const m = 209 * tile;
      let file = `${EXAMPLES}data/train_catvnoncat.h5`;
      if (tile > 1 && python) {
        file = `${folder.dir}/cats-${tile}.h5`;
        pythonRun("numpy", "ladder.py", ["tile-h5", tile, file]);
      } else if (tile > 1) continue;
      const model = folder.write(`cats-${tile}.nnspec`, catModel(file, steps));
      const brute = bestOf(repeats, () => nncRun(model, ["--no-rewrite"]));
      const rewritten = bestOf(repeats, () => nncRun(model));
      const numpy = python ? pythonRun("numpy", "ladder.py", ["cats", tile, steps, repeats]) : undefined;
      const th = torch ? pythonRun("torch", "ladder.py", ["cats", tile, steps, repeats]) : undefined;
      const dataBytes = 8 * (12288 + 1) * m;
      const label = `deep cat, m = ${m.toLocaleString("en")}`;
      add("deep cat (no rewrite)", m, row(log, `${label}, no rewrite`, steps, dataBytes, brute, numpy, th));
      // By default nnc takes the rewrite only where the steps repay forming XᵀX (compiler/rewrite.ts).
      const choice = rewritten.rewrite?.startsWith("does not apply") ? "default, no rewrite" : "rewrite";
      const fast = row(log, `${label}, ${choice}`, steps, dataBytes, rewritten, numpy, th);
      points.push({
        network: "deep cat (rewrite where it pays)",
        examples: m,
        side: "nnc",
        ms: fast.nnc,
        series: "rewrite",
      });
    }
  } finally {
    folder.remove();
  }
  if (plotTo) {
    const svg = await renderSvg(scaleSpec(points));
    writeFileSync(`${plotTo}.tmp`, svg);
    renameSync(`${plotTo}.tmp`, plotTo);
    log(`  wrote ${plotTo}`);
  }
  return points;
}
