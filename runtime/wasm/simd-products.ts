// The dense-layer products (runtime/ops/products.ts's contract) on the SIMD kernels
// (simd-kernels.ts) when the product is large enough to pay for copying its operands into their
// memory, else the JavaScript kernels: the same bits either way. Also what the runtime tells
// them: the threads they may use, and the arrays promised unchanged (held constants), whose
// copies they keep. See spec/semantics.md, "Kernels".
import { gram as jsGram, productNN as jsNN, productNT as jsNT, productTN as jsTN } from "../ops/products.js";
import { productModuleBytes } from "./product-kernels.js";
import { SimdKernels } from "./simd-kernels.js";
import type { ParallelExecutor } from "../parallel.js";

/**
 * Multiply-adds (r·n·c) below which the JavaScript kernels run: there the calls, copies and
 * padding cost more than SIMD saves. Measured (best of 7, Node 20, x86-64): JavaScript wins below
 * ~1000 multiply-adds, the two are even around 4000 (SIMD loses on a single row, padded to 4),
 * and SIMD is 1.8-3x faster from ~7000 up and 3-8x on the cat lessons' first layer.
 */
export const SIMD_THRESHOLD = 8192;
let simd: SimdKernels | null | undefined;

/** The SIMD kernels, or null where WebAssembly SIMD is missing or switched off. */
function simdKernels(): SimdKernels | null {
  if (simd === undefined) simd = kernelsWanted === "js" ? null : tryCreate();
  return simd;
}

function tryCreate(): SimdKernels | null {
  try {
    if (typeof WebAssembly !== "object" || !WebAssembly.validate(productModuleBytes() as BufferSource)) return null;
  } catch {
    return null;
  }
  try {
    return new SimdKernels(executor);
  } catch {
    // No shared memory here (a page that is not cross-origin isolated): one thread.
    try {
      return new SimdKernels();
    } catch {
      return null;
    }
  }
}

let executor: ParallelExecutor | undefined;

/**
 * The threads large products may split across from now on (runtime/parallel.ts); undefined: this
 * thread only. Changing it starts the kernels afresh, so hold constants after this call.
 */
export function useParallelExecutor(next: ParallelExecutor | undefined): void {
  if (next === executor) return;
  executor = next;
  // The old kernels' helpers hold their memory: let them go with it.
  simd?.close();
  simd = undefined;
}

/** The SIMD kernels called directly, whatever the size (tests), or null where unsupported. */
export function simdProductsForTesting(): Pick<SimdKernels, "productNN" | "productNT" | "productTN" | "gram"> | null {
  return simdKernels();
}

/**
 * Promises that `array` does not change until released (the training data during a training
 * loop, a mini-batch during its step): the SIMD products then copy it into their memory once
 * instead of on every call.
 */
export function holdConstant(array: Float64Array): void {
  heldConstants.set(array, ++holds);
  simdKernels()?.holdConstant(array);
}

export function releaseConstant(array: Float64Array): void {
  heldConstants.delete(array);
  simd?.releaseConstant(array);
}

/** Held arrays and the hold each is under; holds are numbered from 1 and never reused. */
const heldConstants = new Map<Float64Array, number>();
let holds = 0;

/**
 * The hold `array` is under now, or 0 if it is not held: a copy of it made under the same hold is
 * still good. A number, not a yes or no: an array released, changed and held again (a
 * mini-batch's view, rewritten every epoch) is under a new hold, and an old copy must go.
 */
export function constantHold(array: Float64Array): number {
  return heldConstants.get(array) ?? 0;
}

/** Bytes of WebAssembly memory the held constants' copies take now (tests: each is held once). */
export function heldConstantBytes(): number {
  return simd?.residentBytes() ?? 0;
}

export type ProductKernels = "simd" | "js";

let kernelsWanted: ProductKernels = typeof process !== "undefined" && process.env?.NNC_KERNELS === "js" ? "js" : "simd";

/** Which kernels the large products use ("simd" falls back to "js" where unsupported). */
export function useProductKernels(kernels: ProductKernels): void {
  kernelsWanted = kernels;
  simd?.close();
  simd = undefined;
}

let simdValidates: boolean | undefined;

/**
 * Whether WebAssembly SIMD runs here and is wanted (not NNC_KERNELS=js nor useProductKernels("js")):
 * the generated per-example code takes its SIMD form only then.
 */
export function simdRuns(): boolean {
  if (kernelsWanted === "js") return false;
  if (simdValidates === undefined) {
    try {
      simdValidates = typeof WebAssembly === "object" && WebAssembly.validate(productModuleBytes() as BufferSource);
    } catch {
      simdValidates = false;
    }
  }
  return simdValidates;
}

/** Products run on the SIMD kernels since start-up: where the module failed to build, none. */
let simdProducts = 0;

/**
 * How many products have run on the SIMD kernels: the results are the same to the bit either way,
 * so this is how a test (test/browser-core.test.ts) sees that a browser ran them, not the fallback.
 */
export function simdProductCount(): number {
  return simdProducts;
}

/** The kernels a product of r × n × c multiply-adds would run on now. */
export function productKernelsFor(r: number, n: number, c: number): ProductKernels {
  return r * n * c >= SIMD_THRESHOLD && simdKernels() ? "simd" : "js";
}

/** The SIMD kernels if a product of r × n × c runs on them (counted), else null: the JavaScript kernels. */
function simdFor(r: number, n: number, c: number): SimdKernels | null {
  if (productKernelsFor(r, n, c) === "js") return null;
  simdProducts++;
  return simd!;
}

export function productNN(A: Float64Array, B: Float64Array, C: Float64Array, r: number, n: number, c: number): void {
  const kernels = simdFor(r, n, c);
  if (kernels) kernels.productNN(A, B, C, r, n, c);
  else jsNN(A, B, C, r, n, c);
}

export function productNT(A: Float64Array, B: Float64Array, C: Float64Array, r: number, n: number, c: number): void {
  const kernels = simdFor(r, n, c);
  if (kernels) kernels.productNT(A, B, C, r, n, c);
  else jsNT(A, B, C, r, n, c);
}

export function productTN(A: Float64Array, B: Float64Array, C: Float64Array, r: number, n: number, c: number): void {
  const kernels = simdFor(r, n, c);
  if (kernels) kernels.productTN(A, B, C, r, n, c);
  else jsTN(A, B, C, r, n, c);
}

/** G (m × m) = XᵀX for X of n × m (the first-layer rewrite's Gram matrix), as runtime/ops/products.ts's gram. */
export function gram(X: Float64Array, G: Float64Array, n: number, m: number): void {
  const kernels = simdFor(m, n, m);
  if (kernels) kernels.gram(X, G, n, m);
  else jsGram(X, G, n, m);
}
