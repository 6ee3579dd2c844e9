// Makes the README's pictures under docs/images/: the initialization lesson's three decision
// boundaries (zeros, large random, He — as the lesson plots them) and a screenshot of the report
// of the He model. Runs the built library (dist/) and Debian's chromium:
//   npm run build && node scripts/make-readme-images.mjs
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  boundarySpec,
  buildReport,
  compile,
  decisionBoundary,
  loadModelData,
  RandomState,
  renderSvg,
  train,
} from "../dist/index.js";
import { nodeFiles } from "../dist/node/files.js";
import { launchChromium } from "./chromium.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "docs", "images");
mkdirSync(out, { recursive: true });

async function trained(file) {
  const path = join(root, file);
  const source = readFileSync(path, "utf8");
  const { ir, diagnostics } = compile(source, file);
  if (!ir) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  const files = nodeFiles(dirname(path));
  // As `nnc report FILE` trains: the whole cost curve, and the test set's beside it.
  const result = await train(ir, { files, heldOutCurves: true });
  const datasets = await loadModelData(ir, new RandomState(ir.seed ?? 0), files);
  return { ir, source, result, datasets };
}

const lessons = [
  ["init-zeros", "Model with Zeros initialization"],
  ["init-random", "Model with large random initialization"],
  ["init-he", "Model with He initialization"],
];

const chromium = await launchChromium();
try {
  const page = await chromium.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  let he;
  for (const [name, title] of lessons) {
    const run = await trained(`examples/${name}.nnspec`);
    if (name === "init-he") he = run;
    const sets = ["train", "test"].map((n) => run.datasets.get(n));
    const boundary = decisionBoundary(
      run.ir,
      run.result.params.map((p) => p.data),
      sets,
    );
    const svg = await renderSvg(boundarySpec(boundary, `${title} (test ${run.result.accuracy.test})`));
    await page.setContent(`<!DOCTYPE html><body style="margin:0;background:white">${svg}</body>`);
    await page
      .locator("svg")
      .first()
      .screenshot({ path: join(out, `${name}-boundary.png`) });
    console.log(`wrote docs/images/${name}-boundary.png`);
  }
  const html = await buildReport({
    ir: he.ir,
    source: he.source,
    sourceFile: "examples/init-he.nnspec",
    costs: he.result.costs,
    history: he.result.history,
    heldOutCosts: he.result.heldOutCosts,
    accuracy: he.result.accuracy,
    params: he.result.params.map((p) => p.data),
    datasets: he.datasets,
  });
  const scratch = mkdtempSync(join(tmpdir(), "nnc-readme-"));
  const reportFile = join(scratch, "init-he-report.html");
  writeFileSync(reportFile, html);
  await page.goto(pathToFileURL(reportFile).href);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.setViewportSize({ width: 1100, height: 2350 });
  await page.screenshot({ path: join(out, "report.png") });
  rmSync(scratch, { recursive: true, force: true });
  console.log("wrote docs/images/report.png");
} finally {
  await chromium.close();
}
