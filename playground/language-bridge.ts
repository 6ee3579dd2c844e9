// The editor's language features as CodeMirror wants them. The features themselves are the
// compiler's: its diagnostics (with the did-you-mean of their `help` as a one-click fix) and its
// formatter (`nnc fmt`). Spans are 1-based with an inclusive end column (contracts/diagnostic.ts).
import type { Text } from "@codemirror/state";
import type { Diagnostic as EditorDiagnostic } from "@codemirror/lint";
import type { EditorView } from "@codemirror/view";
import type { Diagnostic, Span } from "../contracts/diagnostic.js";
import { compileSource } from "../compiler/front-end.js";
import { formatNnspec } from "../grammar/format/format.js";

/** The document offsets of a span, clamped to the document. */
export function spanRange(doc: Text, span: Span): { from: number; to: number } {
  const line = (n: number) => doc.line(Math.min(Math.max(n, 1), doc.lines));
  const start = line(span.line);
  const end = line(span.endLine);
  const from = Math.min(start.from + Math.max(span.column - 1, 0), start.to);
  const to = Math.min(end.from + Math.max(span.endColumn, 0), end.to);
  return { from, to: Math.max(to, from) };
}

/** `did you mean 'relu'?` in a diagnostic's help: the word to put in the span's place. */
function suggestion(d: Diagnostic): string | undefined {
  return /did you mean [`']([^`']+)[`']\??/.exec(d.help ?? "")?.[1];
}

const severityOf = (d: Diagnostic) => (d.severity === "note" ? "info" : d.severity);

/** The compiler's diagnostics for the editor's text, as CodeMirror lint diagnostics. */
export function editorDiagnostics(doc: Text, file: string): EditorDiagnostic[] {
  const { diagnostics } = compileSource(doc.toString(), file);
  return diagnostics
    .filter((d) => d.span && (d.file === undefined || d.file === file))
    .map((d) => {
      const { from, to } = spanRange(doc, d.span!);
      const fix = suggestion(d);
      const help = d.help ? `\nhelp: ${d.help}` : "";
      return {
        from,
        to,
        severity: severityOf(d),
        source: d.code,
        message: `${d.code}: ${d.message}${help}`,
        actions: fix
          ? [
              {
                name: `Change to '${fix}'`,
                apply: (view: EditorView, start: number, end: number) =>
                  view.dispatch({ changes: { from: start, to: end, insert: fix } }),
              },
            ]
          : [],
      };
    });
}

/** `nnc fmt` on the editor's text; false when the text has syntax errors (they are underlined already). */
export function formatDocument(view: EditorView, file: string): boolean {
  const { text } = formatNnspec(view.state.doc.toString(), file);
  if (text === undefined) return false;
  if (text !== view.state.doc.toString()) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  }
  return true;
}
