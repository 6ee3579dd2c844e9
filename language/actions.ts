// Code actions and formatting: the quick fixes a did-you-mean offers, and `nnc fmt`'s layout as
// an edit. A quick fix replaces the misspelt word in the diagnostic's range, and only a word: a
// range that holds more than the name its message quotes is narrowed to that name, or left alone.
import { formatNnspec } from "../grammar/format/format.js";
import { analyze, type TextDocumentLike } from "./analysis.js";
import { diagnostics as editorDiagnostics, type DiagnosticOptions } from "./diagnostics.js";
import type { CodeAction, EditorDiagnostic, Range, TextEdit } from "./types.js";

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Quick fixes for the diagnostics that touch `range`. `context` are the diagnostics the editor
 * holds there (LSP's CodeActionContext); without them, the document's own are used.
 */
export function codeActions(
  document: TextDocumentLike,
  range: Range,
  context?: readonly EditorDiagnostic[],
  options: DiagnosticOptions = {},
): CodeAction[] {
  const analysis = analyze(document);
  const pool = context?.length ? context : editorDiagnostics(document, options);
  const actions: CodeAction[] = [];
  for (const d of pool) {
    if (!overlaps(d.range, range)) continue;
    const suggestions = d.data?.suggestions ?? [];
    for (const suggestion of suggestions) {
      const start = analysis.offsetAt(d.range.start);
      const written = analysis.text.slice(start, analysis.offsetAt(d.range.end));
      let target = d.range;
      if (!identifier.test(written)) {
        const quoted = d.message.match(/'([A-Za-z_][A-Za-z0-9_]*)'/)?.[1];
        const at = quoted ? written.search(new RegExp(`\\b${quoted}\\b`)) : -1;
        if (!quoted || at < 0) continue;
        target = {
          start: analysis.positionAt(start + at),
          end: analysis.positionAt(start + at + quoted.length),
        };
      }
      actions.push({
        title: `Change to '${suggestion}'`,
        kind: "quickfix",
        diagnostics: [d],
        isPreferred: suggestions.length === 1,
        edit: { changes: { [document.uri]: [{ range: target, newText: suggestion }] } },
      });
    }
  }
  return actions;
}

/**
 * `nnc fmt`'s layout as one edit of the whole text; none when the text is already formatted or
 * has syntax errors (the formatter guesses nothing).
 */
export function formatting(document: TextDocumentLike): TextEdit[] {
  const analysis = analyze(document);
  const formatted = formatNnspec(document.text, analysis.file).text;
  if (formatted === undefined || formatted === document.text) return [];
  const end = analysis.positionAt(document.text.length);
  return [{ range: { start: { line: 0, character: 0 }, end }, newText: formatted }];
}

function before(a: Range["start"], b: Range["start"]): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Do two ranges share a character, or touch (an empty range at a diagnostic's edge is in it)? */
function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
