// `nnc derive`: the derivation is read off the backward graph that runs. Goldens per example in
// three formats (read them: they are what a learner sees), the course's notation for every op in
// the registry, and a value used twice, whose gradient shows one term per use, each with its own
// reason: the same construction that will show a regularizer's `+ λ/m W[l]` once that op exists.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileAny } from "../compiler/front-end.js";
import { buildDerivation, deriveModel } from "../compiler/derivation.js";
import { deriveBackward } from "../compiler/backward-graph.js";
import { instantiateEquation } from "../compiler/backward-graph.js";
import { notation } from "../compiler/notation.js";
import {
  escapeLatex,
  escapeMarkdown,
  renderDerivationLatex,
  renderDerivationMarkdown,
  renderDerivationText,
} from "../compiler/render-derivation.js";
import type { ForwardGraph } from "../runtime/program.js";
import { ops } from "../runtime/ops/index.js";

// Networks only: a scalar model (gradcheck-1d, `param theta = 4`) has no graph to derive or emit.
const examples = readdirSync("examples").filter(
  (f) => f.endsWith(".nnspec") && compileAny(readFileSync(join("examples", f), "utf8"), f).ir !== undefined,
);

function derivationOf(file: string) {
  const { ir, diagnostics } = compileAny(readFileSync(file, "utf8"), file);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return deriveModel(ir!);
}

describe.each(examples)("examples/%s", (file) => {
  const name = basename(file, ".nnspec");
  const derivation = derivationOf(join("examples", file));
  test("text", async () => {
    await expect(renderDerivationText(derivation)).toMatchFileSnapshot(`golden/derivations/${name}.txt`);
  });
  test("LaTeX", async () => {
    await expect(renderDerivationLatex(derivation)).toMatchFileSnapshot(`golden/derivations/${name}.tex`);
  });
  test("Markdown", async () => {
    await expect(renderDerivationMarkdown(derivation)).toMatchFileSnapshot(`golden/derivations/${name}.md`);
  });
  test("one step per gradient the backward pass computes, in its order, ending at the first layer's", () => {
    const { ir } = compileAny(readFileSync(join("examples", file), "utf8"), file);
    const L = ir!.layers.length;
    // From the logit (dZ) for the default cross-entropy; the lessons' naive form starts at dA.
    expect(derivation.steps[0].gradient).toBe(ir!.loss.form === "naive" ? `dA${L}` : `dZ${L}`);
    expect(derivation.steps.filter((s) => s.isParameter).map((s) => s.gradient)).toEqual(
      Array.from({ length: L }, (_, i) => [`dW${L - i}`, `db${L - i}`]).flat(),
    );
  });
});

describe("the course's notation", () => {
  test.each([
    ["dW3 = dZ3 * A2'", "dW[3] = dZ[3] A[2]ᵀ", "dW^{[3]} = dZ^{[3]} A^{[2]T}"],
    ["dZ2 = dA2 .* (A2 > 0)", "dZ[2] = dA[2] ∗ 1{A[2] > 0}", "dZ^{[2]} = dA^{[2]} \\odot \\mathbb{1}[A^{[2]} > 0]"],
    ["db1 = sum(dZ1, 2)", "db[1] = Σⱼ dZ[1]", "db^{[1]} = \\sum_{j=1}^{m} dZ^{[1]}"],
    [
      "s = sum(dA2 .* A2, 1)",
      "s = Σₖ (dA[2] ∗ A[2])",
      "s = \\sum_{k=1}^{K} " + "\\left(dA^{[2]} \\odot A^{[2]}\\right)",
    ],
    ["dZ3 = 1 / m * (A3 - Y)", "dZ[3] = 1/m (A[3] − Y)", "dZ^{[3]} = \\frac{1}{m} \\left(A^{[3]} - Y\\right)"],
    ["dA2 = W3' * dZ3", "dA[2] = W[3]ᵀ dZ[3]", "dA^{[2]} = W^{[3]T} dZ^{[3]}"],
  ])("%s", (mathjs, text, latex) => {
    expect(notation(mathjs, "text")).toBe(text);
    expect(notation(mathjs, "latex")).toBe(latex);
  });

  test("every registered op's equations print in both forms (a new op's unknown syntax fails here)", () => {
    for (const op of ops.values()) {
      for (const equation of [op.equation.forward, ...Object.values(op.equation.backward)]) {
        expect(() => notation(equation, "text"), `${op.name}: ${equation}`).not.toThrow();
        expect(() => notation(equation, "latex"), `${op.name}: ${equation}`).not.toThrow();
      }
      for (const input of op.inputs.filter((i) => i.differentiable)) {
        expect(op.reasons[input.name].text.length, `${op.name}.${input.name}`).toBeGreaterThan(10);
        expect(op.reasons[input.name].latex.split("$").length % 2, `${op.name}.${input.name}: $…$ balanced`).toBe(1);
      }
    }
  });
});

