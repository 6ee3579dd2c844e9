// What both training loops (the fused full-batch step in runtime/train.ts and the mini-batch loop
// in runtime/train-epochs.ts) tell the caller: the cost at iteration 0 and every `reportEvery`
// after (and at the last one with `report ... and last`), as the lessons' `if i % 1000 == 0:
// print(...)` does, and progress calls. Progress is offered every `progressEvery` iterations and
// made at most every 50 ms, so a progress bar costs nothing measurable.
//
// The log also keeps the cost history the plots draw: the cost every `historyEvery` iterations,
// at every reported one and at the last, so the curve shows the whole run and not only the printed
// points. The fused generated step computes a cost only when asked, and asking every iteration
// would make the He lesson's training 78% slower; the loops that compute every cost anyway keep
// every one (up to FREE_HISTORY_POINTS). At the reported iterations and a modest stride
// (HELD_OUT_POINTS) a HeldOutCosts (runtime/held-out.ts) measures the cost on the test sets too.
import type { Program } from "./program.js";

export interface CostPoint {
  /** The iteration, or the epoch when the program trains in epochs. */
  iteration: number;
  cost: number;
  /** The learning rate in force after this iteration or epoch (only when a decay sets it). */
  learningRate?: number;
}

export interface TrainingCallbacks {
  /** Called at each reported iteration (or epoch); `learningRate` is given when a decay sets it. */
  onCost?: (iteration: number, cost: number, learningRate?: number) => void;
  onProgress?: (iteration: number, total: number) => void;
  /** Called with each cost kept in the history (reported or not), as it is computed: a live curve. */
  onHistory?: (iteration: number, cost: number) => void;
  /**
   * Called after every `every`-th iteration with the parameters as they are then (in the program's
   * order; read them at once, training goes on updating them): a live picture of the model.
   */
  onParams?: { every: number; call(iterationsDone: number, params: readonly Float64Array[]): void };
}

/** Measures the held-out sets' costs with the parameters iteration `iteration` starts from. */
export interface HeldOutRecorder {
  record(iteration: number): void;
}

/**
 * History points when each costs a loss evaluation of its own (the fused generated step): a loss
 * evaluation costs 78% of a step on the He lesson, so 150 points (every 100th of its 15000
 * iterations) add about 0.8% to the training loop; 300 added a measurable 1.9%.
 */
export const COMPUTED_HISTORY_POINTS = 150;
/** History points when the loop computes every cost anyway: bounded only to keep saved runs small. */
export const FREE_HISTORY_POINTS = 10_000;
/** Points of the held-out sets' cost curves (each a prediction pass over the set), besides the reported ones. */
export const HELD_OUT_POINTS = 100;

/**
 * The smallest of 1, 2, 5, 10, 20, 50, 100, … that keeps `iterations` within `points` points:
 * round numbers, so the history holds every reported iteration of `report cost every 1000`.
 */
export function historyStride(iterations: number, points: number): number {
  const wanted = iterations / Math.max(1, points);
  for (let decade = 1; ; decade *= 10) {
    for (const step of [1, 2, 5]) if (step * decade >= wanted) return step * decade;
  }
}

const PROGRESS_MIN_MS = 50;

export class TrainingLog {
  /** The reported points: what the lesson prints. */
  readonly costs: CostPoint[] = [];
  /** Every point whose cost was computed: each `historyEvery`-th iteration, the reported ones, the last. */
  readonly history: CostPoint[] = [];
  private readonly iterations: number;
  private readonly reportEvery: number;
  private readonly reportLast: boolean;
  private lastProgress = Date.now();

  constructor(
    settings: Program["train"],
    private readonly callbacks: TrainingCallbacks,
    /** How often (in iterations) the clock is read for a progress call. */
    private readonly progressEvery: number,
    /** How often (in iterations) the cost is kept for the history besides the reported points. */
    private readonly historyEvery = 1,
    private readonly heldOut?: { recorder: HeldOutRecorder; every: number },
  ) {
    this.iterations = settings.iterations;
    this.reportEvery = settings.reportEvery;
    this.reportLast = settings.reportLast ?? false;
  }

  /** Whether iteration `i`'s cost is reported. */
  wantsCost(i: number): boolean {
    return (this.reportEvery > 0 && i % this.reportEvery === 0) || (this.reportLast && i === this.iterations - 1);
  }

  /** Whether iteration `i`'s cost is needed: reported, or a point of the history. */
  needsCost(i: number): boolean {
    return i % this.historyEvery === 0 || i === this.iterations - 1 || this.wantsCost(i);
  }

  /** Called before iteration `i` runs: the held-out costs, when that iteration is one of their points. */
  before(i: number): void {
    const heldOut = this.heldOut;
    if (!heldOut) return;
    if (i % heldOut.every === 0 || i === this.iterations - 1 || this.wantsCost(i)) heldOut.recorder.record(i);
  }

  /** Keeps a computed cost in the history, and records and tells onCost when it is a reported one. */
  cost(i: number, cost: number, learningRate?: number): void {
    this.history.push({ iteration: i, cost });
    this.callbacks.onHistory?.(i, cost);
    if (!this.wantsCost(i)) return;
    if (learningRate === undefined) {
      this.costs.push({ iteration: i, cost });
      this.callbacks.onCost?.(i, cost);
    } else {
      this.costs.push({ iteration: i, cost, learningRate });
      this.callbacks.onCost?.(i, cost, learningRate);
    }
  }

  /** The parameters as training holds them now, for onParams (set by the loop that owns them). */
  currentParams?: () => readonly Float64Array[];

  /** Called after iteration `i`: a progress call when one is due, and onParams when it is due. */
  progress(i: number): void {
    const onParams = this.callbacks.onParams;
    if (onParams && this.currentParams && (i + 1) % onParams.every === 0) onParams.call(i + 1, this.currentParams());
    const onProgress = this.callbacks.onProgress;
    if (!onProgress || i % this.progressEvery !== 0) return;
    const now = Date.now();
    if (now - this.lastProgress < PROGRESS_MIN_MS) return;
    this.lastProgress = now;
    onProgress(i, this.iterations);
  }

  /** The final progress call: all iterations done (or stopped early, which counts as done). */
  finished(): void {
    this.callbacks.onProgress?.(this.iterations, this.iterations);
  }
}
