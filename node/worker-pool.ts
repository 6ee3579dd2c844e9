// The runtime's ParallelExecutor (runtime/parallel.ts) on Node's worker_threads: helpers that
// run the product kernels (compiled for this machine, node/native-kernels.ts, or else the
// WebAssembly module) over the caller's shared memory, woken through
// Atomics on a shared control block. Made lazily: `workerPool()` starts no thread; the first
// product large enough to split starts them (a small model never pays for them). The helpers are
// unref'd, so they never keep the process alive after training.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  CHUNK_SIZE,
  CHUNKS,
  CHUNKS_PER_THREAD,
  claimChunks,
  FAILED,
  FINISHED,
  GENERATION,
  HELPED,
  NEXT,
  READY,
  runChunk,
  type KernelTeam,
  type ParallelExecutor,
} from "../runtime/parallel.js";
import { nativeKernels, type LoadedNativeKernels } from "./native-kernels.js";

/** How long the first split product waits for the helpers to start. */
const STARTUP_MS = 5000;

/** Checks of the control word before a thread sleeps: about 10 µs. */
const SPIN = 4000;

/**
 * A helper's whole program, run with `eval`: the bundled CLI has no worker file beside it, and
 * the chunk runner and claim loop are the runtime's own functions, their text included here, so
 * both sides read a chunk the same way.
 */
const helperSource = (): string => `
"use strict";
const { workerData } = require("node:worker_threads");
const runChunk = ${runChunk.toString()};
const claimChunks = ${claimChunks.toString()};
const { moduleBytes, memory, control, exportNames, nativePath } = workerData;
// The caller's compiled kernels where it has them, reading the memory through a view renewed
// whenever it has grown (a shared memory never moves, but a view keeps its length). Checked at
// every chunk, not every round: a helper still claiming when the caller starts the next round
// runs that round's chunk before it sees the round begin, after the caller may have grown the
// memory (the compiled kernels then refused the chunk: about one short cat run in forty).
const native = nativePath ? require(nativePath) : null;
let heap = null;
let run;
if (native) {
  run = (index) => {
    if (heap === null || heap.byteLength !== memory.buffer.byteLength) heap = new Float64Array(memory.buffer);
    native.runChunk(heap, control, ${CHUNKS} + index * ${CHUNK_SIZE});
  };
} else {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes), { env: { memory } });
  const kernels = exportNames.map((name) => instance.exports[name]);
  run = (index) => runChunk(kernels, control, ${CHUNKS} + index * ${CHUNK_SIZE});
}
let seen = 0;
let helped = false;
Atomics.add(control, ${READY}, 1);
Atomics.notify(control, ${READY});
for (;;) {
  // A short spin first: products come in runs (a layer's forward, then its backward), and waking
  // from Atomics.wait costs tens of microseconds.
  for (let spin = 0; spin < ${SPIN} && Atomics.load(control, ${GENERATION}) === seen; spin++);
  Atomics.wait(control, ${GENERATION}, seen);
  const generation = Atomics.load(control, ${GENERATION});
  if (generation < 0) break;
  if (generation === seen) continue;
  seen = generation;
  if (claimChunks(control, run, ${NEXT}, ${FINISHED}, ${FAILED}) > 0 && !helped) {
    helped = true;
    Atomics.add(control, ${HELPED}, 1);
  }
}
`;

class WorkerTeam implements KernelTeam {
  readonly control: Int32Array;
  private readonly workers: Worker[];
  private closed = false;
  private started = false;

  constructor(
    readonly helpers: number,
    moduleBytes: Uint8Array,
    memory: WebAssembly.Memory,
    exportNames: readonly string[],
    nativePath: string | undefined,
    private readonly onClose: () => void,
  ) {
    const chunks = (helpers + 1) * CHUNKS_PER_THREAD;
    this.control = new Int32Array(new SharedArrayBuffer(4 * (CHUNKS + chunks * CHUNK_SIZE)));
    const source = helperSource();
    this.workers = Array.from({ length: helpers }, () => {
      const worker = new Worker(source, {
        eval: true,
        workerData: { moduleBytes, memory, control: this.control, exportNames, nativePath },
      });
      worker.unref();
      // A helper that dies (out of memory) fails the product waiting for it instead of hanging it.
      worker.on("error", () => this.fail());
      worker.on("exit", () => this.fail());
      return worker;
    });
  }

  run(count: number, runHere: (at: number) => void): void {
    const control = this.control;
    if (!this.started) this.waitForHelpers();
    Atomics.store(control, FINISHED, 0);
    Atomics.store(control, FAILED, 0);
    Atomics.store(control, NEXT, count << 12);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
    claimChunks(control, (index) => runHere(CHUNKS + index * CHUNK_SIZE), NEXT, FINISHED, FAILED);
    for (let spin = 0; spin < SPIN && Atomics.load(control, FINISHED) < count; spin++);
    for (;;) {
      const finished = Atomics.load(control, FINISHED);
      if (finished >= count) break;
      Atomics.wait(control, FINISHED, finished);
    }
    if (Atomics.load(control, FAILED)) throw new Error("a thread failed in a product kernel");
  }

  /** Helpers that have run a chunk. */
  helped(): number {
    return Atomics.load(this.control, HELPED);
  }

  /**
   * The first split product waits (at most STARTUP_MS) for the helpers to start, a few tens of
   * milliseconds once: otherwise the caller would run that product's chunks alone, and the next.
   */
  private waitForHelpers(): void {
    this.started = true;
    const until = performance.now() + STARTUP_MS;
    for (;;) {
      const ready = Atomics.load(this.control, READY);
      const left = until - performance.now();
      if (ready >= this.helpers || left <= 0) return;
      Atomics.wait(this.control, READY, ready, left);
    }
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
    if (this.closed) return;
    Atomics.store(this.control, FAILED, 1);
    // Every chunk counted as finished, so a caller waiting for a dead helper's chunk wakes.
    Atomics.store(this.control, FINISHED, 1 << 30);
    Atomics.notify(this.control, FINISHED);
  }
}

export interface WorkerPool extends ParallelExecutor {
  /** Stops the helpers (they stop with the process anyway). */
  close(): void;
}

/**
 * Threads for the large products: `threads` in all (the caller's included), by default one per
 * core, running `native` (node/native-kernels.ts; by default the compiled kernels where they were
 * built) or else the WebAssembly kernels. With one thread the pool only carries the kernels.
 */
export function workerPool(
  threads: number = availableParallelism(),
  native: LoadedNativeKernels | null = nativeKernels(),
): WorkerPool {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number ≥ 1: ${threads}`);
  const teams: WorkerTeam[] = [];
  let used = 1;
  return {
    threads,
    ...(native ? { native } : {}),
    team(moduleBytes, memory, exportNames) {
      const team = new WorkerTeam(threads - 1, moduleBytes, memory, exportNames, native?.path, () => {
        used = Math.max(used, 1 + team.helped());
        teams.splice(teams.indexOf(team), 1);
      });
      teams.push(team);
      return team;
    },
    threadsUsed: () => Math.max(used, ...teams.map((team) => 1 + team.helped())),
    close() {
      for (const team of [...teams]) team.close();
    },
  };
}
