// The blocked products give the plain loops' results to the bit (same order of additions in
// every sum), on shapes with every remainder (mod 4, mod 8, across panels of 64).
import { describe, expect, test } from "vitest";
import { gram, productNN, productNT, productTN } from "./products.js";

function filled(length: number, seed: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => (Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453) % 1);
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 4, 4],
  [7, 130, 9],
  [20, 67, 209],
  [9, 200, 13],
];

describe.each(shapes)("products of %i × %i × %i", (r, n, c) => {
  test("productNN: C = A·B, each sum from i = 0 up", () => {
    const A = filled(r * n, 1);
    const B = filled(n * c, 2);
    const C = filled(r * c, 3);
    productNN(A, B, C, r, n, c);
    for (let k = 0; k < r; k++)
      for (let j = 0; j < c; j++) {
        let s = A[k * n] * B[j];
        for (let i = 1; i < n; i++) s += A[k * n + i] * B[i * c + j];
        expect(C[k * c + j]).toBe(s);
      }
  });

  test("productNT: C += A·Bᵀ, each dot product from j = 0 up, then added", () => {
    const A = filled(r * n, 4);
    const B = filled(c * n, 5);
    const C0 = filled(r * c, 6);
    const C = Float64Array.from(C0);
    productNT(A, B, C, r, n, c);
    for (let k = 0; k < r; k++)
      for (let q = 0; q < c; q++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[k * n + j] * B[q * n + j];
        expect(C[k * c + q]).toBe(C0[k * c + q] + s);
      }
  });

  test("productTN: C += Aᵀ·B, each sum from k = 0 up, then added", () => {
    const A = filled(n * r, 7);
    const B = filled(n * c, 8);
    const C0 = filled(r * c, 9);
    const C = Float64Array.from(C0);
    productTN(A, B, C, r, n, c);
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++) {
        let s = A[i] * B[j];
        for (let k = 1; k < n; k++) s += A[k * r + i] * B[k * c + j];
        expect(C[i * c + j]).toBe(C0[i * c + j] + s);
      }
  });

  test("gram: G = XᵀX, symmetric to the bit, each sum from k = 0 up", () => {
    const X = filled(n * c, 10);
    const G = new Float64Array(c * c);
    gram(X, G, n, c);
    for (let i = 0; i < c; i++)
      for (let j = 0; j < c; j++) {
        let s = X[i] * X[j];
        for (let k = 1; k < n; k++) s += X[k * c + i] * X[k * c + j];
        expect(G[i * c + j]).toBe(s);
      }
  });
});
