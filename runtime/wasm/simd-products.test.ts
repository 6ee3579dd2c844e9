// The WebAssembly SIMD products give the JavaScript kernels' results to the bit (the same sums in
// the same order, one lane each), on shapes with every padding remainder and across panels; the
// emitted module is valid WebAssembly; small products and NNC_KERNELS=js stay in JavaScript.
import { afterEach, describe, expect, test } from "vitest";
import * as js from "../ops/products.js";
import { sleb, uleb } from "./binary.js";
import { productModuleBytes } from "./product-kernels.js";
import {
  heldConstantBytes,
  holdConstant,
  productKernelsFor,
  releaseConstant,
  SIMD_THRESHOLD,
  simdProductsForTesting,
  useProductKernels,
} from "./simd-products.js";
import { expectSameBits, filled } from "../../test/helpers/kernels.js";

const pad4 = (size: number): number => Math.ceil(size / 4) * 4;

test("LEB128 encodings of the specification's examples", () => {
  expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
  expect(uleb(0)).toEqual([0]);
  expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  expect(sleb(64)).toEqual([0xc0, 0x00]);
  expect(sleb(-1)).toEqual([0x7f]);
});

test("the emitted module is valid WebAssembly exporting its two kernels", () => {
  const bytes = productModuleBytes();
  expect(WebAssembly.validate(bytes)).toBe(true);
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map(({ name }) => name);
  expect(exports).toEqual(["panel", "nt"]);
});

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 4, 4],
  [7, 130, 9],
  [20, 300, 209],
  [9, 257, 13],
  [5, 209, 1030],
];

describe.each(shapes)("SIMD products of %i × %i × %i", (r, n, c) => {
  const simd = simdProductsForTesting()!;

  test("productNN", () => {
    const A = filled(r * n, 1),
      B = filled(n * c, 2);
    const expected = filled(r * c, 3),
      actual = filled(r * c, 4);
    js.productNN(A, B, expected, r, n, c);
    simd.productNN(A, B, actual, r, n, c);
    expectSameBits(actual, expected);
  });

  test("productNT (C += A·Bᵀ)", () => {
    const A = filled(r * n, 5),
      B = filled(c * n, 6);
    const expected = filled(r * c, 7),
      actual = Float64Array.from(expected);
    js.productNT(A, B, expected, r, n, c);
    simd.productNT(A, B, actual, r, n, c);
    expectSameBits(actual, expected);
  });

  test("productTN (C += Aᵀ·B)", () => {
    const A = filled(n * r, 8),
      B = filled(n * c, 9);
    const expected = filled(r * c, 10),
      actual = Float64Array.from(expected);
    js.productTN(A, B, expected, r, n, c);
    simd.productTN(A, B, actual, r, n, c);
    expectSameBits(actual, expected);
  });
});

// The held copy is stored in blocks of 32 examples (simd-kernels.ts): 209 as six whole blocks and
// one of 17; 33 (up to 64) as one block, plain rows.
test.each([
  [7, 150, 33],
  [5, 70, 209],
])(
  "a data set held constant (%i × %i × %i) is copied once and used by both products; released, changes are seen",
  (r, n, c) => {
    const simd = simdProductsForTesting()!;
    const X = filled(n * c, 11),
      W = filled(r * n, 12),
      dZ = filled(r * c, 13);
    const expectedZ = new Float64Array(r * c),
      expectedDW = filled(r * n, 14);
    js.productNN(W, X, expectedZ, r, n, c);
    js.productNT(dZ, X, expectedDW, r, c, n);
    holdConstant(X);
    try {
      for (let repeat = 0; repeat < 2; repeat++) {
        const Z = new Float64Array(r * c),
          dW = filled(r * n, 14);
        simd.productNN(W, X, Z, r, n, c);
        simd.productNT(dZ, X, dW, r, c, n);
        expectSameBits(Z, expectedZ);
        expectSameBits(dW, expectedDW);
        // One copy, not one per product: n rows padded to whole tiles of 4, c to whole blocks of
        // 32, or to a multiple of 4 where it is one block (up to 64).
        expect(heldConstantBytes()).toBe(pad4(n) * (c <= 64 ? pad4(c) : Math.ceil(c / 32) * 32) * 8);
      }
    } finally {
      releaseConstant(X);
    }
    X[5] += 1;
    js.productNN(W, X, expectedZ, r, n, c);
    const Z = new Float64Array(r * c);
    simd.productNN(W, X, Z, r, n, c);
    expectSameBits(Z, expectedZ);
  },
);

// XᵀX of the first-layer rewrite: 70 and 209 examples in blocks of 32 (the last one 6 or 17 wide,
// so a block of y and one of x both end inside a tile row), 33 as one plain block; not held, a
// plain copy for the call. Each G[i][j] the JavaScript gram's sum, so also symmetric to the bit.
test.each([
  [150, 33, true],
  [70, 70, true],
  [300, 209, true],
  [130, 209, false],
  [9, 5, false],
])("gram: XᵀX of %i × %i (held: %s), the JavaScript gram's bits", (n, m, held) => {
  const simd = simdProductsForTesting()!;
  const X = filled(n * m, 15);
  const expected = new Float64Array(m * m);
  js.gram(X, expected, n, m);
  const actual = filled(m * m, 16);
  if (held) holdConstant(X);
  try {
    simd.gram(X, actual, n, m);
    if (held) expect(heldConstantBytes()).toBeGreaterThan(0);
  } finally {
    if (held) releaseConstant(X);
  }
  expectSameBits(actual, expected);
  expect(actual[1 * m + 3]).toBe(actual[3 * m + 1]);
});

describe("which kernels run", () => {
  afterEach(() => useProductKernels("simd"));

  test("the cat lessons' first-layer products run on SIMD, small ones in JavaScript", () => {
    expect(productKernelsFor(20, 12288, 209)).toBe("simd");
    expect(productKernelsFor(20, 209, 12288)).toBe("simd");
    expect(productKernelsFor(7, 20, 209)).toBe("simd");
    expect(productKernelsFor(5, 7, 209)).toBe("js");
    expect(5 * 7 * 209).toBeLessThan(SIMD_THRESHOLD);
  });

  test("switched to JavaScript, every product stays there", () => {
    useProductKernels("js");
    expect(productKernelsFor(20, 12288, 209)).toBe("js");
    expect(simdProductsForTesting()).toBeNull();
  });
});
