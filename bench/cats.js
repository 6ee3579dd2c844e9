// The deep-network lesson's two cat models in nnc, in the lesson's numpy code and in a lean torch
// loop, side by side (imported by bench/run.js, `--only cats`):
// - all 2500 iterations with the first-layer rewrite (in process; numpy runs the same 2500);
// - brute force: `nnc run --no-rewrite` of the lesson for `brute` iterations (300) as a whole
//   process (start-up, data, training, accuracies) and its training loop as --verbose prints it,
//   beside `python3 bench/numpy/cat_lessons.py` and bench/torch/ladder.py doing the same
//   iterations (the process, and the loop as each times it);
// - mini-batch Adam (batch 64, lr 0.0007, the lesson's shuffle with seed 10) of the deep model
//   for `adamEpochs` epochs (75), where the rewrite does not apply, beside the same loop in numpy (the
//   optimization lesson's random_mini_batches and Adam around the deep model) and torch.
// numpy and torch run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for them only.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileAny } from "../dist/compiler/front-end.js";
import { loadModelData } from "../dist/drivers/train-model.js";
import { nodeFiles } from "../dist/node/files.js";
import { compileProgram } from "../dist/compiler/compile-program.js";
import { RandomState } from "../dist/runtime/rng/index.js";
import { train } from "../dist/runtime/train.js";
import { bestOf, leastOf, EXAMPLES, nncRun, pythonHas, pythonRun, ratio, scratch } from "./processes.js";
import { catModel } from "./scale.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const LAYERS = { two: [12288, 7, 1], deep: [12288, 20, 7, 5, 1] };
const ADAM = "adam(learning_rate: 0.0007, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)";

/** Multiply-adds × 2 of one full-batch step done by brute force (forward, dW, dA of layers ≥ 2). */
function flopsPerStep(layers, m) {
  let flops = 0;
  for (let l = 1; l < layers.length; l++) {
    const product = 2 * layers[l] * layers[l - 1] * m;
    flops += l === 1 ? 2 * product : 3 * product; // no dA for the input data
  }
  return flops;
}

async function nncInProcess(which, iterations, repeats) {
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
    result = train(compileProgram(shortened, { samples: datasets.train.samples }), datasets);
    seconds.push((performance.now() - start) / 1000);
    cpu.push(process.cpuUsage(cpuStart).user / 1e6);
  }
  return { seconds: Math.min(...seconds), cpu: Math.min(...cpu), lastCost: result.costs.at(-1).cost };
}

/** cat_lessons.py in its own process, `repeats` times: the best process and the best model() time. */
function numpyLesson(which, iterations, repeats) {
  const runs = [];
  for (let r = 0; r < repeats; r++) {
    const run = pythonRun("numpy", "cat_lessons.py", [which, 1, iterations]);
    if (run.skipped) return run;
    runs.push({ ...run, seconds: run.best, last_cost: run.costs.at(-1)[1] });
  }
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...best, wall: Math.min(...runs.map((r) => r.wall)), cpu: leastOf(runs, "cpu") };
}

function torchRun(args, repeats) {
  const runs = Array.from({ length: repeats }, () => pythonRun("torch", "ladder.py", [...args, 1]));
  if (runs.some((r) => r.skipped)) return runs.find((r) => r.skipped);
  const best = runs.reduce((a, b) => (b.best < a.best ? b : a));
  return { ...best, seconds: best.best, wall: Math.min(...runs.map((r) => r.wall)), cpu: leastOf(runs, "cpu") };
}

const fmt = (s) => (s === undefined ? "—" : `${s.toFixed(2)} s`);
const cost = (r) => (r === undefined || r.skipped ? "—" : String(r.lastCost ?? r.last_cost));

function table(log, label, nnc, numpy, torch, key) {
  const value = (r) => (r === undefined || r.skipped ? undefined : r[key]);
  log(
    `  ${label.padEnd(38)} nnc ${fmt(value(nnc)).padStart(8)}   numpy ${fmt(value(numpy)).padStart(8)}   ` +
      `torch ${fmt(value(torch)).padStart(8)}   nnc/numpy ${ratio(value(nnc), value(numpy))}   ` +
      `nnc/torch ${ratio(value(nnc), value(torch))}`,
  );
}

