// The optimization lesson's three runs (5000 epochs of mini-batches of 64 on the moons, a
// [2, 5, 2, 1] network, with gd, momentum and Adam) in nnc and in the lesson's own numpy code
// (bench/numpy/optim.py). Timed: nnc's compileProgram + train; numpy's model() (parameter drawing
// and the 5000 epochs). Each side runs `repeats` times and the best time counts.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { compileProgram } from "../dist/compiler/compile-program.js";
import { makeMoons } from "../dist/runtime/data/synthetic.js";
import { RandomState } from "../dist/runtime/rng/index.js";
import { train } from "../dist/runtime/train.js";

const PYTHON_NOTE = "/usr/bin/python3 with numpy and scikit-learn is not available";
const fmt = (s) => `${s.toFixed(3)} s`;
const all = (xs) => xs.map((s) => s.toFixed(3)).join(", ");
/** A dense layer of the IR with He weights, as both benches' lessons draw them. */
export const layer = (name, units, activation) => ({
  name,
  kind: "dense",
  units,
  activation: { name: activation },
  init: { scheme: "he" },
});

const optimLayers = [layer("h1", 5, "relu"), layer("h2", 2, "relu"), layer("out", 1, "sigmoid")];
const optimizers = {
  gd: { name: "gd", learning_rate: 0.0007 },
  momentum: { name: "momentum", learning_rate: 0.0007, beta: 0.9 },
  adam: { name: "adam", learning_rate: 0.0007, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
};
const optimIr = (optimizer) => ({
  nnc_ir: 1,
  model: `optim_${optimizer.name}`,
  seed: 3,
  data: [{ name: "train", kind: "moons", samples: 300, noise: 0.2, seed: 3 }],
  input: { name: "x", units: 2 },
  layers: optimLayers,
  loss: { name: "cross_entropy" },
  train: {
    optimizer,
    data: "train",
    iterations: 5000,
    unit: "epochs",
    batch: 64,
    shuffle: { kind: "lesson", seed: 10 },
    report_every: 1000,
  },
  report: { accuracy: ["train"] },
});

function runNncOptim(optimizer, repeats) {
  const datasets = { train: makeMoons(new RandomState(3), 300, 0.2) };
  const seconds = [];
  let result;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    result = train(compileProgram(optimIr(optimizer)), datasets);
    seconds.push((performance.now() - start) / 1000);
  }
  return {
    seconds,
    best: Math.min(...seconds),
    lastCost: result.costs.at(-1).cost,
    accuracy: result.accuracy.train,
    engine: result.engine,
  };
}

function runNumpyOptim(python, name, repeats) {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const script = fileURLToPath(new URL("./numpy/optim.py", import.meta.url));
  const seconds = [];
  let out;
  for (let i = 0; i < repeats; i++) {
    const run = spawnSync(python, [script, name], { encoding: "utf8", env });
    if (run.status !== 0) return { skipped: `numpy run failed: ${run.stderr.trim().split("\n").pop()}` };
    out = JSON.parse(run.stdout);
    seconds.push(out.seconds);
  }
  return { seconds, best: Math.min(...seconds), lastCost: out.costs.at(-1).cost, accuracy: out.accuracy };
}

/** `python`: the interpreter with numpy and scikit-learn, or undefined to time nnc alone. */
export function benchOptim(python, repeats, log) {
  for (const [name, optimizer] of Object.entries(optimizers)) {
    const setting = "[2, 5, 2, 1], 300 moons, 5000 epochs of mini-batches of 64";
    log(`\nOptimization lesson, ${name}: ${setting}; best of ${repeats} each`);
    const ours = runNncOptim(optimizer, repeats);
    const figures = (run) => `cost at 4000 ${run.lastCost}; train accuracy ${run.accuracy}`;
    log(`  nnc    ${fmt(ours.best)}   (runs: ${all(ours.seconds)}; ${ours.engine} code; ${figures(ours)})`);
    const theirs = python ? runNumpyOptim(python, name, repeats) : { skipped: `${PYTHON_NOTE}` };
    if (theirs.skipped) {
      log(`  numpy  skipped: ${theirs.skipped}`);
      continue;
    }
    log(`  numpy  ${fmt(theirs.best)}   (runs: ${all(theirs.seconds)}; ${figures(theirs)})`);
    log(`  ratio nnc/numpy = ${(ours.best / theirs.best).toFixed(2)}  (goal: at most 0.5)`);
  }
}
