// Training a compiled program: full-batch gradient descent, as the lessons' `model()` does.
//
// A Program (runtime/program.ts) is what compiler/compile-program.ts's `compileProgram(ir)` produces from
// the IR: the forward graph, the generated backward graph, the parameter specs in drawing order,
// the training settings, and, when the emitter covers the graph, generated JS specialised to its
// shapes. `train(program, datasets, options)`:
//   1. draws the parameters from the model's RandomState (options.rng, or a fresh one seeded with
//      program.seed) unless options.initialParams are given;
//   2. instantiates the generated code with `new Function` (or the interpreter over the ops'
//      kernels when there is none, or when options.engine asks for it);
//   3. runs `iterations` steps, each forward, cost (only when reported), backward, W -= lr·dW;
//      the cost is reported at iteration 0 and every `reportEvery` after, as
//      `if i % 1000 == 0: print(...)` does: the cost of the forward pass before that update;
//   4. measures accuracy, the fraction of examples where (A > 0.5) == Y (argmax of a softmax
//      == Y), on each reported set.
// The loop allocates nothing; costs, the cost history and progress calls go through
// runtime/training-log.ts, as the mini-batch loop's (runtime/train-epochs.ts) do. With
// options.heldOut, the cost on those data sets is measured too (runtime/held-out.ts).
import type { Dataset } from "./data/dataset.js";
import type { Program, Shape, StepKernels } from "./program.js";
import { initParams } from "./init.js";
import { interpretedKernels } from "./interpret.js";
import { codeLibrary, type CodeLibrary } from "./ops/index.js";
import { RandomState } from "./rng/index.js";
import { warmUp, type HotKernel } from "./warm-up.js";
import { needsGeneralLoop, trainGeneral } from "./train-epochs.js";
import { constantHold, holdConstant, releaseConstant, simdRuns, useParallelExecutor } from "./wasm/simd-products.js";
import { updateArena } from "./wasm/update-kernels.js";
import type { ParallelExecutor } from "./parallel.js";
import { EarlyStopper, maskSupply, type EarlyStopReport } from "./regularize.js";
import {
  COMPUTED_HISTORY_POINTS,
  FREE_HISTORY_POINTS,
  HELD_OUT_POINTS,
  historyStride,
  TrainingLog,
  type CostPoint,
  type TrainingCallbacks,
} from "./training-log.js";
import { HeldOutCosts } from "./held-out.js";

export type { CostPoint } from "./training-log.js";

/** "simd": the generated per-example code with its pass in WebAssembly SIMD; "emitted": all JavaScript. */
export type Engine = "simd" | "emitted" | "interpreted" | "hand-written";

export interface TrainOptions extends TrainingCallbacks {
  /** The model's stream where parameter drawing starts (after any data drawn from it). */
  rng?: RandomState;
  /** Start from these (copied), in `program.params` order, instead of drawing. */
  initialParams?: readonly Float64Array[];
  /**
   * "auto" (default): the program's hand-written backward block when it has one, else the
   * generated code when there is some (its SIMD form where WebAssembly SIMD runs), else the
   * interpreter.
   */
  engine?: "auto" | Engine;
  /** Hold these dropout masks (one per `program.forward.masks`) fixed for every pass. */
  dropoutMasks?: readonly Float64Array[];
  /** false: the interpreter does not carry out the program's first-layer rewrite (default true). */
  rewrite?: boolean;
  /** Told once why the general loop (runtime/train-epochs.ts) runs instead of the fused step. */
  onNote?: (note: string) => void;
  /** Data sets (names in `datasets`) whose cost to measure while training, for their cost curves. */
  heldOut?: readonly string[];
  /**
   * false: nothing will draw the cost curve, so the fused generated step computes the cost only at
   * the reported iterations and the last (the result's history holds those). Default true: about
   * 150 points more, each a loss evaluation (every step of a 20-step run at 300,000 examples).
   */
  costHistory?: boolean;
  /**
   * Threads the large products may split across (runtime/parallel.ts); without, one thread. The
   * results are the same to the bit either way.
   */
  parallel?: ParallelExecutor;
}

export interface TrainedParam {
  name: string;
  shape: Shape;
  data: Float64Array;
}

