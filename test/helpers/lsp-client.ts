// An editor in the test process: a JSON-RPC client and nnc's language server (lsp/server.ts)
// joined by in-memory streams, and assertions in the style of Langium's testing utilities that
// take a document with markers: `<|>` is the cursor, `<|text|>` a range the answer must name.
import { PassThrough, type Readable, type Writable } from "node:stream";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import { expect } from "vitest";
import { startServer } from "../../lsp/server.js";
import type {
  CompletionItem,
  EditorDiagnostic,
  Hover,
  Location,
  Position,
  Range,
  TextEdit,
  WorkspaceEdit,
} from "../../language/types.js";

export interface Marked {
  text: string;
  /** The `<|>` cursors, in order. */
  cursors: Position[];
  /** The `<|text|>` ranges, in order. */
  ranges: Range[];
}

/** Strips the markers and says where they were (0-based, as the protocol counts). */
export function parseMarked(marked: string): Marked {
  const cursors: Position[] = [];
  const ranges: Range[] = [];
  let text = "";
  let line = 0;
  let character = 0;
  let open: Position | undefined;
  for (let i = 0; i < marked.length;) {
    if (marked.startsWith("<|>", i)) {
      cursors.push({ line, character });
      i += 3;
    } else if (marked.startsWith("<|", i)) {
      open = { line, character };
      i += 2;
    } else if (marked.startsWith("|>", i) && open) {
      ranges.push({ start: open, end: { line, character } });
      open = undefined;
      i += 2;
    } else {
      const c = marked[i++];
      text += c;
      if (c === "\n") {
        line++;
        character = 0;
      } else character++;
    }
  }
  return { text, cursors, ranges };
}

/** A connected client: its server runs in this process, over in-memory streams. */
export class LspClient {
  readonly connection: MessageConnection;
  private readonly published = new Map<string, { version?: number; diagnostics: EditorDiagnostic[] }>();
  /** How many times diagnostics were published, by document. */
  readonly publications = new Map<string, number>();
  private readonly waiting: (() => void)[] = [];
  private versions = new Map<string, number>();
  private count = 0;

  constructor(input: Readable, output: Writable) {
    this.connection = createMessageConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
    this.connection.onNotification("textDocument/publishDiagnostics", (p) => {
      this.published.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      this.publications.set(p.uri, (this.publications.get(p.uri) ?? 0) + 1);
      for (const wake of this.waiting.splice(0)) wake();
    });
    this.connection.listen();
  }

  /** A server in this process and a client for it, initialized. */
  static async inMemory(initializationOptions: object = {}): Promise<LspClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    // Reader and writer objects, not streams: given streams, vscode-languageserver/node exits
    // the process when they end, which here is the test runner's.
    startServer(
      createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)),
    );
    const client = new LspClient(toClient, toServer);
    await client.initialize(initializationOptions);
    return client;
  }

  async initialize(initializationOptions: object = {}): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>("initialize", {
      processId: null,
      rootUri: null,
      capabilities: {},
      initializationOptions,
    });
    await this.connection.sendNotification("initialized", {});
    return result;
  }

  /** Opens a document; resolves with its URI once the server has published its diagnostics. */
  async open(text: string, uri = `file:///test/doc${++this.count}.nnspec`): Promise<string> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "nnspec", version: 1, text },
    });
    await this.diagnostics(uri);
    return uri;
  }

  /** Applies an incremental change (a range and its new text) and returns the new version. */
  async change(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  /** The diagnostics published for the document's current version (waits for them). */
  async diagnostics(uri: string): Promise<EditorDiagnostic[]> {
    const version = this.versions.get(uri);
    for (;;) {
      const p = this.published.get(uri);
      if (p && p.version === version) return p.diagnostics;
      await new Promise<void>((wake) => this.waiting.push(wake));
    }
  }

  request<R>(method: string, uri: string, extra: object = {}): Promise<R> {
    return this.connection.sendRequest<R>(method, { textDocument: { uri }, ...extra });
  }

  async shutdown(): Promise<void> {
    await this.connection.sendRequest("shutdown");
    this.connection.dispose();
  }
}

// ---- Langium-style expectations --------------------------------------------------------------

/** The document's diagnostics are exactly these codes, each at its `<|...|>` range, in order. */
export async function expectDiagnostics(
  client: LspClient,
  marked: string,
  expected: { code: string; severity?: number; message?: RegExp }[],
): Promise<EditorDiagnostic[]> {
  const { text, ranges } = parseMarked(marked);
  const uri = await client.open(text);
  const diagnostics = await client.diagnostics(uri);
  const located = diagnostics;
  expect(located.map((d) => d.code)).toEqual(expected.map((e) => e.code));
  expected.forEach((e, i) => {
    if (ranges[i]) expect(located[i].range, `${e.code}'s range`).toEqual(ranges[i]);
    if (e.severity) expect(located[i].severity).toBe(e.severity);
    if (e.message) expect(located[i].message).toMatch(e.message);
  });
  return diagnostics;
}

/** The hover at the cursor contains every fragment (and, with a `<|...|>`, names that range). */
export async function expectHover(client: LspClient, marked: string, fragments: (string | RegExp)[]): Promise<string> {
  const { text, cursors, ranges } = parseMarked(marked);
  const uri = await client.open(text);
  const hover = await client.request<Hover | null>("textDocument/hover", uri, { position: cursors[0] });
  expect(hover, "a hover").not.toBeNull();
  for (const f of fragments) {
    if (typeof f === "string") expect(hover!.contents.value).toContain(f);
    else expect(hover!.contents.value).toMatch(f);
  }
  if (ranges[0]) expect(hover!.range).toEqual(ranges[0]);
  return hover!.contents.value;
}

/** The completion at the cursor offers every `includes` label and none of `excludes`. */
export async function expectCompletion(
  client: LspClient,
  marked: string,
  { includes = [], excludes = [] }: { includes?: string[]; excludes?: string[] },
): Promise<CompletionItem[]> {
  const { text, cursors } = parseMarked(marked);
  const uri = await client.open(text);
  const items = await client.request<CompletionItem[]>("textDocument/completion", uri, { position: cursors[0] });
  const labels = items.map((i) => i.label);
  for (const label of includes) expect(labels).toContain(label);
  for (const label of excludes) expect(labels).not.toContain(label);
  return items;
}

/** Go to definition from the cursor lands on the `<|...|>` range. */
export async function expectDefinition(client: LspClient, marked: string): Promise<void> {
  const { text, cursors, ranges } = parseMarked(marked);
  const uri = await client.open(text);
  const locations = await client.request<Location[]>("textDocument/definition", uri, { position: cursors[0] });
  expect(locations).toEqual([{ uri, range: ranges[0] }]);
}

/** Formatting the document gives `expected` (the edits applied to the text). */
export async function expectFormatting(client: LspClient, text: string, expected: string): Promise<void> {
  const uri = await client.open(text);
  const edits = await client.request<TextEdit[]>("textDocument/formatting", uri, {
    options: { tabSize: 2, insertSpaces: true },
  });
  expect(applyEdits(text, edits)).toBe(expected);
}

/** The text with the edits applied (non-overlapping, as LSP requires). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const offset = (p: Position) => Math.min((starts[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** The edits of a workspace edit for one document, applied. */
export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  return applyEdits(text, edit.changes[uri] ?? []);
}
