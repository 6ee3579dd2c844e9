// The editor's features for .nnspec, as plain functions of a document's text: what `nnc lsp`
// (lsp/server.ts) serves to editors and what the playground calls from CodeMirror. Browser-safe,
// independent of any editor's package: positions, ranges and results are this folder's own types
// (language/types.ts), structurally equal to the Language Server Protocol's, so an LSP server
// passes them through and a CodeMirror page converts ranges with `analyze(doc).offsetAt`.
//
// Every function takes a document `{ uri, version?, text }` and, where it matters, a position
// (0-based line and UTF-16 character). The first call for a version runs the compiler's front end
// once (the same parse and checks as `nnc lint`, never reading data files); every other feature
// of that version reads the cached analysis.
//
//   diagnostics(doc, { explainUrl? })        → EditorDiagnostic[]  every diagnostic `nnc lint` gives:
//                                               code, range, related lines, did-you-mean suggestions
//                                               and `nnc explain`'s text (in `data`)
//   codeActions(doc, range, diagnostics?)    → CodeAction[]        quick fixes applying a did-you-mean
//   hover(doc, position)                     → Hover | undefined   Markdown: shapes, formulas, docs
//   completion(doc, position)                → CompletionItem[]    by context; snippets use ${1:...}
//   completionWordRange(doc, position)       → Range               the word being typed, which a completion replaces
//   definition / references(doc, position)   → Location[]
//   prepareRename(doc, position)             → { range, placeholder } | undefined
//   rename(doc, position, newName)           → WorkspaceEdit | undefined (throws RenameError)
//   documentSymbols(doc)                     → DocumentSymbol[]    the outline
//   formatting(doc)                          → TextEdit[]          `nnc fmt`'s layout, one edit
//   foldingRanges(doc)                       → FoldingRange[]
//   semanticTokens(doc)                      → SemanticTokens      LSP-encoded, legend: tokenLegend
//   inlayHints(doc, range?)                  → InlayHint[]         `W 10×2` after each layer
//   analyze(doc) / forget(uri)               the cached analysis (AST, draft IR, shapes, names)
export * from "./types.js";
export { analyze, forget, fileNameOf, type Analysis, type TextDocumentLike } from "./analysis.js";
export { diagnostics, explanationMarkdown, type DiagnosticOptions } from "./diagnostics.js";
export { codeActions, formatting } from "./actions.js";
export { hover } from "./hover.js";
export { completion, completionWordRange } from "./completion.js";
export { definition, references, prepareRename, rename, RenameError } from "./navigation.js";
export { documentSymbols, foldingRanges, inlayHints } from "./outline.js";
export { semanticTokens, tokenLegend } from "./semantic-tokens.js";
export { offsetAt, positionAt, lineStarts } from "./positions.js";
