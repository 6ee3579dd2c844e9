// A diagnostic is data: every stage (grammar, compiler, runtime loaders, drivers) produces these
// and every door renders them (contracts/render-diagnostic.ts for text). It is a contract, below
// every stage, so that any stage can create one without reaching into another stage's internals.

/** A source span: 1-based lines and columns, end column inclusive (Chevrotain's convention). */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Severity = "error" | "warning" | "note";

export interface Diagnostic {
  severity: Severity;
  /** Stable code: NNC1xxx syntax, NNC2xxx names/shapes/ranges, NNC3xxx data and runtime. */
  code: string;
  /** One line saying what is wrong, in the learner's words. */
  message: string;
  /** File the span points into (as the user named it). */
  file?: string;
  span?: Span;
  /** Short text printed after the carets under the span. */
  label?: string;
  /** What would have been right: `expected: ...`. */
  expected?: string;
  /** A fix: `help: did you mean 'relu'?`. */
  help?: string;
  /** More context, printed as `note: ...` lines. */
  notes?: string[];
}

/** Thrown by stages that cannot continue; carries every diagnostic found so far. */
export class DiagnosticError extends Error {
  constructor(public readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
    this.name = "DiagnosticError";
  }
}

/**
 * The one spelling suggester (TypeScript's `getSpellingSuggestion` thresholds): a candidate must
 * have a length within max(2, 0.34·n) of the name and an edit distance below 0.4·n; names shorter
 * than three characters match only by case. A case-only difference costs 0.1. Few suggestions,
 * nearly all right. `shortNames` lets a two-letter name match at distance one (`rn` → `run`): right
 * for a short fixed list such as the CLI's commands, too loose for a model's names (`W1` → `W2`).
 */
export function suggest(name: string, candidates: Iterable<string>, shortNames = false): string | undefined {
  const maximumLengthDifference = Math.max(2, Math.floor(name.length * 0.34));
  const shortest = shortNames ? 2 : 3;
  let bestDistance = Math.floor(name.length * 0.4) + 1;
  if (shortNames && name.length === 2) bestDistance = 2;
  let best: string | undefined;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    if (Math.abs(candidate.length - name.length) > maximumLengthDifference) continue;
    if (candidate.toLowerCase() === name.toLowerCase()) return candidate;
    if (candidate.length < shortest || name.length < shortest) continue;
    const distance = editDistance(name, candidate, bestDistance - 0.1);
    if (distance === undefined) continue;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

/** Damerau–Levenshtein (adjacent transpositions count one), case-only changes cost 0.1. */
function editDistance(a: string, b: string, max: number): number | undefined {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (let i = 0; i < rows; i++) d[i][0] = i;
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const ca = a[i - 1];
      const cb = b[j - 1];
      const substitution = ca === cb ? 0 : ca.toLowerCase() === cb.toLowerCase() ? 0.1 : 1;
      let value = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + substitution);
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb) {
        value = Math.min(value, d[i - 2][j - 2] + 1);
      }
      d[i][j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return undefined;
  }
  const result = d[rows - 1][cols - 1];
  return result > max ? undefined : result;
}
