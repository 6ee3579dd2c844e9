// A derivation (compiler/derivation.ts) as plain text, a LaTeX document or a Markdown page. The
// three say the same thing in the same order; strings taken from the .nnspec (the model's and
// layers' names) are escaped for LaTeX and Markdown.
import type { Derivation, DerivationStep, DerivationTerm } from "./derivation.js";
import { notation, symbol } from "./notation.js";

function mText(d: Derivation): string {
  return d.samples === undefined ? "m examples" : `m = ${d.samples} examples`;
}

/** `$m$ examples`, or `$m = 300$ examples` when the training set's size is known. */
function examples(d: Derivation): string {
  return d.samples === undefined ? "$m$ examples" : `$m = ${d.samples}$ examples`;
}

function where(term: DerivationTerm, dialect: "text" | "latex", escape: (s: string) => string): string {
  const at = dialect === "text" ? symbol(term.at, "text") : `$${symbol(term.at, "latex")}$`;
  return `${escape(term.op)} at ${at}${term.layer ? ` (layer ${escape(term.layer)})` : ""}`;
}

const plain = (s: string) => s;

// ---- text -----------------------------------------------------------------------------------

/** The sums a derivation's equations use, each explained once: only those that appear. */
const SUMS = [
  { text: "Σⱼ", latex: "\\sum_{j=1}^{m}", meaning: "over the examples j = 1…m" },
  { text: "Σₖᵢ", latex: "\\sum_{k,i}", meaning: "over every entry (k, i) of a weight matrix" },
  { text: "Σₖ", latex: "\\sum_{k=1}^{K}", meaning: "over one example's K units" },
] as const;

function sumsUsed(d: Derivation, dialect: "text" | "latex"): (typeof SUMS)[number][] {
  const rule = (t: DerivationTerm) => (dialect === "text" ? notation(t.rule.text, "text") : t.rule.latex);
  const all = [
    ...d.forward.map((f) => f[dialect]),
    ...d.steps.flatMap((s) => [s[dialect], ...s.terms.flatMap((t) => [rule(t), t.reason[dialect]])]),
  ];
  // Σₖ is a prefix of Σₖᵢ: look for each symbol followed by a space.
  return SUMS.filter((sum) => all.some((equation) => equation.includes(`${sum[dialect]} `)));
}

/** `Σⱼ sums over the examples j = 1…m, Σₖᵢ over every entry (k, i) of a weight matrix` */
function sumsNote(d: Derivation, dialect: "text" | "latex"): string {
  const used = sumsUsed(d, dialect);
  const symbol = (s: (typeof SUMS)[number]) => (dialect === "text" ? s.text : `$${s.latex}$`);
  return used.map((s, i) => `${symbol(s)} ${i === 0 ? "sums " : ""}${s.meaning}`).join(", ");
}

/** The backward pass's start, `from the cost J back to each parameter (dJ = 1)`. */
function backwardTitle(d: Derivation, dialect: "text" | "latex"): string {
  const math = (x: string) => (dialect === "text" ? x : `$${x}$`);
  const seed = math(`d${symbol(d.cost, dialect)} = 1`);
  return `Backward pass, from the cost ${math(d.cost)} back to each parameter (${seed})`;
}

/** With penalties, the sentence that says how dJ = 1 reaches the loss and each penalty. */
function penaltySeed(d: Derivation, dialect: "text" | "latex"): string | undefined {
  if (d.penalties.length === 0) return undefined;
  const math = (x: string) => (dialect === "text" ? x : `$${x}$`);
  const s = (name: string) => symbol(name, dialect);
  const penalty = s("R1").replace("1", "l");
  const seeds = `${math(`d${s(d.loss)} = 1`)} and ${math(`d${penalty} = 1`)}`;
  return `${math(s(d.cost))} adds ${math(s(d.loss))} and each penalty ${math(penalty)}, so ${seeds}.`;
}

