// The README's picture of the playground (docs/images/playground.png) and its speed figure: the He
// lesson trained in the page (its worker's training loop, as the page reports it) beside `nnc run`'s
// training time (`--json`'s seconds), alternated ROUNDS times on the same machine, medians printed.
//   npm run build && node scripts/make-playground-screenshot.mjs [--rounds N]
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildPlayground } from "./build-playground.mjs";
import { launchChromium } from "./chromium.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const roundsAt = process.argv.indexOf("--rounds");
const ROUNDS = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function trainInPage(page) {
  await page.click("#run");
  await page.waitForFunction(() => document.body.dataset.running === "false", null, { timeout: 300_000 });
  return Number(await page.evaluate(() => document.body.dataset.trainSeconds));
}

function trainInCli() {
  const out = execFileSync(
    process.execPath,
    [join(root, "dist/cli/nnc.js"), "run", "--json", "examples/init-he.nnspec"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  return JSON.parse(out).seconds;
}

const { file } = await buildPlayground();
const chromium = await launchChromium();
try {
  const page = await chromium.context.newPage();
  await page.setViewportSize({ width: 1400, height: 860 });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector(".cm-content");
  const inPage = [];
  const inCli = [];
  for (let round = 0; round < ROUNDS; round++) {
    inPage.push(await trainInPage(page));
    inCli.push(trainInCli());
  }
  console.log(`init-he training, ${ROUNDS} rounds alternated (seconds):`);
  console.log(`  page: ${inPage.map((s) => s.toFixed(2)).join(" ")}  median ${median(inPage).toFixed(2)}`);
  console.log(`  CLI:  ${inCli.map((s) => s.toFixed(2)).join(" ")}  median ${median(inCli).toFixed(2)}`);
  console.log(`  page / CLI: ${(median(inPage) / median(inCli)).toFixed(2)}×`);
  // The picture: a trained model, the cursor on a layer, its derivation steps lit.
  await page.evaluate(() => {
    const { view } = window.playground;
    const at = view.state.doc.toString().indexOf("dense h2");
    view.focus();
    view.dispatch({ selection: { anchor: at } });
  });
  await page.waitForTimeout(300);
  const out = join(root, "docs/images/playground.png");
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await chromium.close();
}
