// Which `nnc` the extension starts as its language server. Plain Node (no `vscode` import), so the
// root test suite can check it without an editor.
"use strict";
const { existsSync } = require("node:fs");
const path = require("node:path");

/** The name of the `nnc` launcher npm puts in node_modules/.bin on this platform. */
function binName(platform) {
  return platform === "win32" ? "nnc.cmd" : "nnc";
}

/**
 * The command for `nnc lsp --stdio`: the `nnc.path` setting (a relative one read from the first
 * workspace folder), else the first workspace folder whose node_modules/.bin holds nnc (a project
 * that installed nnc gets its own version), else `nnc` on the PATH.
 *
 * In a workspace VS Code does not trust, its node_modules/.bin/nnc is code from the workspace and is
 * not run (nor is a workspace's nnc.path: VS Code then gives only the user's setting).
 *
 * @param {string | undefined} configuredPath the `nnc.path` setting
 * @param {readonly string[]} workspaceFolders the workspace folders' paths on disk
 * @param {{ platform?: string, exists?: (file: string) => boolean, trusted?: boolean }} [host]
 * @returns {{ command: string, source: "setting" | "workspace" | "path" }}
 */
function serverCommand(configuredPath, workspaceFolders, host = {}) {
  const platform = host.platform ?? process.platform;
  const exists = host.exists ?? existsSync;
  const folders = host.trusted === false ? [] : workspaceFolders;
  const configured = (configuredPath ?? "").trim();
  if (configured !== "") {
    const first = folders[0];
    const isBareName = !configured.includes("/") && !configured.includes("\\");
    const command = path.isAbsolute(configured) || isBareName || !first ? configured : path.join(first, configured);
    return { command, source: "setting" };
  }
  for (const folder of folders) {
    const candidate = path.join(folder, "node_modules", ".bin", binName(platform));
    if (exists(candidate)) return { command: candidate, source: "workspace" };
  }
  return { command: "nnc", source: "path" };
}

/** The arguments that start the server: editors' clients speak LSP over stdin and stdout. */
const serverArgs = ["lsp", "--stdio"];

module.exports = { serverCommand, serverArgs, binName };
