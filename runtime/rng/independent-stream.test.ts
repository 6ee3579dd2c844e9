// nnc's own streams (seedrandom): reproducible by name, apart from each other and from numpy's.
import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { IndependentStream, RandomState } from "./index.js";

describe("IndependentStream", () => {
  it("is seedrandom's ARC4 stream seeded by its name (seedrandom's documented first value)", () => {
    expect(seedrandom("hello.")()).toBe(0.9282578795792454);
    expect(new IndependentStream("hello.").uniform()).toBe(seedrandom("hello.").double());
  });

  it("replays the same draws for the same name and others for another name", () => {
    const draws = (name: string) => Array.from(new IndependentStream(name).uniforms(5));
    expect(draws("nnc check --sample W1")).toEqual(draws("nnc check --sample W1"));
    expect(draws("nnc check --sample W1")).not.toEqual(draws("nnc check --sample W2"));
    draws("nnc check --sample W1").forEach((u) => expect(u >= 0 && u < 1).toBe(true));
  });

  it("draws nothing from numpy's generator: the model's stream is the same with or without it", () => {
    const model = new RandomState(3);
    new IndependentStream("nnc check --sample W1").choose(1000, 10);
    expect(model.randn(3)).toEqual(new RandomState(3).randn(3));
  });

  it("chooses `count` distinct indices in ascending order, all of them when count = n", () => {
    const chosen = Array.from(new IndependentStream("choose").choose(50, 12));
    expect(chosen).toHaveLength(12);
    expect(new Set(chosen).size).toBe(12);
    expect(chosen).toEqual([...chosen].sort((a, b) => a - b));
    chosen.forEach((i) => expect(Number.isInteger(i) && i >= 0 && i < 50).toBe(true));
    expect(Array.from(new IndependentStream("all").choose(7, 7))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(new IndependentStream("none").choose(7, 0)).toHaveLength(0);
    expect(() => new IndependentStream("x").choose(3, 4)).toThrow(RangeError);
    expect(() => new IndependentStream("x").choose(2.5, 1)).toThrow(RangeError);
  });

  it("chooses every index equally often (3 of 10 over 4,000 names: each near 1,200, within 5σ)", () => {
    const counts = new Array(10).fill(0);
    for (let k = 0; k < 4000; k++) for (const i of new IndependentStream(`uniformity ${k}`).choose(10, 3)) counts[i]++;
    // Each index is chosen with probability 3/10: mean 1200, σ = sqrt(4000 · 0.3 · 0.7) ≈ 29.
    counts.forEach((c) => expect(Math.abs(c - 1200)).toBeLessThan(5 * 29));
  });
});
