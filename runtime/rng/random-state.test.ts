// RandomState against numpy 1.24's own outputs (test/golden/numpy, made by scripts/make-goldens.py).
// Everything here is compared bit for bit: numpy's legacy generator is exact, and with glibc's log
// ported (glibc-log.ts) so are its gaussians.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MT19937, RandomState } from "./index.js";

const goldenDirectory = new URL("../../test/golden/numpy/", import.meta.url);

function golden(name: string): any {
  return JSON.parse(readFileSync(new URL(name, goldenDirectory), "utf8"));
}

function doubles(base64: string): Float64Array {
  const bytes = Buffer.from(base64, "base64");
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function fromBits(hex: string): number {
  return new Float64Array(new BigUint64Array([BigInt(`0x${hex}`)]).buffer)[0];
}

/** Index of the first element whose bits differ, or -1: a readable failure instead of a huge diff. */
function firstDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Math.min(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) if (!Object.is(actual[i], expected[i])) return i;
  return -1;
}

describe("MT19937", () => {
  const { seeds } = golden("mt19937.json");
  it.each(Object.keys(seeds))("gives numpy's raw 32-bit words after seed %s (2000 draws, three refills)", (seed) => {
    const generator = new MT19937(Number(seed));
    const words = Array.from({ length: 2000 }, () => generator.nextUint32());
    expect(words).toEqual(seeds[seed]);
  });

  it("rejects seeds numpy rejects", () => {
    expect(() => new MT19937(-1)).toThrow(RangeError);
    expect(() => new MT19937(2 ** 32)).toThrow(RangeError);
    expect(() => new MT19937(1.5)).toThrow(RangeError);
  });
});

describe("uniform doubles", () => {
  const { rand, uniform } = golden("uniform.json");
  it.each(Object.keys(rand))("rand(20000) after seed %s is numpy's, bit for bit", (seed) => {
    const expected = doubles(rand[seed]);
    expect(firstDifference(new RandomState(Number(seed)).rand(expected.length), expected)).toBe(-1);
  });

  it("randomSample() is rand's element, one at a time", () => {
    const state = new RandomState(0);
    expect(state.randomSample()).toBe(doubles(rand["0"])[0]);
  });

  it.each<any>(uniform)("uniform(low, high, size) after seed $seed", (c) => {
    const state = new RandomState(c.seed);
    const expected = doubles(c.values);
    expect(firstDifference(state.uniform(fromBits(c.low), fromBits(c.high), c.size), expected)).toBe(-1);
  });

  it("refuses an infinite range as numpy does", () => {
    expect(() => new RandomState(0).uniform(-Number.MAX_VALUE, Number.MAX_VALUE, 1)).toThrow(RangeError);
  });
});

describe("gaussians", () => {
  const { randn, cache, normal } = golden("gaussian.json");
  let total = 0;
  it.each(Object.keys(randn))("randn(40000) after seed %s is numpy's, bit for bit", (seed) => {
    const expected = doubles(randn[seed]);
    total += expected.length;
    expect(firstDifference(new RandomState(Number(seed)).randn(expected.length), expected)).toBe(-1);
  });

  it("covered at least 200,000 draws", () => {
    expect(total).toBeGreaterThanOrEqual(200_000);
  });

  it("keeps the second gaussian of a pair across calls, and seed() forgets it", () => {
    const state = new RandomState(cache.seed);
    const drawn = [state.standardNormal(), ...state.randn(5), ...state.randn(2)];
    expect(firstDifference(drawn, doubles(cache.values))).toBe(-1);
    state.seed(cache.seed);
    expect(firstDifference(state.randn(3), doubles(cache.after_reseed))).toBe(-1);
  });

  it.each<any>(normal)("normal(loc, scale, size) after seed $seed", (c) => {
    const state = new RandomState(c.seed);
    expect(firstDifference(state.normal(fromBits(c.loc), fromBits(c.scale), c.size), doubles(c.values))).toBe(-1);
  });

  it("refuses a negative scale as numpy does", () => {
    expect(() => new RandomState(0).normal(0, -1, 1)).toThrow(RangeError);
  });
});

describe("integers", () => {
  const { randint, shuffle, shuffle_list, permutation } = golden("integers.json");

  it.each<any>(randint)("randint($low, $high) after seed $seed, and the stream after it", (c) => {
    const state = new RandomState(c.seed);
    expect(Array.from(state.randint(c.low, c.high, c.size))).toEqual(c.values);
    expect(firstDifference(state.rand(2), doubles(c.then_random_sample))).toBe(-1);
  });

  it("refuses empty or inexact ranges", () => {
    const state = new RandomState(0);
    expect(() => state.randint(3, 3, 1)).toThrow(RangeError);
    expect(() => state.randint(0, 2 ** 53 + 2, 1)).toThrow(RangeError);
    expect(() => state.randint(-(2 ** 52), 2 ** 52 + 2, 1)).toThrow(RangeError);
    expect(() => state.randint(0.5, 3, 1)).toThrow(RangeError);
  });

  it.each<any>(shuffle)("shuffle(arange($n)) after seed $seed", (c) => {
    const state = new RandomState(c.seed);
    const values = Array.from({ length: c.n }, (_, i) => i);
    state.shuffle(values);
    expect(values).toEqual(c.values);
    expect(firstDifference(state.rand(2), doubles(c.then_random_sample))).toBe(-1);
  });

  it("shuffles a list of anything the same way", () => {
    const state = new RandomState(shuffle_list.seed);
    const words = Array.from({ length: 50 }, (_, i) => `w${i}`);
    state.shuffle(words);
    expect(words).toEqual(shuffle_list.values);
  });

  it.each<any>(permutation)("permutation($n) after seed $seed", (c) => {
    const state = new RandomState(c.seed);
    expect(Array.from(state.permutation(c.n))).toEqual(c.values);
    expect(firstDifference(state.rand(2), doubles(c.then_random_sample))).toBe(-1);
  });
});

describe("the lessons' numbers", () => {
  it("He init of [2, 4, 1] after seed 3 gives the published W1 (randn(4, 2) * sqrt(2 / 2))", () => {
    const W1 = new RandomState(3).randn(8).map((value) => value * Math.sqrt(2 / 2));
    const published = [
      1.78862847, 0.43650985, 0.09649747, -1.8634927, -0.2773882, -0.35475898, -0.08274148, -0.62700068,
    ];
    W1.forEach((value, i) => expect(value).toBeCloseTo(published[i], 8));
  });

  it("a missing seed means 0", () => {
    expect(new RandomState().nextUint32()).toBe(new RandomState(0).nextUint32());
  });
});
