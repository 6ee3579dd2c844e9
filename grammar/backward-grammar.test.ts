// The grammar added for gradient checking: backward blocks, the transpose quote, element-wise
// operators, `check`, `bias`, scalar models' `param`, `let` and `loss J = ...`.
import { describe, expect, it } from "vitest";
import type { BackwardBlock, DenseStmt, Expression, LossStmt } from "./ast.js";
import { parse } from "./index.js";

function model(body: string) {
  const { ast, diagnostics } = parse(`model m {\n${body}\n}`, "test.nnspec");
  return { statements: ast?.model.statements ?? [], codes: diagnostics.map((d) => d.code) };
}

const show = (e: Expression): string => {
  switch (e.kind) {
    case "binary":
      return `(${show(e.left)} ${e.operator} ${show(e.right)})`;
    case "transpose":
      return `${show(e.operand)}'`;
    case "unary":
      return `(${e.operator}${show(e.operand)})`;
    case "call":
      return `${e.callee.name}(${e.args.map((a) => show(a.value)).join(", ")})`;
    default:
      return e.text;
  }
};

describe("backward blocks", () => {
  it("reads the lesson's equations, one per line, with their lines and exact text", () => {
    const { statements, codes } = model(
      "  backward {\n    dZ3 = A3 - Y\n    dW3 = 1/m * dZ3 * A2'\n " +
        "   db1 = 1/m * sum(dZ1, 2)\n    dZ2 = dA2 .* (A2 > 0)\n  }",
    );
    expect(codes).toEqual([]);
    const block = statements[0] as BackwardBlock;
    expect(block.equations.map((e) => [e.name.name, e.span.line, e.value.text])).toEqual([
      ["dZ3", 3, "A3 - Y"],
      ["dW3", 4, "1/m * dZ3 * A2'"],
      ["db1", 5, "1/m * sum(dZ1, 2)"],
      ["dZ2", 6, "dA2 .* (A2 > 0)"],
    ]);
    expect(block.equations.map((e) => show(e.value))).toEqual([
      "(A3 - Y)",
      "(((1 / m) * dZ3) * A2')",
      "((1 / m) * sum(dZ1, 2))",
      "(dA2 .* (A2 > 0))",
    ]);
  });

  it("a quote after a name, ) or ] transposes; binds tighter than ^; elsewhere it is still a string error", () => {
    const block = model("backward { dA = (W * A)'' + B'^2 }").statements[0] as BackwardBlock;
    expect(show(block.equations[0].value)).toBe("((W * A)'' + (B' ^ 2))");
    expect(model("backward { dA = 'W' }").codes).toEqual(["NNC1005"]);
    expect(model("data d = csv(file: 'x.csv')").codes).toEqual(["NNC1005"]);
  });

  it("a broken equation is reported with its line and column", () => {
    const { codes } = model("  backward {\n    dW3 = 1/m * * A2'\n  }");
    expect(codes.length).toBeGreaterThan(0);
    const { diagnostics } = parse("model m {\n  backward {\n    dW3 = 1/m * * A2'\n  }\n}", "t.nnspec");
    expect(diagnostics[0].span).toMatchObject({ line: 3, column: 17 });
  });
});

describe("the other new statements", () => {
  it("check, bias, and a scalar model's param, let and named loss", () => {
    const { statements, codes } = model(
      "check gradient(epsilon: 1e-7)\ndense h[5] relu init randn bias " +
        "randn\nparam theta = 4\nlet x = 2\nloss J = theta * x\nloss cross_entropy",
    );
    expect(codes).toEqual([]);
    expect(statements.map((s) => s.kind)).toEqual(["check", "dense", "param", "let", "loss", "loss"]);
    expect((statements[1] as DenseStmt).bias?.text).toBe("randn");
    expect([(statements[4] as LossStmt).name?.name, (statements[4] as LossStmt).loss.text]).toEqual(["J", "theta * x"]);
    expect((statements[5] as LossStmt).name).toBeUndefined();
  });
});
