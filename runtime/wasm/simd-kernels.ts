// The SIMD kernels over one WebAssembly memory (simd-products.ts decides when they run): each
// product's operands copied in, padded with zero rows and columns to multiples of 4 so the kernel
// (product-kernels.ts) only ever sees whole 4 × 4 tiles, the kernel called (kernel-calls.ts: on
// this thread or split across helpers), and the result copied out; the padded outputs are
// computed and dropped. Every real output is the same sum in the same order as the JavaScript
// kernel's, so the results are the same to the bit whichever path runs.
//
// The operand a layer's data lives in (X in Z = W·X and in dW = dZ·Xᵀ) is stored in blocks of
// BLOCK columns, each block's rows as wide as the block (blocked()): Z = W·X then reads a panel of
// X as one contiguous run instead of 32 bytes from each of 128 rows a whole data row apart, which
// no prefetcher follows (5-6 → 12 GFLOP/s a thread on 2,090 cat images), and dW = dZ·Xᵀ walks
// X's examples in one call, its kernel jumping from block to block.
import { mirrorUpper } from "../ops/products.js";
import { productModuleBytes, type KernelName } from "./product-kernels.js";
import { KernelCalls } from "./kernel-calls.js";
import { Layout, type ParallelExecutor } from "../parallel.js";

/** Rows of the summed axis per call: 128 rows of a block of X, 32 KB, stay in L1 for every row of W. */
const PANEL = 128;
/** Columns per block of a blocked operand (measured best of 16, 32, 64 on 2,090 cat images). */
const BLOCK = 32;
const BYTES = 8;
const PAGE = 65536;
/** Pages the memory may grow to (4 GB); a shared memory must say so up front. */
const MAXIMUM_PAGES = 65536;

type Kernel = (...args: number[]) => void;

export class SimdKernels {
  private readonly memory: WebAssembly.Memory;
  private heap: Float64Array;
  private readonly kernels: KernelCalls;
  /** Arrays promised unchanged (the training data), with their resident copies by shape. */
  private readonly constants = new Map<Float64Array, Map<string, number>>();
  /** End (bytes) of the resident copies; each call's scratch regions start here. */
  private residentEnd = 0;

