// `nnc lsp --stdio` as an editor starts it: the bundled executable (built from the sources, as
// `npm run build` builds dist/cli/nnc.js) run as a process, spoken to over its stdin and stdout:
// capabilities, the diagnostics of an opened file, a hover, a completion, a rename, and a clean
// shutdown and exit (code 0).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
// @ts-expect-error a plain ES module of the build, without type declarations
import { bundleCli } from "../scripts/bundle-cli.js";
import type { CompletionItem, EditorDiagnostic, Hover, WorkspaceEdit } from "../language/types.js";
import { applyWorkspaceEdit } from "./helpers/lsp-client.js";

const root = fileURLToPath(new URL("..", import.meta.url));
mkdirSync(join(root, "dist"), { recursive: true });
const outdir = mkdtempSync(join(root, "dist", "lsp-test-"));

beforeAll(async () => {
  await bundleCli(outdir);
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("nnc lsp --stdio, as a process", () => {
  it("answers initialize, diagnostics, hover, completion and rename, and exits 0 after shutdown/exit", async () => {
    const server: ChildProcessWithoutNullStreams = spawn(process.execPath, [join(outdir, "nnc.js"), "lsp", "--stdio"], {
      cwd: root,
    });
    let stderr = "";
    server.stderr.on("data", (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((done) => server.on("exit", (code) => done(code)));
    const connection = createMessageConnection(
      new StreamMessageReader(server.stdout),
      new StreamMessageWriter(server.stdin),
    );
    const published: { uri: string; diagnostics: EditorDiagnostic[] }[] = [];
    const diagnosticsArrived = new Promise<void>((done) =>
      connection.onNotification("textDocument/publishDiagnostics", (p) => {
        published.push(p);
        done();
      }),
    );
    connection.listen();

    const init = await connection.sendRequest<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }>(
      "initialize",
      { processId: process.pid, rootUri: null, capabilities: {} },
    );
    expect(init.serverInfo.name).toBe("nnc");
    expect(init.capabilities).toMatchObject({
      textDocumentSync: { openClose: true, change: 2 },
      hoverProvider: true,
      definitionProvider: true,
      renameProvider: { prepareProvider: true },
      documentFormattingProvider: true,
      completionProvider: expect.any(Object),
      semanticTokensProvider: expect.any(Object),
    });
    await connection.sendNotification("initialized", {});

    const uri = "file:///work/reg-dropout.nnspec";
    const text = readFileSync(join(root, "examples/reg-dropout.nnspec"), "utf8").replace(
      "dense out[1] sigmoid",
      "dense out[1] sigmoud",
    );
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "nnspec", version: 1, text },
    });
    await diagnosticsArrived;
    expect(published[0].uri).toBe(uri);
    const lines = text.split("\n");
    const outLine = lines.findIndex((l) => l.includes("sigmoud"));
    expect(published[0].diagnostics[0]).toMatchObject({
      code: "NNC2001",
      severity: 1,
      range: {
        start: { line: outLine, character: lines[outLine].indexOf("sigmoud") },
        end: { line: outLine, character: lines[outLine].indexOf("sigmoud") + 7 },
      },
    });

    const h1Line = lines.findIndex((l) => l.includes("dense h1"));
    const h1 = { line: h1Line, character: lines[h1Line].indexOf("h1") + 1 };
    const hover = await connection.sendRequest<Hover>("textDocument/hover", { textDocument: { uri }, position: h1 });
    expect(hover.contents.value).toContain("`W 20×2`");
    expect(hover.contents.value).toContain("60 parameters");

    const initLine = lines.findIndex((l) => l.includes("dense h2"));
    const afterInit = { line: initLine, character: lines[initLine].indexOf("init ") + 5 };
    const completion = await connection.sendRequest<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri },
      position: afterInit,
    });
    expect(completion.map((c) => c.label)).toEqual(expect.arrayContaining(["he", "xavier", "deep", "random"]));

    const edit = await connection.sendRequest<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri },
      position: h1,
      newName: "first",
    });
    const renamed = applyWorkspaceEdit(text, uri, edit);
    expect(renamed).toContain("dense first[20]");
    expect(renamed).toContain("on: [first, h2]");

    await connection.sendRequest("shutdown");
    await connection.sendNotification("exit");
    expect(await exited, stderr).toBe(0);
    connection.dispose();
  }, 60_000);
});
