// Starts the extension as VS Code would, with a stand-in for the `vscode` module, and checks that its
// client runs the nnc.path executable as `lsp --stdio`, completes LSP's handshake and shuts the server
// down on deactivate: first with test/fake-server.js, which logs what it is asked; then, when nnc has
// been built in this repository (npm run build) or NNC_PATH names an nnc, with the real server, which
// must answer a hover on init-he's layer h1 with its shapes.
"use strict";
const assert = require("node:assert/strict");
const { existsSync, mkdtempSync, readFileSync, rmSync } = require("node:fs");
const Module = require("node:module");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const folder = mkdtempSync(path.join(tmpdir(), "nnc-vscode-smoke-"));
const logFile = path.join(folder, "server.log");
process.env.NNC_FAKE_SERVER_LOG = logFile;
const repository = path.join(__dirname, "..", "..", "..");
const builtNnc = path.join(repository, "dist", "cli", "nnc.js");
let serverPath = "";
const errors = [];

// Any property of the stand-in is a callable, constructible stub whose properties are stubs again,
// except what the client reads as data: VS Code's version, the settings and the error messages shown.
function stub(name) {
  return new Proxy(function () {}, {
    get: (_, key) => (key === "then" ? undefined : stub(`${name}.${String(key)}`)),
    apply: (_, __, args) => {
      if (name.endsWith("getConfiguration")) return { get: (key) => (key === "path" ? serverPath : undefined) };
      if (name.endsWith("showErrorMessage")) {
        errors.push(args[0]);
        return Promise.resolve(undefined);
      }
      return stub(`${name}()`);
    },
    construct: () => stub(`new ${name}`),
  });
}
const vscode = new Proxy({}, { get: (_, key) => (key === "version" ? "1.82.0" : stub(String(key))) });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "vscode" ? "vscode" : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: vscode };
const extension = require("../extension.js");

async function withServer(executable, use) {
  serverPath = executable;
  await extension.activate({ subscriptions: [] });
  assert.deepEqual(errors, [], "the client reported an error");
  try {
    await use(extension.currentClient());
  } finally {
    await extension.deactivate();
  }
}

async function fakeServer() {
  await withServer(path.join(__dirname, "fake-server.js"), async () => {});
  await new Promise((done) => setTimeout(done, 200));
  const lines = readFileSync(logFile, "utf8").trim().split("\n");
  assert.deepEqual(lines, ["argv lsp --stdio", "initialize", "initialized", "shutdown", "exit"]);
  console.log(`smoke: the client ran test/fake-server.js lsp --stdio: ${lines.join(", ")}`);
}

async function realServer(nnc) {
  const file = path.join(repository, "examples", "init-he.nnspec");
  const text = readFileSync(file, "utf8");
  const uri = pathToFileURL(file).href;
  const line = text.split("\n").findIndex((l) => l.includes("dense h1[10]"));
  await withServer(nnc, async (client) => {
    await client.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "nnspec", version: 1, text },
    });
    const hover = await client.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line, character: text.split("\n")[line].indexOf("h1") },
    });
    const shown = JSON.stringify(hover?.contents ?? "");
    for (const part of ["W 10×2", "b 10×1", "30"]) assert.ok(shown.includes(part), `hover lacks ${part}: ${shown}`);
  });
  console.log(`smoke: the client ran ${path.relative(process.cwd(), nnc)} lsp --stdio; its hover on h1 shows W 10×2`);
}

async function main() {
  await fakeServer();
  const nnc = process.env.NNC_PATH ?? (existsSync(builtNnc) ? builtNnc : undefined);
  if (nnc) await realServer(nnc);
  else console.log("smoke: no built nnc (npm run build) and no NNC_PATH: the real server was not tried");
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(folder, { recursive: true, force: true }));
