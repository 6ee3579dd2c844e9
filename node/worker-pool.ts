// The runtime's ParallelExecutor (runtime/parallel.ts) on Node's worker_threads: helpers that
// run the product kernels' WebAssembly module over the caller's shared memory, woken through
// Atomics on a shared control block. Made lazily: `workerPool()` starts no thread; the first
// product large enough to split starts them (a small model never pays for them). The helpers are
// unref'd, so they never keep the process alive after training.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  ACTIVE,
  FAILED,
  FINISHED,
  GENERATION,
  runSlice,
  SLICE_SIZE,
  SLICES,
  type KernelTeam,
  type ParallelExecutor,
} from "../runtime/parallel.js";

/**
 * A helper's whole program, run with `eval`: the bundled CLI has no worker file beside it, and
 * the slice runner is the runtime's own function, its text included here, so both sides read a
 * slice the same way.
 */
/** Checks of the control word before a helper sleeps: about 10 µs. */
const SPIN = 4000;

const helperSource = (): string => `
"use strict";
const { workerData } = require("node:worker_threads");
const runSlice = ${runSlice.toString()};
const { moduleBytes, memory, control, index, exportNames } = workerData;
const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes), { env: { memory } });
const kernels = exportNames.map((name) => instance.exports[name]);
let seen = 0;
for (;;) {
  // A short spin first: products come in runs (a layer's forward, then its backward), and waking
  // from Atomics.wait costs tens of microseconds.
  for (let spin = 0; spin < ${SPIN} && Atomics.load(control, ${GENERATION}) === seen; spin++);
  Atomics.wait(control, ${GENERATION}, seen);
  const generation = Atomics.load(control, ${GENERATION});
  if (generation < 0) break;
  if (generation === seen) continue;
  seen = generation;
  if (index >= Atomics.load(control, ${ACTIVE})) continue;
  try {
    runSlice(kernels, control, ${SLICES} + index * ${SLICE_SIZE});
  } catch (error) {
    Atomics.store(control, ${FAILED}, 1);
  }
  Atomics.add(control, ${FINISHED}, 1);
  Atomics.notify(control, ${FINISHED});
}
`;

class WorkerTeam implements KernelTeam {
  readonly control: Int32Array;
  private readonly workers: Worker[];
  private expected = 0;
  private closed = false;

  constructor(
    readonly helpers: number,
    moduleBytes: Uint8Array,
    memory: WebAssembly.Memory,
    exportNames: readonly string[],
    private readonly onClose: () => void,
  ) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * (SLICES + helpers * SLICE_SIZE)));
    const source = helperSource();
    this.workers = Array.from({ length: helpers }, (_, index) => {
      const worker = new Worker(source, {
        eval: true,
        workerData: { moduleBytes, memory, control: this.control, index, exportNames },
      });
      worker.unref();
      // A helper that dies (out of memory) fails the product waiting for it instead of hanging it.
      worker.on("error", () => this.fail());
      worker.on("exit", () => this.fail());
      return worker;
    });
  }

  start(slices: number): void {
    this.expected = slices;
    Atomics.store(this.control, FINISHED, 0);
    Atomics.store(this.control, ACTIVE, slices);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
  }

  wait(): void {
    for (let spin = 0; spin < SPIN && Atomics.load(this.control, FINISHED) < this.expected; spin++);
    for (;;) {
      const finished = Atomics.load(this.control, FINISHED);
      if (finished >= this.expected) break;
      Atomics.wait(this.control, FINISHED, finished);
    }
    if (Atomics.load(this.control, FAILED)) throw new Error("a helper thread failed in a product kernel");
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    Atomics.store(this.control, GENERATION, -1);
    Atomics.notify(this.control, GENERATION);
    for (const worker of this.workers) void worker.terminate();
  }

  private fail(): void {
    Atomics.store(this.control, FAILED, 1);
    Atomics.store(this.control, FINISHED, this.helpers + 1);
    Atomics.notify(this.control, FINISHED);
  }
}

export interface WorkerPool extends ParallelExecutor {
  /** Stops the helpers (they stop with the process anyway). */
  close(): void;
}

/** Threads for the large products: `threads` in all (the caller's included), by default one per core. */
export function workerPool(threads: number = availableParallelism()): WorkerPool {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number ≥ 1: ${threads}`);
  const teams: WorkerTeam[] = [];
  let used = 1;
  return {
    threads,
    team(moduleBytes, memory, exportNames) {
      const team = new WorkerTeam(threads - 1, moduleBytes, memory, exportNames, () =>
        teams.splice(teams.indexOf(team), 1),
      );
      teams.push(team);
      const start = team.start.bind(team);
      team.start = (slices) => {
        used = Math.max(used, slices + 1);
        start(slices);
      };
      return team;
    },
    threadsUsed: () => used,
    close() {
      for (const team of [...teams]) team.close();
    },
  };
}