export interface TrainResult {
  /** The reported costs: what the lesson prints. */
  costs: CostPoint[];
  /** Every computed cost, in order: the reported ones and every so often between (runtime/training-log.ts). */
  history: CostPoint[];
  /** Per data set of options.heldOut, its cost at the reported iterations and every so often. */
  heldOutCosts?: Record<string, CostPoint[]>;
  params: TrainedParam[];
  accuracy: Record<string, number>;
  engine: Engine;
  /** What early stopping did, when the model asks for it. */
  earlyStop?: EarlyStopReport;
}

/** The fused loop reads the clock for progress every this many iterations (a step can take microseconds). */
const PROGRESS_EVERY = 64;

/**
 * The longest generated JavaScript function (characters) "auto" runs. V8 optimizes no function
 * past 60 KB of bytecode (`--max-optimized-bytecode-size`), and the generated `step` passes that at
 * about 73,000 characters (measured: [2, 19, 19, 1], 457 weights, 73,638 characters, never
 * optimized; with dropout [2, 18, 18, 1], 72,017, optimized). Unoptimized it runs 10–20× slower
 * than the interpreter over the blocked kernels ([2, 20, 20, 1] on 300 examples: 6.1 against 0.57
 * ms a step; [2, 14, 14, 14, 1]: 5.7 against 0.55 s for 1000 steps), so past this size, when the
 * SIMD form does not run (dropout, NNC_KERNELS=js), the interpreter does. WebAssembly has no such
 * limit. Just below it the two are close (the JavaScript form 0.87 s, the interpreter 0.97 s for
 * [2, 18, 18, 1] with dropout), so the margin costs little.
 */
export const LARGEST_OPTIMIZED_FUNCTION = 68_000;

/**
 * The kernels for `params` (used and updated in place): generated code or the interpreter.
 * `hot`: a training loop follows that runs this kernel, so wait until V8 has compiled it.
 */
export function instantiateKernels(
  program: Program,
  params: readonly Float64Array[],
  engine: TrainOptions["engine"] = "auto",
  rewrite = true,
  hot?: HotKernel,
): { kernels: StepKernels; engine: Engine } {
  if (program.handBackward && (engine === "auto" || engine === "hand-written")) {
    return {
      kernels: interpretedKernels(program, params, { handWritten: program.handBackward }),
      engine: "hand-written",
    };
  }
  if ((engine === "emitted" || engine === "simd") && !program.emitted)
    throw new Error(`no generated code for ${program.model}: ${program.emitSkipped ?? "not emitted"}`);
  const simd = program.emitted?.simd;
  if (engine === "simd" && !(simd && simdRuns()))
    throw new Error(
      `no SIMD code for ${program.model}: ${program.emitted?.simdSkipped ?? "WebAssembly SIMD does not run"}`,
    );
  const useSimd = engine !== "emitted" && simd !== undefined && simdRuns();
  // "auto" runs the JavaScript form only while V8 optimizes it; an engine asked for by name runs.
  const jsTooLarge = (program.emitted?.longestFunction ?? 0) > LARGEST_OPTIMIZED_FUNCTION;
  if (engine !== "interpreted" && program.emitted && (engine !== "auto" || useSimd || !jsTooLarge)) {
    if (program.emitted.paramCount !== params.length)
      throw new Error(`generated code expects ${program.emitted.paramCount} parameters, given ${params.length}`);
    const factory = new Function("P", "lib", useSimd ? simd.source : program.emitted.source) as (
      P: readonly Float64Array[],
      lib: CodeLibrary & { simdModule?: WebAssembly.Module; constantHold?: (array: Float64Array) => number },
    ) => StepKernels;
    const lib = useSimd ? { ...codeLibrary, simdModule: compiledModule(simd.module), constantHold } : codeLibrary;
    const kernels = factory(params, lib);
    // The wait for V8's optimizing compiler is for the JavaScript form's long `step`; the SIMD
    // form's hot code is WebAssembly, compiled when instantiated and tiered up while it runs, so it
    // starts at once (measured: the He lesson's training 20 ms shorter).
    warmUp(program, kernels, params, useSimd ? undefined : hot);
    return { kernels, engine: useSimd ? "simd" : "emitted" };
  }
  return { kernels: interpretedKernels(program, params, { rewrite }), engine: "interpreted" };
}

