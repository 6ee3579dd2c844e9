// Helper threads for the large products: the interface the runtime asks for, and the job format
// both sides of it read. The runtime stays browser-safe: it never starts a thread itself. A door
// that can (node/worker-pool.ts with worker_threads; a page could with Web Workers, where it is
// cross-origin isolated) passes a ParallelExecutor down; without one, everything runs on the
// calling thread. See spec/semantics.md, "Threads".
//
// A job is one WebAssembly kernel call (runtime/wasm/product-kernels.ts) cut into slices along
// one of its two output axes, never along the summed one: every output element is still one sum
// over k in the same order, computed by one thread, so the result is the same to the bit whatever
// the number of threads. A slice is written into a shared Int32Array, `control`:
//   control[GENERATION]  bumped by the caller to start a round (helpers wait on it), -1 to stop;
//   control[FINISHED]    slices finished in this round (the caller waits on it);
//   control[ACTIVE]      helpers with a slice this round (helper h runs one when h < ACTIVE);
//   control[FAILED]      set by a helper whose kernel threw (the caller's wait then throws);
//   control[SLICES + h·SLICE_SIZE ...] helper h's slice: kernel index, the kernel's 11 arguments,
//                        and the panel length (the summed axis is walked in panels of that many
//                        k, each call accumulating into the output: only for kernels that start
//                        their sums from the output, so the order of the additions is unchanged).

export const GENERATION = 0;
export const FINISHED = 1;
export const ACTIVE = 2;
export const FAILED = 3;
export const SLICES = 4;
/** Kernel index, 11 kernel arguments, panel length. */
export const SLICE_SIZE = 13;

/** The helper threads of one shared WebAssembly memory, made by a ParallelExecutor. */
export interface KernelTeam {
  /** Helper threads (the caller runs a slice too). */
  readonly helpers: number;
  /** The shared control words, SLICES + helpers · SLICE_SIZE of them. */
  readonly control: Int32Array;
  /** Starts a round: helper h runs the slice written at SLICES + h·SLICE_SIZE for h < slices. */
  start(slices: number): void;
  /** Waits until the round's slices have finished; throws if a helper failed. */
  wait(): void;
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
  /** How many threads have run a split product so far (1 when none has), for `--verbose`. */
  threadsUsed(): number;
}

type KernelFunction = (...args: number[]) => void;

/**
 * Runs the slice written at control[at ...] with `kernels` (in the team's export order). Kept free
 * of outside names: node/worker-pool.ts ships this function's source text to its helpers.
 */
export function runSlice(kernels: readonly KernelFunction[], control: Int32Array, at: number): void {
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
