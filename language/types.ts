// The editor's vocabulary, structurally equal to the Language Server Protocol's types (0-based
// lines and characters, UTF-16 offsets, end exclusive) so that lsp/ passes them through unchanged
// and the playground converts them to CodeMirror's offsets with `offsetAt`. Kept here rather than
// imported from vscode-languageserver-types so that language/ stays free of any editor's package.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Location {
  uri: string;
  range: Range;
}

/** LSP's DiagnosticSeverity: 1 error, 2 warning, 3 information, 4 hint. */
export type Severity = 1 | 2 | 3 | 4;

export interface RelatedInformation {
  location: Location;
  message: string;
}

export interface EditorDiagnostic {
  range: Range;
  severity: Severity;
  /** NNC1xxx…NNC3xxx, the code `nnc explain` takes. */
  code: string;
  /** Where `nnc explain CODE` is written down (spec/language.md's table), as an LSP codeDescription. */
  codeDescription?: { href: string };
  source: "nnc";
  /** The message with its label, expected and help lines, as `nnc lint` prints them. */
  message: string;
  relatedInformation?: RelatedInformation[];
  /** The replacements a did-you-mean offers; code actions turn each into a quick fix. */
  data?: { suggestions: string[]; explanation?: string };
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface WorkspaceEdit {
  changes: Record<string, TextEdit[]>;
}

export interface CodeAction {
  title: string;
  kind: "quickfix";
  diagnostics: EditorDiagnostic[];
  isPreferred?: boolean;
  edit: WorkspaceEdit;
}

export interface MarkupContent {
  kind: "markdown";
  value: string;
}

export interface Hover {
  contents: MarkupContent;
  range?: Range;
}

/** LSP's CompletionItemKind values used here. */
export const CompletionKind = {
  Function: 3,
  Field: 5,
  Variable: 6,
  Class: 7,
  Property: 10,
  Value: 12,
  Keyword: 14,
  Snippet: 15,
  Constant: 21,
} as const;
export type CompletionKind = (typeof CompletionKind)[keyof typeof CompletionKind];

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** One line beside the label: `init scheme`, `number in (0, 1)`. */
  detail?: string;
  documentation?: MarkupContent;
  /** The text inserted; with insertTextFormat 2 it is a snippet (`${1:300}` placeholders). */
  insertText?: string;
  insertTextFormat?: 1 | 2;
  sortText?: string;
}

/** LSP's SymbolKind values used here. */
export const SymbolKind = {
  Module: 2,
  Class: 5,
  Method: 6,
  Property: 7,
  Field: 8,
  Function: 12,
  Variable: 13,
  Constant: 14,
  Event: 24,
  Operator: 25,
} as const;
export type SymbolKind = (typeof SymbolKind)[keyof typeof SymbolKind];

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: "comment" | "region";
}

export interface InlayHint {
  position: Position;
  label: string;
  /** 1: a type (shapes). */
  kind: 1;
  paddingLeft?: boolean;
  tooltip?: string;
}

/** Semantic tokens, LSP-encoded: 5 integers a token, relative to the previous (see tokenLegend). */
export interface SemanticTokens {
  data: number[];
}