/** Compiled once per module's bytes: a program's kernels are often instantiated more than once. */
const compiledModules = new WeakMap<Uint8Array, WebAssembly.Module>();

function compiledModule(bytes: Uint8Array): WebAssembly.Module {
  let module = compiledModules.get(bytes);
  if (!module) compiledModules.set(bytes, (module = new WebAssembly.Module(bytes as BufferSource)));
  return module;
}

function checkDataset(program: Program, dataset: Dataset | undefined, name: string): Dataset {
  if (!dataset) throw new Error(`no data set named '${name}' was given to train ${program.model}`);
  const features = program.forward.values[program.forward.input].shape[0];
  if (dataset.features !== features)
    throw new Error(`data set '${name}' has ${dataset.features} features, the input layer takes ${features}`);
  if (dataset.X.length !== dataset.features * dataset.samples || dataset.Y.length !== dataset.samples) {
    throw new Error(
      `data set '${name}' has arrays that do not match ${dataset.features} features × ${dataset.samples} examples`,
    );
  }
  if (dataset.samples < 1) throw new Error(`data set '${name}' is empty`);
  return dataset;
}

/**
 * Fraction of examples classified right: (prediction > 0.5) equals the label for one output unit,
 * as the lessons' predict(); the argmax of the K outputs equals the class index for a softmax.
 */
export function accuracy(program: Program, kernels: StepKernels, dataset: Dataset): number {
  const rows = program.forward.values[program.forward.prediction].shape[0];
  const out = new Float64Array(rows * dataset.samples);
  kernels.predict(dataset.X, dataset.samples, out);
  const classes = predictedClasses(out, rows, dataset.samples);
  let correct = 0;
  for (let j = 0; j < dataset.samples; j++) if (classes[j] === dataset.Y[j]) correct++;
  return correct / dataset.samples;
}

/**
 * Each example's predicted class from the rows × m output: 1 where the one probability is above
 * 0.5, else 0; or the row of the largest of K probabilities (the first on a tie, as np.argmax).
 */
export function predictedClasses(out: Float64Array, rows: number, m: number): Int32Array {
  const classes = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    if (rows === 1) {
      classes[j] = out[j] > 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let k = 1; k < rows; k++) if (out[k * m + j] > out[best * m + j]) best = k;
    classes[j] = best;
  }
  return classes;
}

