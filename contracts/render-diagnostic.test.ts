import { describe, expect, it } from "vitest";
import type { Diagnostic } from "./diagnostic.js";
import { renderDiagnostic, renderDiagnostics } from "./render-diagnostic.js";

const circles = [
  "model circles {",
  "  seed 3",
  "  data train = circles(samples: 300, noise: 0.05, seed: 1)",
  "  data test  = circles(samples: 100, noise: 0.05, seed: 2)",
  "",
  "  input  x[2]",
  "  dense  h1[10] relu    init he",
  "  dense  h2[5]  relu    init he",
  "  dense  out[1] sigmoud init he",
  "}",
].join("\n");

const sigmoud: Diagnostic = {
  severity: "error",
  code: "NNC2001",
  message: "unknown activation 'sigmoud'",
  file: "examples/circles.nnspec",
  span: { line: 9, column: 17, endLine: 9, endColumn: 23 },
  label: "not an activation",
  expected: "relu, sigmoid, tanh, linear, or one you define as `name(z) = ...`",
  help: "did you mean 'sigmoid'?",
};

const at = (line: number, column: number, endColumn = column, endLine = line) => ({ line, column, endLine, endColumn });

describe("renderDiagnostic", () => {
  it("renders the reference example exactly", () => {
    expect(renderDiagnostic(sigmoud, circles)).toBe(
      [
        "examples/circles.nnspec:9:17: error[NNC2001]: unknown activation 'sigmoud'",
        "  |",
        "9 |   dense  out[1] sigmoud init he",
        "  |                 ^^^^^^^ not an activation",
        "  |",
        "  = expected: relu, sigmoid, tanh, linear, or one you define as `name(z) = ...`",
        "  = help: did you mean 'sigmoid'?",
      ].join("\n"),
    );
  });

  it("widens the gutter with the line number", () => {
    const source = `${"\n".repeat(99)}dense h1[10] rleu`;
    const out = renderDiagnostic({ ...sigmoud, span: at(100, 14, 17), help: undefined, expected: undefined }, source);
    expect(out.split("\n").slice(1)).toEqual([
      "    |",
      "100 | dense h1[10] rleu",
      "    |              ^^^^ not an activation",
    ]);
  });

  it("expands tabs the same way in the line and under it", () => {
    const out = renderDiagnostic(
      { ...sigmoud, span: at(1, 4, 8), expected: undefined, help: undefined },
      "\tx\tsigmoud",
    );
    expect(out.split("\n").slice(2)).toEqual(["1 |     x   sigmoud", "  |         ^^^^^ not an activation"]);
  });

  it("shows control characters as visible pictures without moving the carets", () => {
    const out = renderDiagnostic(
      { ...sigmoud, span: at(1, 3), label: "here", expected: undefined, help: undefined },
      "a\u0000\u0007b",
    );
    expect(out.split("\n").slice(2)).toEqual(["1 | a\u2400\u2407b", "  |   ^ here"]);
  });

  it("underlines a span over several lines to the end of its first line", () => {
    const out = renderDiagnostic({ ...sigmoud, span: at(2, 3, 1, 3), label: undefined }, "x\n  normal(0,\n  1)");
    expect(out.split("\n").slice(2, 4)).toEqual(["2 |   normal(0,", "  |   ^^^^^^^^^"]);
  });

  it("puts one caret just past the end of a line (where a missing `}` goes)", () => {
    const out = renderDiagnostic({ ...sigmoud, span: at(1, 5), label: "expected `}` here" }, "  x\n");
    expect(out.split("\n")[3]).toBe("  |     ^ expected `}` here");
  });

  it("renders a diagnostic without a span as one line plus its explanations", () => {
    const d: Diagnostic = {
      severity: "error",
      code: "NNC1116",
      message: "this file contains no model",
      file: "empty.nnspec",
      expected: "a model",
      notes: ["first note", "second note"],
    };
    expect(renderDiagnostic(d, "")).toBe(
      [
        "empty.nnspec: error[NNC1116]: this file contains no model",
        "  = expected: a model",
        "  = note: first note",
        "  = note: second note",
      ].join("\n"),
    );
    expect(renderDiagnostic({ ...d, file: undefined, expected: undefined, notes: undefined })).toBe(
      "error[NNC1116]: this file contains no model",
    );
  });

  it("keeps the location but drops the snippet when the source is not available", () => {
    expect(renderDiagnostic(sigmoud).split("\n")).toEqual([
      "examples/circles.nnspec:9:17: error[NNC2001]: unknown activation 'sigmoud'",
      "  = expected: relu, sigmoid, tanh, linear, or one you define as `name(z) = ...`",
      "  = help: did you mean 'sigmoid'?",
    ]);
  });

  it("aligns the continuation lines of a multi-line explanation", () => {
    const out = renderDiagnostic({ ...sigmoud, span: undefined, help: undefined, expected: "one of:\n  relu\n  tanh" });
    expect(out.split("\n").slice(1)).toEqual(["  = expected: one of:", "                relu", "                tanh"]);
  });

  it("uses color only when asked, and the same text either way", () => {
    const plain = renderDiagnostic(sigmoud, circles);
    const colored = renderDiagnostic(sigmoud, circles, { color: true });
    expect(plain).not.toContain("\x1b[");
    expect(colored).toContain("\x1b[1;31merror[NNC2001]\x1b[0m");
    expect(colored.replace(/\x1b\[[0-9;]*m/g, "")).toBe(plain);
  });

  it("cuts very long lines after the carets", () => {
    const line = `x ${"y".repeat(500)}`;
    const out = renderDiagnostic({ ...sigmoud, span: at(1, 1), expected: undefined, help: undefined }, line);
    expect(out.split("\n")[2]).toBe(`1 | ${line.slice(0, 160)} …`);
  });
});

describe("renderDiagnostics", () => {
  const second: Diagnostic = { ...sigmoud, file: "b.nnspec", span: at(1, 1, 5), expected: undefined, help: undefined };

  it("separates diagnostics by a blank line, ends with a newline, and looks sources up by file", () => {
    const sources = new Map([
      ["examples/circles.nnspec", circles],
      ["b.nnspec", "dense"],
    ]);
    const out = renderDiagnostics([sigmoud, second], sources);
    expect(out).toBe(`${renderDiagnostic(sigmoud, circles)}\n\n${renderDiagnostic(second, "dense")}\n`);
    expect(renderDiagnostics([sigmoud, second], (file) => sources.get(file))).toBe(out);
  });

  it("renders nothing for no diagnostics", () => {
    expect(renderDiagnostics([], new Map())).toBe("");
  });
});
