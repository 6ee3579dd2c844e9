// `nnc explain` knows every code nnc can emit. The catalogue (contracts/codes.ts) and the sources
// (every `Codes.x`, `SyntaxCodes.x`, `DataCodes.x`, `ReportCodes.x` they use, and no code written
// out anywhere else) are walked, and each code needs an explanation with an example and its fix.
// Every .nnspec example is compiled: the mistake gives its code (when loading its data, for a data
// file's code) and the fix compiles, and loads, clean. spec/language.md lists the same lines.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { Codes, DataCodes, ReportCodes, SyntaxCodes } from "../contracts/codes.js";
import { allCodes, explanationOf } from "../contracts/explanations.js";
import { exampleFiles, inExampleModel } from "../contracts/explanation-format.js";
import { DiagnosticError, type Diagnostic } from "../contracts/diagnostic.js";
import { memoryFiles, type ModelFiles } from "../contracts/files.js";
import { compileSource, loadIR } from "../compiler/front-end.js";
import { parse } from "../grammar/index.js";
import { loadModelData } from "../drivers/train-model.js";
import { RandomState } from "../runtime/rng/index.js";
import { nodeFiles } from "../node/files.js";
import { commands } from "../cli/commands.js";
import { nnc } from "./helpers/run-cli.js";

const catalogues = { Codes, SyntaxCodes, DataCodes, ReportCodes } as Record<string, Record<string, string>>;

/** The project's TypeScript sources, tests and generated declarations aside. */
function sources(folder = "."): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = folder === "." ? name : join(folder, name);
    // A node_modules at any depth: editors/vscode has its own, once `npm run package:vscode` has run.
    if (name === "node_modules") return [];
    if (["dist", "test", "bench", "scripts", "docs", "examples", "spec"].includes(path)) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.(test|d)\.ts$/.test(name) ? [path] : [];
  });
}

/** Catalogue references (`Codes.usage`) and codes written out (in strings or names), comments aside. */
function codesIn(text: string): { references: [string, string][]; written: string[] } {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const tokens: { kind: ts.SyntaxKind; text: string }[] = [];
  // Braces open inside each template literal's `${...}`: a `}` at depth 0 resumes the template.
  const templates: number[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.OpenBraceToken && templates.length) templates[templates.length - 1]++;
    if (kind === ts.SyntaxKind.CloseBraceToken && templates.length) {
      if (templates[templates.length - 1] === 0) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
      } else templates[templates.length - 1]--;
    }
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(0);
    tokens.push({ kind, text: scanner.getTokenText() });
  }
  const references: [string, string][] = [];
  tokens.forEach((t, i) => {
    if (t.text in catalogues && tokens[i + 1]?.kind === ts.SyntaxKind.DotToken && tokens[i + 2])
      references.push([t.text, tokens[i + 2].text]);
  });
  const written = tokens.flatMap((t) => t.text.match(/NNC\d{4}/g) ?? []);
  return { references, written };
}

describe("every code nnc can emit is explained, with an example and its fix", () => {
  test.each(allCodes)("%s", (code) => {
    const e = explanationOf(code);
    expect(e, `${code} has no explanation in contracts/explanations-*.ts`).toBeDefined();
    expect(e!.summary).toMatch(/\S.*\.$/);
    expect(e!.mistake.trim()).not.toBe("");
    expect(e!.fix.trim()).not.toBe("");
    expect(e!.fix).not.toBe(e!.mistake);
  });

  test("the catalogue allocates each code once", () => {
    expect(new Set(allCodes).size).toBe(allCodes.length);
  });

  const files = sources();
  test("the sources name no code outside the catalogue, and every code they use is explained", () => {
    expect(files.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const file of files) {
      const { references, written } = codesIn(readFileSync(file, "utf8"));
      for (const [catalogue, name] of references) {
        const code = catalogues[catalogue][name];
        if (code === undefined) problems.push(`${file}: ${catalogue}.${name} is not in the catalogue`);
        else if (!explanationOf(code)) problems.push(`${file}: ${code} (${catalogue}.${name}) has no explanation`);
      }
      if (!file.startsWith("contracts/")) for (const code of written) problems.push(`${file}: writes ${code} out`);
    }
    expect(problems).toEqual([]);
  });
});

/** The example's data files: those its comments give, else the examples' own (data/football.mat, ...). */
function filesOf(snippet: string): ModelFiles {
  const given = exampleFiles(snippet);
  const bytes = [...given].map(([name, text]) => [name, new TextEncoder().encode(text)]);
  const held = memoryFiles(Object.fromEntries(bytes));
  const disk = nodeFiles("examples");
  return {
    resolve: (file) => file,
    read: (path) => (given.has(path) ? held.read(path) : disk.read(disk.resolve(path))),
  };
}

/** Compiles an example and loads its data; every diagnostic on the way. */
async function diagnosticsOf(text: string, files: ModelFiles): Promise<Diagnostic[]> {
  const { ir, diagnostics } = compileSource(text, "example.nnspec");
  if (!ir) return diagnostics;
  try {
    await loadModelData(ir, new RandomState(ir.seed ?? 0), files);
  } catch (error) {
    if (error instanceof DiagnosticError) return [...diagnostics, ...error.diagnostics];
    throw error;
  }
  return diagnostics;
}

