// The general training loop: mini-batches, any optimizer in runtime/optimizers/, learning-rate
// decay. runtime/train.ts hands over here whenever the run is not plain full-batch gradient descent
// at a fixed rate (that one keeps the fused `step` kernel).
//
// Per epoch, as the optimization lesson's model() does: order the examples (a permutation, see
// ShuffleIR), cut them into complete batches of `batch` then the remainder, and for each batch
// gather its columns (gatherEpoch), take the gradients of the batch's mean loss
// (dZ = (A − Y) / m_batch) and apply the update rule with t, the step count from 1. The epoch's
// cost is the sum of the per-example losses over all its batches divided by m. After the epoch, decay sets the learning
// rate from lr0 and the epoch's index. Without `unit: epochs` each iteration is one full-batch
// step in the data's order (decay then counts iterations). Buffers are allocated before the loop:
// each epoch copies the data once, in its order, into one buffer of which the batches are views.
// Costs and progress go to the TrainingLog the full-batch loop reports through too; the held-out
// sets' costs are measured with the parameters an epoch starts from.
import type { Dataset } from "./data/dataset.js";
import type { Program, StepKernels } from "./program.js";
import { optimizerOf, type OptimizerSettings } from "./optimizers/index.js";
import { RandomState } from "./rng/index.js";
import type { TrainingLog } from "./training-log.js";
import { holdConstant, releaseConstant } from "./wasm/simd-products.js";
import type { UpdateArena } from "./wasm/update-kernels.js";

/** The learning rate after epoch (or iteration) `index`, from the initial rate lr0. */
export function decayedRate(program: Program, lr0: number, index: number): number {
  const decay = program.train.decay;
  if (!decay) return lr0;
  if (decay.kind === "inverse") return lr0 / (1 + decay.rate * index);
  return lr0 / (1 + decay.rate * Math.floor(index / decay.interval));
}

/** Why the fused full-batch `step` cannot run this program's training, or undefined when it can. */
export function needsGeneralLoop(program: Program): string | undefined {
  const t = program.train;
  if (t.unit === "epochs" && t.batch !== undefined) return `mini-batches of ${t.batch}`;
  if (t.optimizer && t.optimizer.name !== "gd") return `the ${t.optimizer.name} optimizer`;
  if (t.decay) return `${t.decay.kind} learning-rate decay`;
  return undefined;
}

/**
 * Lays the examples out in `order` for one epoch, batch after batch: batch b (examples
 * order[start … start + size)) becomes one features × size block (a row per feature, as X is) at
 * features · start, so each batch is a view of `into` and a step copies nothing. Feature by
 * feature: a feature's row of X is read for all the batches while it is in cache, where gathering
 * batch by batch reads all of X again for every batch (the deep cat model's 12288 rows of 209: most
 * of a mini-batch step went there). Four rows at a time: one read of `order` serves four copies
 * (about 9 → 7 ms an epoch for the cat data).
 */
export function gatherEpoch(
  X: Float64Array,
  Y: Float64Array,
  m: number,
  features: number,
  order: Int32Array,
  batch: number,
  into: Float64Array,
  intoY: Float64Array,
): void {
  let f = 0;
  for (; f + 4 <= features; f += 4) {
    const row = f * m;
    for (let start = 0; start < m; start += batch) {
      const size = Math.min(batch, m - start);
      const to = features * start + f * size;
      for (let j = 0; j < size; j++) {
        const from = row + order[start + j];
        into[to + j] = X[from];
        into[to + size + j] = X[from + m];
        into[to + 2 * size + j] = X[from + 2 * m];
        into[to + 3 * size + j] = X[from + 3 * m];
      }
    }
  }
  for (; f < features; f++) {
    const row = f * m;
    for (let start = 0; start < m; start += batch) {
      const size = Math.min(batch, m - start);
      const to = features * start + f * size;
      for (let j = 0; j < size; j++) into[to + j] = X[row + order[start + j]];
    }
  }
  for (let j = 0; j < m; j++) intoY[j] = Y[order[j]];
}

/** Where `nnc derive --numbers` stops the loop: before update `step` + 1, after `step` updates. */
export interface TrainingPause {
  step: number;
  /** Told the batch that update would use (copies), the rate, the optimizer state, and stops the loop. */
  paused(at: PausedStep): void;
}

