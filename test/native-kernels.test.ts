// The product kernels compiled for this machine (node/native/kernels.c, node/native-kernels.ts):
// built by `npm ci` here, they give the JavaScript kernels' bits on one thread for every padding
// remainder and both layouts of the held data, and refuse a chunk that reaches outside their memory
// instead of writing there. test/threads.test.ts runs them split across threads.
import { afterAll, describe, expect, test } from "vitest";
import { CHUNK_SIZE, Layout } from "../runtime/parallel.js";
import { simdProductCount, useParallelExecutor } from "../runtime/wasm/simd-products.js";
import { nativeKernels } from "../node/native-kernels.js";
import { workerPool } from "../node/worker-pool.js";
import {
  expectGramAsJavaScript,
  expectHeldDataProductsAsJavaScript,
  expectProductsAsJavaScript,
  expectSameBits,
} from "./helpers/kernels.js";

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
    useParallelExecutor(pool);
    const before = simdProductCount();
    expectProductsAsJavaScript(r, n, c);
    expect(simdProductCount() - before).toBe(3);
  });

  test.each([
    [20, 600, 211],
    [7, 300, 40],
  ])("on held data of %i units × %i features × %i examples (in blocks, or one plain block)", (units, features, m) => {
    useParallelExecutor(pool);
    expectHeldDataProductsAsJavaScript(units, features, m);
  });

  test.each([
    [600, 211, true],
    [257, 40, true],
    [300, 130, false],
  ])("gram: XᵀX of %i × %i (held: %s), the JavaScript gram's bits", (n, m, held) => {
    useParallelExecutor(pool);
    const before = simdProductCount();
    expectGramAsJavaScript(n, m, held);
    expect(simdProductCount() - before).toBe(1);
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
