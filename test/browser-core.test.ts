// nnc's core in a browser: test/browser/core-entry.ts (compile a model's text, train it through the
// driver the CLI uses) is bundled by esbuild for the browser platform, where any Node module is an
// error, and run in headless Chromium. Its cost lines must be the CLI's to the bit, and the lesson's;
// the interpreter's large products must run on the same WebAssembly SIMD kernels as in Node, not on
// the JavaScript fallback; and a model's data file, supplied by the page (held in memory, or fetched
// beside it), must train to Node's numbers and fail with Node's diagnostics.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSource } from "../compiler/front-end.js";
import { trainModel } from "../drivers/train-model.js";
import { simdProductCount } from "../runtime/wasm/simd-products.js";
import { nodeFiles } from "../node/files.js";
import { pythonRepr } from "../cli/python-repr.js";
import { PUBLISHED_HE_COSTS } from "./fixtures/init-lesson.js";
import { nnc } from "./helpers/run-cli.js";
import type { PageFiles, PageRun } from "./browser/core-entry.js";
// @ts-expect-error: a plain .mjs helper shared with scripts/make-readme-images.mjs
import { launchChromium } from "../scripts/chromium.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const SITE = "http://nnc.test/";
const HE = "examples/init-he.nnspec";
const REG = "examples/reg-none.nnspec";
const text = (file: string) => readFileSync(`${root}${file}`, "utf8");

/** The bundler as the test uses it: for browsers, nothing left external, so a Node import fails. */
function bundle(entry: { file: string } | { source: string }) {
  return build({
    ...("file" in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.source, resolveDir: root, loader: "ts" as const } }),
    absWorkingDir: root,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
}

type Launched = Awaited<ReturnType<typeof launchChromium>>;
type Route = { request(): { url(): string }; fulfill(response: object): Promise<void> };
type Page = Awaited<ReturnType<Launched["context"]["newPage"]>>;
let chromium: Launched;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const [bundled, launched] = await Promise.all([bundle({ file: "test/browser/core-entry.ts" }), launchChromium()]);
  chromium = launched;
  page = await chromium.context.newPage();
  page.on("pageerror", (error: Error) => pageErrors.push(error.message));
  page.on("console", (m: { type(): string; text(): string }) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });
  // A made-up site, answered here and never by a network: the page, the bundle, and the examples.
  await page.route(`${SITE}**`, async (route: Route) => {
    const path = route.request().url().slice(SITE.length);
    if (path === "index.html") {
      const html = `<!doctype html><script type="module">import * as nnc from "./core.js"; window.nnc = nnc</script>`;
      return route.fulfill({ contentType: "text/html", body: html });
    }
    if (path === "core.js") {
      return route.fulfill({ contentType: "text/javascript", body: bundled.outputFiles[0].text });
    }
    if (path.startsWith("examples/data/") && !path.includes("..")) {
      try {
        return await route.fulfill({ contentType: "application/octet-stream", body: readFileSync(`${root}${path}`) });
      } catch {
        // Not there: a 404, below.
      }
    }
    return route.fulfill({ status: 404, body: "not found" });
  });
  await page.goto(`${SITE}index.html`);
  await page.waitForFunction(() => "nnc" in window);
}, 60_000);

afterAll(async () => {
  await chromium?.close();
});

type Engine = "auto" | "interpreted";
type PageCall = [source: string, file: string, files: PageFiles | undefined, engine: Engine | undefined];

function trainInPage(source: string, file: string, files?: PageFiles, engine?: Engine): Promise<PageRun> {
  return page.evaluate(
    ([s, f, given, e]: PageCall) =>
      (window as unknown as { nnc: typeof import("./browser/core-entry.js") }).nnc.trainInPage(s, f, given, e),
    [source, file, files, engine] as PageCall,
  );
}

/** What `nnc run` prints for a run: its cost lines, then its accuracies. */
function printed(run: Pick<PageRun, "costs" | "accuracy">): string[] {
  return [
    ...run.costs.map(({ iteration, cost }) => `Cost after iteration ${iteration}: ${pythonRepr(cost)}`),
    ...Object.entries(run.accuracy).map(([name, value]) => `Accuracy on ${name}: ${pythonRepr(value)}`),
  ];
}

/** A run in Node, through the same driver, counting the products done on the SIMD kernels. */
async function trainInNode(source: string, file: string, engine: Engine = "auto") {
  const { ir } = compileSource(source, file);
  const before = simdProductCount();
  const result = await trainModel(ir!, { files: nodeFiles(`${root}examples`), engine });
  return { ...result, simdProducts: simdProductCount() - before };
}

