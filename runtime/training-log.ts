// What both training loops (the fused full-batch step in runtime/train.ts and the mini-batch loop
// in runtime/train-epochs.ts) tell the caller: the cost at iteration 0 and every `reportEvery`
// after (and at the last one with `report ... and last`), as the lessons' `if i % 1000 == 0:
// print(...)` does, and progress calls. Progress is offered every `progressEvery` iterations and
// made at most every 50 ms, so a progress bar costs nothing measurable.
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
}

const PROGRESS_MIN_MS = 50;

export class TrainingLog {
  readonly costs: CostPoint[] = [];
  private readonly iterations: number;
  private readonly reportEvery: number;
  private readonly reportLast: boolean;
  private lastProgress = Date.now();

  constructor(
    settings: Program["train"],
    private readonly callbacks: TrainingCallbacks,
    /** How often (in iterations) the clock is read for a progress call. */
    private readonly progressEvery: number,
  ) {
    this.iterations = settings.iterations;
    this.reportEvery = settings.reportEvery;
    this.reportLast = settings.reportLast ?? false;
  }

  /** Whether iteration `i`'s cost is reported. */
  wantsCost(i: number): boolean {
    return (this.reportEvery > 0 && i % this.reportEvery === 0) || (this.reportLast && i === this.iterations - 1);
  }

  /** Records a reported cost and tells onCost. */
  cost(i: number, cost: number, learningRate?: number): void {
    if (learningRate === undefined) {
      this.costs.push({ iteration: i, cost });
      this.callbacks.onCost?.(i, cost);
    } else {
      this.costs.push({ iteration: i, cost, learningRate });
      this.callbacks.onCost?.(i, cost, learningRate);
    }
  }

  /** Called after iteration `i`: a progress call when one is due. */
  progress(i: number): void {
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
