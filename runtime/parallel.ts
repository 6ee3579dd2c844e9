// Helper threads for the large products: the interface the runtime asks for, and the job format
// both sides of it read. The runtime stays browser-safe: it never starts a thread itself. A door
// that can (node/worker-pool.ts with worker_threads; a page could with Web Workers, where it is
// cross-origin isolated) passes a ParallelExecutor down; without one, everything runs on the
// calling thread. See spec/semantics.md, "Threads".
//
// A job is one WebAssembly kernel call (runtime/wasm/product-kernels.ts) cut into chunks along
// one of its two output axes, never along the summed one: every output element is still one sum
// over k in the same order, computed by one thread, so the result is the same to the bit whatever
// the number of threads. There are more chunks than threads, and every thread (the caller too)
// claims the next unclaimed chunk until none is left: on a busy machine a helper that is not
// scheduled in time leaves its share to the others instead of holding the product up. The chunks
// and the round's state live in a shared Int32Array, `control`:
//   control[GENERATION]  bumped by the caller to start a round (helpers wait on it), -1 to stop;
//   control[FINISHED]    chunks finished in this round (the caller waits for all of them);
//   control[NEXT]        the claim word: the round's chunk count << 12 | the next chunk to claim.
//                        One Atomics.add claims a chunk and reads the count of the same round,
//                        so a late claim (past the count) can never run a later round's chunk;
//   control[FAILED]      set by a thread whose kernel threw (the caller's wait then throws);
//   control[READY]       helpers that have started (the first split product waits for them);
//   control[HELPED]      helpers that have run a chunk (for `--verbose`);
//   control[CHUNKS + i·CHUNK_SIZE ...] chunk i: kernel index, the kernel's 11 arguments, and the
//                        panel length (the summed axis is walked in panels of that many k, each
//                        call accumulating into the output: only for kernels that start their
//                        sums from the output, so the order of the additions is unchanged).

export const GENERATION = 0;
export const FINISHED = 1;
export const NEXT = 2;
export const FAILED = 3;
export const READY = 4;
export const HELPED = 5;
export const CHUNKS = 6;
/** Kernel index, 11 kernel arguments, panel length. */
export const CHUNK_SIZE = 13;
/** Chunks per thread of one product: enough to even out a helper that starts late. */
export const CHUNKS_PER_THREAD = 4;
/** Chunks one round may have: the claim word keeps the count and the next index in 12 bits each. */
export const MAX_CHUNKS = 4095;

/** The helper threads of one shared WebAssembly memory, made by a ParallelExecutor. */
export interface KernelTeam {
  /** Helper threads (the caller claims chunks too). */
  readonly helpers: number;
  /** The shared control words: CHUNKS + CHUNK_SIZE · (helpers + 1) · CHUNKS_PER_THREAD of them. */
  readonly control: Int32Array;
  /**
   * Runs the `count` chunks written in `control`: the helpers and the caller (through `runHere`,
   * given a chunk's offset in `control`) claim them until none is left. Returns when all have
   * finished; throws if one failed.
   */
  run(count: number, runHere: (at: number) => void): void;
  /** Stops the helpers (the kernels that used them are being replaced). */
  close(): void;
}

/** Threads for the runtime's large products, supplied by the door that runs it. */
export interface ParallelExecutor {
  /** Threads a split product runs on, the caller's included (1: no splitting). */
  readonly threads: number;
  /**
   * The helpers (threads − 1) running `moduleBytes` over the shared `memory`. Called the first
   * time a product is large enough to split, so helpers cost nothing to a run that never needs them.
   */
  team(moduleBytes: Uint8Array, memory: WebAssembly.Memory, exportNames: readonly string[]): KernelTeam;
  /** How many threads have run chunks of a split product so far (1 when none has), for `--verbose`. */
  threadsUsed(): number;
}

/**
 * Claims and runs chunks of the current round until none is left (`run` given each chunk's
 * index); returns how many it ran. Kept free of outside names (the control words' positions
 * come as arguments): node/worker-pool.ts ships this function's source text to its helpers.
 */
export function claimChunks(
  control: Int32Array,
  run: (index: number) => void,
  next: number,
  finished: number,
  failed: number,
): number {
  let ran = 0;
  for (;;) {
    const word = Atomics.add(control, next, 1);
    const index = word & 0xfff;
    const count = (word >>> 12) & 0xfff;
    if (index >= count) return ran;
    try {
      run(index);
    } catch {
      Atomics.store(control, failed, 1);
    }
    ran++;
    if (Atomics.add(control, finished, 1) + 1 === count) Atomics.notify(control, finished);
  }
}

type KernelFunction = (...args: number[]) => void;

/**
 * Runs the chunk written at control[at ...] with `kernels` (in the team's export order). Kept free
 * of outside names: node/worker-pool.ts ships this function's source text to its helpers.
 */
export function runChunk(kernels: readonly KernelFunction[], control: Int32Array, at: number): void {
  const kernel = kernels[control[at]];
  const a = control.subarray(at + 1, at + 12);
  const panel = control[at + 12];
  const kTotal = a[10];
  // a: vPtr vStride sPtr sRow sCol cPtr cY cX yCount xCount kCount
  for (let k0 = 0; k0 < kTotal; k0 += panel) {
    const count = Math.min(panel, kTotal - k0);
    kernel(a[0] + k0 * a[1], a[1], a[2] + k0 * a[4], a[3], a[4], a[5], a[6], a[7], a[8], a[9], count);
  }
}
