// Every op's equations, the text `nnc derive` teaches, are run through the backward blocks'
// evaluator (runtime/matrix-formula.ts) against the op's kernels on random shapes and values
// (test/helpers/op-equations.ts), to 1e-12. So an equation can only say what the kernel computes,
// in the conventions a learner's backward block uses (`sum(dZ, 2)` sums each row, numpy's axis=1).
// The shapes and values come from a seedrandom stream of their own, independent of numpy's.
import seedrandom from "seedrandom";
import { describe, expect, test } from "vitest";
import { evaluateFormula, opEquationFunctions, parseFormula, type Matrix } from "../matrix-formula.js";
import { defineActivation, ops } from "./index.js";
import { TRIALS, checkOnce } from "../../test/helpers/op-equations.js";

describe("every op's equations are its kernels", () => {
  test.each([...ops.values()].map((op) => [op.name, op] as const))("%s, on random shapes, to 1e-12", (name, op) => {
    const random = seedrandom(`op equations: ${name}`);
    for (let trial = 0; trial < TRIALS; trial++) checkOnce(op, random);
  });
});

describe("the check fails when an equation and its kernel disagree", () => {
  const wrongBias = { ...ops.get("matmul_bias")! };
  const sumOverUnits = {
    ...wrongBias,
    equation: { ...wrongBias.equation, backward: { ...wrongBias.equation.backward, b: "db = sum(dZ, 1)" } },
  };
  test("db written with numpy's axis number, sum(dZ, 1), sums each column, not each row", () => {
    const random = seedrandom("axis");
    expect(() => {
      for (let trial = 0; trial < TRIALS; trial++) checkOnce(sumOverUnits, random);
    }).toThrow(/db = sum\(dZ, 1\)/);
  });

  const halfSlope = defineActivation({
    name: "half_slope",
    doc: "z / 2",
    scalar: (z) => z / 2,
    scalarBackward: (dA) => dA / 2,
    equation: { forward: "A = Z / 2", backward: "dZ = dA" },
    latex: { forward: "A = Z / 2", backward: "dZ = dA" },
    derivation: "A deliberately wrong rule: the derivative of z / 2 is 1/2, and this one says 1.",
    reason: { text: "wrong on purpose", latex: "wrong on purpose" },
    templates: { forward: (Z) => `${Z} / 2`, backward: ({ dA }) => `${dA} / 2` },
  });
  test("a rule that forgets a factor", () => {
    expect(() => checkOnce(halfSlope, seedrandom("half"))).toThrow(/dZ = dA/);
  });
});

describe("the functions only the ops' equations use", () => {
  const Z: Matrix = { rows: 2, cols: 3, data: Float64Array.of(1, -2, 0, 4, 5, -6) };
  const env = new Map([["Z", Z]]);
  const run = (text: string) => evaluateFormula(parseFormula(text), env, false, opEquationFunctions);
  test("max and min broadcast a scalar as np.maximum does; sumk and maxk run down each column", () => {
    expect([...run("max(Z, 0)").data!]).toEqual([1, 0, 0, 4, 5, 0]);
    expect([...run("min(Z, 0)").data!]).toEqual([0, -2, 0, 0, 0, -6]);
    expect(run("sumk(Z)")).toEqual({ rows: 1, cols: 3, data: Float64Array.of(5, 3, -6) });
    expect(run("maxk(Z)")).toEqual({ rows: 1, cols: 3, data: Float64Array.of(4, 5, 0) });
    expect(run("sumk(Z)")).toEqual(evaluateFormula(parseFormula("sum(Z, 1)"), env));
  });
  test("a backward block is not offered them", () => {
    expect(() => evaluateFormula(parseFormula("max(Z, 0)"), env)).toThrow(/unknown function 'max'/);
  });
});
