// One product kernel call (product-kernels.ts), on this thread or cut across a ParallelExecutor's
// helpers (runtime/parallel.ts) when it is large enough to pay for waking them.
//
// The cut runs along an output axis (y or x, whole 4-wide tiles each), never along the summed
// k: every output element is one thread's sum over k in the kernel's order, the same to the bit
// as one thread's call. The larger output axis is cut, so a thin product (20 × 12288 × 209, or
// its dW of 20 × 12288) still splits evenly, into a few chunks per thread, claimed one by one.
import {
  CHUNK_SIZE,
  CHUNKS,
  CHUNKS_PER_THREAD,
  MAX_CHUNKS,
  runChunk,
  type KernelTeam,
  type Layout,
  type NativeKernels,
  type ParallelExecutor,
} from "../parallel.js";
import { KERNEL_NAMES, type KernelName } from "./product-kernels.js";

/**
 * Multiply-adds below which a product stays on one thread: there waking the helpers and waiting
 * for them costs more than they save. Measured with scripts/measure-thread-crossover.mjs (Node 20,
 * 2 threads, x86-64; see spec/semantics.md, "Threads"): a round trip to a helper costs 60-80 µs,
 * one thread does 2^21 multiply-adds in about 0.5 ms; two threads were 1.4x faster on the cat
 * lessons' first layer at load 2, and within ±10% of one thread from 2^19 up at load 15-30.
 */
export const THREAD_THRESHOLD = 1 << 21;

type Kernel = (...args: number[]) => void;

export class KernelCalls {
  private readonly local: Kernel[];
  private readonly scratch = new Int32Array(CHUNK_SIZE);
  private team: KernelTeam | null = null;
  /** Runs the chunk at control[at ...] on this thread: the native kernels where the door has them. */
  private readonly runHere: (control: Int32Array, at: number) => void;

  /** `heap`: the kernels' memory as it is now (it is replaced when the memory grows). */
  constructor(
    exports: Record<KernelName, Kernel>,
    heap: () => Float64Array,
    native: NativeKernels | undefined,
    private readonly parallel: {
      executor: ParallelExecutor;
      moduleBytes: Uint8Array;
      memory: WebAssembly.Memory;
    } | null,
  ) {
    this.local = KERNEL_NAMES.map((name) => exports[name]);
    this.runHere = native
      ? (control, at) => native.runChunk(heap(), control, at)
      : (control, at) => runChunk(this.local, control, at);
  }

  /**
   * kernel(args) over the whole product, its operands laid out as `layout` says (runtime/parallel.ts):
   * `panel` k per call for a PLAIN, BLOCKED_V or BLOCKED_VS operand, `width` and `blockBytes` its blocks.
   */
  call(kernel: KernelName, args: readonly number[], layout: CallLayout): void {
    const index = KERNEL_NAMES.indexOf(kernel);
    const [, , , , , , , , yCount, xCount] = args;
    const chunks = this.chunks(yCount, xCount, args[10]);
    if (chunks < 2) {
      this.write(this.scratch, 0, index, args, layout, true, 0, yCount);
      this.runHere(this.scratch, 0);
      return;
    }
    const tiles = Math.max(yCount, xCount) / 4;
    const team = this.helpers();
    const alongY = yCount >= xCount;
    for (let chunk = 0; chunk < chunks; chunk++) {
      const from = Math.floor((chunk * tiles) / chunks) * 4;
      const to = Math.floor(((chunk + 1) * tiles) / chunks) * 4;
      this.write(team.control, CHUNKS + chunk * CHUNK_SIZE, index, args, layout, alongY, from, to);
    }
    team.run(chunks, (at) => this.runHere(team.control, at));
  }

  /**
   * Starts the helpers now if a call of this size would split: their start-up (tens of
   * milliseconds) then overlaps the caller's copying of the operands instead of following it.
   */
  prepare(yCount: number, xCount: number, kCount: number): void {
    if (this.chunks(yCount, xCount, kCount) >= 2) this.helpers();
  }

  /** Chunks a call of this size is cut into (1: it runs on this thread). */
  private chunks(yCount: number, xCount: number, kCount: number): number {
    const threads = this.parallel?.executor.threads ?? 1;
    const chunks = Math.min(threads * CHUNKS_PER_THREAD, Math.max(yCount, xCount) / 4, MAX_CHUNKS);
    return threads < 2 || chunks < 2 || yCount * xCount * kCount < THREAD_THRESHOLD ? 1 : chunks;
  }

  /** Lets the helpers go: these kernels are replaced (another executor, or none). */
  close(): void {
    this.team?.close();
    this.team = null;
  }

  private helpers(): KernelTeam {
    const { executor, moduleBytes, memory } = this.parallel!;
    this.team ??= executor.team(moduleBytes, memory, KERNEL_NAMES);
    return this.team;
  }

  private write(
    control: Int32Array,
    at: number,
    index: number,
    args: readonly number[],
    { layout, panel = 0, width = 0, blockBytes = 0 }: CallLayout,
    alongY: boolean,
    from: number,
    to: number,
  ): void {
    control[at] = index;
    for (let i = 0; i < 11; i++) control[at + 1 + i] = args[i];
    control.set([panel, layout, width, blockBytes, alongY ? 1 : 0, from, to], at + 12);
  }
}

/** How a call's operands are laid out (runtime/parallel.ts, Layout). */
export interface CallLayout {
  readonly layout: Layout;
  /** k per call (PLAIN, BLOCKED_V, BLOCKED_VS). */
  readonly panel?: number;
  /** Width of a block and the bytes from one block to the next (BLOCKED_V, BLOCKED_S, BLOCKED_VS). */
  readonly width?: number;
  readonly blockBytes?: number;
}
