// Adam's bias correction β^t (runtime/optimizers/power.ts) gives the correctly rounded power, the
// same bits on every engine (Math.pow does not: V8's differs between Node 20 and Chromium), and so
// C's pow, which numpy's lesson figures used, wherever C's is correctly rounded: every case of the
// golden file but the one it lists. Goldens: scripts/make-power-goldens.py.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { power } from "../runtime/optimizers/power.js";

interface Case {
  base: number;
  t: number;
  exact: number;
  c_pow: number;
}
const { cases } = JSON.parse(readFileSync("test/golden/numpy/powers.json", "utf8")) as { cases: Case[] };

it("is the correctly rounded power for the lessons' betas, t up to 30000", () => {
  expect(cases.length).toBeGreaterThan(2800);
  const wrong = cases.filter((c) => power(c.base, c.t) !== c.exact);
  expect(wrong).toEqual([]);
});

it("is C's pow (numpy's) except where C's is not correctly rounded", () => {
  const differ = cases.filter((c) => power(c.base, c.t) !== c.c_pow);
  expect(differ).toEqual(cases.filter((c) => c.exact !== c.c_pow));
  expect(differ.map((c) => [c.base, c.t])).toEqual([[0.999, 14037]]);
});

it("keeps Math.pow for what is not a whole power", () => {
  expect(power(2, 0.5)).toBe(Math.SQRT2);
  expect(power(0.9, 0)).toBe(1);
  expect(power(0.9, 1)).toBe(0.9);
  expect(Number.isNaN(power(Number.NaN, 3))).toBe(true);
});
