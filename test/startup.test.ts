// The `nnc` executable starts at once because it loads only what a command needs (the command
// table, cli/commands.ts; the bundle, scripts/bundle-cli.js). These tests build the bundle from the
// sources, run it as a process that records every module it loads, and fail if `nnc --version`,
// `nnc --help` or `nnc lint` loads what it should not; and they check that the bundle says, to the
// byte, what the in-process CLI says, so bundling changes nothing but the time. Not timed: the
// benchmark is `npm run bench -- --only startup`.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { Lexer } from "chevrotain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../cli/commands.js";
import { allTokens } from "../grammar/tokens.js";
import { lexerConfig } from "../grammar/lexer.js";
import { NnspecParser } from "../grammar/parser.js";
// @ts-expect-error a plain ES module of the build, without type declarations
import { bundleCli, CODE_CACHED_FILES, CODE_CACHE_WRAPPER } from "../scripts/bundle-cli.js";
import { nnc } from "./helpers/run-cli.js";

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

const root = fileURLToPath(new URL("..", import.meta.url));
const recorder = fileURLToPath(new URL("./helpers/record-loads.mjs", import.meta.url));
// Inside the project, so that the packages kept out of the bundle are found in node_modules.
mkdirSync(join(root, "dist"), { recursive: true });
const outdir = mkdtempSync(join(root, "dist", "startup-test-"));
let metafile: Metafile;

