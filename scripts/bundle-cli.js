// The `nnc` executable as a bundle (dist/cli/nnc.js and its chunks in dist/cli/chunks/), so that it
// starts at once. Measured before bundling, on `nnc lint examples/init-he.nnspec`: Node read about
// 1,700 files (chevrotain's lodash-es alone is 640, mathjs's ESM build 1,036), mathjs's ESM entry
// made all of its ~600 functions at import, and ajv compiled the IR schema; each took longer than
// the check itself. The bundle changes none of nnc's code, only how it is loaded:
//   - every command is its own chunk, loaded by the command table (cli/commands.ts) when it runs;
//   - `mathjs` is read from a file of its own on the first call into it, and its functions are
//     made on first use (see MATHJS_FILE);
//   - compiler/validate/ir-validator.ts is replaced by ajv's standalone code for the same schema
//     and options, generated here, instead of compiling the schema at start-up (a CommonJS file
//     beside the chunks, compiled with V8's code cache, see CODE_CACHED);
//   - compiler/equation-forms-known.ts is replaced by the registry's equations as mathjs prints
//     them, printed here, so that compiling a model without a formula needs no mathjs;
//   - seedrandom does not load Node's `crypto` (see seedrandomWithoutCrypto);
//   - Chevrotain is a CommonJS file beside the chunks, compiled with V8's code cache (CODE_CACHED);
//   - packages that only plots, reports, pictures and HDF5 files need stay outside the bundle and
//     are imported from node_modules when a command uses them (some read files beside them).
// The library (dist/index.js) stays the plain tsc output.
//
//   node scripts/bundle-cli.js            (run by `npm run build` after tsc)
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const require = createRequire(import.meta.url);

/** Dependencies left out of the bundle: loaded only by plot, report, predict, emit and HDF5 data. */
export const EXTERNAL_PACKAGES = ["vega", "vega-lite", "katex", "prettier", "h5wasm", "pngjs", "jpeg-js"];

/**
 * mathjs in the bundle: a CommonJS file beside the chunks, required on the first call into it
 * (a model with a formula, `nnc derive`, `nnc check`), exporting mathjs's factories, `create` and
 * the default instance `create(all)`, whose functions are made on first use. One change: its
 * SymbolNode gets the Unit class on first use instead of when it is made. mathjs makes a class's
 * dependencies with it, and Unit (with the arithmetic it needs) was most of the first parse; a
 * SymbolNode only uses Unit to evaluate or typeset an unknown name that is a unit.
 */
const MATHJS_FILE = "mathjs.cjs";
const mathjsSource = (lib) => `
  import * as factories from ${JSON.stringify(join(lib, "factoriesAny.js"))};
  import { create } from ${JSON.stringify(join(lib, "core/create.js"))};
  import { factory } from ${JSON.stringify(join(lib, "utils/factory.js"))};
  const { createSymbolNode } = factories;
  const lazyUnit = (math) =>
    new Proxy(function () {}, {
      get: (_, key) => math.Unit[key],
      construct: (_, args) => new math.Unit(...args),
    });
  const createSymbolNodeWithLazyUnit = factory(
    createSymbolNode.fn,
    ["math", "Node"],
    ({ math, Node }) => createSymbolNode({ math, Node, Unit: lazyUnit(math) }),
    createSymbolNode.meta,
  );
  // A plain object: a module namespace's properties cannot be reported through a Proxy.
  export const all = { ...factories };
  export { create };
  export const math = create({ ...all, createSymbolNode: createSymbolNodeWithLazyUnit });
`;

/**
 * What nnc's sources get for `import ... from "mathjs"`: the names they import (another one fails
 * the build, loudly), each reading MATHJS_FILE beside this chunk when first used.
 */
const MATHJS_SOURCE = `
import { loadCodeCached } from "nnc-code-cache-loader";
let loaded;
const mathjs = () => (loaded ??= loadCodeCached(new URL("./${MATHJS_FILE}", import.meta.url)));
const lazyClass = (name) =>
  new Proxy(function () {}, {
    construct: (_, args) => new (mathjs().math[name])(...args),
    get: (_, key) => mathjs().math[name][key],
  });
export const all = new Proxy({}, {
  get: (_, key) => mathjs().all[key],
  has: (_, key) => key in mathjs().all,
  ownKeys: () => Reflect.ownKeys(mathjs().all),
  getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(mathjs().all, key),
});
export const create = (...args) => mathjs().create(...args);
export const derivative = (...args) => mathjs().math.derivative(...args);
export const parse = (...args) => mathjs().math.parse(...args);
export const ConstantNode = lazyClass("ConstantNode");
export const OperatorNode = lazyClass("OperatorNode");
export const SymbolNode = lazyClass("SymbolNode");
`;

