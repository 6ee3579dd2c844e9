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
//   control[CHUNKS + i·CHUNK_SIZE ...] chunk i: kernel index, the whole product's 11 kernel
//                        arguments, how its operands are laid out (below), the cut axis and the
//                        chunk's range on it (whole 4-wide tiles).
// The summed axis k is walked in calls over consecutive ranges of it, each call continuing the
// sums in the output, so the order of the additions is unchanged. Layouts (Layout below):
//   PLAIN       V(k, x) at vPtr + k·vStride + 8x: k walked in panels of `panel`;
//   BLOCKED_V   V stored in blocks of `width` x, block b at vPtr + b·blockBytes, its rows `width`
//               wide (a data set's examples in the forward W·X): each block's panels are
//               contiguous, so the first pass over the data streams instead of jumping a whole
//               row of the data for every k; k walked in panels of `panel` within a block;
//   BLOCKED_S   S stored in blocks of `width` k, block b at sPtr + b·blockBytes, its rows `width`
//               wide (the same copy of the data read by dW = dZ·Xᵀ): one call over the whole of
//               k, the kernel jumping S from block to block (a kernel whose sums start from 0);
//   BLOCKED_VS  V and S one copy in BLOCKED_V's blocks, S(y, k) = V(k, y) (the Gram matrix XᵀX
//               of the first-layer rewrite): a call per block of y, block of x and panel of k,
//               S's rows 8 bytes apart within its block; only blocks of x from y's own block on
//               (the output is symmetric: the caller mirrors the rest).

export const GENERATION = 0;
export const FINISHED = 1;
export const NEXT = 2;
export const FAILED = 3;
export const READY = 4;
export const HELPED = 5;
export const CHUNKS = 6;
/** Kernel index, 11 kernel arguments, panel, layout, width, blockBytes, alongY, from, to. */
export const CHUNK_SIZE = 19;

/** How a product's operands lie in memory (see the control words above). */
export const Layout = { PLAIN: 0, BLOCKED_V: 1, BLOCKED_S: 2, BLOCKED_VS: 3 } as const;
export type Layout = (typeof Layout)[keyof typeof Layout];
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

/**
 * runChunk compiled for this machine by a door (node/native-kernels.ts: C, vectors as wide as the
 * machine's): the same sums in the same order over the same memory and chunk words, so the same
 * bits, about twice as fast as WebAssembly's two-lane vectors.
 */
export interface NativeKernels {
  /** Doubles a vector holds (4 with AVX2, 8 with AVX-512), for `--verbose`. */
  readonly lanes: number;
  /**
   * Runs the chunk at control[at ...] over `heap`, the kernels' memory; throws, having written
   * nothing, where an operand lies outside it.
   */
  runChunk(heap: Float64Array, control: Int32Array, at: number): void;
}

/** Threads for the runtime's large products, supplied by the door that runs it. */
export interface ParallelExecutor {
  /** Threads a split product runs on, the caller's included (1: no splitting). */
  readonly threads: number;
  /** The kernels compiled for this machine, where the door has them; else the WebAssembly kernels run. */
  readonly native?: NativeKernels;
  /**
   * The helpers (threads − 1) running `moduleBytes` (or `native`, where given) over the shared
   * `memory`. Called the first time a product is large enough to split, so helpers cost nothing to
   * a run that never needs them.
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
 * of outside names (layouts by number: 1 BLOCKED_V, 2 BLOCKED_S, 3 BLOCKED_VS): node/worker-pool.ts ships this
 * function's source text to its helpers.
 */
export function runChunk(kernels: readonly KernelFunction[], control: Int32Array, at: number): void {
  const kernel = kernels[control[at]];
  const [vPtr, vStride, sPtr, sRow, sCol, cPtr, cY, cX, yCount, xCount, kCount] = control.subarray(at + 1, at + 12);
  const [panel, layout, width, blockBytes, alongY, from, to] = control.subarray(at + 12, at + 19);
  const y0 = alongY ? from : 0;
  const y1 = alongY ? to : yCount;
  const x0 = alongY ? 0 : from;
  const x1 = alongY ? xCount : to;
  const out = cPtr + y0 * cY;
  if (layout === 2) {
    // One call: the kernel jumps S from block to block after each width of k.
    const rowBytes = width * 8;
    const [v, s, c] = [vPtr + x0 * 8, sPtr + y0 * rowBytes, out + x0 * cX];
    kernel(v, vStride, s, rowBytes, 8, c, cY, cX, y1 - y0, x1 - x0, kCount, width, blockBytes - rowBytes);
    return;
  }
  if (layout === 3) {
    const rowBytes = width * 8;
    for (let y = y0; y < y1;) {
      const yBlock = Math.floor(y / width);
      const yEnd = Math.min(y1, (yBlock + 1) * width);
      const s = sPtr + yBlock * blockBytes + (y - yBlock * width) * 8;
      // Blocks of x left of y's own are the mirror image of ones computed (the caller copies them).
      for (let x = Math.max(x0, yBlock * width); x < x1;) {
        const xBlock = Math.floor(x / width);
        const xEnd = Math.min(x1, (xBlock + 1) * width);
        const v = vPtr + xBlock * blockBytes + (x - xBlock * width) * 8;
        const c = cPtr + y * cY + x * cX;
        for (let k0 = 0; k0 < kCount; k0 += panel) {
          const count = Math.min(panel, kCount - k0);
          const at = k0 * rowBytes;
          kernel(v + at, rowBytes, s + at, 8, rowBytes, c, cY, cX, yEnd - y, xEnd - x, count, count, 0);
        }
        x = xEnd;
      }
      y = yEnd;
    }
    return;
  }
  for (let x = x0; x < x1;) {
    let v = vPtr + x * 8;
    let stride = vStride;
    let end = x1;
    if (layout === 1) {
      const block = Math.floor(x / width);
      const blockX = block * width;
      v = vPtr + block * blockBytes + (x - blockX) * 8;
      stride = width * 8;
      end = Math.min(x1, blockX + width);
    }
    for (let k0 = 0; k0 < kCount; k0 += panel) {
      const count = Math.min(panel, kCount - k0);
      const s = sPtr + y0 * sRow + k0 * sCol;
      kernel(v + k0 * stride, stride, s, sRow, sCol, out + x * cX, cY, cX, y1 - y0, end - x, count, count, 0);
    }
    x = end;
  }
}
