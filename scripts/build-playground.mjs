// `npm run build:playground`: the playground as static files in dist/playground/ that work opened
// from disk (file://) and served (`nnc playground`). One index.html holds everything inline: the page's
// script, the training worker's script (started from a Blob URL, since Chromium refuses a Worker
// from a file:// URL), the styles with KaTeX's fonts as data URLs, and every examples/*.nnspec with
// the small data files they read. A Content-Security-Policy lets the page load nothing from the
// network: no connect-src, scripts only by their hashes (plus the Blob worker), fonts and images
// only as data URLs. 'unsafe-eval' is there because training runs the code the compiler generates
// (runtime/train.ts, `new Function`); 'wasm-unsafe-eval' for the WebAssembly kernels.
//
//   node scripts/build-playground.mjs [outdir]
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { standaloneIrValidator } from "./bundle-cli.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const require = createRequire(import.meta.url);

/** Data files beside the examples that the page carries; larger ones (the cat pictures) are chosen from disk. */
const BUNDLED_DATA_LIMIT = 64 * 1024;

/** katex.min.css with each font as its WOFF2 file inlined (report/math.ts does the same for reports). */
export function katexCss() {
  const dist = dirname(require.resolve("katex/dist/katex.min.css"));
  const css = readFileSync(join(dist, "katex.min.css"), "utf8");
  return css.replace(/src:([^;}]*)/g, (whole, sources) => {
    const woff2 = /url\(fonts\/([^)]+\.woff2)\)/.exec(sources);
    if (!woff2) return whole;
    const data = readFileSync(join(dist, "fonts", woff2[1])).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}

/** Every example, and the data files small enough to carry, as the module `nnc:examples`. */
function examplesModule() {
  const folder = join(root, "examples");
  const examples = readdirSync(folder)
    .filter((f) => f.endsWith(".nnspec"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(folder, name), "utf8") }));
  const data = {};
  for (const name of readdirSync(join(folder, "data")).sort()) {
    const path = join(folder, "data", name);
    if (statSync(path).size <= BUNDLED_DATA_LIMIT) data[`data/${name}`] = readFileSync(path).toString("base64");
  }
  return `export const examples = ${JSON.stringify(examples)};\nexport const dataFiles = ${JSON.stringify(data)};\n`;
}

/**
 * Modules the page gets in place of Node-only ones: report/math.ts reads KaTeX's stylesheet from
 * node_modules; in the page that stylesheet is made here, at build time.
 */
function playgroundModules(virtual) {
  return {
    name: "playground-modules",
    setup(b) {
      b.onResolve({ filter: /^nnc:/ }, (args) => ({ path: args.path, namespace: "nnc" }));
      b.onLoad({ filter: /.*/, namespace: "nnc" }, (args) => ({
        contents: virtual[args.path](),
        loader: args.path === "nnc:worker-source" ? "text" : "js",
        resolveDir: root,
      }));
      b.onResolve({ filter: /\/math\.js$/ }, (args) =>
        resolve(args.resolveDir, args.path) === join(root, "report/math.js")
          ? { path: join(root, "playground/report-math.ts") }
          : undefined,
      );
    },
  };
}

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2022",
  minify: true,
  write: false,
  logLevel: "warning",
  legalComments: "none",
};

const sha256 = (text) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/** Inline scripts cannot contain `</script`; escaping the slash keeps the same JavaScript. */
const inlineSafe = (js) => js.replace(/<\/(script)/gi, "<\\/$1");

export async function buildPlayground(outdir = join(root, "dist/playground")) {
  const css = katexCss();
  const virtual = {
    "nnc:katex-css": () => `export default ${JSON.stringify(css)};`,
    "nnc:examples": examplesModule,
  };
  const worker = await build({
    ...common,
    entryPoints: [join(root, "playground/worker.ts")],
    plugins: [standaloneIrValidator(), playgroundModules(virtual)],
  });
  const workerSource = worker.outputFiles[0].text;
  virtual["nnc:worker-source"] = () => workerSource;
  const app = await build({
    ...common,
    entryPoints: [join(root, "playground/main.ts")],
    plugins: [standaloneIrValidator(), playgroundModules(virtual)],
  });
  const script = inlineSafe(app.outputFiles[0].text);
  const style = `${css}\n${readFileSync(join(root, "playground/style.css"), "utf8")}`;
  const policy = [
    "default-src 'none'",
    `script-src ${sha256(script)} 'unsafe-eval' 'wasm-unsafe-eval' blob:`,
    "worker-src blob:",
    "style-src 'unsafe-inline'",
    "font-src data:",
    "img-src data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const html = readFileSync(join(root, "playground/index.html"), "utf8")
    .replace("{{policy}}", policy)
    .replace("{{style}}", () => style)
    .replace("{{script}}", () => script);
  mkdirSync(outdir, { recursive: true });
  const target = join(outdir, "index.html");
  writeFileSync(`${target}.tmp`, html);
  renameSync(`${target}.tmp`, target);
  return { file: target, bytes: html.length, workerBytes: workerSource.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await buildPlayground(process.argv[2]);
  console.log(`playground: ${out.file} (${(out.bytes / 1e6).toFixed(1)} MB)`);
}