/** `import ... from "mathjs"` in nnc's sources, served by MATHJS_SOURCE. */
function lazyMathjs() {
  return {
    name: "lazy-mathjs",
    setup(build) {
      build.onResolve({ filter: /^mathjs$/ }, () => ({ path: "mathjs", namespace: "lazy-mathjs" }));
      build.onLoad({ filter: /.*/, namespace: "lazy-mathjs" }, () => ({
        contents: MATHJS_SOURCE,
        resolveDir: root,
        loader: "js",
      }));
    },
  };
}

async function bundleMathjs(esbuild, outdir) {
  const lib = join(dirname(require.resolve("mathjs/package.json")), "lib/esm");
  await esbuild.build({
    stdin: { contents: mathjsSource(lib), resolveDir: root, loader: "js" },
    outfile: join(outdir, MATHJS_FILE),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
}

/**
 * compiler/validate/ir-validator.ts as ajv's standalone code: the same schema, options and export
 * (also for a browser bundle of the core: no `new Function` at run time).
 */
export function standaloneIrValidator() {
  const source = join(root, "compiler/validate/ir-validator.ts");
  return {
    name: "standalone-ir-validator",
    setup(build) {
      build.onLoad({ filter: /ir-validator\.ts$/ }, async (args) => {
        if (args.path !== source) return undefined;
        return { contents: await validatorSource(), resolveDir: dirname(source), loader: "js" };
      });
    },
  };
}

/**
 * Minified: V8 reads all of it at start-up and compiles its functions on the first validation
 * (generated code; no function of it is printed by its source text).
 */
async function validatorSource() {
  const esbuild = await import("esbuild");
  const { Ajv } = await import("ajv");
  const { default: standaloneCode } = await import("ajv/dist/standalone/index.js");
  const read = (path) => JSON.parse(readFileSync(join(root, path), "utf8"));
  const ajv = new Ajv({ ...read("compiler/validate/ir-validator-options.json"), code: { source: true, esm: true } });
  const validate = ajv.compile(read("spec/ir.schema.json"));
  const code = `${standaloneCode(ajv, validate)}\nexport const validateIR = validate;\n`;
  return (await esbuild.transform(code, { minify: true, format: "esm", target: "node20" })).code;
}

/**
 * compiler/equation-forms-known.ts with the printed form of every equation of the registry's ops
 * (compiler/equation-forms.ts), printed by the sources' own code: built from them (with mathjs)
 * into a temporary folder, run once, removed.
 */
function knownEquationForms(esbuild) {
  const source = join(root, "compiler/equation-forms-known.ts");
  return {
    name: "known-equation-forms",
    setup(build) {
      build.onLoad({ filter: /equation-forms-known\.ts$/ }, async (args) => {
        if (args.path !== source) return undefined;
        const forms = await printRegistryForms(esbuild);
        return { contents: `export const knownEquationForms = ${JSON.stringify(forms)};\n`, loader: "js" };
      });
    },
  };
}

async function printRegistryForms(esbuild) {
  const folder = mkdtempSync(join(tmpdir(), "nnc-equation-forms-"));
  const script = join(folder, "print.mjs");
  const contents = `
    import { ops } from "./runtime/ops/index.ts";
    import { printEquationForm } from "./compiler/equation-forms.ts";
    const equations = [...ops.values()].flatMap((op) => [op.equation.forward, ...Object.values(op.equation.backward)]);
    export const forms = Object.fromEntries(equations.map((equation) => [equation, printEquationForm(equation)]));
  `;
  await esbuild.build({
    stdin: { contents, resolveDir: root, loader: "js" },
    outfile: script,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
  try {
    return (await import(pathToFileURL(script).href)).forms;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * seedrandom requires Node's `crypto` when it loads, for a seed of its own (`seedrandom()` with no
 * seed), which nnc never asks for: every stream is seeded by its name (runtime/rng/). Loading
 * `crypto` was the most of loading seedrandom. Here it gets nothing, as its package.json's browser
 * field says it may; an unseeded call would still get its seed from Web Crypto.
 */
function seedrandomWithoutCrypto() {
  return {
    name: "seedrandom-without-crypto",
    setup(build) {
      build.onResolve({ filter: /^crypto$/ }, (args) =>
        /[\\/]node_modules[\\/]seedrandom[\\/]/.test(args.importer)
          ? { path: "crypto", namespace: "seedrandom-without-crypto" }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "seedrandom-without-crypto" }, () => ({
        contents: "module.exports = {};",
        loader: "js",
      }));
    },
  };
}

/**
 * Packages read from a CommonJS file of their own beside the chunks and compiled with V8's code
 * cache of it, made by the build (writeCodeCaches). Chevrotain is most of what `nnc lint` and
 * `nnc run` compile at start-up, and building the parser runs hundreds of its functions once:
 * from the cache V8 neither parses the file nor compiles those functions again. Node 20 has no
 * code cache for ES modules (module.enableCompileCache is Node 22), so this goes through vm.Script
 * (a CommonJS wrapper). A cache V8 does not accept (another Node, other flags) is ignored.
 */
export const CODE_CACHED = ["chevrotain"];
export const codeCachedFile = (name) => `${name}.cjs`;
/** The validator of the IR (standaloneIrValidator's code), also compiled with its cache. */
const IR_VALIDATOR_FILE = "ir-validator.cjs";
/** Every file beside the chunks read through loadCodeCached, and its source (bundled into CommonJS). */
const codeCachedSources = {
  ...Object.fromEntries(
    CODE_CACHED.map((name) => [codeCachedFile(name), async () => `module.exports = require("${name}");`]),
  ),
  [IR_VALIDATOR_FILE]: () => validatorSource(),
};
export const CODE_CACHED_FILES = [...Object.keys(codeCachedSources), MATHJS_FILE];
/** The source V8 compiles: the file in a CommonJS wrapper (the cache is for this exact text). */
export const CODE_CACHE_WRAPPER = ["(function (exports, require, module, __filename, __dirname) {", "\n})"];

const CODE_CACHE_LOADER = `
import { channel } from "node:diagnostics_channel";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
// Each file read, for whoever listens (test/helpers/record-loads.mjs): it is no module Node loads.
const loads = channel("nnc:code-cached-load");
export function loadCodeCached(url) {
  const file = fileURLToPath(url);
  if (loads.hasSubscribers) loads.publish({ file });
  let cachedData;
  try {
    cachedData = readFileSync(file + ".cache");
  } catch {}
  const [before, after] = ${JSON.stringify(CODE_CACHE_WRAPPER)};
  const source = before + readFileSync(file, "utf8") + after;
  const script = new Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  // The build sets this (writeCodeCaches): the cache then holds the functions this run compiled.
  if (process.env.NNC_WRITE_CODE_CACHE === "1") {
    process.once("exit", () => writeFileSync(file + ".cache", script.createCachedData()));
  }
  return module.exports;
}
`;

/** `import ... from "chevrotain"`: the package's exports, from loadCodeCached. */
function codeCachedPackages(names) {
  return {
    name: "code-cached-packages",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, (args) => ({
        path: args.path,
        namespace: "code-cached",
      }));
      build.onResolve({ filter: /^nnc-code-cache-loader$/ }, () => ({
        path: "loader",
        namespace: "code-cache-loader",
      }));
      build.onLoad({ filter: /.*/, namespace: "code-cache-loader" }, () => ({
        contents: CODE_CACHE_LOADER,
        loader: "js",
      }));
      build.onLoad({ filter: /.*/, namespace: "code-cached" }, async (args) => {
        const exported = Object.keys(await import(args.path)).filter((key) => key !== "default");
        return {
          contents: [
            `import { loadCodeCached } from "nnc-code-cache-loader";`,
            `const loaded = loadCodeCached(new URL("./${codeCachedFile(args.path)}", import.meta.url));`,
            `export const { ${exported.join(", ")} } = loaded;`,
          ].join("\n"),
          resolveDir: root,
          loader: "js",
        };
      });
    },
  };
}

async function bundleCodeCached(esbuild, chunks) {
  for (const [file, source] of Object.entries(codeCachedSources)) {
    await esbuild.build({
      stdin: { contents: await source(), resolveDir: root, loader: "js" },
      outfile: join(chunks, file),
      bundle: true,
      // Generated code, no function of it printed by its source text (Chevrotain's is left as it is).
      minify: file === IR_VALIDATOR_FILE,
      format: "cjs",
      platform: "node",
      target: "node20",
      logLevel: "warning",
    });
  }
}

/** compiler/validate/ir-validator.ts in the CLI: standaloneIrValidator's code, from IR_VALIDATOR_FILE. */
function codeCachedIrValidator() {
  const source = join(root, "compiler/validate/ir-validator.ts");
  return {
    name: "code-cached-ir-validator",
    setup(build) {
      build.onLoad({ filter: /ir-validator\.ts$/ }, (args) => {
        if (args.path !== source) return undefined;
        const contents = [
          `import { loadCodeCached } from "nnc-code-cache-loader";`,
          `export const { validateIR } = loadCodeCached(new URL("./${IR_VALIDATOR_FILE}", import.meta.url));`,
        ].join("\n");
        return { contents, resolveDir: root, loader: "js" };
      });
    },
  };
}

/**
 * Writes each CODE_CACHED_FILES file's cache by running the bundle once on a lesson (`nnc lint`, which
 * builds the parser and parses): V8's cache made after running holds what that run compiled.
 */
function writeCodeCaches(outdir) {
  // `nnc derive` of a model with a formula loads mathjs too; the last run writes the files both read.
  for (const args of [
    ["derive", "examples/custom-activation.nnspec"],
    ["lint", "examples/init-he.nnspec"],
  ]) {
    const run = spawnSync(process.execPath, [join(outdir, "nnc.js"), ...args], {
      cwd: root,
      env: { ...process.env, NNC_WRITE_CODE_CACHE: "1" },
      encoding: "utf8",
    });
    if (run.status !== 0)
      throw new Error(`bundle-cli: \`nnc ${args.join(" ")}\`, run to write the code caches, failed:\n${run.stderr}`);
  }
}

const REQUIRE_BANNER = [
  `import { createRequire as __nncRequire } from "node:module";`,
  "const require = __nncRequire(import.meta.url);",
].join("\n");

/**
 * Bundles cli/nnc.ts into `outdir` (nnc.js, chunks/); returns esbuild's metafile, which says which
 * sources and packages each output file holds (test/startup.test.ts reads it).
 */
export async function bundleCli(outdir = join(root, "dist/cli")) {
  const esbuild = await import("esbuild");
  rmSync(join(outdir, "chunks"), { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { nnc: join(root, "cli/nnc.ts") },
    outdir,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: EXTERNAL_PACKAGES.flatMap((name) => [name, `${name}/*`]),
    plugins: [
      lazyMathjs(),
      codeCachedIrValidator(),
      knownEquationForms(esbuild),
      seedrandomWithoutCrypto(),
      codeCachedPackages(CODE_CACHED),
    ],
    // CommonJS packages in an ES module bundle call require().
    banner: { js: REQUIRE_BANNER },
    metafile: true,
    logLevel: "warning",
  });
  // MATHJS_SOURCE and the code-cached packages read their files from their own folder, chunks/; in
  // the entry, --version would read them.
  const lazyPackages = [
    "lazy-mathjs:mathjs",
    "compiler/validate/ir-validator.ts",
    ...CODE_CACHED.map((name) => `code-cached:${name}`),
  ];
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    for (const input of lazyPackages.filter((name) => name in output.inputs && !file.includes("/chunks/"))) {
      throw new Error(`bundle-cli: ${input} is imported by the entry chunk ${file}; \`nnc --version\` would load it`);
    }
  }
  await bundleMathjs(esbuild, join(outdir, "chunks"));
  await bundleCodeCached(esbuild, join(outdir, "chunks"));
  writeCodeCaches(outdir);
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let esbuildFound = true;
  try {
    await import("esbuild");
  } catch {
    esbuildFound = false;
  }
  if (esbuildFound) await bundleCli();
  else console.warn("bundle-cli: esbuild is not installed; dist/cli/nnc.js is tsc's output (it starts slower)");
}
