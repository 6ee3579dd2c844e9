// The VS Code side of nnc: starts `nnc lsp --stdio` for .nnspec files and hands it to
// vscode-languageclient, which turns the server's diagnostics, hovers, completions, renames,
// formatting and folding into the editor's. Highlighting needs no server: it is the TextMate
// grammar in syntaxes/, declared in package.json.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");
const { serverArgs, serverCommand } = require("./server-command.js");

/** @type {LanguageClient | undefined} */
let client;

function workspacePaths() {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file").map((f) => f.uri.fsPath);
}

async function startClient(context) {
  const configured = vscode.workspace.getConfiguration("nnc").get("path");
  const { command, source } = serverCommand(configured, workspacePaths(), { trusted: vscode.workspace.isTrusted });
  /** @type {import("vscode-languageclient/node").ServerOptions} */
  const serverOptions = {
    command,
    args: serverArgs,
    // npm's launchers on Windows are .cmd files, which Node spawns only through a shell.
    options: { shell: process.platform === "win32" },
  };
  /** @type {import("vscode-languageclient/node").LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "nnspec" },
      { scheme: "untitled", language: "nnspec" },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.nnspec") },
  };
  client = new LanguageClient("nnc", "nnc language server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const where =
      source === "setting"
        ? `the nnc.path setting (${command})`
        : source === "workspace"
          ? command
          : "`nnc` on the PATH (no node_modules/.bin/nnc in the workspace)";
    const choice = await vscode.window.showErrorMessage(
      `Could not start the nnc language server from ${where}: ${error instanceof Error ? error.message : error}. ` +
        "Install nnc (npm install nnc) or set nnc.path. Highlighting works without it.",
      "Open Settings",
    );
    if (choice === "Open Settings") await vscode.commands.executeCommand("workbench.action.openSettings", "nnc.path");
  }
}

async function stopClient() {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("nnc.restartServer", async () => {
      await stopClient();
      await startClient(context);
    }),
    // Once trusted, the workspace's own nnc may be run instead of the one on the PATH.
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration("nnc.path")) return;
      await stopClient();
      await startClient(context);
    }),
    { dispose: () => void stopClient() },
  );
  await startClient(context);
}

function deactivate() {
  return stopClient();
}

/** The running client, for test/smoke.js. */
function currentClient() {
  return client;
}

module.exports = { activate, deactivate, currentClient };
