// `nnc derive --numbers`: one training iteration's equations with their values for one example
// (drivers/derive-numbers.ts), as text, a Markdown page or JSON. The text rounds to 6 significant
// digits and cuts long vectors and matrices; the JSON keeps every value at full precision.
import { escapeMarkdown } from "../compiler/render-derivation.js";
import type { SourceLink } from "../compiler/derivation.js";
import type { DerivationNumbers, ScalarNumbers, ShownValue } from "../drivers/derive-numbers.js";

/**
 * Entries of a vector, and rows and columns of a matrix, printed before the rest is counted; up to
 * LIMIT are printed whole (a 10-unit layer is not cut to 8 and 2 more).
 */
const SHOWN = 8;
const LIMIT = 12;

function shownCount(length: number): number {
  return length <= LIMIT ? length : SHOWN;
}

export function formatNumber(x: number): string {
  if (x === 0) return "0";
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  const text = a >= 1e-4 && a < 1e6 ? x.toPrecision(6) : x.toExponential(5);
  // 0.500000 → 0.5, 1.20000e-5 → 1.2e-5: the digits that say something.
  return text.replace(/\.?0+(?=e|$)/, "").replace(/\.?0+e/, "e");
}

function list(values: readonly number[], limit = shownCount(values.length)): string {
  const shown = values.slice(0, limit).map(formatNumber).join(", ");
  return values.length > limit ? `${shown}, … ${values.length - limit} more` : shown;
}

/** `[0.2337, 0, …]ᵀ` for a column, `[[1.79, 0.437], [..]]` for a matrix, `0.883` for 1×1: one line. */
export function valueText(v: ShownValue): string {
  if (v.rows === 1 && v.cols === 1) return formatNumber(v.values[0]);
  if (v.cols === 1) return `[${list(v.values)}]ᵀ`;
  if (v.rows === 1) return `[${list(v.values)}]`;
  const rows = Array.from({ length: shownCount(v.rows) }, (_, r) => {
    return `[${list(v.values.slice(r * v.cols, (r + 1) * v.cols))}]`;
  });
  const more = v.rows > shownCount(v.rows) ? `, … ${v.rows - SHOWN} more rows` : "";
  return `[${rows.join(", ")}${more}]`;
}

/** A matrix's rows, one a line, its columns aligned; a vector or a number stays on one line. */
function matrixRows(v: ShownValue): string[] {
  const cols = shownCount(v.cols);
  const cells = Array.from({ length: shownCount(v.rows) }, (_, r) =>
    Array.from({ length: cols }, (_, c) => formatNumber(v.values[r * v.cols + c])),
  );
  const widths = Array.from({ length: cols }, (_, c) => Math.max(...cells.map((row) => row[c].length)));
  const rest = v.cols > cols ? `  … ${v.cols - cols} more` : "";
  const lines = cells.map((row) => `[ ${row.map((cell, c) => cell.padStart(widths[c])).join("  ")} ]${rest}`);
  if (v.rows > cells.length) lines.push(`… ${v.rows - cells.length} more rows`);
  return lines;
}

function describe(v: ShownValue, example: number): string {
  return v.part === "example" ? `(column ${example})` : `(${v.rows}×${v.cols})`;
}

/** `label = value   (shape)` on one line, or the label then the matrix's rows below it. */
function block(indent: string, label: string, v: ShownValue, example: number, note = describe(v, example)): string[] {
  if (v.rows === 1 || v.cols === 1) return [`${indent}${label} = ${valueText(v)}   ${note}`.trimEnd()];
  const under = " ".repeat(indent.length + 4);
  return [`${indent}${label} =   ${note}`.trimEnd(), ...matrixRows(v).map((row) => `${under}${row}`)];
}

/** 12 → ¹², for the example's index on its share, dW[1]⁽¹²⁾. */
function superscript(k: number): string {
  return String(k).replace(/\d/g, (digit) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(digit)]);
}

function where(source: SourceLink | undefined): string {
  return source ? `line ${source.span.line}` : "";
}

function iterationTitle(n: DerivationNumbers): string {
  const start = n.iteration === 0 ? "the first update, from the initial parameters" : `after ${n.iteration} updates`;
  return `iteration ${n.iteration} (${start}), example ${n.example}`;
}

