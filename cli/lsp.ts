// `nnc lsp`: the language server for editors (lsp/server.ts), over stdin and stdout. Editors'
// clients start it as `nnc lsp --stdio`; the flag is accepted and changes nothing.
import type { Command } from "./command.js";

export const lsp: Command = {
  usage: "[--stdio]",
  description:
    "Speaks the Language Server Protocol on stdin/stdout until the editor sends `exit`:\n" +
    "diagnostics as you type, hover, completion, go to definition, rename, outline, formatting.\n" +
    "Features and settings: spec/editor.md; the VS Code extension is in editors/vscode/.",
  positionals: [0, 0],
  options: {
    stdio: { type: "boolean", help: "Use stdin and stdout (the default; editors' clients pass it)" },
  },
  async run() {
    const { startStdioServer } = await import("../lsp/server.js");
    startStdioServer();
    // The connection ends the process itself: on `exit`, or when the editor closes stdin.
    return new Promise<number>(() => {});
  },
};
