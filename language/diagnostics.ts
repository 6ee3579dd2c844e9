// The compiler's diagnostics in the editor's form: every one `nnc lint` gives, with its code, its
// range, the lines its notes point at as related locations ("the first is at line 12"), the
// replacement its did-you-mean suggests (for the quick fix) and what `nnc explain` says of it.
import type { Diagnostic } from "../contracts/diagnostic.js";
import { explanationOf } from "../contracts/explanations.js";
import { analyze, type Analysis, type TextDocumentLike } from "./analysis.js";
import { spanToRange } from "./positions.js";
import type { EditorDiagnostic, Range, RelatedInformation, Severity } from "./types.js";

export interface DiagnosticOptions {
  /**
   * The page a code's link opens, e.g. the reference's table of codes. Without it diagnostics carry
   * no link; the explanation is still in `data.explanation` and in the hover over the range.
   */
  explainUrl?: (code: string) => string;
}

const severities: Record<Diagnostic["severity"], Severity> = { error: 1, warning: 2, note: 3 };

export function diagnostics(document: TextDocumentLike, options: DiagnosticOptions = {}): EditorDiagnostic[] {
  const analysis = analyze(document);
  return analysis.result.diagnostics.map((d) => toEditorDiagnostic(d, analysis, options));
}

export function toEditorDiagnostic(
  d: Diagnostic,
  analysis: Analysis,
  options: DiagnosticOptions = {},
): EditorDiagnostic {
  const range = d.span ? withinText(spanToRange(d.span), analysis) : startOfModel(analysis);
  const lines = [d.label && !d.message.includes(d.label) ? `${d.message} (${d.label})` : d.message];
  if (d.expected) lines.push(`expected: ${d.expected}`);
  if (d.help) lines.push(`help: ${d.help}`);
  for (const note of d.notes ?? []) lines.push(`note: ${note}`);
  const related = (d.notes ?? []).flatMap((note) => relatedLine(note, analysis));
  const explanation = explanationOf(d.code);
  const suggestions = suggestionsOf(d);
  return {
    range,
    severity: severities[d.severity],
    code: d.code,
    ...(options.explainUrl ? { codeDescription: { href: options.explainUrl(d.code) } } : {}),
    source: "nnc",
    message: lines.join("\n"),
    ...(related.length ? { relatedInformation: related } : {}),
    data: { suggestions, ...(explanation ? { explanation: explanationMarkdown(d.code) } : {}) },
  };
}

/** `did you mean 'sigmoid'?` → ["sigmoid"]. */
export function suggestionsOf(d: Diagnostic): string[] {
  const match = d.help?.match(/did you mean '([^']+)'\?/);
  return match ? [match[1]] : [];
}

/** What `nnc explain CODE` prints, as Markdown. */
export function explanationMarkdown(code: string): string | undefined {
  const e = explanationOf(code);
  if (!e) return undefined;
  const language = e.form === "model" || e.form === "file" ? "nnspec" : e.form === "ir" ? "json" : "";
  return [
    `**${code}**: ${e.summary}`,
    "",
    "Mistake:",
    "```" + language,
    e.mistake.trimEnd(),
    "```",
    "Fix:",
    "```" + language,
    e.fix.trimEnd(),
    "```",
    "",
    `(\`nnc explain ${code}\`)`,
  ].join("\n");
}

/**
 * The range, inside the text: "the file ends here" points one past the last character (where a
 * terminal's caret goes), which an editor's document does not hold. Such a range ends at the
 * text's end and, so that it is seen, starts on the character before.
 */
function withinText(range: Range, analysis: Analysis): Range {
  const end = analysis.positionAt(analysis.text.length);
  const after = (p: Range["start"]) => p.line > end.line || (p.line === end.line && p.character > end.character);
  const clamp = (p: Range["start"]) => {
    if (after(p)) return end;
    const next = analysis.offsetAt({ line: p.line + 1, character: 0 });
    const lineEnd = analysis.positionAt(p.line + 1 <= end.line ? next - 1 : analysis.text.length);
    return p.character > lineEnd.character && p.line === lineEnd.line ? lineEnd : p;
  };
  const start = clamp(range.start);
  const stop = clamp(range.end);
  if (start.line === stop.line && start.character === stop.character && start.character > 0) {
    return { start: { line: start.line, character: start.character - 1 }, end: stop };
  }
  return { start, end: stop };
}

/** A note naming a line ("is first declared at line 7") as a location on that line. */
function relatedLine(note: string, analysis: Analysis): RelatedInformation[] {
  const match = note.match(/\bat line (\d+)(?:, column (\d+))?/);
  if (!match) return [];
  const line = Number(match[1]) - 1;
  const text = analysis.text.split(/\r\n|\r|\n/)[line];
  if (text === undefined) return [];
  const first = match[2] ? Number(match[2]) - 1 : text.length - text.trimStart().length;
  const range: Range = { start: { line, character: first }, end: { line, character: text.trimEnd().length } };
  return [{ location: { uri: analysis.uri, range }, message: note }];
}

/** Where a diagnostic about the whole file goes: the model's name, or the first character. */
function startOfModel(analysis: Analysis): Range {
  const name = analysis.result.ast?.model.name;
  if (name && name.name) return spanToRange(name.span);
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