beforeAll(async () => {
  metafile = await bundleCli(outdir);
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Runs the bundled `nnc` as a process. */
function bundled(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const preload = env.NNC_LOAD_LOG ? ["--import", recorder] : [];
  const argv = [...preload, join(outdir, "nnc.js"), ...args];
  const result = spawnSync(process.execPath, argv, { cwd: root, env, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What one command line loads: every source file and package file inside the bundle files it read, and the rest. */
function loadedBy(args: string[]): { inputs: string[]; files: string[]; stdout: string } {
  const log = join(outdir, `loads-${args.join("-").replace(/\W+/g, "_")}.txt`);
  const run = bundled(args, { ...process.env, NNC_LOAD_LOG: log });
  expect(run.code, run.stderr).toBe(0);
  const urls = new Set(
    readFileSync(log, "utf8")
      .split("\n")
      .filter((url) => url.startsWith("file:")),
  );
  const files = [...urls].map((url) => relative(root, fileURLToPath(url)).split("\\").join("/"));
  const inputs = files.flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {}));
  return { inputs, files, stdout: run.stdout };
}

/** Packages and layers by the path of a bundled input or a loaded file. */
const inPackages = (names: string[]) => new RegExp(`(^|/)node_modules/(${names.join("|")})/`);
const PICTURES_AND_PLOTS = inPackages(["vega", "vega-lite", "katex", "prettier", "h5wasm", "pngjs", "jpeg-js"]);
const HEAVY_PACKAGES = inPackages([
  "mathjs",
  "chevrotain",
  "@chevrotain",
  "lodash-es",
  "ajv",
  "vscode-languageserver",
  "vscode-jsonrpc",
]);
const CORE = /^(grammar|compiler|runtime|drivers|report)\//;

describe("the bundled nnc loads what a command needs and no more", () => {
  it.each([["--version"], ["--help"]])("nnc %s loads no command, no compiler and no heavy package", (flag) => {
    const { inputs, files, stdout } = loadedBy([flag]);
    expect(stdout).toMatch(flag === "--version" ? /^nnc \d+\.\d+\.\d+\n$/ : /lint +Check a model/);
    expect(inputs.length).toBeGreaterThan(3);
    const packages = inputs.filter((input) => HEAVY_PACKAGES.test(input) || PICTURES_AND_PLOTS.test(input));
    expect(packages).toEqual([]);
    const lazyPackages = (input: string) => input.startsWith("lazy-mathjs") || input.startsWith("code-cached:");
    expect(inputs.filter((input) => CORE.test(input) || lazyPackages(input))).toEqual([]);
    // Neither mathjs nor the files compiled with their code cache (Chevrotain, the IR's validator).
    expect(files.filter((file) => file.includes("node_modules/") || file.endsWith(".cjs"))).toEqual([]);
  });

  it("nnc lint reads neither mathjs (the model has no formula) nor what plots, reports and pictures need", () => {
    const { inputs, files, stdout } = loadedBy(["lint", "examples/init-he.nnspec"]);
    expect(stdout).toBe("examples/init-he.nnspec: ok — model 'init_he', 3 layers, 91 parameters\n");
    expect(inputs.some((input) => input.startsWith("grammar/"))).toBe(true);
    expect(inputs.filter((input) => PICTURES_AND_PLOTS.test(input) || input.startsWith("report/"))).toEqual([]);
    expect(files.filter((file) => file.includes("node_modules/") || file.endsWith("mathjs.cjs"))).toEqual([]);
  });

  it("nnc run reads neither mathjs (the registry's equations are printed when bundling) nor plotting packages", () => {
    const { inputs, files } = loadedBy(["run", "--quiet", "examples/init-he.nnspec"]);
    expect(files.filter((file) => file.endsWith("mathjs.cjs"))).toEqual([]);
    expect(inputs.filter((input) => PICTURES_AND_PLOTS.test(input))).toEqual([]);
    expect(files.filter((file) => file.includes("node_modules/"))).toEqual([]);
  });

  it("nnc run of a model with a formula reads mathjs, which renames the formula's equations", () => {
    const { files } = loadedBy(["run", "--quiet", "examples/custom-activation.nnspec"]);
    expect(files.some((file) => file.endsWith("mathjs.cjs"))).toBe(true);
  });
});

describe("the bundled nnc says what the in-process CLI says", () => {
  const same = async (...args: string[]) => {
    const inProcess = await nnc(...args);
    const process = bundled(args);
    expect({ code: process.code, stdout: process.stdout, stderr: process.stderr }).toEqual(inProcess);
  };

  it.each(Object.keys(commands))("nnc %s --help", (name) => same(name, "--help"));

  const lines = [
    ["--help"],
    ["--version"],
    ["frobnicate"],
    ["rnu", "x"],
    ["toString"],
    ["explain", "NNC2001"],
    ["lint"],
    ["lint", "no/such.nnspec"],
  ];
  it.each(lines.map((args) => [args.join(" "), args]))("nnc %s", (_, args) => same(...args));

  // Models whose derivation uses mathjs's derivative (a custom activation, a scalar model) and whose
  // emitted modules print every function `nnc emit` copies by its source text (penalties,
  // cross-entropy, pairwise sums), which a bundler could rename.
  const models = [
    "custom-activation",
    "gradcheck-1d",
    "reg-l1",
    "reg-l2",
    "reg-dropout",
    "multiclass-blobs",
    "init-he",
  ];
  it.each(models)("lint, derive and emit of examples/%s.nnspec", async (model) => {
    const file = `examples/${model}.nnspec`;
    await same("lint", file);
    await same("derive", file);
    if (model !== "gradcheck-1d") await same("emit", file);
  });

  it.each(["custom-activation", "gradcheck-1d"])("check of examples/%s.nnspec (mathjs's derivative)", (model) =>
    same("check", `examples/${model}.nnspec`),
  );

  it("run of examples/custom-activation.nnspec, cost lines to the last digit", () =>
    same("run", "examples/custom-activation.nnspec"));
});

describe("the code cache the build writes", () => {
  it.each(CODE_CACHED_FILES as string[])(
    "%s: its cache is accepted by this Node, for the text nnc compiles",
    (name) => {
      const file = join(outdir, "chunks", name);
      const [before, after] = CODE_CACHE_WRAPPER as [string, string];
      const source = before + readFileSync(file, "utf8") + after;
      const cache = readFileSync(`${file}.cache`);
      expect(new Script(source, { filename: file, cachedData: cache }).cachedDataRejected).toBe(false);
      // V8 checks the text's length: another text of the file would be compiled afresh.
      expect(new Script(`${source} `, { filename: file, cachedData: cache }).cachedDataRejected).toBe(true);
    },
  );
});

describe("what start-up skips still holds", () => {
  it("Chevrotain's checks of the grammar and of the tokens pass (start-up skips them)", () => {
    const parser = new NnspecParser({ validate: true });
    expect(parser.definitionErrors).toEqual([]);
    const lexer = new Lexer(allTokens, lexerConfig);
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    expect(lexer.lexerDefinitionWarning).toEqual([]);
  });
});
