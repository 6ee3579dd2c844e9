// What the kernel tests share: operands filled with reproducible values in (-2, 2), and a check
// that two results are the same to the bit (signed zeros included), naming the first difference.
import { expect } from "vitest";

/** `length` numbers in (-2, 2), the same for the same seed. */
export function filled(length: number, seed: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => ((Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453) % 1) * 2);
}

/** Same bits, signed zeros included. */
export function expectSameBits(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Array.from(actual).findIndex((value, i) => !Object.is(value, expected[i]))).toBe(-1);
}
