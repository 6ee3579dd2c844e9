// The lessons in nnc and in their own numpy code, side by side in one run: the He
// initialization lesson (15000 full-batch gradient-descent steps of a [2, 10, 5, 1] network on
// 300 points), the deep-network lesson's two cat models (bench/cats.js), with and without the
// first-layer rewrite, and the regularization lesson's three runs (30000 steps of [2, 20, 3, 1]
// on 211 points: none, L2, dropout), from examples/reg-*.nnspec and bench/numpy/reg_lesson.py,
// and the optimization lesson's gd, momentum and Adam runs (bench/optim.js); first, start-up:
// `nnc --version`, `nnc lint` and the whole `nnc run` of the He lesson as processes (bench/startup.js).
//
//   npm run bench                       (builds, then runs this file; imports the library from dist/)
//   node bench/run.js --only cats --repeats 1      (--only startup | he | cats | reg | optim | lsp | scale)
//   node bench/run.js --only scale --plot docs/images/scale.svg   (the ladder, bench/scale.js, and
//                                       an epoch of Adam on 300,000 examples, bench/epoch.js)
//   node bench/run.js --only scale --rows cats       (only the ladder's deep-cat rows; --rows circles:
//                                       only its circles rows; neither runs the Adam epoch)
//
// Each side runs 3 times and the best time counts. Timed: nnc's compileProgram + train (graph,
// derivation, code generation, parameter drawing, 15000 steps, accuracy); numpy's model()
// (parameter drawing, 15000 steps). Data generation and imports are not timed on either side.
// numpy runs in Debian's /usr/bin/python3 when it has numpy and scikit-learn (skipped with a note
// otherwise), with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment: set here
// they pin OpenBLAS to a slower kernel, which would flatter nnc.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { compileSource } from "../dist/compiler/front-end.js";
import { loadModelData } from "../dist/drivers/train-model.js";
import { nodeFiles } from "../dist/node/files.js";
import { compileProgram } from "../dist/compiler/compile-program.js";
import { makeCircles } from "../dist/runtime/data/synthetic.js";
import { RandomState } from "../dist/runtime/rng/index.js";
import { train } from "../dist/runtime/train.js";
import { benchCats } from "./cats.js";
import { benchEpoch } from "./epoch.js";
import { benchScale } from "./scale.js";
import { benchOptim, layer } from "./optim.js";
import { benchStartup } from "./startup.js";
import { benchLspTyping } from "./lsp-typing.js";

const argument = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const REPEATS = Number(argument("--repeats") ?? 3);
const ONLY = argument("--only");
const selected = (section) => ONLY === undefined || ONLY === section;
const PYTHON = "/usr/bin/python3";
/** The load average, printed beside each section: the machine this runs on is often shared. */
const load = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ")}`;

const ir = {
  nnc_ir: 1,
  model: "init_he",
  seed: 3,
  data: [{ name: "train", kind: "circles", samples: 300, noise: 0.05, seed: 1 }],
  input: { name: "x", units: 2 },
  layers: [layer("h1", 10, "relu"), layer("h2", 5, "relu"), layer("out", 1, "sigmoid")],
  loss: { name: "cross_entropy" },
  train: { optimizer: { name: "gd", learning_rate: 0.01 }, data: "train", iterations: 15000, report_every: 1000 },
  report: { accuracy: ["train"] },
};

function runNnc() {
  const datasets = { train: makeCircles(new RandomState(1), 300, 0.05) };
  const seconds = [];
  let result;
  let engine;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    const program = compileProgram(ir);
    result = train(program, datasets);
    seconds.push((performance.now() - start) / 1000);
    engine = result.engine;
  }
  return {
    seconds,
    best: Math.min(...seconds),
    lastCost: result.costs[result.costs.length - 1].cost,
    accuracy: result.accuracy.train,
    engine,
  };
}