describe("the core, bundled for a browser", () => {
  it("is bundled by a bundler that refuses a Node import (the CLI's disk reader is one)", async () => {
    const refused = await bundle({ source: `export { nodeFiles } from "./node/files.ts";` }).then(
      () => [],
      (error: { errors: Array<{ text: string }> }) => error.errors.map((e) => e.text),
    );
    expect(refused).toEqual(expect.arrayContaining([expect.stringContaining('Could not resolve "node:fs/promises"')]));
  });

  it("trains the He lesson in Chromium: the CLI's cost lines to the bit, and the lesson's figures", async () => {
    const [inPage, cli] = await Promise.all([trainInPage(text(HE), HE), nnc("run", HE)]);
    expect(cli.code).toBe(0);
    expect(inPage.errors).toEqual([]);
    expect(inPage.engine).toBe("simd"); // the per-example pass in WebAssembly SIMD, as in Node
    expect(printed(inPage)).toEqual(cli.stdout.trimEnd().split("\n"));
    expect(inPage.costs[0]).toEqual({ iteration: 0, cost: 0.8830537463419761 });
    expect(inPage.costs.map((c) => c.cost)).toHaveLength(PUBLISHED_HE_COSTS.length);
    inPage.costs.forEach(({ iteration, cost }, i) => {
      const relative = Math.abs(cost - PUBLISHED_HE_COSTS[i]) / PUBLISHED_HE_COSTS[i];
      expect(relative, `iteration ${iteration}`).toBeLessThan(1e-10);
    });
    expect(inPage.accuracy).toEqual({ train: 0.9933333333333333, test: 0.96 });
    expect(pageErrors).toEqual([]);
  });

  it("runs the interpreter's products on the WebAssembly SIMD kernels, to Node's bits", async () => {
    const shortened = text(HE).replace("15000 iterations", "1000 iterations").replace("every 1000", "every 250");
    const [inPage, inNode] = await Promise.all([
      trainInPage(shortened, HE, undefined, "interpreted"),
      trainInNode(shortened, HE, "interpreted"),
    ]);
    expect([inPage.engine, inNode.engine]).toEqual(["interpreted", "interpreted"]);
    // The 5 × 10 × 300 products and larger are past the SIMD threshold: some run on every step.
    expect(inNode.simdProducts).toBeGreaterThan(1000);
    expect(inPage.simdProducts).toBe(inNode.simdProducts);
    expect(printed(inPage)).toEqual(printed(inNode));
    expect(inPage.costs).toHaveLength(4);
    expect(pageErrors).toEqual([]);
  });

  it("trains the regularization lesson from its .mat file, held by the page or fetched, as Node does", async () => {
    const shortened = text(REG).replace("30000 iterations", "3000 iterations").replace("every 10000", "every 1000");
    const football = Array.from(readFileSync(`${root}examples/data/football.mat`));
    const [held, fetched, inNode] = await Promise.all([
      trainInPage(shortened, REG, { memory: { "data/football.mat": football } }),
      trainInPage(shortened, REG, { fetchFrom: `${SITE}examples/` }),
      trainInNode(shortened, REG),
    ]);
    expect([held.errors, fetched.errors]).toEqual([[], []]);
    expect(printed(held)).toEqual(printed(inNode));
    expect(printed(fetched)).toEqual(printed(inNode));
    // Iteration 0 is the lesson's numpy figure (test/golden/lessons/reg-none.json), bit for bit.
    const golden = JSON.parse(text("test/golden/lessons/reg-none.json")) as { costs: Array<{ cost: number }> };
    expect(held.costs[0]).toEqual({ iteration: 0, cost: golden.costs[0].cost });
    expect(pageErrors).toEqual([]);
  });

  it("says a file the page lacks is missing, with the diagnostics Node gives", async () => {
    const [held, fetched] = await Promise.all([
      trainInPage(text(REG), REG, { memory: { "data/footbal.mat": [1, 2, 3] } }),
      trainInPage(text(REG).replaceAll("data/football.mat", "data/nope.mat"), REG, { fetchFrom: `${SITE}examples/` }),
    ]);
    const note = "NNC2003: while loading data set 'train'";
    expect(held.errors).toEqual(["NNC3010: cannot read the MAT file 'data/football.mat': it does not exist", note]);
    const url = `${SITE}examples/data/nope.mat`;
    expect(fetched.errors).toEqual([`NNC3010: cannot read the MAT file '${url}': it does not exist`, note]);
  });
});
