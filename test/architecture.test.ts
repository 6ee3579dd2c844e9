// The layers of spec/architecture.md hold: every import of the source tree points down, the core runs
// in a browser (no Node module), and there is no import cycle. The same checker is shown failing on
// small trees that break each rule, so a pass means something.
import { describe, expect, it } from "vitest";
import { checkArchitecture, readSourceTree, projectRoot } from "./helpers/architecture.js";

describe("the architecture of the source tree", () => {
  it("has no import that breaks a layer rule, no Node module in the core and no cycle", () => {
    const sources = readSourceTree(projectRoot);
    expect(sources.size).toBeGreaterThan(100);
    expect(sources.has("runtime/ops/index.ts")).toBe(true);
    const broken = checkArchitecture(sources).map((v) => `${v.file} imports ${v.imports}: ${v.rule}`);
    expect(broken).toEqual([]);
  });
});

describe("the checker", () => {
  it("fails when a runtime file imports the compiler", () => {
    const tree = new Map([
      ["runtime/train.ts", `import { compileProgram } from "../compiler/compile-program.js";`],
      ["compiler/compile-program.ts", `export const compileProgram = 1;`],
    ]);
    expect(checkArchitecture(tree)).toEqual([
      { file: "runtime/train.ts", imports: "compiler/compile-program.ts", rule: "runtime/ may not import compiler/" },
    ]);
  });

  it("fails on a Node module in the core, also through a dynamic import, but not in the CLI", () => {
    const tree = new Map([
      ["grammar/lexer.ts", `const fs = await import("node:fs");`],
      ["runtime/data/mat.ts", `import { inflateSync } from "zlib";`],
      ["cli/files.ts", `import { readFileSync } from "node:fs";`],
    ]);
    expect(checkArchitecture(tree).map((v) => [v.file, v.imports])).toEqual([
      ["grammar/lexer.ts", "node:fs"],
      ["runtime/data/mat.ts", "zlib"],
    ]);
  });

  it("names an import cycle with the files along it", () => {
    const tree = new Map([
      ["cli/commands.ts", `import { run } from "./run.js";`],
      ["cli/run.ts", `import type { IO } from "./commands.js";`],
      ["cli/main.ts", `import { run } from "./run.js";`],
    ]);
    expect(checkArchitecture(tree)).toEqual([
      {
        file: "cli/commands.ts",
        imports: "cli/run.ts",
        rule: "import cycle: cli/commands.ts → cli/run.ts → cli/commands.ts",
      },
    ]);
  });

  it("lets the contracts be imported by every layer and import none", () => {
    const tree = new Map([
      ["contracts/ir.ts", `import { parse } from "../grammar/index.js";`],
      ["grammar/index.ts", `import type { Diagnostic } from "../contracts/diagnostic.js";`],
      ["contracts/diagnostic.ts", `export interface Diagnostic {}`],
    ]);
    expect(checkArchitecture(tree).map((v) => v.rule)).toEqual(["contracts/ may not import grammar/"]);
  });
});
