// `nnc lsp`: the Language Server Protocol over stdio, on vscode-languageserver. Every feature is
// a function of language/ (the same ones the playground calls); this file only wires them to the
// protocol: documents synced incrementally (vscode-languageserver-textdocument), diagnostics
// published after each change, requests answered from the cached analysis of the current version.
//
// Diagnostics are debounced to the event loop by default: a change schedules one analysis on a
// timer, and a change that arrives before it runs replaces it (it reads the newest text). The
// analysis takes a few milliseconds (bench/lsp-typing.js), less than the time between two
// keystrokes, so waiting longer would only delay the answer; when a client sends changes faster
// than they are analysed, they pile up in the stream and are analysed once. `debounceMs` in the
// initialization options waits longer, for clients that want it.
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  ResponseError,
  ErrorCodes,
  type CodeActionParams,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type InlayHintParams,
  type ReferenceParams,
  type RenameParams,
  type TextDocumentChangeEvent,
  type TextDocumentIdentifier,
  type TextDocumentPositionParams,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import * as language from "../language/index.js";

export interface ServerSettings {
  /** Milliseconds between a change and its diagnostics, at least (0: the next turn of the event loop). */
  debounceMs?: number;
  /** A code's link, `{code}` replaced: `https://example.org/codes#{code}`. No link without it. */
  explainUrl?: string;
}

/** What the server offers, in the protocol's words. */
export function serverCapabilities(): InitializeResult["capabilities"] {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    completionProvider: { triggerCharacters: [" ", "(", "[", ",", ":"], resolveProvider: false },
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: true,
    documentFormattingProvider: true,
    foldingRangeProvider: true,
    codeActionProvider: { codeActionKinds: ["quickfix"] },
    semanticTokensProvider: {
      legend: {
        tokenTypes: [...language.tokenLegend.tokenTypes],
        tokenModifiers: [...language.tokenLegend.tokenModifiers],
      },
      full: true,
    },
    inlayHintProvider: true,
  };
}

/** Wires a connection (stdio in `nnc lsp`, in-memory streams in the tests) and starts listening. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  let settings: ServerSettings = {};
  const options = (): language.DiagnosticOptions =>
    settings.explainUrl ? { explainUrl: (code) => settings.explainUrl!.replace("{code}", code) } : {};
  const doc = (uri: string): language.TextDocumentLike | undefined => {
    const d = documents.get(uri);
    return d && { uri: d.uri, version: d.version, text: d.getText() };
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const given = (params.initializationOptions ?? {}) as ServerSettings;
    settings = {
      debounceMs: typeof given.debounceMs === "number" && given.debounceMs >= 0 ? given.debounceMs : 0,
      explainUrl: typeof given.explainUrl === "string" ? given.explainUrl : undefined,
    };
    return { capabilities: serverCapabilities(), serverInfo: { name: "nnc" } };
  });

  const publish = (uri: string) => {
    pending.delete(uri);
    const current = doc(uri);
    if (!current) return;
    const diagnostics = language.diagnostics(current, options());
    void connection.sendDiagnostics({ uri, version: current.version, diagnostics });
  };
  documents.onDidChangeContent(({ document }: TextDocumentChangeEvent<TextDocument>) => {
    // Each change restarts the wait: diagnostics follow the last change of a burst.
    clearTimeout(pending.get(document.uri));
    pending.set(
      document.uri,
      setTimeout(() => publish(document.uri), settings.debounceMs ?? 0),
    );
  });
  documents.onDidClose(({ document }: TextDocumentChangeEvent<TextDocument>) => {
    clearTimeout(pending.get(document.uri));
    pending.delete(document.uri);
    language.forget(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  /** Runs a feature on a synced document; a document the client never opened gets `empty`. */
  const on =
    <P extends { textDocument: TextDocumentIdentifier }, R>(
      empty: R,
      feature: (d: language.TextDocumentLike, p: P) => R,
    ) =>
    (params: P): R => {
      const d = doc(params.textDocument.uri);
      return d ? feature(d, params) : empty;
    };

  connection.onHover(on(null, (d, p: TextDocumentPositionParams) => language.hover(d, p.position) ?? null));
  connection.onCompletion(on([], (d, p: TextDocumentPositionParams) => language.completion(d, p.position)));
  connection.onDefinition(on([], (d, p: TextDocumentPositionParams) => language.definition(d, p.position)));
  connection.onReferences(
    on([], (d, p: ReferenceParams) => language.references(d, p.position, p.context.includeDeclaration)),
  );
  connection.onDocumentHighlight(
    on([], (d, p: TextDocumentPositionParams) =>
      language.references(d, p.position).map((l) => ({ range: l.range, kind: 1 as const })),
    ),
  );
  connection.onPrepareRename(
    on(null, (d, p: TextDocumentPositionParams) => language.prepareRename(d, p.position) ?? null),
  );
  connection.onRenameRequest(
    on(null, (d, p: RenameParams) => {
      try {
        return language.rename(d, p.position, p.newName) ?? null;
      } catch (error) {
        if (error instanceof language.RenameError) throw new ResponseError(ErrorCodes.InvalidParams, error.message);
        throw error;
      }
    }),
  );
  connection.onDocumentSymbol(on([], (d) => language.documentSymbols(d)));
  connection.onDocumentFormatting(on([], (d) => language.formatting(d)));
  connection.onFoldingRanges(on([], (d) => language.foldingRanges(d)));
  connection.onCodeAction(
    on([], (d, p: CodeActionParams) =>
      language.codeActions(d, p.range, p.context.diagnostics as language.EditorDiagnostic[], options()),
    ),
  );
  connection.languages.semanticTokens.on(on({ data: [] }, (d) => language.semanticTokens(d)));
  connection.languages.inlayHint.on(on([], (d, p: InlayHintParams) => language.inlayHints(d, p.range)));

  documents.listen(connection);
  connection.listen();
}

/** `nnc lsp` / `nnc lsp --stdio`: the server on this process's stdin and stdout. */
export function startStdioServer(): void {
  startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
}
