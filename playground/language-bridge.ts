// The language service (language/: the same functions `nnc lsp` serves) as CodeMirror wants it:
// diagnostics underlined with their quick fixes, hover, completion and `nnc fmt`. language/ speaks
// LSP's 0-based lines and UTF-16 characters; CodeMirror speaks offsets into the same UTF-16 text.
import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { snippet } from "@codemirror/autocomplete";
import type { Diagnostic as LintDiagnostic } from "@codemirror/lint";
import type { Text } from "@codemirror/state";
import type { EditorView, Tooltip } from "@codemirror/view";
import * as language from "../language/index.js";
import { escapeHtml } from "../report/escape.js";

let version = 0;
const documents = new WeakMap<Text, language.TextDocumentLike>();

/** The editor's text as language/ takes it; one version per CodeMirror document, so analyses are cached. */
export function documentOf(doc: Text, file: string): language.TextDocumentLike {
  let document = documents.get(doc);
  if (!document || document.uri !== `playground:///${file}`) {
    document = { uri: `playground:///${file}`, version: ++version, text: doc.toString() };
    documents.set(doc, document);
  }
  return document;
}

const offsetOf = (doc: Text, p: language.Position) =>
  Math.min(doc.line(Math.min(p.line + 1, doc.lines)).from + p.character, doc.length);

function positionOf(doc: Text, offset: number): language.Position {
  const line = doc.lineAt(offset);
  return { line: line.number - 1, character: offset - line.from };
}

const SEVERITY = { 1: "error", 2: "warning", 3: "info", 4: "hint" } as const;

function apply(view: EditorView, edits: readonly language.TextEdit[]): void {
  const doc = view.state.doc;
  const changes = edits.map((e) => ({
    from: offsetOf(doc, e.range.start),
    to: offsetOf(doc, e.range.end),
    insert: e.newText,
  }));
  view.dispatch({ changes });
}

/** `nnc lint`'s diagnostics for the editor's text, each with the quick fixes its did-you-mean offers. */
export function editorDiagnostics(doc: Text, file: string): LintDiagnostic[] {
  const document = documentOf(doc, file);
  return language.diagnostics(document).map((d) => {
    const fixes = language.codeActions(document, d.range, [d]);
    return {
      from: offsetOf(doc, d.range.start),
      to: Math.max(offsetOf(doc, d.range.end), offsetOf(doc, d.range.start)),
      severity: SEVERITY[d.severity],
      source: d.code,
      message: `${d.code}: ${d.message}`,
      actions: fixes.map((fix) => ({
        name: fix.title,
        apply: (view: EditorView) => apply(view, Object.values(fix.edit.changes).flat()),
      })),
    };
  });
}

/** A little of Markdown, as the hovers and completions write it: code, bold, lists and paragraphs. */
export function markdownHtml(markdown: string): string {
  const blocks = markdown.split(/```[a-z]*\n?/);
  return blocks
    .map((block, i) => {
      if (i % 2 === 1) return `<pre>${escapeHtml(block.replace(/\n$/, ""))}</pre>`;
      const inline = escapeHtml(block)
        .replace(/`([^`]+)`/g, "<code>$1</code>")
        .replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>");
      return inline
        .split(/\n{2,}/)
        .map((paragraph) =>
          /^- /m.test(paragraph)
            ? `<ul>${paragraph
                .split(/\n- |^- /)
                .filter(Boolean)
                .map((item) => `<li>${item}</li>`)
                .join("")}</ul>`
            : paragraph.trim()
              ? `<p>${paragraph.replace(/\n/g, "<br>")}</p>`
              : "",
        )
        .join("");
    })
    .join("");
}

/** The hover at `pos`: shapes, formulas and documentation, from language/. */
export function hoverAt(view: EditorView, pos: number, file: string): Tooltip | null {
  const doc = view.state.doc;
  const found = language.hover(documentOf(doc, file), positionOf(doc, pos));
  if (!found) return null;
  const from = found.range ? offsetOf(doc, found.range.start) : pos;
  const to = found.range ? offsetOf(doc, found.range.end) : pos;
  return {
    pos: from,
    end: to,
    above: true,
    create: () => {
      const dom = document.createElement("div");
      dom.className = "nnc-hover";
      dom.innerHTML = markdownHtml(found.contents.value);
      return { dom };
    },
  };
}

const KIND_TYPE: Record<number, string> = {
  3: "function",
  5: "property",
  6: "variable",
  7: "class",
  10: "property",
  12: "constant",
  14: "keyword",
  15: "text",
  21: "constant",
};

/** Completions by context (language/), snippets with their placeholders. */
export function completionSource(file: () => string) {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
    if (!word && !context.explicit) return null;
    const doc = context.state.doc;
    const items = language.completion(documentOf(doc, file()), positionOf(doc, context.pos));
    if (!items.length) return null;
    const options: Completion[] = items.map((item) => {
      const insert = item.insertText ?? item.label;
      return {
        label: item.label,
        detail: item.detail,
        type: KIND_TYPE[item.kind],
        boost: item.sortText ? -Number(item.sortText.replace(/\D/g, "") || 0) / 1000 : 0,
        info: item.documentation
          ? () => {
              const dom = document.createElement("div");
              dom.innerHTML = markdownHtml(item.documentation!.value);
              return dom;
            }
          : undefined,
        apply: item.insertTextFormat === 2 ? snippet(insert) : insert,
      };
    });
    return { from: word?.from ?? context.pos, options, validFor: /^[A-Za-z0-9_]*$/ };
  };
}

/** `nnc fmt` on the editor's text; false when the text has syntax errors (they are underlined already). */
export function formatDocument(view: EditorView, file: string): boolean {
  const document = documentOf(view.state.doc, file);
  if (language.diagnostics(document).some((d) => d.severity === 1 && d.code.startsWith("NNC1"))) return false;
  apply(view, language.formatting(document));
  return true;
}
