// glibcLog and fusedMultiplyAdd against the C library (test/golden/numpy/glibc-log.json, made by
// scripts/make-goldens.py through Python's math.log, i.e. libm's log()). Bit for bit. The file
// includes 200 inputs near 1 where glibc's fused multiply-adds decide the last bit, found by
// search; the full 50-million-input comparison is scripts/verify-glibc-log.ts.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fusedMultiplyAdd, glibcLog } from "./glibc-log.js";

const goldens = JSON.parse(readFileSync(new URL("../../test/golden/numpy/glibc-log.json", import.meta.url), "utf8"));

function fromBits(hex: string): number {
  return new Float64Array(new BigUint64Array([BigInt(`0x${hex}`)]).buffer)[0];
}

function toBits(value: number): string {
  return new BigUint64Array(new Float64Array([value]).buffer)[0].toString(16).padStart(16, "0");
}

describe("glibcLog", () => {
  it(`matches libm's log() on all ${goldens.log.length} recorded inputs`, () => {
    const mismatches = goldens.log.filter(([x, y]: [string, string]) => toBits(glibcLog(fromBits(x))) !== y);
    expect(mismatches).toEqual([]);
  });

  it("includes inputs where Math.log differs, so the port is doing real work", () => {
    const differing = goldens.log.filter(([x, y]: [string, string]) => toBits(Math.log(fromBits(x))) !== y);
    expect(differing.length).toBeGreaterThan(100);
  });

  it("handles the special values like C", () => {
    expect(glibcLog(1)).toBe(0);
    expect(glibcLog(0)).toBe(-Infinity);
    expect(glibcLog(-0)).toBe(-Infinity);
    expect(glibcLog(Infinity)).toBe(Infinity);
    expect(glibcLog(-1)).toBeNaN();
    expect(glibcLog(NaN)).toBeNaN();
    expect(glibcLog(5e-324)).toBe(-744.4400719213812);
  });
});

describe("fusedMultiplyAdd", () => {
  it(`rounds once, like a hardware FMA, on ${goldens.fma.length} triples`, () => {
    const mismatches = goldens.fma.filter(
      ([a, b, c, expected]: string[]) => toBits(fusedMultiplyAdd(fromBits(a), fromBits(b), fromBits(c))) !== expected,
    );
    expect(mismatches).toEqual([]);
  });

  it("keeps the low bits a plain multiply-add loses", () => {
    const a = 1 + 2 ** -30;
    // a² = 1 + 2^-29 + 2^-60: the 2^-60 survives only when the product is not rounded first.
    expect(fusedMultiplyAdd(a, a, -(1 + 2 ** -29))).toBe(2 ** -60);
    expect(a * a - (1 + 2 ** -29)).toBe(0);
  });
});
