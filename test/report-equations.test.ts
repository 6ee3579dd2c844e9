// Every equation the report, `nnc derive` and `nnc emit`'s header print is one that runs: the
// registry op's equation (runtime/ops/, `equation.forward`) of each node of the graph the model
// trains with, in that node's names. The expected lines are built here from the compiled graph and
// the registry alone, so a template (`A[2] = g(Z[2])`, the binary loss under a softmax) fails.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileAny } from "../compiler/front-end.js";
import { compileProgram } from "../compiler/compile-program.js";
import { instantiateEquation } from "../compiler/backward-graph.js";
import { notation, symbol, type Dialect } from "../compiler/notation.js";
import { deriveModel } from "../compiler/derivation.js";
import { renderDerivationText } from "../compiler/render-derivation.js";
import { emitModule } from "../compiler/emit-module.js";
import type { ModelIR } from "../contracts/ir.js";
import { opOf } from "../runtime/ops/index.js";
import { modelEquationsHtml } from "../report/html.js";
import { nnc } from "./helpers/run-cli.js";

const examples = readdirSync("examples")
  .filter((f) => f.endsWith(".nnspec"))
  .map((f) => ({ file: f, ir: compileAny(readFileSync(join("examples", f), "utf8"), f).ir }))
  .filter((e): e is { file: string; ir: ModelIR } => e.ir !== undefined);

/** The graph's forward equations from the registry, the loss named L when penalties join it in J. */
function registryEquations(ir: ModelIR, dialect: Dialect): string[] {
  const { forward } = compileProgram(ir, { samples: 1, emit: false });
  const penalties = forward.penalties ?? [];
  const lines = forward.nodes.map((node) => {
    const printed = notation(instantiateEquation(node, opOf(node).equation.forward), dialect);
    const lhs = symbol(node.output, dialect);
    expect(printed.startsWith(`${lhs} = `), printed).toBe(true);
    return node.output === forward.loss && penalties.length ? `L${printed.slice(lhs.length)}` : printed;
  });
  if (penalties.length) lines.push(`J = L + ${penalties.map((p) => symbol(p, dialect)).join(" + ")}`);
  return lines;
}

const unescape = (html: string) =>
  html.replace(
    /&(amp|lt|gt|quot|#x27|#39);/g,
    (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'" })[e]!,
  );

/** The LaTeX source of every formula KaTeX rendered into `html`. */
function formulas(html: string): string[] {
  return [...html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)].map((m) =>
    unescape(m[1]),
  );
}

function modelSection(page: string): string {
  return /<section id="model">[\s\S]*?<\/section>/.exec(page)?.[0] ?? "";
}

describe.each(examples)("examples/$file", ({ ir }) => {
  test("the report's model equations are the registry's, one per node of the graph, and nothing else", () => {
    const html = modelEquationsHtml(ir);
    expect(formulas(html)).toEqual(registryEquations(ir, "latex"));
    expect(html).not.toContain("\\operatorname{g}");
  });

  test("nnc derive's forward pass prints the same equations", () => {
    const text = renderDerivationText(deriveModel(ir));
    const forward = text.slice(text.indexOf("Forward pass\n"), text.indexOf("\nBackward pass"));
    const printed = forward
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s{3,}/)[0])
      .filter(Boolean);
    expect(printed).toEqual(registryEquations(ir, "text"));
  });

  test("nnc emit's header lists the backward equations the graph runs, each term a registry rule", async () => {
    const program = compileProgram(ir, { samples: 1 });
    if (!program.emitted) return; // softmax reads whole columns: no per-example module (nnc emit says so)
    const source = await emitModule(program);
    const header = source.slice(source.indexOf("// Backward pass"), source.indexOf("export const model"));
    const lines = header
      .split("\n")
      .slice(1)
      .map((l) => l.replace(/^\/\/\s*/, "").trim())
      .filter(Boolean);
    expect(lines).toEqual(program.backward.equations.map((e) => e.equation));
    for (const e of program.backward.equations) {
      for (const term of e.terms) {
        const node = program.forward.nodes[term.node];
        const op = opOf(node);
        const rule = instantiateEquation(node, op.equation.backward[op.inputs[term.input].name]);
        expect(rule.slice(rule.indexOf("=") + 1).trim(), `${e.name} from ${op.name}`).toBe(term.expression);
      }
    }
  });
});

test("a softmax model's report shows the softmax and the categorical loss, from the file and a saved run", async () => {
  const file = "examples/multiclass-blobs.nnspec";
  const ir = examples.find((e) => e.file === "multiclass-blobs.nnspec")!.ir;
  const expected = registryEquations(ir, "latex");
  expect(expected.find((l) => l.startsWith("A^{[2]}"))).toContain("\\sum_{k=1}^{K} e^{");
  expect(expected.at(-1)).toContain("\\max_k");

  const dir = mkdtempSync(join(tmpdir(), "nnc-report-equations-"));
  const live = await nnc("report", file, "-o", join(dir, "live.html"));
  expect(live.code).toBe(0);
  const page = readFileSync(join(dir, "live.html"), "utf8");
  expect(formulas(modelSection(page))).toEqual(expected);
  // Its decision boundary is drawn too, a colour per class.
  expect(page).toContain('<figure class="plot boundary">');
  expect(page).toContain("most probable of the 3 classes");

  expect((await nnc("run", "-q", file, "--save-run", join(dir, "run.json"))).code).toBe(0);
  const saved = await nnc("report", join(dir, "run.json"));
  expect(saved.code).toBe(0);
  expect(formulas(modelSection(saved.stdout))).toEqual(expected);
  // The derivation section starts from the categorical loss's rule too.
  expect(saved.stdout).toContain("categorical_cross_entropy at J");
});