describe("a value used twice", () => {
  // W serves two layers (weight tying); dW = dZ2 A1ᵀ + dZ1 Xᵀ, one term per use.
  const m = 4;
  const v = (name: string, shape: [number, number], role: ForwardGraph["values"][string]["role"]) => ({
    name,
    shape,
    role,
  });
  const node = (id: number, op: string, inputs: string[], output: string, layer: string) => ({
    id,
    op,
    inputs,
    output,
    attrs: {},
    layer,
  });
  const forward: ForwardGraph = {
    values: Object.fromEntries(
      [
        v("X", [2, m], "input"),
        v("Y", [1, m], "label"),
        v("W", [2, 2], "param"),
        v("b1", [2, 1], "param"),
        v("b2", [2, 1], "param"),
        v("W3", [1, 2], "param"),
        v("b3", [1, 1], "param"),
        v("Z1", [2, m], "activation"),
        v("A1", [2, m], "activation"),
        v("Z2", [2, m], "activation"),
        v("A2", [2, m], "activation"),
        v("Z3", [1, m], "activation"),
        v("A3", [1, m], "activation"),
        v("J", [1, 1], "loss"),
      ].map((x) => [x.name, x]),
    ),
    nodes: [
      node(0, "matmul_bias", ["W", "X", "b1"], "Z1", "h1"),
      node(1, "tanh", ["Z1"], "A1", "h1"),
      node(2, "matmul_bias", ["W", "A1", "b2"], "Z2", "h2"),
      node(3, "tanh", ["Z2"], "A2", "h2"),
      node(4, "matmul_bias", ["W3", "A2", "b3"], "Z3", "out"),
      node(5, "sigmoid", ["Z3"], "A3", "out"),
      node(6, "cross_entropy", ["Z3", "A3", "Y"], "J", "out"),
    ],
    input: "X",
    label: "Y",
    prediction: "A3",
    loss: "J",
    samples: m,
  };
  const d = buildDerivation("tied", forward, deriveBackward(forward));

  test("its step shows the sum, and each term its own op, layer and reason", () => {
    const dW = d.steps.find((s) => s.gradient === "dW")!;
    expect(dW.text).toBe("dW = dZ[2] A[1]ᵀ + dZ[1] Xᵀ");
    expect(dW.terms.map((t) => [t.text, t.at, t.layer])).toEqual([
      ["dZ[2] A[1]ᵀ", "Z2", "h2"],
      ["dZ[1] Xᵀ", "Z1", "h1"],
    ]);
    expect(dW.terms.every((t) => t.reason.text.startsWith("Z = W A_prev + b is linear in W"))).toBe(true);
    const text = renderDerivationText(d);
    expect(text).toContain("dZ[2] A[1]ᵀ ← matmul_bias at Z[2] (layer h2): dW = dZ A_prevᵀ");
    expect(text).toContain("dZ[1] Xᵀ ← matmul_bias at Z[1] (layer h1): dW = dZ A_prevᵀ");
  });

  test("the forward lines are the nodes' own equations", () => {
    expect(d.forward.map((f) => f.text)).toEqual(
      forward.nodes.map((n) => notation(instantiateEquation(n, ops.get(n.op)!.equation.forward), "text")),
    );
  });
});

test("names from the file are escaped in LaTeX and Markdown", () => {
  expect(escapeLatex("my_model#1 {x} 50% $ & ~^\\")).toBe(
    "my\\_model\\#1 \\{x\\} 50\\% \\$ \\& \\textasciitilde{}\\textasciicircum{}\\textbackslash{}",
  );
  // Markdown: only what would be read as markup, where it would be (an underscore inside a word is text).
  expect(escapeMarkdown("my_model *x* [a](b) <script> _em_ $x$ &amp; ~~s~~")).toBe(
    "my_model \\*x\\* \\[a](b) \\<script> \\_em\\_ \\$x\\$ \\&amp; \\~\\~s\\~\\~",
  );
  expect(escapeMarkdown("# not a heading\n- not a list\n1. not a list either\n> no quote")).toBe(
    "\\# not a heading\n\\- not a list\n1\\. not a list either\n\\> no quote",
  );
});