export function renderDerivationText(d: Derivation): string {
  const sums = sumsNote(d, "text");
  const lines: string[] = [
    `Gradients of model ${d.model}, read off the backward pass nnc generates and runs`,
    `${mText(d)}; shapes are rows×columns, one column per example.`,
    "Notation: values of layer l carry [l] (A[0] is X); ∗ multiplies elementwise, ᵀ transposes,",
    ...wrap(`1{…} is 1 where the condition holds and 0 elsewhere${sums ? `, ${sums}` : ""}.`, 96),
    "",
    "Forward pass",
  ];
  const fwidth = Math.max(...d.forward.map((f) => f.text.length));
  const swidth = Math.max(...d.forward.map((f) => f.shape.text.length));
  for (const f of d.forward) {
    const layer = f.layer ? ` (layer ${f.layer})` : "";
    lines.push(`  ${f.text.padEnd(fwidth)}   ${f.shape.text.padEnd(swidth)}   ${f.op}${layer}`);
  }
  lines.push("", backwardTitle(d, "text"));
  const seed = penaltySeed(d, "text");
  if (seed) lines.push(`  ${seed}`);
  const width = Math.max(...d.steps.map((s) => s.text.length));
  const number = (i: number) => `${String(i + 1).padStart(String(d.steps.length).length)}. `;
  d.steps.forEach((step, i) => {
    const lead = `  ${number(i)}`;
    lines.push(`${lead}${step.text.padEnd(width)}   ${step.shape.text}`);
    const pad = " ".repeat(lead.length);
    for (const term of step.terms) {
      const part = step.terms.length > 1 ? `${term.text} ` : "";
      lines.push(`${pad}${part}← ${where(term, "text", plain)}: ${notation(term.rule.text, "text")}`);
      lines.push(`${pad}  ${term.reason.text}`);
    }
  });
  lines.push(
    "",
    "Parameter gradients: " +
      parameterSteps(d)
        .map((s) => `${symbol(s.gradient, "text")} ${s.shape.text}`)
        .join(", "),
  );
  if (d.update) {
    const u = d.update;
    lines.push("", `Update, for every parameter W and its gradient dW: ${u.call}`);
    for (const equation of u.equations) lines.push(`  ${equation.text}`);
    lines.push(...wrap(u.derivation, 96).map((l) => `  ${l}`));
    lines.push(...wrap(u.schedule, 96).map((l) => `  ${l}`));
  }
  return lines.join("\n") + "\n";
}

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function parameterSteps(d: Derivation): DerivationStep[] {
  return d.steps.filter((s) => s.isParameter);
}

// ---- LaTeX ----------------------------------------------------------------------------------

const LATEX_SPECIALS: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "#": "\\#",
  "%": "\\%",
  _: "\\_",
  "^": "\\textasciicircum{}",
  "~": "\\textasciitilde{}",
};