/** Codes that only a run finds (the gradient check, a backward pass on the data's m): their examples compile. */
const foundWhenRunning = new Set<string>([Codes.checkFailed, Codes.backwardRuntime]);

describe("each .nnspec example gives its code, and its fix is clean", () => {
  const compiled = allCodes.filter((code) => ["model", "file"].includes(explanationOf(code)!.form));
  test.each(compiled)("%s", async (code) => {
    const e = explanationOf(code)!;
    const text = (snippet: string) => (e.form === "model" ? inExampleModel(snippet) : snippet);
    const mistake = await diagnosticsOf(text(e.mistake), filesOf(e.mistake));
    if (foundWhenRunning.has(code)) expect(mistake).toEqual([]);
    else expect(mistake.map((d) => d.code)).toContain(code);
    // A whole file that shows a syntax code need only parse; anything else compiles and loads clean.
    const fixed =
      e.form === "file" && code.startsWith("NNC1")
        ? parse(e.fix).diagnostics
        : await diagnosticsOf(text(e.fix), filesOf(e.fix));
    expect(fixed).toEqual([]);
  });

  const irFiles = allCodes.filter((code) => explanationOf(code)!.form === "ir");
  test.each(irFiles)("%s: the IR file gives the code", (code) => {
    expect(loadIR(explanationOf(code)!.mistake, "example.ir.json").diagnostics.map((d) => d.code)).toContain(code);
  });

  const commandLines = allCodes.filter((code) => ["ir", "command"].includes(explanationOf(code)!.form));
  test.each(commandLines)("%s: the fix's nnc commands exist", (code) => {
    const used = [...explanationOf(code)!.fix.matchAll(/\bnnc (\w+)/g)].map((m) => m[1]);
    for (const name of used) expect([...Object.keys(commands), "explain"]).toContain(name);
  });
});

describe("the examples found only by running, and the command lines, do what they say", () => {
  test.each([...foundWhenRunning])("%s: `nnc run` of the mistake stops with it; the fix trains", async (code) => {
    const e = explanationOf(code)!;
    const run = async (snippet: string) => {
      const folder = mkdtempSync(join(tmpdir(), "nnc-explain-"));
      for (const [name, text] of exampleFiles(snippet)) writeFileSync(join(folder, name), text);
      writeFileSync(join(folder, "example.nnspec"), inExampleModel(snippet));
      return nnc("run", "--quiet", join(folder, "example.nnspec"));
    };
    const mistake = await run(e.mistake);
    expect(mistake.code).toBe(1);
    expect(mistake.stderr).toContain(`error[${code}]`);
    expect((await run(e.fix)).code).toBe(0);
  });

  // Run from the project's folder; a file the repository does not have stands for one of the user's.
  const plain = allCodes.filter((code) => {
    const e = explanationOf(code)!;
    return e.form === "command" && /^nnc [^&|>]*$/.test(e.mistake);
  });
  test.each(plain)("%s: the command line gives the code, or names a file of the user's", async (code) => {
    const args = explanationOf(code)!.mistake.split(" ").slice(1);
    const r = await nnc(...args);
    const named = args.filter((a) => /\.\w+$/.test(a) && !a.startsWith("-"));
    if (!r.stderr.includes(`[${code}]`)) expect(named.some((file) => !existsSync(file))).toBe(true);
    expect(r.code).not.toBe(0);
  });
});

describe("nnc explain", () => {
  test("--help prints the command's help", async () => {
    const r = await nnc("explain", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: nnc explain [CODE]");
    expect(r.stderr).toBe("");
  });

  test("without a code, lists every code with its line", async () => {
    const r = await nnc("explain");
    expect(r.code).toBe(0);
    const listed = [...r.stdout.matchAll(/^ {2}(NNC\d{4}) {2}(.+)$/gm)].map((m) => [m[1], m[2]]);
    expect(listed).toEqual(allCodes.map((code) => [code, explanationOf(code)!.summary]));
  });

  test.each(allCodes)("%s: its line, the mistake and the fix", async (code) => {
    const e = explanationOf(code)!;
    const r = await nnc("explain", code);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${code}: ${e.summary}`);
    for (const line of [...e.mistake.split("\n"), ...e.fix.split("\n")]) expect(r.stdout).toContain(line.trimEnd());
  });

  test.each(["nnc2001", "2001", " NNC2001 "])("'%s' is NNC2001", async (typed) => {
    expect((await nnc("explain", typed)).stdout).toBe((await nnc("explain", Codes.unknownActivation)).stdout);
  });

  test("an unknown code gets a did-you-mean and exit 1", async () => {
    const r = await nnc("explain", "NNC20001");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[NNC3107]: no diagnostic code 'NNC20001'");
    expect(r.stderr).toContain("did you mean 'NNC2001'?");
  });
});

describe("spec/language.md lists every code with its line, and no other", () => {
  const spec = readFileSync("spec/language.md", "utf8");
  test.each(allCodes)("%s", (code) => {
    const summary = explanationOf(code)!.summary;
    const escaped = summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const row = new RegExp(`^\\| ${code} \\|(?: \`\\w+\` \\|)? ${escaped} \\|`, "m");
    expect(spec).toMatch(row);
  });

  test("every code it names is in the catalogue", () => {
    const named = [...new Set(spec.match(/NNC\d{4}/g))];
    expect(named.filter((code) => !allCodes.includes(code))).toEqual([]);
  });
});