  /** With an executor of two or more threads, the memory is shared and large products are split. */
  constructor(executor?: ParallelExecutor) {
    const shared = executor !== undefined && executor.threads > 1;
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: MAXIMUM_PAGES, ...(shared ? { shared } : {}) });
    this.heap = new Float64Array(this.memory.buffer);
    const moduleBytes = productModuleBytes(shared ? MAXIMUM_PAGES : undefined);
    const module = new WebAssembly.Module(moduleBytes as BufferSource);
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    const exports = instance.exports as unknown as Record<KernelName, Kernel>;
    const parallel = shared ? { executor, moduleBytes, memory: this.memory } : null;
    this.kernels = new KernelCalls(exports, () => this.heap, executor?.native, parallel);
  }

  close(): void {
    this.kernels.close();
  }

  holdConstant(array: Float64Array): void {
    if (!this.constants.has(array)) this.constants.set(array, new Map());
  }

  releaseConstant(array: Float64Array): void {
    this.constants.delete(array);
    if (this.constants.size === 0) this.residentEnd = 0;
  }

  residentBytes(): number {
    return this.residentEnd;
  }

  /**
   * src (rows × cols) in the heap as its resident copy if src is held constant (made on first
   * use), else null. Called before regions(). One blocked copy (blocked()) serves every product
   * that reads src: productNN as V (n rows), productNT as S (c rows): with a copy per product, a
   * data set was once held twice, 2 × 205 MB for 2,090 cat images.
   */
  private resident(src: Float64Array, rows: number, cols: number): number | null {
    const copies = this.constants.get(src);
    if (!copies) return null;
    const key = `${rows}x${cols}`;
    let at = copies.get(key);
    if (at === undefined) {
      at = this.residentEnd;
      const width = blockWidth(cols);
      this.residentEnd = this.regions(pad4(rows) * Math.ceil(cols / width) * width)[1];
      if (width === pad4(cols)) this.place(src, rows, cols, at, width, pad4(rows));
      else this.blocked(src, rows, cols, at);
      copies.set(key, at);
    }
    return at;
  }

  /** Byte offsets of consecutive regions of the given sizes (in doubles) after the resident
   * copies, and where the last ends; memory grown to fit. */
  private regions(...sizes: number[]): number[] {
    const offsets: number[] = [];
    let end = this.residentEnd;
    for (const size of sizes) {
      offsets.push(end);
      end += Math.ceil(size / 2) * 2 * BYTES;
    }
    const missing = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
    if (missing > 0) {
      this.memory.grow(missing);
      this.heap = new Float64Array(this.memory.buffer);
    }
    offsets.push(end);
    return offsets;
  }

  /** put, then zero rows rows..padRows. */
  private place(src: Float64Array, rows: number, cols: number, at: number, stride: number, padRows: number): void {
    this.put(src, rows, cols, at, stride);
    this.zero(at + rows * stride * BYTES, (padRows - rows) * stride);
  }

  /**
   * src (rows × cols) into the heap at `at` (bytes) in blocks of BLOCK columns (the last one
   * padded to BLOCK): block b at b · pad4(rows) · BLOCK doubles, its pad4(rows) rows BLOCK wide,
   * zeros past src's rows and columns.
   */
  private blocked(src: Float64Array, rows: number, cols: number, at: number): void {
    const heap = this.heap;
    const rowsPad = pad4(rows);
    const start = at / BYTES;
    // Row by row: src is read in order (a block at a time, it would be read a whole row apart).
    for (let i = 0; i < rows; i++) {
      for (let col0 = 0; col0 < cols; col0 += BLOCK) {
        const real = Math.min(BLOCK, cols - col0);
        const from = i * cols + col0,
          to = start + col0 * rowsPad + i * BLOCK;
        for (let j = 0; j < real; j++) heap[to + j] = src[from + j];
        for (let j = real; j < BLOCK; j++) heap[to + j] = 0;
      }
    }
    for (let col0 = 0; col0 < cols; col0 += BLOCK)
      heap.fill(0, start + col0 * rowsPad + rows * BLOCK, start + (col0 + BLOCK) * rowsPad);
  }

  /**
   * B (rows × cols) where a kernel reads it, in blocks of `width` columns `blockBytes` apart: its
   * held copy (resident()), else a copy for this call alone made at `scratch` now, plain rows (one
   * block as wide as B: a straight copy).
   */
  private operand(
    B: Float64Array,
    rows: number,
    cols: number,
    resident: number | null,
    scratch: number,
  ): { at: number; width: number; blockBytes: number } {
    const width = resident === null ? pad4(cols) : blockWidth(cols);
    if (resident === null) this.place(B, rows, cols, scratch, width, pad4(rows));
    return { at: resident ?? scratch, width, blockBytes: pad4(rows) * width * BYTES };
  }

  /** src (rows × cols) into the heap at `at` (bytes) as rows × stride, zeros past cols. */
  private put(src: Float64Array, rows: number, cols: number, at: number, stride: number): void {
    const base = at / BYTES;
    if (cols === stride) {
      this.heap.set(src.subarray(0, rows * cols), base);
      return;
    }
    for (let i = 0; i < rows; i++) {
      this.heap.set(src.subarray(i * cols, (i + 1) * cols), base + i * stride);
      this.heap.fill(0, base + i * stride + cols, base + (i + 1) * stride);
    }
  }

  private take(dst: Float64Array, rows: number, cols: number, at: number, stride: number, add: boolean): void {
    const base = at / BYTES;
    const heap = this.heap;
    for (let i = 0; i < rows; i++) {
      const from = base + i * stride;
      if (!add) dst.set(heap.subarray(from, from + cols), i * cols);
      else for (let j = 0; j < cols; j++) dst[i * cols + j] += heap[from + j];
    }
  }

  private zero(at: number, doubles: number): void {
    this.heap.fill(0, at / BYTES, at / BYTES + doubles);
  }

  /** C (r × c) = A (r × n) · B (n × c), B blocked (its panels contiguous). */
  productNN(A: Float64Array, B: Float64Array, C: Float64Array, r: number, n: number, c: number): void {
    const rPad = pad4(r),
      cPad = pad4(c);
    this.kernels.prepare(rPad, cPad, n);
    const resident = this.resident(B, n, c);
    const [a, scratch, out] = this.regions(rPad * n, resident === null ? pad4(n) * cPad : 0, rPad * cPad);
    const { at: b, width, blockBytes } = this.operand(B, n, c, resident, scratch);
    this.place(A, r, n, a, n, rPad);
    this.zero(out, rPad * cPad);
    const args = [b, 0, a, n * BYTES, BYTES, out, cPad * BYTES, BYTES, rPad, cPad, n];
    this.kernels.call("panel", args, { layout: Layout.BLOCKED_V, panel: PANEL, width, blockBytes });
    this.take(C, r, c, out, cPad, false);
  }

  /**
   * G (m × m) = XᵀX for X of n × m, every sum from k = 0 up: the JavaScript gram's bits. Both
   * operands are one copy of X (its held one, in blocks), S read down its blocks' columns. The
   * kernels compute the blocks on and above the diagonal; the rest is their mirror image, as in
   * the JavaScript gram (X[k][i]·X[k][j] and X[k][j]·X[k][i] round alike).
   */
  gram(X: Float64Array, G: Float64Array, n: number, m: number): void {
    const mPad = pad4(m);
    this.kernels.prepare(mPad, mPad, n);
    const resident = this.resident(X, n, m);
    const [scratch, out] = this.regions(resident === null ? pad4(n) * mPad : 0, mPad * mPad);
    const { at, width, blockBytes } = this.operand(X, n, m, resident, scratch);
    this.zero(out, mPad * mPad);
    // Strides and S's place are the layout's (runChunk): only C's are given.
    const args = [at, 0, at, 0, 0, out, mPad * BYTES, BYTES, mPad, mPad, n];
    this.kernels.call("panel", args, { layout: Layout.BLOCKED_VS, panel: PANEL, width, blockBytes });
    this.take(G, m, m, out, mPad, false);
    mirrorUpper(G, m);
  }

  /** C (r × c) += Aᵀ · B, A being n × r and B n × c. */
  productTN(A: Float64Array, B: Float64Array, C: Float64Array, r: number, n: number, c: number): void {
    const rPad = pad4(r),
      cPad = pad4(c);
    const [a, b, out] = this.regions(n * rPad, n * cPad, rPad * cPad);
    this.put(A, n, r, a, rPad);
    this.put(B, n, c, b, cPad);
    this.zero(out, rPad * cPad);
    const args = [b, cPad * BYTES, a, BYTES, rPad * BYTES, out, cPad * BYTES, BYTES, rPad, cPad, n];
    this.kernels.call("panel", args, { layout: Layout.PLAIN, panel: PANEL });
    this.take(C, r, c, out, cPad, true);
  }

  /**
   * C (r × c) += A (r × n) · Bᵀ, B being c × n. The kernel's vectors run down C's columns, over
   * Aᵀ (n × rPad, transposed here: r·n doubles against the r·n·c multiply-adds).
   */
  productNT(A: Float64Array, B: Float64Array, C: Float64Array, r: number, n: number, c: number): void {
    const rPad = pad4(r),
      cPad = pad4(c);
    this.kernels.prepare(cPad, rPad, n);
    const resident = this.resident(B, c, n);
    const [at, scratch, out] = this.regions(n * rPad, resident === null ? cPad * pad4(n) : 0, rPad * cPad);
    const { at: b, width, blockBytes } = this.operand(B, c, n, resident, scratch);
    const heap = this.heap;
    const atBase = at / BYTES;
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < r; k++) heap[atBase + j * rPad + k] = A[k * n + j];
      for (let k = r; k < rPad; k++) heap[atBase + j * rPad + k] = 0;
    }
    this.place(C, r, c, out, cPad, rPad);
    // nt starts each sum from 0 and adds it to C at the end: one call, the whole of n.
    const args = [at, rPad * BYTES, b, 0, BYTES, out, BYTES, cPad * BYTES, cPad, rPad, n];
    this.kernels.call("nt", args, { layout: Layout.BLOCKED_S, width, blockBytes });
    this.take(C, r, c, out, cPad, false);
  }
}

const pad4 = (size: number): number => Math.ceil(size / 4) * 4;
/**
 * Columns per block of a held copy of `cols` columns: a copy narrower than two blocks (a
 * mini-batch) is one block, plain rows made by one straight copy.
 */
const blockWidth = (cols: number): number => (cols <= 2 * BLOCK ? pad4(cols) : BLOCK);
