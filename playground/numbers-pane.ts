// Numbers beside the symbols: one training iteration for one chosen example, every forward line,
// the cost, every backward step and each parameter's update with the values they take
// (drivers/derive-numbers.ts, what `nnc derive --numbers` prints), stepped through forward and
// back; the statement of the model that causes the shown equation lights up in the editor.
import type { DerivationNumbers, ShownValue } from "../drivers/derive-numbers.js";
import type { SourceLink } from "../compiler/derivation.js";
import { escapeHtml } from "../report/escape.js";
import { renderMath } from "../report/math.js";

/** One stop of the step-through: an equation, its values, and the source lines it comes from. */
interface Stop {
  title: string;
  latex: string;
  values: Array<{ label: string; value: ShownValue }>;
  note?: string;
  lines: number[];
}

/** Entries past these are elided (⋯): a cat picture's 12288 inputs are not a readable matrix. */
const MAX_ROWS = 8;
const MAX_COLS = 6;

const number = (x: number) =>
  x === 0 ? "0" : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? String(Number(x.toPrecision(4))) : x.toExponential(3);

/** A value as a KaTeX matrix, at most MAX_ROWS × MAX_COLS of it. */
export function matrixLatex(v: ShownValue): string {
  const rows = v.part === "example" ? v.values.length : v.rows;
  const cols = v.part === "example" ? 1 : v.cols;
  const shownRows = Math.min(rows, MAX_ROWS);
  const shownCols = Math.min(cols, MAX_COLS);
  const lines: string[] = [];
  for (let r = 0; r < shownRows; r++) {
    const cells = Array.from({ length: shownCols }, (_, c) => number(v.values[r * cols + c]));
    if (cols > shownCols) cells.push("\\cdots");
    lines.push(cells.join(" & "));
  }
  if (rows > shownRows)
    lines.push(Array.from({ length: shownCols + (cols > shownCols ? 1 : 0) }, () => "\\vdots").join(" & "));
  return `\\begin{bmatrix}${lines.join(" \\\\ ")}\\end{bmatrix}`;
}

const linesOf = (links: ReadonlyArray<SourceLink | undefined>) => [
  ...new Set(links.filter((l): l is SourceLink => l !== undefined).map((l) => l.span.line)),
];

function stops(numbers: DerivationNumbers): Stop[] {
  const column = (v: ShownValue) => (v.part === "example" ? `${v.text}, column ${numbers.example}` : v.text);
  const forward = numbers.forward.map((f) => ({
    title: `forward: ${f.line.text}`,
    latex: f.line.latex,
    values: [
      ...f.inputs.map((v) => ({ label: column(v), value: v })),
      { label: `= ${column(f.value)}`, value: f.value },
    ],
    lines: linesOf([f.line.source]),
  }));
  const penalties = numbers.cost.penalties.map((p) => ` + ${p.name} ${number(p.value)}`).join("");
  const cost: Stop = {
    title: "cost",
    latex: numbers.derivation.forward[numbers.derivation.forward.length - 1]?.latex ?? "J",
    values: [],
    note:
      `J = ${number(numbers.cost.value)} on the batch (mean loss ${number(numbers.cost.loss)}${penalties}); ` +
      `example ${numbers.example}'s own loss ${number(numbers.cost.exampleLoss)}`,
    lines: [],
  };
  const backward = numbers.steps.map((s) => ({
    title: `backward: ${s.step.text}`,
    latex: s.step.latex,
    values: [
      { label: `= ${column(s.value)}`, value: s.value },
      ...(s.contribution ? [{ label: `example ${numbers.example}'s share`, value: s.contribution }] : []),
    ],
    lines: linesOf(s.step.sources),
  }));
  const updates = numbers.update.parameters.map((u) => ({
    title: `update ${u.parameter} (${numbers.update.optimizer}, step t = ${numbers.update.t})`,
    latex: `${u.parameter} \\leftarrow \\text{${numbers.update.optimizer}}(${u.parameter}, d${u.parameter})`,
    values: [
      { label: "before", value: u.before },
      { label: "gradient", value: u.gradient },
      { label: "after", value: u.after },
    ],
    lines: linesOf([numbers.update.source]),
  }));
  return [...forward, cost, ...backward, ...updates];
}

export class NumbersPane {
  private all: Stop[] = [];
  private at = 0;

  constructor(
    private readonly element: HTMLElement,
    private readonly onLines: (lines: number[]) => void,
  ) {}

  show(numbers: DerivationNumbers): void {
    this.all = stops(numbers);
    this.at = 0;
    this.element.querySelector(".numbers-batch")!.textContent = [numbers.batch.text, ...numbers.notes].join(" ");
    this.render();
  }

  step(by: number): void {
    if (!this.all.length) return;
    this.at = Math.min(Math.max(this.at + by, 0), this.all.length - 1);
    this.render();
  }

  private render(): void {
    const stop = this.all[this.at];
    const body = this.element.querySelector<HTMLElement>(".numbers-stop")!;
    const values = stop.values
      .map(
        (v) =>
          // Every value in full in data-values, for a reader that wants more than the 4 digits shown.
          `<div class="value" data-values="${escapeHtml(JSON.stringify(v.value.values))}">` +
          `<span>${escapeHtml(v.label)}</span> ${renderMath(matrixLatex(v.value))}</div>`,
      )
      .join("");
    body.innerHTML =
      `<p class="position">${this.at + 1} of ${this.all.length}: ${escapeHtml(stop.title)}</p>` +
      `<div class="equation">${renderMath(stop.latex, true)}</div>${values}` +
      (stop.note ? `<p class="note">${escapeHtml(stop.note)}</p>` : "");
    body.dataset.stop = String(this.at);
    this.onLines(stop.lines);
  }
}
