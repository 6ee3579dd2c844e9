// What training does for the regularizers that are not ops of the graph's cost: drawing the
// dropout masks before each pass, and early stopping.
//
// Masks. The graph's masks (ForwardGraph.masks, layer by layer) are drawn as numpy's
// `D = np.random.rand(units, m) < keep`: rows × m uniform doubles in row-major order, 1 where the
// draw is below keep, else 0. By default each training pass draws fresh masks from the model's
// stream (continuing after the parameters were drawn). With `reseed`, the mask generator is
// re-seeded at every forward pass, as the lesson's `np.random.seed(1)` at the top of
// forward_propagation_with_dropout does: the masks are then the same at every step, so they are
// drawn once. A gradient check holds masks fixed by passing the same arrays to every evaluation
// (drawDropoutMasks + StepKernels.gradients(..., masks)), or train(..., { dropoutMasks }).
import type { Program, StepKernels } from "./program.js";
import { RandomState } from "./rng/index.js";

/** One mask per ForwardGraph.masks entry (rows × m, 0 or 1), drawn from `rng` in order. */
export function drawDropoutMasks(program: Program, rng: RandomState, m: number, out?: Float64Array[]): Float64Array[] {
  return (program.forward.masks ?? []).map((mask, i) => {
    const draws = rng.rand(mask.rows * m);
    const target = out?.[i] ?? new Float64Array(mask.rows * m);
    for (let e = 0; e < draws.length; e++) target[e] = draws[e] < mask.keep ? 1 : 0;
    return target;
  });
}

/** Supplies the masks of each training pass. */
export interface MaskSupply {
  /** The masks for the next pass (the same arrays each time; refilled when fresh). */
  next(): Float64Array[] | undefined;
}

export function maskSupply(
  program: Program,
  stream: RandomState,
  m: number,
  fixed?: readonly Float64Array[],
): MaskSupply {
  if ((program.forward.masks ?? []).length === 0) return { next: () => undefined };
  if (fixed) {
    (program.forward.masks ?? []).forEach((mask, i) => {
      if (fixed[i]?.length !== mask.rows * m)
        throw new Error(
          `dropout mask ${mask.value} must have ${mask.rows} × ${m} values, given ${fixed[i]?.length ?? "none"}`,
        );
    });
    const masks = [...fixed];
    return { next: () => masks };
  }
  if (program.dropout?.reseed !== undefined) {
    const masks = drawDropoutMasks(program, new RandomState(program.dropout.reseed), m);
    return { next: () => masks };
  }
  const masks = drawDropoutMasks(program, stream, m);
  let first = true;
  return {
    next: () => {
      if (!first) drawDropoutMasks(program, stream, m, masks);
      first = false;
      return masks;
    },
  };
}

/** Mean binary cross-entropy of predictions A against labels Y (NaN terms count 0, as nansum). */
export function crossEntropyOf(A: Float64Array, Y: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < A.length; j++) {
    const term = -Math.log(A[j]) * Y[j] + -Math.log(1 - A[j]) * (1 - Y[j]);
    if (term === term) sum += term;
  }
  return sum / A.length;
}

export interface EarlyStopReport {
  metric: "cost" | "accuracy";
  data: string;
  /** Iterations run before stopping (the full count when it never stopped). */
  iterations: number;
  stopped: boolean;
  /** Iteration after which the kept parameters were reached, and their metric value. */
  bestIteration: number;
  best: number;
  /** The training cost at the step where training stopped (absent when it ran to the end). */
  stopCost?: { iteration: number; cost: number };
}

/**
 * Watches a data set every `every` iterations: keeps a copy of the parameters whenever the metric
 * improves (lower cost, higher accuracy), and says when `patience` evaluations in a row did not.
 */
export class EarlyStopper {
  private best = NaN;
  private bestIteration = 0;
  private waited = 0;
  private readonly saved: Float64Array[];
  private readonly out: Float64Array;

  constructor(
    private readonly settings: NonNullable<Program["earlyStop"]>,
    private readonly kernels: StepKernels,
    private readonly params: readonly Float64Array[],
    private readonly data: { X: Float64Array; Y: Float64Array; samples: number },
  ) {
    this.saved = params.map((p) => Float64Array.from(p));
    this.out = new Float64Array(data.samples);
  }

  /** Whether step `iteration` is one after which the data set is measured (and training may stop). */
  measuresAfter(iteration: number): boolean {
    return (iteration + 1) % this.settings.every === 0;
  }

  /** Called after step `iteration`; returns true when training should stop. */
  after(iteration: number): boolean {
    if (!this.measuresAfter(iteration)) return false;
    this.kernels.predict(this.data.X, this.data.samples, this.out);
    const value = this.measure();
    const better = Number.isNaN(this.best) || (this.settings.metric === "cost" ? value < this.best : value > this.best);
    if (better) {
      this.best = value;
      this.bestIteration = iteration + 1;
      this.waited = 0;
      this.params.forEach((p, i) => this.saved[i].set(p));
      return false;
    }
    this.waited++;
    return this.waited >= this.settings.patience;
  }

  /** Puts the best parameters back (no-op when nothing was measured yet). */
  restore(iterations: number, stopped: boolean, stopCost?: { iteration: number; cost: number }): EarlyStopReport {
    if (!Number.isNaN(this.best)) this.params.forEach((p, i) => p.set(this.saved[i]));
    return {
      metric: this.settings.metric,
      data: this.settings.data,
      iterations,
      stopped,
      bestIteration: this.bestIteration,
      best: this.best,
      ...(stopped && stopCost ? { stopCost } : {}),
    };
  }

  private measure(): number {
    if (this.settings.metric === "cost") return crossEntropyOf(this.out, this.data.Y);
    let correct = 0;
    for (let j = 0; j < this.data.samples; j++) if ((this.out[j] > 0.5 ? 1 : 0) === this.data.Y[j]) correct++;
    return correct / this.data.samples;
  }
}