test("Markdown prose keeps its punctuation: numbers, brackets and dashes as written", () => {
  const md = renderDerivationMarkdown(derivationOf("examples/multiclass-blobs.nnspec"));
  for (const heavy of ["0\\.01", "J\\(W", "mini\\-batch", "\\(", "\\."]) expect(md).not.toContain(heavy);
  expect(md).toContain("J(W − α·dW) ≈ J(W) − α·‖dW‖²");
});

test("the library offers derive and emit as the CLI runs them", async () => {
  const nnc = await import("../index.js");
  const { ir } = nnc.compile(readFileSync("examples/init-he.nnspec", "utf8"), "examples/init-he.nnspec");
  expect(nnc.renderDerivationText(nnc.deriveModel(ir!))).toBe(
    readFileSync("test/golden/derivations/init-he.txt", "utf8"),
  );
  const source = await nnc.emitModule(nnc.compileProgram(ir!));
  expect(source).toContain("export function createModel(P)");
});

test("KaTeX (the report's renderer) parses every step, rule and reason of every example's derivation", async () => {
  const katex = (await import("katex")).default;
  for (const file of examples) {
    const d = derivationOf(join("examples", file));
    const formulas = [
      ...d.forward.map((f) => f.latex),
      ...d.steps.flatMap((s) => [
        s.latex,
        ...s.terms.flatMap((t) => [t.latex, t.rule.latex, ...t.reason.latex.split("$").filter((_, i) => i % 2 === 1)]),
      ]),
    ];
    for (const latex of formulas)
      expect(() => katex.renderToString(latex, { throwOnError: true }), `${file}: ${latex}`).not.toThrow();
  }
});

describe("the derivation says what runs", () => {
  const text = (file: string) => renderDerivationText(derivationOf(file));

  test.each(examples)(
    "%s: the update prints as the train statement writes it, and that parses to the same optimizer",
    (file) => {
      const path = join("examples", file);
      const source = readFileSync(path, "utf8");
      const printed = /^Update, for every parameter W and its gradient dW: (.+)$/m.exec(text(path))?.[1];
      expect(printed).toBeDefined();
      const rewritten = source.replace(/(\btrain\s+)\w+\([^)]*\)/, (_, train: string) => `${train}${printed}`);
      expect(rewritten).not.toBe(source.replace(/(\btrain\s+)\w+\([^)]*\)/, "$1"));
      const { ir, diagnostics } = compileAny(rewritten, file);
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(ir!.train.optimizer).toEqual(compileAny(source, file).ir!.train.optimizer);
    },
  );

  test.each(["reg-l2", "reg-l1"])(
    "%s: J is the loss plus every layer's penalty, and each penalty sums its weights",
    (name) => {
      const derivation = text(`examples/${name}.nnspec`);
      expect(derivation).toMatch(/^ {2}L = 1\/m Σⱼ \(max\(Z\[3\], 0\) − Z\[3\] ∗ Y \+ .*cross_entropy$/m);
      expect(derivation).toMatch(/^ {2}J = L \+ R\[1\] \+ R\[2\] \+ R\[3\] +1×1 +the loss plus the penalties$/m);
      const penalty = name === "reg-l2" ? "0.7/(2 m) Σₖᵢ W[1]²" : "0.1/m Σₖᵢ |W[1]|";
      expect(derivation).toContain(`R[1] = ${penalty}`);
      expect(derivation).toMatch(/Σₖᵢ over\s+every entry \(k, i\) of a weight matrix/);
      expect(derivation).toContain(
        "from the cost J back to each parameter (dJ = 1)\n  J adds L and each penalty R[l], so dL = 1 and dR[l] = 1.",
      );
    },
  );

  test.each(examples)("%s: Σⱼ (the sum over the examples) sums nothing but per-example values", (file) => {
    const derivation = text(join("examples", file));
    // Whatever follows Σⱼ must not be a weight matrix or its entries.
    for (const match of derivation.matchAll(/Σⱼ (\S+)/g)) expect(match[1], match[0]).not.toMatch(/^\(?\|?W\[?/);
  });
});
