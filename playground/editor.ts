// The CodeMirror 6 editor: .nnspec highlighting, the compiler's diagnostics underlined as you type
// with their fixes, hover and completion (language/, as `nnc lsp` serves them), `nnc fmt` on
// Shift-Alt-F, and lines the teaching panes can light up.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput } from "@codemirror/language";
import { linter, lintGutter, lintKeymap } from "@codemirror/lint";
import { EditorState, StateEffect, StateField, type Extension } from "@codemirror/state";
import {
  Decoration,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  hoverTooltip,
  keymap,
  lineNumbers,
  type DecorationSet,
} from "@codemirror/view";
import { autocompletion } from "@codemirror/autocomplete";
import { completionSource, editorDiagnostics, formatDocument, hoverAt } from "./language-bridge.js";
import { nnspecHighlighting } from "./nnspec-language.js";

/** Lines (1-based) to light up, with the class that says why: a derivation step's layer, a wrong equation. */
export const markLines = StateEffect.define<{ lines: number[]; className: string }>();

/** Each class's lit lines; set again with an empty list to clear one. */
const marked = StateField.define<{ lines: Record<string, number[]>; decorations: DecorationSet }>({
  create: () => ({ lines: {}, decorations: Decoration.none }),
  update(value, tr) {
    const changed = tr.effects.filter((e) => e.is(markLines));
    if (!changed.length) return tr.docChanged ? { ...value, decorations: value.decorations.map(tr.changes) } : value;
    const lines = { ...value.lines };
    for (const effect of changed) lines[effect.value.className] = effect.value.lines;
    const doc = tr.state.doc;
    const ranges = Object.entries(lines).flatMap(([className, numbers]) =>
      numbers
        .filter((n) => n >= 1 && n <= doc.lines)
        .map((n) => Decoration.line({ class: className }).range(doc.line(n).from)),
    );
    return { lines, decorations: Decoration.set(ranges, true) };
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});

export interface EditorOptions {
  parent: HTMLElement;
  text: string;
  /** The file name diagnostics cite. */
  file: () => string;
  onChange: (text: string) => void;
  onCursorLine: (line: number) => void;
}

export function createEditor(options: EditorOptions): EditorView {
  const extensions: Extension[] = [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightActiveLine(),
    history(),
    indentOnInput(),
    bracketMatching(),
    nnspecHighlighting,
    lintGutter(),
    linter((view) => editorDiagnostics(view.state.doc, options.file()), { delay: 120 }),
    hoverTooltip((view, pos) => hoverAt(view, pos, options.file()), { hoverTime: 250 }),
    autocompletion({ override: [completionSource(options.file)] }),
    marked,
    keymap.of([
      { key: "Shift-Alt-f", run: (view) => formatDocument(view, options.file()) },
      ...defaultKeymap,
      ...historyKeymap,
      ...lintKeymap,
      indentWithTab,
    ]),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) options.onChange(update.state.doc.toString());
      if (update.selectionSet || update.docChanged) {
        options.onCursorLine(update.state.doc.lineAt(update.state.selection.main.head).number);
      }
    }),
  ];
  return new EditorView({ parent: options.parent, state: EditorState.create({ doc: options.text, extensions }) });
}

/** Replaces the whole text (an example chosen, a shared model opened). */
export function setText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** Lights up `lines` (and scrolls the first into view). */
export function highlightLines(view: EditorView, lines: number[], className: string, scroll = false): void {
  const effects: StateEffect<unknown>[] = [markLines.of({ lines, className })];
  if (scroll && lines.length && lines[0] <= view.state.doc.lines) {
    effects.push(EditorView.scrollIntoView(view.state.doc.line(lines[0]).from, { y: "center" }));
  }
  view.dispatch({ effects });
}
