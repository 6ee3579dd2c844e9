// What the kernel tests share: operands filled with reproducible values in (-2, 2), a check that
// two results are the same to the bit (signed zeros included), and the checks that the products
// (runtime/wasm/simd-products.ts, on whatever kernels and threads are in use) give the JavaScript
// kernels' bits: the three products, a layer's two products on its held data, and XᵀX.
import { expect } from "vitest";
import * as js from "../../runtime/ops/products.js";
import {
  gram,
  holdConstant,
  productNN,
  productNT,
  productTN,
  releaseConstant,
} from "../../runtime/wasm/simd-products.js";

/** `length` numbers in (-2, 2), the same for the same seed. */
export function filled(length: number, seed: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => ((Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453) % 1) * 2);
}

/** Same bits, signed zeros included. */
export function expectSameBits(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Array.from(actual).findIndex((value, i) => !Object.is(value, expected[i]))).toBe(-1);
}

/** C = A·B, C += A·Bᵀ and C += Aᵀ·B of r × n × c: the JavaScript kernels' bits. Returns A and B. */
export function expectProductsAsJavaScript(r: number, n: number, c: number): { A: Float64Array; B: Float64Array } {
  const A = filled(r * n, 1),
    B = filled(n * c, 2),
    At = filled(n * r, 3),
    Bt = filled(c * n, 4);
  const expected = { nn: new Float64Array(r * c), nt: filled(r * c, 5), tn: filled(r * c, 6) };
  js.productNN(A, B, expected.nn, r, n, c);
  js.productNT(A, Bt, expected.nt, r, n, c);
  js.productTN(At, B, expected.tn, r, n, c);
  const actual = { nn: filled(r * c, 7), nt: filled(r * c, 5), tn: filled(r * c, 6) };
  productNN(A, B, actual.nn, r, n, c);
  productNT(A, Bt, actual.nt, r, n, c);
  productTN(At, B, actual.tn, r, n, c);
  expectSameBits(actual.nn, expected.nn);
  expectSameBits(actual.nt, expected.nt);
  expectSameBits(actual.tn, expected.tn);
  return { A, B };
}

/**
 * A layer's Z = W·X and dW += dZ·Xᵀ with X (features × m) held constant, `repeats` times (the
 * later ones reuse the resident copy): the JavaScript kernels' bits.
 */
export function expectHeldDataProductsAsJavaScript(units: number, features: number, m: number, repeats = 1): void {
  const W = filled(units * features, 1),
    X = filled(features * m, 2),
    dZ = filled(units * m, 3);
  const expected = { Z: new Float64Array(units * m), dW: filled(units * features, 4) };
  js.productNN(W, X, expected.Z, units, features, m);
  js.productNT(dZ, X, expected.dW, units, m, features);
  holdConstant(X);
  try {
    for (let repeat = 0; repeat < repeats; repeat++) {
      const actual = { Z: new Float64Array(units * m), dW: filled(units * features, 4) };
      productNN(W, X, actual.Z, units, features, m);
      productNT(dZ, X, actual.dW, units, m, features);
      expectSameBits(actual.Z, expected.Z);
      expectSameBits(actual.dW, expected.dW);
    }
  } finally {
    releaseConstant(X);
  }
}

/** G = XᵀX for X of n × m, held constant or not: the JavaScript gram's bits. */
export function expectGramAsJavaScript(n: number, m: number, held: boolean): void {
  const X = filled(n * m, 5);
  const expected = new Float64Array(m * m);
  js.gram(X, expected, n, m);
  const actual = filled(m * m, 6);
  if (held) holdConstant(X);
  try {
    gram(X, actual, n, m);
  } finally {
    if (held) releaseConstant(X);
  }
  expectSameBits(actual, expected);
}