export function escapeLatex(s: string): string {
  return s.replace(/[\\{}$&#%_^~]/g, (c) => LATEX_SPECIALS[c]);
}

export function renderDerivationLatex(d: Derivation): string {
  const lines = [
    `% Generated by \`nnc derive --latex\` from model ${d.model.replace(/[\r\n]/g, " ")}.`,
    "\\documentclass{article}",
    "\\usepackage{amsmath,amssymb,bbm}",
    "% amssymb's \\mathbb has no digits; the indicator 1[...] needs bbm's.",
    "\\renewcommand{\\mathbb}{\\mathbbm}",
    "\\begin{document}",
    `\\section*{Gradients of model \\texttt{${escapeLatex(d.model)}}}`,
    `Read off the backward pass nnc generates and runs; ${examples(d)}, ` +
      "one column per example. Values of layer $l$ carry $[l]$ ($A^{[0]}$ is $X$); $\\odot$ multiplies " +
      "elementwise, $^{T}$ transposes, $\\mathbb{1}[\\cdot]$ is 1 where the condition holds and 0 elsewhere" +
      latexSums(d),
    "",
    "\\subsection*{Forward pass}",
    "\\begin{align*}",
    ...d.forward.map(
      (f, i) =>
        `${alignLeft(f.latex)} && ${f.shape.latex} && \\text{${escapeLatex(f.op)}}` +
        (i < d.forward.length - 1 ? " \\\\" : ""),
    ),
    "\\end{align*}",
    "",
    `\\subsection*{${backwardTitle(d, "latex")}}`,
    ...(penaltySeed(d, "latex") ? [penaltySeed(d, "latex")!, ""] : []),
    "\\begin{enumerate}",
  ];
  for (const step of d.steps) {
    lines.push(`\\item $${step.latex}$ \\hfill $${step.shape.latex}$`);
    lines.push("\\begin{itemize}");
    for (const term of step.terms) {
      const part = step.terms.length > 1 ? `$${term.latex}$ ` : "";
      lines.push(
        `\\item[$\\leftarrow$] ${part}${where(term, "latex", escapeLatex)}, ` +
          `rule $${term.rule.latex}$: ${term.reason.latex}`,
      );
    }
    lines.push("\\end{itemize}");
  }
  lines.push("\\end{enumerate}");
  if (d.update) {
    const u = d.update;
    lines.push(
      `\\subsection*{Update: \\texttt{${escapeLatex(u.call)}}, ` + "for every parameter $W$ and its gradient $dW$}",
      "\\begin{align*}",
      ...u.equations.map(
        (e, i) => `${alignLeft(e.latex.replace(" \\leftarrow ", " = "))}${i < u.equations.length - 1 ? " \\\\" : ""}`,
      ),
      "\\end{align*}",
      escapeLatex(u.derivation),
      "",
      escapeLatex(u.schedule),
    );
  }
  lines.push("\\end{document}");
  return lines.join("\n") + "\n";
}

/** `; $\sum_{j=1}^{m}$ sums over the examples j = 1…m, ….` (the same words in LaTeX and Markdown). */
function latexSums(d: Derivation): string {
  const sums = sumsNote(d, "latex")
    .replace("j = 1…m", "$j = 1, \\dots, m$")
    .replace("(k, i)", "$(k, i)$")
    .replace(" K ", " $K$ ");
  return sums ? `; ${sums}.` : ".";
}

/** `Z = ...` → `Z &= ...` for align. */
function alignLeft(latex: string): string {
  const at = latex.indexOf(" = ");
  return at < 0 ? latex : `${latex.slice(0, at)} &= ${latex.slice(at + 3)}`;
}

// ---- Markdown -------------------------------------------------------------------------------

/**
 * Text safe in a Markdown paragraph, heading or list item, escaped only where Markdown would read
 * it as markup: `\\`, backquotes, `*`, `[` (links, images), `<` (HTML), `$` (the page's math), `~`
 * (strikethrough), `&` before an entity, `_` unless inside a word (`reg_l2` is plain text), and a
 * line's opening `#`, `>`, `-`, `+`, `1.` that would start a heading, quote or list.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*[<$~]|&(?=#?\w+;)|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (c) => `\\${c}`)
    .replace(/^(\s*)(#|>|[-+](?=\s)|\d+(?=[.)]\s))/gm, (_, indent: string, mark: string) =>
      /^\d/.test(mark) ? `${indent}${mark}\\` : `${indent}\\${mark}`,
    );
}

export function renderDerivationMarkdown(d: Derivation): string {
  const lines = [
    `# Gradients of model ${escapeMarkdown(d.model)}`,
    "",
    `Read off the backward pass nnc generates and runs; ${examples(d)}, ` +
      "one column per example. Values of layer $l$ carry $[l]$ ($A^{[0]}$ is $X$); $\\odot$ multiplies elementwise, " +
      "$^{T}$ transposes, $\\mathbb{1}[\\cdot]$ is 1 where the condition holds and 0 elsewhere" +
      latexSums(d),
    "",
    "## Forward pass",
    "",
    ...d.forward.map(
      (f) =>
        `- $${f.latex}$ — $${f.shape.latex}$, ${escapeMarkdown(f.op)}` +
        (f.layer ? ` (layer ${escapeMarkdown(f.layer)})` : ""),
    ),
    "",
    `## ${backwardTitle(d, "latex")}`,
    "",
    ...(penaltySeed(d, "latex") ? [penaltySeed(d, "latex")!, ""] : []),
  ];
  d.steps.forEach((step, i) => {
    lines.push(`${i + 1}. $${step.latex}$ — $${step.shape.latex}$`);
    for (const term of step.terms) {
      const part = step.terms.length > 1 ? `$${term.latex}$ ` : "";
      lines.push(
        `   - ← ${part}${where(term, "latex", escapeMarkdown)}, rule $${term.rule.latex}$: ${term.reason.latex}`,
      );
    }
  });
  if (d.update) {
    const u = d.update;
    lines.push(
      "",
      `## Update: \`${u.call}\`, for every parameter $W$ and its gradient $dW$`,
      "",
      ...u.equations.map((e) => `- $${e.latex}$`),
      "",
      escapeMarkdown(u.derivation),
      "",
      escapeMarkdown(u.schedule),
    );
  }
  return lines.join("\n") + "\n";
}
