// The product kernels compiled for this machine (node/native/kernels.c, node/native-kernels.ts):
// built by `npm ci` here, they give the JavaScript kernels' bits on one thread for every padding
// remainder and both layouts of the held data, and refuse a chunk that reaches outside their memory
// instead of writing there. test/threads.test.ts runs them split across threads.
import { afterAll, describe, expect, test } from "vitest";
import * as js from "../runtime/ops/products.js";
import { CHUNK_SIZE, Layout } from "../runtime/parallel.js";
import {
  gram,
  holdConstant,
  productNN,
  productNT,
  productTN,
  releaseConstant,
  simdProductCount,
  useParallelExecutor,
} from "../runtime/wasm/simd-products.js";
import { nativeKernels } from "../node/native-kernels.js";
import { workerPool } from "../node/worker-pool.js";
import { expectSameBits, filled } from "./helpers/bits.js";

const switchedOff = process.env.NNC_KERNELS === "simd" || process.env.NNC_KERNELS === "js";

test("the compiled kernels were built by npm ci and load (NNC_KERNELS=simd switches them off)", () => {
  const native = nativeKernels();
  if (switchedOff) {
    expect(native).toBeNull();
    return;
  }
  // A machine of this project's kind has g++ and Node's headers: a failed build is a failure here.
  expect(native, "build/Release/nnc_kernels.node is missing: run `node scripts/build-native.mjs`").not.toBeNull();
  expect([4, 8]).toContain(native!.lanes);
});

describe.skipIf(switchedOff)("the compiled kernels on one thread", () => {
  const pool = workerPool(1);
  afterAll(() => {
    useParallelExecutor(undefined);
    pool.close();
  });

  // Every remainder of r, n and c mod 4 and mod 16 (a tile of 8-wide vectors is 16 wide), a single
  // row, a single column pair, and the cat lessons' first layer.
  const shapes: [number, number, number][] = [
    [20, 600, 209],
    [9, 2001, 130],
    [7, 257, 13],
    [13, 209, 103],
    [1, 901, 257],
    [130, 250, 9],
    [5, 12288, 21],
    [22, 400, 2],
  ];

  test.each(shapes)("of %i × %i × %i: the JS kernels' bits", (r, n, c) => {
    const A = filled(r * n, 1),
      B = filled(n * c, 2),
      At = filled(n * r, 3),
      Bt = filled(c * n, 4);
    const expected = { nn: new Float64Array(r * c), nt: filled(r * c, 5), tn: filled(r * c, 6) };
    js.productNN(A, B, expected.nn, r, n, c);
    js.productNT(A, Bt, expected.nt, r, n, c);
    js.productTN(At, B, expected.tn, r, n, c);
    useParallelExecutor(pool);
    const before = simdProductCount();
    const actual = { nn: filled(r * c, 7), nt: filled(r * c, 5), tn: filled(r * c, 6) };
    productNN(A, B, actual.nn, r, n, c);
    productNT(A, Bt, actual.nt, r, n, c);
    productTN(At, B, actual.tn, r, n, c);
    expect(simdProductCount() - before).toBe(3);
    expectSameBits(actual.nn, expected.nn);
    expectSameBits(actual.nt, expected.nt);
    expectSameBits(actual.tn, expected.tn);
  });

  test.each([
    [20, 600, 211],
    [7, 300, 40],
  ])("on held data of %i units × %i features × %i examples (in blocks, or one plain block)", (units, features, m) => {
    const W = filled(units * features, 1),
      X = filled(features * m, 2),
      dZ = filled(units * m, 3);
    const expected = { Z: new Float64Array(units * m), dW: filled(units * features, 4) };
    js.productNN(W, X, expected.Z, units, features, m);
    js.productNT(dZ, X, expected.dW, units, m, features);
    useParallelExecutor(pool);
    holdConstant(X);
    try {
      const actual = { Z: new Float64Array(units * m), dW: filled(units * features, 4) };
      productNN(W, X, actual.Z, units, features, m);
      productNT(dZ, X, actual.dW, units, m, features);
      expectSameBits(actual.Z, expected.Z);
      expectSameBits(actual.dW, expected.dW);
    } finally {
      releaseConstant(X);
    }
  });

  test.each([
    [600, 211, true],
    [257, 40, true],
    [300, 130, false],
  ])("gram: XᵀX of %i × %i (held: %s), the JavaScript gram's bits", (n, m, held) => {
    const X = filled(n * m, 5);
    const expected = new Float64Array(m * m);
    js.gram(X, expected, n, m);
    useParallelExecutor(pool);
    const before = simdProductCount();
    const actual = filled(m * m, 6);
    if (held) holdConstant(X);
    try {
      gram(X, actual, n, m);
    } finally {
      if (held) releaseConstant(X);
    }
    expect(simdProductCount() - before).toBe(1);
    expectSameBits(actual, expected);
  });

  test("a chunk reaching outside the memory throws and writes nothing", () => {
    const native = nativeKernels()!;
    const heap = new Float64Array(1024);
    heap.fill(1);
    // A 4 × 4 product over 8 k: V at 0, S at 512 bytes, C at 4096 bytes, but k runs past the end.
    const chunk = new Int32Array(CHUNK_SIZE);
    chunk.set([0, 0, 32, 512, 64, 8, 4096, 32, 8, 4, 4, 8, 8, Layout.PLAIN, 0, 0, 1, 0, 4]);
    native.runChunk(heap, chunk, 0);
    expect(heap[512]).toBe(9); // 1 + Σ of eight 1·1: the chunk runs where it fits
    const before = Float64Array.from(heap);
    chunk[11] = 1000; // kCount: V's rows would run to 32 KB
    expect(() => native.runChunk(heap, chunk, 0)).toThrow(RangeError);
    chunk[11] = 8;
    chunk[6] = 8184; // C's last row past the end
    expect(() => native.runChunk(heap, chunk, 0)).toThrow(/outside the heap/);
    expect(() => native.runChunk(heap, chunk, 1)).toThrow(/outside the control words/);
    expectSameBits(heap, before);
  });
});
