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

/** One gradient of the check, as `nnc check` measures it. */
export interface GradientCheckRow {
  /** The parameter or gradient checked: `dW2`. */
  name: string;
  /** ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖), the lessons' relative difference. */
  difference: number;
  /** `ok` below the threshold, `wrong` above; other words are shown as given. */
  verdict: "ok" | "wrong" | string;
  /** Optional detail: which entries, by how much (`dW2 is twice what it should be`). */
  note?: string;
}

export interface GradientCheckData {
  epsilon?: number;
  threshold?: number;
  /** The difference over all parameters together, as the lessons print it. */
  overall?: number;
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

/** `0.00012`, `2.9e-10`: short, and the same figures the command line prints. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(6)));
}

export function gradientCheckSection(check: GradientCheckData | undefined): ReportSection {
  if (!check) return section("gradient-check", "Gradient check", unavailable("No gradient check in this report.", "Gradient checking compares each generated gradient with centred finite differences (`nnc check`)."));
  const settings = [
    check.epsilon !== undefined ? `ε = ${formatNumber(check.epsilon)}` : "",
    check.threshold !== undefined ? `threshold ${formatNumber(check.threshold)}` : "",
    check.overall !== undefined ? `difference over all parameters ${formatNumber(check.overall)}` : "",
  ].filter(Boolean);
  const rows = check.rows
    .map((r) => {
      const verdict = r.verdict === "ok" ? "ok" : r.verdict === "wrong" ? "wrong" : "other";
      const difference = `<td class="num">${escapeHtml(formatNumber(r.difference))}</td>`;
      const words = `<td>${escapeHtml(r.verdict)}</td><td>${escapeHtml(r.note ?? "")}</td>`;
      return `<tr class="verdict-${verdict}"><td><code>${escapeHtml(r.name)}</code></td>${difference}${words}</tr>`;
    })
    .join("");
  return section(
    "gradient-check",
    "Gradient check",
    (settings.length ? `<p>${escapeHtml(settings.join(" · "))}</p>` : "") +
      `<table class="check"><thead><tr><th>gradient</th><th>relative difference</th><th>verdict</th><th></th></tr>` +
      `</thead><tbody>${rows}</tbody></table>`,
  );
}

export function derivationSection(steps: readonly DerivationStep[] | undefined): ReportSection {
  if (!steps || steps.length === 0)
    return section("derivation", "Derivation of the backward pass", unavailable("No derivation in this report.", "The derivation of every gradient, step by step, comes from `nnc derive`."));
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