export function renderNumbersText(n: DerivationNumbers): string {
  const d = n.derivation;
  const K = n.example;
  const lines = [
    `Numbers of model ${n.model}: ${iterationTitle(n)}`,
    `Batch: ${n.batch.text}.`,
    ...(n.batch.masks ? [`Masks: ${n.batch.masks}.`] : []),
    `Values are the runtime's own, rounded to 6 digits; [..]ᵀ is a column. Per-example values show`,
    `example ${K}'s column; \`nnc derive --numbers --json\` has every value in full.`,
    ...n.notes.map((note) => `Note: ${note}.`),
    "",
    "Forward pass",
  ];
  for (const f of n.forward) {
    const cause = [f.line.op, f.line.layer ? `layer ${f.line.layer}` : "", where(f.line.source)];
    lines.push(`  ${f.line.text}    (${cause.filter(Boolean).join(", ")})`);
    const width = Math.max(...f.inputs.map((i) => i.text.length));
    for (const input of f.inputs) lines.push(...block("      ", input.text.padEnd(width), input, K));
    lines.push(...block("    → ", f.value.text, f.value, K));
  }
  const c = n.cost;
  lines.push(
    `  cost ${d.cost} = ${formatNumber(c.value)}, the mean loss over the batch's ${n.batch.size} examples` +
      (c.penalties.length ? ` plus the penalties (${d.loss} = ${formatNumber(c.loss)})` : "") +
      `; example ${K}'s own loss is ${formatNumber(c.exampleLoss)}`,
    "",
    `Backward pass, from d${d.cost} = 1`,
  );
  const number = (i: number) => `${String(i + 1).padStart(String(n.steps.length).length)}. `;
  n.steps.forEach((s, i) => {
    const lead = `  ${number(i)}`;
    const pad = " ".repeat(lead.length);
    const at = s.step.sources.map(where).filter(Boolean);
    lines.push(`${lead}${s.step.text}    (${at.join(", ") || "no statement"})`);
    if (s.contribution) {
      const share = `example ${K}'s share, its own loss's gradient / m`;
      lines.push(...block(pad, `${s.value.text}⁽${superscript(K)}⁾`, s.contribution, K, `(${share})`));
      lines.push(...block(`${pad}→ `, s.value.text, s.value, K, `(the batch's gradient, the update's)`));
    } else lines.push(...block(`${pad}→ `, s.value.text, s.value, K));
  });
  const u = n.update;
  lines.push(
    "",
    `Update ${u.t} by ${d.update?.call ?? u.optimizer}, learning rate ${formatNumber(u.learningRate)}` +
      (u.source ? `    (${where(u.source)})` : ""),
  );
  for (const equation of d.update?.equations ?? []) lines.push(`  ${equation.text}`);
  for (const p of u.parameters) {
    lines.push(...block("  ", p.before.text, p.before, K, "(before)"));
    lines.push(...block("  ", p.gradient.text, p.gradient, K, ""));
    lines.push(...block("  → ", p.after.text, p.after, K, "(after)"));
  }
  return lines.join("\n") + "\n";
}

// ---- Markdown -------------------------------------------------------------------------------

function valueMarkdown(v: ShownValue): string {
  return `\`${valueText(v)}\``;
}

export function renderNumbersMarkdown(n: DerivationNumbers): string {
  const d = n.derivation;
  const lines = [
    `# Numbers of model ${escapeMarkdown(n.model)}: ${iterationTitle(n)}`,
    "",
    `Batch: ${escapeMarkdown(n.batch.text)}.` + (n.batch.masks ? ` Masks: ${escapeMarkdown(n.batch.masks)}.` : ""),
    "Values are the runtime's own, rounded to 6 digits.",
    ...n.notes.map((note) => `\n${escapeMarkdown(`Note: ${note}.`)}`),
    "",
    "## Forward pass",
    "",
  ];
  for (const f of n.forward) {
    lines.push(`- $${f.line.latex}$ — ${escapeMarkdown(f.line.op)}${f.line.source ? `, ${where(f.line.source)}` : ""}`);
    for (const input of f.inputs)
      lines.push(`  - $${input.latex}$ = ${valueMarkdown(input)} ${describe(input, n.example)}`);
    lines.push(`  - → $${f.value.latex}$ = ${valueMarkdown(f.value)} ${describe(f.value, n.example)}`);
  }
  lines.push(
    "",
    `Cost $${d.cost}$ = ${formatNumber(n.cost.value)}; ` +
      `example ${n.example}'s own loss ${formatNumber(n.cost.exampleLoss)}.`,
    "",
    "## Backward pass",
    "",
  );
  n.steps.forEach((s, i) => {
    const at = s.step.sources.map(where).join(", ");
    lines.push(`${i + 1}. $${s.step.latex}$${at ? ` — ${at}` : ""}`);
    if (s.contribution)
      lines.push(
        `   - example ${n.example}'s share: ${valueMarkdown(s.contribution)}`,
        `   - → the batch's gradient: ${valueMarkdown(s.value)} ${describe(s.value, n.example)}`,
      );
    else lines.push(`   - → ${valueMarkdown(s.value)} ${describe(s.value, n.example)}`);
  });
  const u = n.update;
  lines.push("", `## Update ${u.t}: \`${d.update?.call ?? u.optimizer}\``, "");
  for (const equation of d.update?.equations ?? []) lines.push(`- $${equation.latex}$`);
  lines.push("");
  for (const p of u.parameters)
    lines.push(
      `- $${p.before.latex}$: ${valueMarkdown(p.before)}, $d${p.before.latex}$: ${valueMarkdown(p.gradient)}, ` +
        `→ ${valueMarkdown(p.after)}`,
    );
  return lines.join("\n") + "\n";
}

// ---- scalar models --------------------------------------------------------------------------

export function renderScalarNumbersText(s: ScalarNumbers): string {
  const lines = [
    `Numbers of scalar model ${s.model}`,
    "",
    `cost: ${s.cost.name} = ${s.cost.expression} = ${formatNumber(s.cost.value)}`,
    ...s.constants.map((c) => `  with ${c.name} = ${formatNumber(c.value)}`),
    ...s.params.map((p) => `  at ${p.name} = ${formatNumber(p.value)}`),
    "",
  ];
  for (const p of s.params) {
    const symbolic = `d${s.cost.name}/d${p.name} = ${p.derivative.expression} = ${formatNumber(p.derivative.value)}`;
    lines.push(`${symbolic}    (symbolic derivative of the cost)`);
    if (p.written)
      lines.push(`  backward block: d${p.name} = ${p.written.expression} = ${formatNumber(p.written.value)}`);
  }
  return `${lines.join("\n")}\n`;
}
