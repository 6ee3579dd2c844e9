// The deep-network lesson's two cat models in nnc (with the first-layer rewrite, and without it:
// the blocked brute-force kernels) and in the lesson's numpy code, side by side. Imported by
// bench/run.js. The brute-force comparison runs BRUTE_ITERATIONS steps on both sides (the same
// work, so the ratio is fair; a full 2500-step brute-force run takes minutes).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileAny } from "../dist/compiler/front-end.js";
import { loadModelData } from "../dist/drivers/train-model.js";
import { nodeFiles } from "../dist/node/files.js";
import { compileProgram } from "../dist/compiler/compile-program.js";
import { RandomState } from "../dist/runtime/rng/index.js";
import { train } from "../dist/runtime/train.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const BRUTE_ITERATIONS = 100;
const LAYERS = { two: [12288, 7, 1], deep: [12288, 20, 7, 5, 1] };

/** Multiply-adds × 2 of one full-batch step done by brute force (forward, dW, dA of layers ≥ 2). */
function flopsPerStep(layers, m) {
  let flops = 0;
  for (let l = 1; l < layers.length; l++) {
    const product = 2 * layers[l] * layers[l - 1] * m;
    flops += l === 1 ? 2 * product : 3 * product; // no dA for the input data
  }
  return flops;
}

async function nncRun(which, iterations, rewrite, repeats) {
  const file = `${root}examples/cat-${which}.nnspec`;
  const { ir } = compileAny(readFileSync(file, "utf8"), file);
  const datasets = Object.fromEntries(await loadModelData(ir, new RandomState(1), nodeFiles(`${root}examples`)));
  const shortened = { ...ir, train: { ...ir.train, iterations } };
  const seconds = [];
  const cpu = [];
  let result;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const program = compileProgram(shortened, { samples: datasets.train.samples, rewrite });
    result = train(program, datasets, { rewrite });
    seconds.push((performance.now() - start) / 1000);
    cpu.push(process.cpuUsage(cpuStart).user / 1e6);
  }
  // CPU time as well: on a loaded machine it is close to what the run takes on an idle core.
  return {
    best: Math.min(...seconds),
    cpu: Math.min(...cpu),
    seconds,
    lastCost: result.costs.at(-1).cost,
    accuracy: result.accuracy,
  };
}

function numpyRun(python, which, iterations, repeats) {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const script = fileURLToPath(new URL("./numpy/cat_lessons.py", import.meta.url));
  const run = spawnSync(python, [script, which, String(repeats), String(iterations)], { encoding: "utf8", env });
  if (run.status !== 0) return { skipped: `numpy run failed: ${run.stderr.trim().split("\n").pop()}` };
  const out = JSON.parse(run.stdout);
  return { best: out.best, seconds: out.seconds, lastCost: out.costs.at(-1)[1], blas: out.blas, numpy: out.numpy };
}

const fmt = (s) => `${s.toFixed(2)} s`;

export async function benchCats(python, repeats, log) {
  const rows = [];
  for (const which of ["two", "deep"]) {
    const layers = LAYERS[which];
    const model = `${which === "two" ? "two-layer" : "deep"} model ${JSON.stringify(layers)}`;
    log(`cat lesson, ${model}, 209 examples; best of ${repeats}`);
    const full = 2500;
    const fast = await nncRun(which, full, true, repeats);
    const npFull = python ? numpyRun(python, which, full, repeats) : { skipped: "no numpy" };
    const brute = await nncRun(which, BRUTE_ITERATIONS, false, repeats);
    const npBrute = python ? numpyRun(python, which, BRUTE_ITERATIONS, repeats) : { skipped: "no numpy" };
    const gflops = (iterations, s) => (flopsPerStep(layers, 209) * iterations) / s / 1e9;
    const line = (label, iterations, nnc, np) => {
      const ratio = np.skipped ? "—" : (nnc.best / np.best).toFixed(3);
      log(
        `  ${label.padEnd(26)} nnc ${fmt(nnc.best).padStart(9)}   ` +
          `numpy ${np.skipped ? "skipped" : fmt(np.best).padStart(9)}   ` +
          `ratio ${ratio}   brute-force-equivalent GFLOP/s: nnc ${gflops(iterations, nnc.best).toFixed(1)}` +
          `${np.skipped ? "" : `, numpy ${gflops(iterations, np.best).toFixed(1)}`}`,
      );
      const numpyCost = np.skipped ? "" : `, numpy ${np.lastCost}`;
      log(`  ${"".padEnd(26)} nnc CPU time ${fmt(nnc.cpu)}; last cost nnc ${nnc.lastCost}${numpyCost}`);
      rows.push({ model: which, label, iterations, nnc: nnc.best, numpy: np.best, ratio });
    };
    line(`rewrite, ${full} iterations`, full, fast, npFull);
    line(`no rewrite, ${BRUTE_ITERATIONS} iterations`, BRUTE_ITERATIONS, brute, npBrute);
    if (!npFull.skipped) log(`  numpy ${npFull.numpy}, BLAS ${npFull.blas ?? "unknown (no threadpoolctl)"}`);
  }
  return rows;
}
