// The report is a list of sections, each a title and a body of HTML built from escaped text.
// Sections that other commands produce plug in here as plain data, so the report does not depend
// on how they are computed:
//   - the gradient check (`nnc check`): rows of {name, difference, verdict, ...};
//   - the derivation (`nnc derive`): steps of {latex, shape, reason}, rendered with KaTeX.
// When the data is absent the section says so instead of disappearing, so a reader knows what a
// full report holds. Anything else (a comparison of runs, regularizers) can be passed as an extra
// ReportSection.
import { escapeHtml } from "./escape.js";
import { renderMath } from "./math.js";

export interface ReportSection {
  /** The anchor in the page (`#gradient-check`); letters, digits and dashes. */
  id: string;
  title: string;
  /** The body, already HTML: build it with escapeHtml for every string that came from a file. */
  html: string;
}

/** The verdicts `nnc check` prints, the same words in the report. */
export type CheckVerdict = "PASS" | "FAIL" | "INCONCLUSIVE";

/** One gradient of the check, as `nnc check` measures it. */
export interface GradientCheckRow {
  /** The parameter or gradient checked: `dW2`. */
  name: string;
  /** ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖), the lessons' relative difference. */
  difference: number;
  /** The ratio of the analytic to the numeric gradient as `nnc check` prints it (`1.000`, `2.000`). */
  ratio?: string;
  verdict: CheckVerdict;
  /** Optional detail: why a tensor failed or is inconclusive, elements left out at a kink. */
  note?: string;
}

export interface GradientCheckData {
  epsilon?: number;
  threshold?: number;
  /** The difference over all parameters together, as the lessons print it. */
  overall?: number;
  /** How many parameter elements the check compared, of how many: fewer when a large model is sampled. */
  checked?: { elements: number; of: number };
  rows: GradientCheckRow[];
}

/** One step of a derivation, as `nnc derive` writes it. */
export interface DerivationStep {
  /** The equation in LaTeX: `dW^{[2]} = dZ^{[2]} A^{[1]T}`. */
  latex: string;
  /** The shape of the left-hand side: `5 × 10`. */
  shape?: string;
  /** Why this step holds, in words (the op's derivation text). */
  reason?: string;
}

export function section(id: string, title: string, html: string): ReportSection {
  return { id, title, html };
}

export function unavailable(what: string, how: string): string {
  return `<p class="unavailable">${escapeHtml(what)} <span class="how">${escapeHtml(how)}</span></p>`;
}

/** `0.00012`, `2.9e-10`, `1e-7`: short, and the same figures the command line prints. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6)) return Number(x.toPrecision(4)).toExponential();
  return String(Number(x.toPrecision(6)));
}

/** The check's conclusion in `nnc check`'s words. */
export function checkConclusion(rows: readonly GradientCheckRow[]): string {
  const failing = rows.filter((r) => r.verdict === "FAIL");
  const off = (r: GradientCheckRow) => `${r.name}${r.ratio ? ` is off by a factor ${r.ratio}` : " is wrong"}`;
  if (failing.length) return `FAIL: ${failing.map(off).join("; ")}`;
  if (rows.some((r) => r.verdict === "INCONCLUSIVE"))
    return "no tensor fails, but some are INCONCLUSIVE (see the notes)";
  return "PASS: the backward pass is correct";
}

function overWhat(checked: GradientCheckData["checked"]): string {
  if (!checked || checked.elements === checked.of) return "over all parameters";
  return `over ${checked.elements} sampled of ${checked.of} parameters`;
}

export function gradientCheckSection(check: GradientCheckData | undefined): ReportSection {
  if (!check)
    return section(
      "gradient-check",
      "Gradient check",
      unavailable(
        "No gradient check in this report.",
        "Gradient checking compares each generated gradient with centred finite differences (`nnc check`).",
      ),
    );
  const settings = [
    check.epsilon !== undefined ? `ε = ${formatNumber(check.epsilon)}` : "",
    check.threshold !== undefined ? `threshold ${formatNumber(check.threshold)}` : "",
    check.overall !== undefined ? `difference ${formatNumber(check.overall)} ${overWhat(check.checked)}` : "",
  ].filter(Boolean);
  // Optional columns appear only when some row fills them: no empty column.
  const columns: { title: string; cell: (r: GradientCheckRow) => string; cls?: string }[] = [
    { title: "gradient", cell: (r) => `<code>${escapeHtml(r.name)}</code>` },
    { title: "relative difference", cell: (r) => escapeHtml(formatNumber(r.difference)), cls: "num" },
    ...(check.rows.some((r) => r.ratio !== undefined)
      ? [{ title: "analytic/numeric", cell: (r: GradientCheckRow) => escapeHtml(r.ratio ?? ""), cls: "num" }]
      : []),
    { title: "verdict", cell: (r) => escapeHtml(r.verdict), cls: "verdict" },
    ...(check.rows.some((r) => r.note)
      ? [{ title: "note", cell: (r: GradientCheckRow) => escapeHtml(r.note ?? "") }]
      : []),
  ];
  const head = columns.map((c) => `<th>${c.title}</th>`).join("");
  const rows = check.rows
    .map((r) => {
      const cells = columns.map((c) => `<td${c.cls ? ` class="${c.cls}"` : ""}>${c.cell(r)}</td>`).join("");
      return `<tr class="verdict-${r.verdict.toLowerCase()}">${cells}</tr>`;
    })
    .join("");
  return section(
    "gradient-check",
    "Gradient check",
    (settings.length ? `<p>${escapeHtml(settings.join(" · "))}</p>` : "") +
      `<table class="check"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>` +
      `<p class="conclusion">${escapeHtml(checkConclusion(check.rows))}</p>`,
  );
}

export function derivationSection(steps: readonly DerivationStep[] | undefined): ReportSection {
  if (!steps || steps.length === 0)
    return section(
      "derivation",
      "Derivation of the backward pass",
      unavailable(
        "No derivation in this report.",
        "The derivation of every gradient, step by step, comes from `nnc derive`.",
      ),
    );
  const items = steps
    .map(
      (s) =>
        `<li class="step"><div class="equation">${renderMath(s.latex, true)}</div>` +
        (s.shape ? `<div class="shape">shape ${escapeHtml(s.shape)}</div>` : "") +
        (s.reason ? `<div class="reason">${escapeHtml(s.reason)}</div>` : "") +
        `</li>`,
    )
    .join("");
  return section("derivation", "Derivation of the backward pass", `<ol class="derivation">${items}</ol>`);
}
