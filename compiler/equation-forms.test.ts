// Renaming a registry op's equation by its printed form (equation-forms.ts, what `nnc` runs without
// mathjs) must give the text mathjs gives (parse, transform, toString), for every equation of the
// registry, with names renamed and attributes given values; a value mathjs would print otherwise
// than `String(value)` must get no fast text, so that the caller asks mathjs.
import { ConstantNode, OperatorNode, SymbolNode, parse, type MathNode } from "mathjs";
import { describe, expect, test } from "vitest";
import { ops } from "../runtime/ops/index.js";
import { equationForm, printEquationForm, renameForm } from "./equation-forms.js";

function mathjsRename(equation: string, names: ReadonlyMap<string, string>, attrs: Record<string, unknown>): MathNode {
  return parse(equation).transform((n: MathNode) => {
    if (n.type !== "SymbolNode") return n;
    const name = (n as SymbolNode).name;
    if (names.has(name)) return new SymbolNode(names.get(name)!);
    if (name in attrs) return new ConstantNode(attrs[name] as number);
    return n;
  });
}

const rightHandSide = (tree: MathNode) => (tree as unknown as { value: MathNode }).value;

/** The symbols of the equation's right-hand side that are not called as functions. */
function symbolsOf(equation: string): string[] {
  const names = new Set<string>();
  rightHandSide(parse(equation)).traverse((n: MathNode, path: string) => {
    if (n.type === "SymbolNode" && path !== "fn") names.add((n as SymbolNode).name);
  });
  return [...names];
}

const equations = [...ops.values()].flatMap((op) =>
  [op.equation.forward, ...Object.values(op.equation.backward)].map((equation) => ({ op: op.name, equation })),
);

/** Values mathjs prints as JavaScript does (its exponent is in [-3, 5)), and ones it does not. */
const PLAIN_VALUES = [0, 0.01, 0.7, 1, 2, 0.001, 0.1 + 0.2, 99999.5, 12345.678];
const OTHER_VALUES = [-0.5, -1, 1e-4, 0.000999, 1e5, 123456, 1e21, Number.NaN, "slope", true];

describe("a registry equation renamed by its printed form reads as mathjs renames it", () => {
  test("every op of the registry has its equations here", () => {
    expect(equations.length).toBeGreaterThanOrEqual(2 * ops.size);
  });

  test.each(equations)("$op: $equation", ({ equation }) => {
    const form = equationForm(equation);
    const symbols = symbolsOf(equation);
    // Each symbol renamed to a graph's kind of name, in turn each one an attribute with a value.
    const target = (parse(equation) as unknown as { object: SymbolNode }).object.name;
    const names = new Map([target, ...symbols].map((s, i) => [s, `${s}${i + 3}`]));
    expect(renameForm(form.text, names, {})).toBe(mathjsRename(equation, names, {}).toString());
    for (const [i, symbol] of symbols.entries()) {
      const others = new Map([...names].filter(([name]) => name !== symbol));
      for (const value of PLAIN_VALUES) {
        const attrs = { [symbol]: value };
        const tree = mathjsRename(equation, others, attrs);
        expect(renameForm(form.text, others, attrs)).toBe(tree.toString());
        const rhs = renameForm(form.text.slice(form.rightHandSide), others, attrs);
        expect(rhs).toBe(rightHandSide(tree).toString());
        if (form.termOfSum) {
          // deriveBackward joins such terms with " + "; mathjs prints their sum so too.
          const sum = new OperatorNode("+", "add", [parse(rhs!), parse(`${rhs} + ${rhs}`)]);
          expect(sum.toString(), `${symbol} = ${value}`).toBe(`${rhs} + ${rhs} + ${rhs}`);
        }
      }
      for (const value of OTHER_VALUES) {
        expect(renameForm(form.text, others, { [symbol]: value }), `${symbol} = ${String(value)}, #${i}`).toBe(
          undefined,
        );
      }
    }
  });
});

describe("what mathjs prints otherwise is left to mathjs", () => {
  test("a right-hand side that a sum would parenthesize is not a plain term", () => {
    expect(printEquationForm("dZ = A > 0").termOfSum).toBe(false);
    expect(printEquationForm("dZ = dA .* (A > 0)").termOfSum).toBe(true);
  });

  test("the printed form is mathjs's, not the equation as written", () => {
    expect(printEquationForm("dZ = 1/m * (A - Y)")).toEqual({
      text: "dZ = 1 / m * (A - Y)",
      rightHandSide: 5,
      termOfSum: true,
    });
  });

  test("a name outside ASCII is not renamed by the fast path", () => {
    expect(renameForm("dW = λ / m * W", new Map([["W", "W1"]]), {})).toBe(undefined);
  });

  test("a number's exponent is not a name", () => {
    expect(
      renameForm(
        "dW = 1e-5 * W",
        new Map([
          ["e", "E"],
          ["W", "W1"],
        ]),
        {},
      ),
    ).toBe("dW = 1e-5 * W1");
  });

  test("an attribute called as a function is left to mathjs", () => {
    expect(renameForm("A = f(Z)", new Map(), { f: 2 })).toBe(undefined);
  });
});
