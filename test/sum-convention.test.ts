// One convention for the axis of `sum` wherever a learner reads a backward equation: a backward
// block, the op registry's equations and `nnc emit`'s header all write a bias gradient as
// `sum(dZ, 2)` (mathjs counts dimensions from 1: each row summed over the m examples, numpy's
// np.sum(dZ, axis=1)). A block written with numpy's axis number gets a hint with the fix.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { compileAny, compileSource } from "../compiler/front-end.js";
import { compileProgram } from "../compiler/compile-program.js";
import { emitModule } from "../compiler/emit-module.js";
import { formulaShapes } from "../runtime/hand-backward.js";
import { evaluateFormula, parseFormula } from "../runtime/matrix-formula.js";
import { getOp } from "../runtime/ops/index.js";

const networks = readdirSync("examples")
  .filter((name) => name.endsWith(".nnspec"))
  .map((name) => `examples/${name}`)
  .filter((file) => compileAny(readFileSync(file, "utf8"), file).ir !== undefined);

/** Every `sum(dZ…)` call in a text, with its axis ("" when it has none). */
const sumsOfGradients = (text: string) =>
  [...text.matchAll(/(?<![\w.])sum\((dZ\d*)\s*(?:,\s*(\d+))?\)/g)].map((m) => m[2] ?? "");

describe("`nnc emit`'s module writes the block's convention", () => {
  test.each(networks)("%s", async (file) => {
    const { ir } = compileAny(readFileSync(file, "utf8"), file);
    const program = compileProgram(ir!, { samples: 7 });
    if (!program.emitted) return; // too large for generated code: nothing is emitted
    const module = await emitModule(program, file);
    const header = module.slice(module.indexOf("// Backward pass"), module.indexOf("export const model"));
    const equations = [...header.matchAll(/^\/\/ {3}(\w+) = (.+)$/gm)].map((m) => ({ name: m[1], expression: m[2] }));
    expect(equations.length).toBeGreaterThan(0);

    // Every bias gradient in the header is the registry's equation, for its layer.
    const bias = getOp("matmul_bias").equation!.backward.b!;
    for (const p of program.params.filter((q) => q.kind === "bias")) {
      const layer = p.name.slice(1);
      const written = equations.find((e) => e.name === `d${p.name}`)!;
      const expected = bias.replace(/\bdb\b/, `db${layer}`).replace(/\bdZ\b/, `dZ${layer}`);
      expect(`${written.name} = ${written.expression}`).toBe(expected);
    }
    // No sum of a gradient anywhere in the module uses numpy's axis number, or no axis.
    expect(sumsOfGradients(module).filter((axis) => axis !== "2")).toEqual([]);
    // Where the module names numpy's np.sum(dZ, axis=1), it gives the block's form beside it.
    for (const line of module.split("\n").filter((l) => l.includes("axis=1"))) expect(line).toContain("sum(dZ, 2)");

    // And the header's equations are a valid backward block: each gradient has its value's shape.
    const env = formulaShapes(program, 7);
    for (const e of equations) {
      const value = evaluateFormula(parseFormula(e.expression), env, true);
      const of = env.get(e.name.slice(1));
      if (of) expect([e.name, value.rows, value.cols]).toEqual([e.name, of.rows, of.cols]);
      env.set(e.name, value);
    }
  });
});

describe("a backward block with numpy's axis number gets the block's convention as a hint", () => {
  const fixed = readFileSync("examples/gradcheck-fixed.nnspec", "utf8");

  test.each([
    ["sum(dZ3, 1)", "db3 = 1 / m * sum(dZ3, 2)", "db3 = 1 / m * sum(dZ3, 1)"],
    ["sum(dZ1, 1)", "db1 = 1 / m * sum(dZ1, 2)", "db1 = 1 / m * sum(dZ1, 1)"],
    ["sum(dZ1)", "db1 = 1 / m * sum(dZ1, 2)", "db1 = 1 / m * sum(dZ1)"],
  ])("%s: the help names the convention, and its fix compiles clean", (slip, right, wrong) => {
    const text = fixed.replace(right, wrong);
    expect(text).not.toBe(fixed);
    const errors = compileSource(text, "m.nnspec").diagnostics;
    expect(errors.map((d) => d.code)).toEqual(["NNC2033"]);
    const help = errors[0].help ?? "";
    expect(help).toContain(`\`${slip}\``);
    expect(help).toContain("`sum(dZ, 2)` is numpy's np.sum(dZ, axis=1)");
    const suggested = /write `([^`]+)`/.exec(help)![1];
    const repaired = text.replace(wrong, `${wrong.split(" = ")[0]} = ${suggested}`);
    expect(compileSource(repaired, "m.nnspec").diagnostics).toEqual([]);
  });

  test("no hint where the row sum would not fit either", () => {
    const text = fixed.replace("dW3 = 1 / m * dZ3 * A2'", "dW3 = 1 / m * sum(dZ3, 1) * X'");
    const [error] = compileSource(text, "m.nnspec").diagnostics;
    expect(error.code).toBe("NNC2033");
    expect(error.help ?? "").not.toContain("sum(dZ, 2)");
  });
});
