// fdlibm's sin and cos, ported: bit for bit the values Node 20's Math.sin and Math.cos wrote into
// test/golden/data/fdlibm-trig.json (scripts/make-trig-goldens.ts, which first compared the port
// with them on four million more inputs), whatever engine runs this test.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cos, sin } from "./fdlibm-trig.js";

const goldenFile = new URL("../../test/golden/data/fdlibm-trig.json", import.meta.url);
const golden = JSON.parse(readFileSync(goldenFile, "utf8")) as {
  v8: string;
  x: number[];
  sin: number[];
  cos: number[];
};

function differing(f: (x: number) => number, expected: number[]): string[] {
  return golden.x.flatMap((x, i) => (Object.is(f(x), expected[i]) ? [] : [`${x}: ${f(x)} ≠ ${expected[i]}`]));
}

describe("fdlibm's sin and cos", () => {
  it("give Node 20's values on the lessons' angles, near multiples of π/2, and any bits up to 2^20·π/2", () => {
    expect(golden.v8).toMatch(/^11\./);
    expect(golden.x.length).toBe(2450);
    expect(differing(sin, golden.sin)).toEqual([]);
    expect(differing(cos, golden.cos)).toEqual([]);
  });

  it("are exact where the answer is: zero, and signed zero", () => {
    expect([sin(0), cos(0), Object.is(sin(-0), -0)]).toEqual([0, 1, true]);
  });

  it("give NaN for infinities and NaN, and refuse arguments past the medium reduction", () => {
    expect([sin(Infinity), cos(-Infinity), sin(NaN)]).toEqual([NaN, NaN, NaN]);
    expect(sin(1_600_000)).toBeCloseTo(Math.sin(1_600_000), 12);
    expect(() => cos(1_700_000)).toThrow(RangeError);
  });
});