function runNumpy(script = "init_he.py", args = []) {
  const probe = spawnSync(PYTHON, ["-c", "import numpy, sklearn"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return { skipped: `${PYTHON} with numpy and scikit-learn is not available` };
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const path = fileURLToPath(new URL(`./numpy/${script}`, import.meta.url));
  const run = spawnSync(PYTHON, [path, ...args, String(REPEATS)], { encoding: "utf8", env });
  if (run.status !== 0) return { skipped: `numpy run failed: ${run.stderr.trim().split("\n").pop()}` };
  const out = JSON.parse(run.stdout);
  return {
    seconds: out.seconds,
    best: out.best,
    lastCost: out.last_reported_cost,
    accuracy: out.train_accuracy,
    testAccuracy: out.test_accuracy,
    blas: out.blas,
    numpy: out.numpy,
  };
}

/** One regularization example, timed as the He run: compileProgram + train, best of REPEATS. */
async function runNncExample(name) {
  const file = fileURLToPath(new URL(`../examples/${name}.nnspec`, import.meta.url));
  const { ir } = compileSource(readFileSync(file, "utf8"), file);
  const datasets = Object.fromEntries(await loadModelData(ir, new RandomState(ir.seed), nodeFiles(dirname(file))));
  const seconds = [];
  let result;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    const program = compileProgram(ir, { samples: datasets[ir.train.data].samples });
    result = train(program, datasets, { rng: new RandomState(ir.seed) });
    seconds.push((performance.now() - start) / 1000);
  }
  return {
    seconds,
    best: Math.min(...seconds),
    lastCost: result.costs[result.costs.length - 1].cost,
    accuracy: result.accuracy.train,
    testAccuracy: result.accuracy.test,
    engine: result.engine,
  };
}

const fmt = (s) => `${s.toFixed(3)} s`;
const all = (xs) => xs.map((s) => s.toFixed(3)).join(", ");

if (selected("startup")) {
  const probe = spawnSync(PYTHON, ["-c", "import numpy, sklearn"], { encoding: "utf8" });
  // Start-up is timed over five runs unless told: it moves more with the load than training does.
  benchStartup(probe.error || probe.status !== 0 ? undefined : PYTHON, Number(argument("--repeats") ?? 5), (line) =>
    console.log(line),
  );
}
if (selected("he")) {
  console.log(`He lesson: [2, 10, 5, 1], 300 examples, 15000 full-batch steps; best of ${REPEATS} each`);
  const nnc = runNnc();
  console.log(
    `  nnc    ${fmt(nnc.best)}   (runs: ${all(nnc.seconds)}; ${nnc.engine} ` +
      `code; cost at 14000 ${nnc.lastCost}; train accuracy ${nnc.accuracy})`,
  );
  const numpy = runNumpy();
  if (numpy.skipped) {
    console.log(`  numpy  skipped: ${numpy.skipped}`);
  } else {
    const removed = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"].filter((k) => k in process.env);
    console.log(
      `  numpy  ${fmt(numpy.best)}   (runs: ${all(numpy.seconds)}; ` +
        `numpy ${numpy.numpy}, BLAS ${numpy.blas ?? "unknown (no threadpoolctl)"}` +
        `${removed.length ? `; unset ${removed.join(", ")}` : ""}; cost ` +
        `at 14000 ${numpy.lastCost}; train accuracy ${numpy.accuracy})`,
    );
    console.log(`  ratio nnc/numpy = ${(nnc.best / numpy.best).toFixed(2)}  (goal: at most 0.5)`);
  }
}
if (selected("cats")) {
  const probe = spawnSync(PYTHON, ["-c", "import numpy, h5py"], { encoding: "utf8" });
  const python = probe.error || probe.status !== 0 ? undefined : PYTHON;
  if (!python) console.log(`numpy side skipped: ${PYTHON} with numpy and h5py is not available`);
  console.log(`cat lessons: ${load()}`);
  await benchCats(python, REPEATS, (line) => console.log(line));
  console.log(`cat lessons done: ${load()}`);
}
if (selected("scale")) {
  console.log(`scaling ladder: ${load()}`);
  const rows = argument("--rows");
  await benchScale(REPEATS, (line) => console.log(line), { plotTo: argument("--plot"), rows });
  if (rows === undefined) benchEpoch(REPEATS, (line) => console.log(line));
  console.log(`scaling ladder done: ${load()}`);
}

if (selected("reg")) {
  console.log(`\nRegularization lesson: [2, 20, 3, 1], 211 examples, 30000 full-batch steps; best of ${REPEATS} each`);
  for (const kind of ["none", "l2", "dropout"]) {
    const ours = await runNncExample(`reg-${kind}`);
    const theirs = runNumpy("reg_lesson.py", ["bench", kind]);
    const figures = (r) => `cost at 20000 ${r.lastCost}; accuracy ${r.accuracy} / ${r.testAccuracy}`;
    console.log(
      `  ${kind.padEnd(8)} nnc    ${fmt(ours.best)}   ` +
        `(runs: ${all(ours.seconds)}; ${ours.engine} code; ${figures(ours)})`,
    );
    if (theirs.skipped) {
      console.log(`  ${"".padEnd(8)} numpy  skipped: ${theirs.skipped}`);
      continue;
    }
    console.log(`  ${"".padEnd(8)} numpy  ${fmt(theirs.best)}   (runs: ${all(theirs.seconds)}; ${figures(theirs)})`);
    console.log(`  ${"".padEnd(8)} ratio nnc/numpy = ${(ours.best / theirs.best).toFixed(2)}  (goal: at most 0.5)`);
  }
}
if (selected("optim")) {
  const probe = spawnSync(PYTHON, ["-c", "import numpy, sklearn"], { encoding: "utf8" });
  benchOptim(probe.error || probe.status !== 0 ? undefined : PYTHON, REPEATS, (line) => console.log(line));
}
if (selected("lsp")) {
  await benchLspTyping((line) => console.log(line));
}