export interface PausedStep {
  X: Float64Array;
  Y: Float64Array;
  size: number;
  /** The training set's index of each of the batch's columns. */
  examples: Int32Array;
  /** Epoch (from 0) and the batch's place in it (from 0). */
  epoch: number;
  batch: number;
  learningRate: number;
  /** The optimizer's state arrays per parameter, as the next update reads them (copies). */
  state: Float64Array[][];
  settings: OptimizerSettings;
}

export function trainGeneral(
  program: Program,
  kernels: StepKernels,
  params: readonly Float64Array[],
  data: Dataset,
  rng: RandomState,
  log: TrainingLog,
  pause?: TrainingPause,
  /** Where `params` are the arena's views: its gradients, state and update are used. */
  arena?: UpdateArena | null,
): void {
  const t = program.train;
  const optimizer = optimizerOf(t.optimizer?.name ?? "gd");
  const { name: _name, ...rest } = t.optimizer ?? { name: "gd", learning_rate: t.learningRate };
  const settings: OptimizerSettings = rest;
  const lr0 = settings.learning_rate;
  const { X, Y, samples: m, features } = data;
  const epochs = t.unit === "epochs";
  const batch = epochs && t.batch !== undefined ? Math.min(t.batch, m) : m;
  const shuffle =
    epochs && t.batch !== undefined ? (t.shuffle ?? { kind: "stream" as const }) : { kind: "none" as const };
  const state =
    arena?.state ?? params.map((p) => Array.from({ length: optimizer.stateArrays }, () => new Float64Array(p.length)));
  const G = arena?.gradients ?? params.map((p) => new Float64Array(p.length));
  const order = Int32Array.from({ length: m }, (_, j) => j);
  // Without batches or a shuffle the data is the batch; else one epoch's copy in batch order,
  // laid out so that every batch is a view (made once here) into it.
  const copied = batch !== m || shuffle.kind !== "none";
  const epochX = copied ? new Float64Array(features * m) : X;
  const epochY = copied ? new Float64Array(m) : Y;
  const batches: { start: number; size: number; X: Float64Array; Y: Float64Array }[] = [];
  for (let start = 0; start < m; start += batch) {
    const size = Math.min(batch, m - start);
    batches.push({
      start,
      size,
      X: epochX.subarray(features * start, features * (start + size)),
      Y: epochY.subarray(start, start + size),
    });
  }
  // In the data's order the copy is the same every epoch.
  if (copied && shuffle.kind === "none") gatherEpoch(X, Y, m, features, order, batch, epochX, epochY);
  let lessonSeed = shuffle.kind === "lesson" ? shuffle.seed : 0;

  let lr = lr0;
  let step = 0;
  for (let i = 0; i < t.iterations; i++) {
    log.before(i);
    if (shuffle.kind === "lesson") {
      lessonSeed += 1;
      order.set(new RandomState(lessonSeed).permutation(m));
    } else if (shuffle.kind === "stream") {
      order.set(rng.permutation(m));
    }
    if (shuffle.kind !== "none") gatherEpoch(X, Y, m, features, order, batch, epochX, epochY);
    let costTotal = 0;
    let lastBatchCost = 0;
    for (let b = 0; b < batches.length; b++) {
      const { start, size, X: Xb, Y: Yb } = batches[b];
      if (pause?.step === step) {
        kernels.sync?.();
        pause.paused({
          X: Float64Array.from(Xb),
          Y: Float64Array.from(Yb),
          size,
          examples: order.slice(start, start + size),
          epoch: i,
          batch: b,
          learningRate: lr,
          state: state.map((arrays) => arrays.map((a) => Float64Array.from(a))),
          settings,
        });
        return;
      }
      // The batch does not change during its step: the forward product and dW read one copy of it.
      holdConstant(Xb);
      try {
        lastBatchCost = kernels.gradients(Xb, Yb, size, G);
      } finally {
        releaseConstant(Xb);
      }
      costTotal += lastBatchCost * size;
      step += 1;
      for (let p = 0; p < params.length; p++) {
        if (arena) arena.update(p, lr, settings, step);
        else optimizer.update(params[p], G[p], state[p], lr, settings, step);
      }
    }
    // One batch: its mean loss is the cost already (no round trip through the sum).
    const cost = batch === m ? lastBatchCost : costTotal / m;
    if (t.decay) lr = decayedRate(program, lr0, i);
    if (log.needsCost(i)) log.cost(i, cost, t.decay ? lr : undefined);
    log.progress(i);
  }
  kernels.sync?.();
}