/** `sizes` shortens the runs while developing: {full, brute, adamEpochs}. */
export async function benchCats(python, repeats, log, sizes = {}) {
  const { full = 2500, brute: BRUTE_ITERATIONS = 300, adamEpochs: ADAM_EPOCHS = 75 } = sizes;
  const torch = python !== undefined && pythonHas("torch");
  if (python && !torch) log("torch side skipped: /usr/bin/python3 has no torch (Debian: python3-torch)");
  const folder = scratch();
  const rows = [];
  try {
    for (const which of ["two", "deep"]) {
      const layers = LAYERS[which];
      log(`\ncat lesson, ${which === "two" ? "two-layer" : "deep"} model ${JSON.stringify(layers)}, 209 examples`);
      const fast = await nncInProcess(which, full, repeats);
      const npFull = python ? numpyLesson(which, full, repeats) : undefined;
      table(log, `rewrite, ${full} iterations`, fast, npFull, undefined, "seconds");
      log(`  ${"".padEnd(38)} nnc CPU ${fmt(fast.cpu)}; last cost nnc ${fast.lastCost}, numpy ${cost(npFull)}`);
      rows.push({ model: which, label: "rewrite", nnc: fast.seconds, numpy: npFull?.seconds });

      const spec = readFileSync(`${EXAMPLES}cat-${which}.nnspec`, "utf8")
        .replace(/for \d+ iterations/, `for ${BRUTE_ITERATIONS} iterations`)
        .replaceAll('file: "data/', `file: "${EXAMPLES}data/`);
      const model = folder.write(`cat-${which}.nnspec`, spec);
      const brute = bestOf(repeats, () => nncRun(model, ["--no-rewrite"]));
      const npBrute = python ? numpyLesson(which, BRUTE_ITERATIONS, repeats) : undefined;
      const thBrute = torch
        ? torchRun([which === "two" ? "cat-two" : "cats", ...(which === "two" ? [] : [1]), BRUTE_ITERATIONS], repeats)
        : undefined;
      const label = `no rewrite, ${BRUTE_ITERATIONS} iterations`;
      const goal = which === "deep" ? "1.0" : "0.7";
      log(`  ${"".padEnd(38)} goal: the process and the loop at most ${goal}× numpy's wall time`);
      table(log, `${label}: process`, brute, npBrute, thBrute, "wall");
      table(log, `${label}: process CPU`, brute, npBrute, thBrute, "cpu");
      table(log, `${label}: loop`, brute, npBrute, thBrute, "seconds");
      const gflops = (r) => (flopsPerStep(layers, 209) * BRUTE_ITERATIONS) / r.seconds / 1e9;
      log(
        `  ${"".padEnd(38)} loop GFLOP/s nnc ${gflops(brute).toFixed(1)}` +
          `${npBrute?.seconds ? `, numpy ${gflops(npBrute).toFixed(1)}` : ""}` +
          `${thBrute?.seconds ? `, torch ${gflops(thBrute).toFixed(1)}` : ""}; last cost nnc ${brute.lastCost}, ` +
          `numpy ${cost(npBrute)}, torch ${cost(thBrute)}`,
      );
      rows.push({ model: which, label: "no rewrite", nnc: brute, numpy: npBrute, torch: thBrute });
      if (npBrute && !npBrute.skipped)
        log(`  numpy ${npBrute.numpy}, BLAS ${npBrute.blas ?? "unknown (no threadpoolctl)"}`);
      if (thBrute && !thBrute.skipped) log(`  torch ${thBrute.torch}, ${thBrute.threads} thread(s) as torch chose`);
    }

    log(`\ndeep cat model, Adam on mini-batches of 64, ${ADAM_EPOCHS} epochs (${ADAM_EPOCHS * 4} steps)`);
    const file = `${EXAMPLES}data/train_catvnoncat.h5`;
    const trainLine = `${ADAM} on train for ${ADAM_EPOCHS} epochs, batch 64, shuffle lesson(seed: 10)`;
    const adamModel = folder.write("cat-adam.nnspec", catModel(file, ADAM_EPOCHS, trainLine));
    const adam = bestOf(repeats, () => nncRun(adamModel));
    const npAdam = python
      ? bestOf(1, () => pythonRun("numpy", "ladder.py", ["cat-adam", ADAM_EPOCHS, repeats]))
      : undefined;
    const thAdam = torch ? torchRun(["cat-adam", ADAM_EPOCHS], repeats) : undefined;
    const loop = (r) => r && (r.skipped ? r : { ...r, seconds: r.best ?? r.seconds });
    table(log, "Adam, batch 64: process", adam, npAdam, thAdam, "wall");
    table(log, "Adam, batch 64: process CPU", adam, npAdam, thAdam, "cpu");
    table(log, "Adam, batch 64: loop", adam, loop(npAdam), thAdam, "seconds");
    log(`  ${"".padEnd(38)} last epoch's cost nnc ${adam.lastCost}, numpy ${cost(npAdam)}, torch ${cost(thAdam)}`);
    rows.push({ model: "deep", label: "adam", nnc: adam, numpy: npAdam, torch: thAdam });
  } finally {
    folder.remove();
  }
  return rows;
}
