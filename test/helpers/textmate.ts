// Loads the VS Code extension's TextMate grammar into vscode-textmate (with the Oniguruma regex
// engine VS Code itself uses) and checks scope assertions written as vscode-tmgrammar-test writes
// them: a source line, then comment lines whose carets mark columns of it and name the scopes
// those columns must carry.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";
import type { IGrammar, IToken, StateStack } from "vscode-textmate";
import { projectRoot } from "./architecture.js";

export const grammarPath = join(projectRoot, "editors", "vscode", "syntaxes", "nnspec.tmLanguage.json");
export const rootScope = "source.nnspec";

let loaded: Promise<IGrammar> | undefined;

/** The grammar, loaded once per test file (Oniguruma's WebAssembly may be loaded only once). */
export function loadGrammar(): Promise<IGrammar> {
  loaded ??= (async () => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve("vscode-oniguruma/release/onig.wasm"));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === rootScope ? vsctm.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath) : null,
    });
    const grammar = await registry.loadGrammar(rootScope);
    if (!grammar) throw new Error(`no grammar for ${rootScope} in ${grammarPath}`);
    return grammar;
  })();
  return loaded;
}

/** Each line's tokens, the grammar's state carried from line to line as an editor carries it. */
export function tokenizeLines(grammar: IGrammar, lines: readonly string[]): IToken[][] {
  let state: StateStack = vsctm.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens;
  });
}

/** The scopes at a column (0-based) of a tokenized line, outermost first. */
export function scopesAt(tokens: readonly IToken[], column: number): string[] {
  return tokens.find((token) => token.startIndex <= column && column < token.endIndex)?.scopes ?? [];
}

// `#   ^^^ scope scope - scope` marks columns 4-6 of the line above; `# <--- scope` marks columns 0-2.
const assertionLine = /^#\s*(?:\^+|<-+)\s/;

/**
 * Checks the assertions of a test document and returns what failed, one message per column and
 * scope, or nothing. Assertion lines are removed before tokenizing, so they never change the state.
 */
export async function checkScopes(document: string): Promise<string[]> {
  const grammar = await loadGrammar();
  const sourceLines: string[] = [];
  const assertions: { line: number; from: number; to: number; present: string[]; absent: string[] }[] = [];
  for (const line of document.replace(/^\n/, "").split("\n")) {
    if (!assertionLine.test(line)) {
      sourceLines.push(line);
      continue;
    }
    if (sourceLines.length === 0) throw new Error(`an assertion before any source line: ${line}`);
    const arrow = /^#(\s*)(<-+)/.exec(line);
    const carets = /^(#\s*)(\^+)/.exec(line);
    const [from, to] = arrow ? [0, arrow[2].length - 1] : [carets![1].length, carets![1].length + carets![2].length];
    const [present, absent = ""] = line.slice(arrow ? arrow[0].length : carets![0].length).split(/\s-\s/);
    assertions.push({
      line: sourceLines.length - 1,
      from,
      to,
      present: present.trim().split(/\s+/).filter(Boolean),
      absent: absent.trim().split(/\s+/).filter(Boolean),
    });
  }
  const tokens = tokenizeLines(grammar, sourceLines);
  const failures: string[] = [];
  for (const { line, from, to, present, absent } of assertions) {
    for (let column = from; column < to; column++) {
      const scopes = scopesAt(tokens[line], column);
      const character = sourceLines[line][column] ?? "";
      const where = `line ${line + 1} column ${column + 1} '${character}' of ${JSON.stringify(sourceLines[line])}`;
      for (const scope of present) {
        if (!scopes.includes(scope)) failures.push(`${where}: expected ${scope}, got ${scopes.join(" ")}`);
      }
      for (const scope of absent) {
        if (scopes.includes(scope)) failures.push(`${where}: expected no ${scope}, got ${scopes.join(" ")}`);
      }
    }
  }
  return failures;
}
