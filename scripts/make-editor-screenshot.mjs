// spec/editor.md's picture (docs/images/editor.png): the editor features of language/ as the playground shows
// them. examples/init-he.nnspec with its output activation misspelt `sigmoud` (underlined with NNC2001; Run
// prints the diagnostic as the compiler renders it) and the mouse on layer h1, whose hover gives its shapes,
// parameters, activation and init. The same functions answer `nnc lsp`. The page's status is polled with
// evaluate: waitForFunction timed out on this page although evaluate saw the text.
//   npm run build && node scripts/make-editor-screenshot.mjs
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const page = join(root, "dist/playground/index.html");
const out = join(root, "docs/images/editor.png");

const chromium = await launchChromium();
try {
  const tab = await chromium.context.newPage();
  await tab.setViewportSize({ width: 1400, height: 860 });
  await tab.goto(pathToFileURL(page).href);
  await tab.waitForSelector(".cm-content");
  // Misspell the output layer's activation by typing, as a learner would.
  await tab.evaluate(() => {
    const { view } = window.playground;
    const text = view.state.doc.toString();
    const at = text.indexOf("sigmoid", text.indexOf("dense out"));
    view.focus();
    view.dispatch({ selection: { anchor: at, head: at + "sigmoid".length } });
  });
  await tab.keyboard.type("sigmoud");
  await tab.waitForSelector(".cm-lintRange-error");
  // Run refuses the model and prints the diagnostic under the editor as `nnc run` would.
  await tab.click("#run");
  const statusText = () => tab.evaluate(() => document.getElementById("status")?.textContent ?? "");
  for (let waited = 0; !(await statusText()).includes("NNC2001"); waited += 500) {
    if (waited > 120_000) throw new Error(`Run printed no NNC2001: ${await statusText()}`);
    await tab.waitForTimeout(500);
  }
  const box = await tab.evaluate(() => {
    const { view } = window.playground;
    const c = view.coordsAtPos(view.state.doc.toString().indexOf("h1[10]"));
    return { x: c.left + 3, y: (c.top + c.bottom) / 2 };
  });
  await tab.mouse.move(box.x, box.y);
  await tab.waitForSelector(".nnc-hover", { timeout: 60_000 });
  await tab.waitForTimeout(200);
  mkdirSync(dirname(out), { recursive: true });
  await tab.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await chromium.close();
}
