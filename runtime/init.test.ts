// Parameter drawing (every scheme against numpy's draws) and the restricted expression instance
// that runs init formulas from .nnspec files.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { InitIR } from "../contracts/ir.js";
import { allowedFunctionNames, checkExpression, compileInitFormula, initFormulaScope } from "./expr.js";
import type { ParamSpec } from "./program.js";
import { initParams } from "./init.js";
import { RandomState } from "./rng/index.js";

interface SchemesGolden {
  layers: number[];
  seed: number;
  uniform: { low: number; high: number };
  weights: Record<string, { shape: [number, number]; data: number[] }[]>;
}
const golden = JSON.parse(
  readFileSync(new URL("../test/golden/lessons/init-schemes.json", import.meta.url), "utf8"),
) as SchemesGolden;

/** Layers [3, 4, 2] with one scheme, as the compiler lays them out: W1 b1 W2 b2. */
function specs(init: InitIR): ParamSpec[] {
  const [n0, n1, n2] = golden.layers;
  const layer = (name: string, fanIn: number, units: number): ParamSpec[] => [
    { name: `W${name}`, shape: [units, fanIn], kind: "weight", layer: `h${name}`, init, fanIn, fanOut: units },
    {
      name: `b${name}`,
      shape: [units, 1],
      kind: "bias",
      layer: `h${name}`,
      init: { scheme: "zeros" },
      fanIn,
      fanOut: units,
    },
  ];
  return [...layer("1", n0, n1), ...layer("2", n1, n2)];
}

describe("every scheme draws exactly what numpy draws (layers [3, 4, 2], seed 3)", () => {
  const { low, high } = golden.uniform;
  test.each([
    ["he", { scheme: "he" }],
    ["lecun", { scheme: "lecun" }],
    ["xavier", { scheme: "xavier" }],
    ["deep", { scheme: "deep" }],
    ["random", { scheme: "random", scale: 10 }],
    ["uniform", { scheme: "uniform", low, high }],
  ] as [string, InitIR][])("%s, bit for bit", (name, init) => {
    const [W1, b1, W2, b2] = initParams(specs(init), new RandomState(golden.seed));
    expect([...W1]).toEqual(golden.weights[name][0].data);
    expect([...W2]).toEqual(golden.weights[name][1].data);
    expect([...b1, ...b2].every((b) => b === 0)).toBe(true);
  });

  test.each([
    ["randn() * sqrt(2 / fan_in)", "he"],
    ["normal(0, 1) * sqrt(2 / fan_in)", "he"],
    ["randn() / sqrt(fan_in)", "deep"],
    ["randn() * sqrt(2 / (fan_in + fan_out))", "xavier"],
    [`uniform(${low}, ${high})`, "uniform"],
  ])("formula %s draws as %s", (expression, name) => {
    const [W1, , W2] = initParams(specs({ scheme: "formula", expression }), new RandomState(golden.seed));
    expect([...W1]).toEqual(golden.weights[name][0].data);
    expect([...W2]).toEqual(golden.weights[name][1].data);
  });

  test("zeros draws nothing: the stream is where it was", () => {
    const rng = new RandomState(3);
    initParams(specs({ scheme: "zeros" }), rng);
    expect(rng.randomSample()).toBe(new RandomState(3).randomSample());
  });
});

describe("the restricted expression instance", () => {
  test("lists what a formula may use", () => {
    expect(allowedFunctionNames()).toEqual([
      "sqrt",
      "exp",
      "log",
      "abs",
      "min",
      "max",
      "pow",
      "normal",
      "uniform",
      "randn",
      "rand",
    ]);
    expect(initFormulaScope().variables).toEqual(["fan_in", "fan_out", "pi", "e"]);
  });

  test.each([
    ["normal(0, sqrt(2 / fan_in))", []],
    ["-2 * rand() + max(1, min(e, pi)) ^ 2", []],
    ["normal(0, sqrt(2 / fan_inn))", [{ kind: "unknown-variable", name: "fan_inn" }]],
    ["nromal(0, 1)", [{ kind: "unknown-function", name: "nromal" }]],
    ["import({x: 1})", [{ kind: "unknown-function", name: "import" }, { kind: "not-allowed" }]],
    ['evaluate("1 + 1")', [{ kind: "unknown-function", name: "evaluate" }, { kind: "not-allowed" }]],
    ["createUnit('foo')", [{ kind: "unknown-function", name: "createUnit" }, { kind: "not-allowed" }]],
    ["parse", [{ kind: "unknown-variable", name: "parse" }]],
    ["f(x) = x", [{ kind: "not-allowed" }]],
    ["a = 2", [{ kind: "not-allowed" }]],
    ["[1, 2]", [{ kind: "not-allowed" }]],
    ["fan_in.constructor", [{ kind: "not-allowed" }]],
    ["fan_in > 2 ? 1 : 0", [{ kind: "not-allowed" }]],
    ["5 cm", [{ kind: "unknown-variable", name: "cm" }]],
    ["fan_in!", [{ kind: "not-allowed" }]],
  ])("%s", (text, expected) => {
    const problems = checkExpression(text);
    expect(problems.map((p) => ({ kind: p.kind, ...(p.name ? { name: p.name } : {}) }))).toEqual(expected);
  });

  test("a syntax error says where", () => {
    const [problem] = checkExpression("sqrt(2 / fan_in");
    expect(problem.kind).toBe("syntax");
    expect(problem.index).toBe(16);
  });

  test("nothing runs unless it passes the check, and the disabled functions throw even if reached", () => {
    expect(() => compileInitFormula('evaluate("1")')).toThrow(/unknown function 'evaluate'/);
    expect(() => compileInitFormula("import({})")).toThrow(/unknown function 'import'/);
  });

  test("a formula that is not a finite real number is an error naming the formula", () => {
    const rng = new RandomState(0);
    expect(() => compileInitFormula("sqrt(-fan_in)")({ fanIn: 2, fanOut: 1, rng })).toThrow(/gave NaN for fan_in = 2/);
    expect(() => compileInitFormula("1 / (fan_in - 2)")({ fanIn: 2, fanOut: 1, rng })).toThrow(/gave Infinity/);
    expect(() => compileInitFormula("normal(0, -1)")({ fanIn: 2, fanOut: 1, rng })).toThrow(/std >= 0/);
    expect(() => compileInitFormula("randn(2)")({ fanIn: 2, fanOut: 1, rng })).toThrow(/randn\(\) takes 0 arguments/);
  });
});