export function train(
  program: Program,
  datasets: Readonly<Record<string, Dataset>>,
  options: TrainOptions = {},
): TrainResult {
  const data = checkDataset(program, datasets[program.train.data], program.train.data);
  const reported = program.report.accuracy.map((name) => checkDataset(program, datasets[name], name));
  // Parameters are drawn from the model's stream; a `shuffle stream` run draws its permutations after them.
  const stream = options.rng ?? new RandomState(program.seed);
  const drawnParams = options.initialParams
    ? options.initialParams.map((p, i) => {
        const expected = program.params[i].shape[0] * program.params[i].shape[1];
        if (p.length !== expected)
          throw new Error(`initial ${program.params[i].name} has ${p.length} elements, expected ${expected}`);
        return Float64Array.from(p);
      })
    : initParams(program.params, stream);
  const general = needsGeneralLoop(program);
  // The mini-batch loop's Adam updates its weights in place in WebAssembly memory: the weights
  // move there before the kernels are made (they keep these arrays).
  const sizes = drawnParams.map((p) => p.length);
  const arena = general && simdRuns() ? updateArena(program.train.optimizer?.name ?? "gd", sizes) : null;
  if (arena) arena.params.forEach((view, i) => view.set(drawnParams[i]));
  const params = arena ? arena.params : drawnParams;
  useParallelExecutor(options.parallel);
  const { kernels, engine } = instantiateKernels(
    program,
    params,
    options.engine,
    options.rewrite,
    general ? "gradients" : "step",
  );
  const { iterations, learningRate } = program.train;
  const heldOutSets = (options.heldOut ?? []).map((name) => ({ ...checkDataset(program, datasets[name], name), name }));
  const heldOut = heldOutSets.length ? new HeldOutCosts(program, kernels, params, heldOutSets) : undefined;
  const heldOutLog = heldOut && { recorder: heldOut, every: historyStride(iterations, HELD_OUT_POINTS) };
  if (general) {
    // The compiler refuses dropout and early stopping here (NNC2116); an IR built by hand is refused too.
    if (program.forward.masks?.length || program.earlyStop)
      throw new Error(
        `${program.model}: dropout and early stopping run only with full-batch gd at a fixed rate, not with ${general}`,
      );
    options.onNote?.(
      `training runs the mini-batch loop with per-step updates (${general}), not the fused full-batch step`,
    );
    // This loop computes every cost anyway.
    const log = new TrainingLog(program.train, options, 1, historyStride(iterations, FREE_HISTORY_POINTS), heldOutLog);
    log.currentParams = currentParams(kernels, params);
    trainGeneral(program, kernels, params, data, stream, log, undefined, arena);
    log.finished();
    return finish(program, kernels, params, reported, log, engine, heldOut);
  }

  // The generated step computes the cost only when asked; the interpreter computes it anyway.
  const historyPoints = engine === "emitted" || engine === "simd" ? COMPUTED_HISTORY_POINTS : FREE_HISTORY_POINTS;
  const historyEvery = options.costHistory === false ? Infinity : historyStride(iterations, historyPoints);
  const log = new TrainingLog(program.train, options, PROGRESS_EVERY, historyEvery, heldOutLog);
  log.currentParams = currentParams(kernels, params);
  const { X, Y, samples: m } = data;
  const masks = maskSupply(program, stream, m, options.dropoutMasks);
  const stopper = program.earlyStop
    ? new EarlyStopper(
        program.earlyStop,
        kernels,
        params,
        checkDataset(program, datasets[program.earlyStop.data], program.earlyStop.data),
      )
    : undefined;
  let ran = iterations;
  let stopCost: { iteration: number; cost: number } | undefined;
  // X and Y do not change while training: the SIMD products and the SIMD per-example code keep
  // their copies of them (simd-products.ts, compiler/emit-wasm-glue.ts).
  holdConstant(X);
  holdConstant(Y);
  try {
    for (let i = 0; i < iterations; i++) {
      const wantCost = log.needsCost(i);
      log.before(i);
      // The cost is also taken where early stopping may stop, so the run can say where it ended.
      const measures = stopper?.measuresAfter(i) ?? false;
      const cost = kernels.step(X, Y, m, learningRate, wantCost || measures, masks.next());
      if (wantCost) log.cost(i, cost);
      log.progress(i);
      if (measures && stopper!.after(i)) {
        ran = i + 1;
        stopCost = { iteration: i, cost };
        break;
      }
    }
  } finally {
    releaseConstant(X);
    releaseConstant(Y);
  }
  // W first, then the kept parameters: a sync after restore would write the rewrite's W over them.
  kernels.sync?.();
  const earlyStop = stopper?.restore(ran, ran < iterations, stopCost);
  log.finished();
  return finish(program, kernels, params, reported, log, engine, heldOut, earlyStop);
}

/** The parameters up to date (a first-layer rewrite writes W back first), for onParams. */
function currentParams(kernels: StepKernels, params: readonly Float64Array[]): () => readonly Float64Array[] {
  return () => {
    kernels.sync?.();
    return params;
  };
}

function finish(
  program: Program,
  kernels: StepKernels,
  params: readonly Float64Array[],
  reported: readonly Dataset[],
  log: TrainingLog,
  engine: Engine,
  heldOut?: HeldOutCosts,
  earlyStop?: EarlyStopReport,
): TrainResult {
  const accuracyBySet: Record<string, number> = {};
  program.report.accuracy.forEach((name, index) => {
    accuracyBySet[name] = accuracy(program, kernels, reported[index]);
  });
  return {
    costs: log.costs,
    history: log.history,
    ...(heldOut ? { heldOutCosts: heldOut.costs } : {}),
    params: program.params.map((p, i) => ({ name: p.name, shape: p.shape, data: params[i] })),
    accuracy: accuracyBySet,
    engine,
    ...(earlyStop ? { earlyStop } : {}),
  };
}
