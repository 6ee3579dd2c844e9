// The teaching panes: the derivation of the model as written (the steps `nnc derive` prints, in
// KaTeX), each step tied to the source line of the layer it comes from; the parameter and shape
// table of the report; the gradient check (`nnc check`) with its first wrong equation.
import type { ModelIR } from "../contracts/ir.js";
import { deriveModel } from "../compiler/derivation.js";
import { escapeHtml } from "../report/escape.js";
import { renderMath } from "../report/math.js";
import { layerRows } from "../report/model-table.js";
import type { GradientCheckData } from "../report/sections.js";
import type { WrongEquation } from "../report/check-data.js";

/** The source line a layer (by name) is written on; the loss's line for the steps of no layer. */
export function layerLine(ir: ModelIR, layer: string | undefined): number | undefined {
  const found = layer === undefined ? undefined : ir.layers.find((l) => l.name === layer);
  return (found?.at ?? ir.loss.at)?.line;
}

const math = (latex: string) => `<span class="math">${renderMath(latex, true)}</span>`;
const lineAttr = (line: number | undefined) => (line === undefined ? "" : ` data-line="${line}"`);

/** The derivation as HTML: forward lines, then the backward steps; each item names its source line. */
export function derivationHtml(ir: ModelIR): string {
  const derivation = deriveModel(ir);
  const forward = derivation.forward
    .map(
      (f) => `<li${lineAttr(layerLine(ir, f.layer))}>${math(f.latex)}<span class="shape">${f.shape.text}</span></li>`,
    )
    .join("");
  const steps = derivation.steps
    .map((step) => {
      // Each statement a term comes from: the layer, the loss, a regularizer (compiler/derivation.ts).
      const lines = [...new Set(step.sources.map((s) => s.span.line))];
      const reasons = step.terms.map((t) => `${t.op} at ${t.at}: ${t.reason.text}`).join("; ");
      return (
        `<li data-line="${lines.join(" ")}">${math(step.latex)}<span class="shape">${step.shape.text}</span>` +
        `<div class="reason">${escapeHtml(reasons)}</div></li>`
      );
    })
    .join("");
  const updateLine = lineAttr(derivation.update?.source?.span.line);
  const update = derivation.update
    ? `<h4>Update (${escapeHtml(derivation.update.call)})</h4>` +
      `<ul class="update">` +
      derivation.update.equations.map((e) => `<li${updateLine}>${math(e.latex)}</li>`).join("") +
      `</ul><p class="reason">${escapeHtml(derivation.update.schedule)}</p>`
    : "";
  return (
    `<h4>Forward</h4><ol class="forward">${forward}</ol>` +
    `<h4>Backward, from the cost ${escapeHtml(derivation.cost)} to each parameter</h4>` +
    `<ol class="steps">${steps}</ol>${update}`
  );
}

/** The report's parameter and shape table. */
export function shapesHtml(ir: ModelIR): string {
  const rows = layerRows(ir);
  const total = rows.reduce((n, r) => n + r.parameters, 0);
  const cells = (values: Array<string | number>) => values.map((v) => `<td>${escapeHtml(String(v))}</td>`).join("");
  const body = rows
    .map((r) => {
      const shapes = [`${r.weightShape[0]} × ${r.weightShape[1]}`, `${r.biasShape[0]} × 1`];
      const values = [r.index, r.name, r.units, r.activation, r.initFormula, ...shapes, r.parameters];
      return `<tr${lineAttr(layerLine(ir, r.name))}>${cells(values)}</tr>`;
    })
    .join("");
  const heads = ["l", "layer", "units", "activation", "init", "W shape", "b shape", "parameters"];
  const input = `<tr>${cells([0, `${ir.input.name} (input)`, ir.input.units, "", "", "", "", 0])}</tr>`;
  return (
    `<table class="shapes"><thead><tr>${heads.map((h) => `<th>${h}</th>`).join("")}</tr></thead>` +
    `<tbody>${input}${body}</tbody><tfoot><tr><td colspan="7">total</td><td>${total}</td></tr></tfoot></table>`
  );
}

const short = (x: number) =>
  x === 0 ? "0" : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(2);

/** `nnc check`'s table; the first wrong equation, when there is one, names its line. */
export function checkHtml(check: GradientCheckData & { firstWrong?: WrongEquation }): string {
  const rows = check.rows
    .map(
      (r) =>
        `<tr class="verdict-${r.verdict.toLowerCase()}"><td>${escapeHtml(r.name)}</td><td>${short(r.difference)}</td>` +
        `<td>${escapeHtml(r.ratio ?? "")}</td><td class="verdict">${r.verdict}</td>` +
        `<td>${escapeHtml(r.note ?? "")}</td></tr>`,
    )
    .join("");
  const failing = check.rows.filter((r) => r.verdict === "FAIL");
  const summary = failing.length
    ? `FAIL: ${failing.map((r) => `${r.name} is off by a factor ${r.ratio}`).join("; ")}`
    : "PASS: the backward pass is correct";
  const first = check.firstWrong;
  const wrong = first
    ? `<p class="first-wrong"${lineAttr(first.at?.line)}>first wrong equation` +
      `${first.at ? ` (line ${first.at.line})` : ""}: <code>${escapeHtml(first.equation)}</code> ` +
      `(its value is ${escapeHtml(first.ratio)}× the numeric one)</p>`
    : "";
  return (
    `<p>epsilon ${check.epsilon}, threshold ${check.threshold}; difference ${check.overall} over ` +
    `${check.checked?.elements} parameters</p>` +
    `<table class="check"><thead><tr><th>gradient</th><th>difference</th><th>analytic/numeric</th>` +
    `<th>verdict</th><th>note</th></tr></thead><tbody>${rows}</tbody></table>` +
    `<p class="summary">${escapeHtml(summary)}</p>${wrong}`
  );
}
