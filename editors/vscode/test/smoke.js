// Starts the extension as VS Code would, with a stand-in for the `vscode` module, and checks that
// its client runs the nnc.path executable as `lsp --stdio`, completes LSP's handshake and shuts the
// server down on deactivate. The server is test/fake-server.js, or a real nnc: NNC_PATH=... npm test.
"use strict";
const assert = require("node:assert/strict");
const { mkdtempSync, readFileSync, rmSync } = require("node:fs");
const Module = require("node:module");
const { tmpdir } = require("node:os");
const path = require("node:path");

const folder = mkdtempSync(path.join(tmpdir(), "nnc-vscode-smoke-"));
const logFile = path.join(folder, "server.log");
process.env.NNC_FAKE_SERVER_LOG = logFile;
const serverPath = process.env.NNC_PATH ?? path.join(__dirname, "fake-server.js");
const errors = [];

// Any property of the stand-in is a callable, constructible stub whose properties are stubs again,
// except what the client reads as data: VS Code's version, the settings and the error messages shown.
function stub(name) {
  return new Proxy(function () {}, {
    get: (_, key) => (key === "then" ? undefined : stub(`${name}.${String(key)}`)),
    apply: (_, __, args) => {
      if (name.endsWith("getConfiguration")) return { get: (key) => (key === "path" ? serverPath : undefined) };
      if (name.endsWith("showErrorMessage")) errors.push(args[0]);
      if (name.endsWith("showErrorMessage")) return Promise.resolve(undefined);
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

async function main() {
  const extension = require("../extension.js");
  const context = { subscriptions: [] };
  await extension.activate(context);
  assert.deepEqual(errors, [], "the client reported an error");
  await extension.deactivate();
  await new Promise((done) => setTimeout(done, 200));
  if (process.env.NNC_PATH) {
    console.log(`smoke: ${serverPath} lsp --stdio started, initialized and stopped`);
    return;
  }
  const lines = readFileSync(logFile, "utf8").trim().split("\n");
  assert.deepEqual(lines, ["argv lsp --stdio", "initialize", "initialized", "shutdown", "exit"]);
  console.log(`smoke: the client started ${path.relative(process.cwd(), serverPath)} lsp --stdio: ${lines.join(", ")}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(folder, { recursive: true, force: true }));
