// The VS Code extension in editors/vscode/, checked without VS Code: its manifest points at files
// that exist and agree with each other, its language configuration agrees with the lexer, and it
// picks the `nnc` that a user would expect to run as the language server.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Comment, Identifier, StringLiteral } from "../grammar/tokens.js";
import { projectRoot } from "./helpers/architecture.js";

const extensionRoot = join(projectRoot, "editors", "vscode");
const readJson = (file: string) => JSON.parse(readFileSync(join(extensionRoot, file), "utf8"));
const manifest = readJson("package.json");
const languageConfiguration = readJson(manifest.contributes.languages[0].configuration);

type ServerCommand = (
  configuredPath: string | undefined,
  workspaceFolders: readonly string[],
  host?: { platform?: string; exists?: (file: string) => boolean; trusted?: boolean },
) => { command: string; source: string };
const { serverCommand, serverArgs } = createRequire(import.meta.url)("../editors/vscode/server-command.js") as {
  serverCommand: ServerCommand;
  serverArgs: string[];
};

describe("the VS Code extension's manifest", () => {
  it("contributes the nnspec language for .nnspec files, with the TextMate grammar of test/textmate.test.ts", () => {
    const [language] = manifest.contributes.languages;
    expect(language).toMatchObject({ id: "nnspec", extensions: [".nnspec"] });
    const [grammar] = manifest.contributes.grammars;
    expect(grammar).toMatchObject({ language: "nnspec", scopeName: "source.nnspec" });
    expect(readJson(grammar.path).scopeName).toBe(grammar.scopeName);
    expect(existsSync(join(extensionRoot, manifest.main))).toBe(true);
  });

  it("runs on VS Code 1.82 or later, which vscode-languageclient 9 needs, and keeps its dependencies to itself", () => {
    expect(manifest.engines.vscode).toBe("^1.82.0");
    expect(manifest.dependencies["vscode-languageclient"]).toMatch(/^9\./);
    expect(manifest.devDependencies["@vscode/vsce"]).toMatch(/^3\./);
    const root = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8"));
    const rootDependencies = { ...root.dependencies, ...root.devDependencies };
    expect(Object.keys(rootDependencies)).not.toContain("vscode-languageclient");
    expect(Object.keys(rootDependencies)).not.toContain("@vscode/vsce");
    expect(existsSync(join(extensionRoot, "package-lock.json"))).toBe(true);
  });

  it("declares the nnc.path setting and the restart command the client uses", () => {
    expect(manifest.contributes.configuration.properties["nnc.path"]).toMatchObject({ type: "string", default: "" });
    expect(manifest.contributes.commands.map((c: { command: string }) => c.command)).toEqual(["nnc.restartServer"]);
    const client = readFileSync(join(extensionRoot, manifest.main), "utf8");
    expect(client).toContain('"nnc.restartServer"');
    expect(client).toContain('getConfiguration("nnc").get("path")');
  });
});

describe("the language configuration", () => {
  it("comments with the lexer's comment character", () => {
    expect((Comment.PATTERN as RegExp).source.startsWith(languageConfiguration.comments.lineComment)).toBe(true);
  });

  it("pairs the language's brackets and closes its strings' quotes", () => {
    expect(languageConfiguration.brackets).toEqual([
      ["{", "}"],
      ["[", "]"],
      ["(", ")"],
    ]);
    const closing = languageConfiguration.autoClosingPairs.map((pair: { open: string; close: string }) => [
      pair.open,
      pair.close,
    ]);
    expect(closing).toEqual([...languageConfiguration.brackets, ['"', '"']]);
    expect((StringLiteral.PATTERN as RegExp).source.startsWith('"')).toBe(true);
  });

  it("takes a word to be what the lexer takes for a name or a number", () => {
    const wordPattern = new RegExp(`^(?:${languageConfiguration.wordPattern})$`);
    const identifier = new RegExp(`^(?:${(Identifier.PATTERN as RegExp).source})$`);
    for (const word of ["h1", "cross_entropy", "fan_in", "_x", "W3", "0.05", ".5", "1e-7", "2.5E+3"]) {
      expect(wordPattern.test(word), word).toBe(true);
    }
    for (const text of ["h1[10]", "a.b", "-1", "x'"]) expect(wordPattern.test(text), text).toBe(false);
    for (const word of ["h1", "leaky_relu"]) expect(identifier.test(word)).toBe(wordPattern.test(word));
  });
});

describe("the nnc the extension starts", () => {
  const workspace = "/home/ada/models";
  const installed = (...files: string[]) => ({ platform: "linux", exists: (file: string) => files.includes(file) });

  it("runs `nnc lsp --stdio`, the arguments editors' clients pass", () => {
    expect(serverArgs).toEqual(["lsp", "--stdio"]);
  });

  it("prefers the workspace's node_modules/.bin/nnc, then nnc on the PATH", () => {
    const local = join(workspace, "node_modules", ".bin", "nnc");
    expect(serverCommand("", [workspace], installed(local))).toEqual({ command: local, source: "workspace" });
    expect(serverCommand(undefined, ["/elsewhere", workspace], installed(local)).command).toBe(local);
    expect(serverCommand("", [workspace], installed())).toEqual({ command: "nnc", source: "path" });
    expect(serverCommand("", [], installed())).toEqual({ command: "nnc", source: "path" });
  });

  it("runs no nnc of the workspace's own while VS Code does not trust the workspace", () => {
    const local = join(workspace, "node_modules", ".bin", "nnc");
    expect(serverCommand("", [workspace], { ...installed(local), trusted: false })).toEqual({
      command: "nnc",
      source: "path",
    });
    expect(serverCommand("", [workspace], { ...installed(local), trusted: true }).command).toBe(local);
    expect(manifest.capabilities.untrustedWorkspaces).toMatchObject({
      supported: "limited",
      restrictedConfigurations: ["nnc.path"],
    });
  });

  it("looks for npm's .cmd launcher on Windows", () => {
    const local = join(workspace, "node_modules", ".bin", "nnc.cmd");
    const host = { platform: "win32", exists: (file: string) => file === local };
    expect(serverCommand("", [workspace], host).command).toBe(local);
  });

  it("takes the nnc.path setting first: absolute, a command name, or relative to the first workspace folder", () => {
    const local = join(workspace, "node_modules", ".bin", "nnc");
    expect(serverCommand("/opt/nnc/bin/nnc", [workspace], installed(local))).toEqual({
      command: "/opt/nnc/bin/nnc",
      source: "setting",
    });
    expect(serverCommand("nnc-dev", [workspace], installed(local)).command).toBe("nnc-dev");
    expect(serverCommand("tools/nnc", [workspace], installed(local)).command).toBe(join(workspace, "tools/nnc"));
    expect(serverCommand("  ", [workspace], installed(local)).source).toBe("workspace");
  });
});
