// The playground in headless Chromium, for the tests that drive it: the page scripts/build-playground.mjs
// makes, built afresh into a temporary folder, and served from a made-up site answered here (a 404
// for anything but the page; file:// is left to the disk). Every request every page makes is recorded.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
// @ts-expect-error: a plain .mjs helper shared with scripts/make-readme-images.mjs
import { launchChromium } from "../../scripts/chromium.mjs";
// @ts-expect-error: the build script is plain JavaScript
import { buildPlayground } from "../../scripts/build-playground.mjs";

export const SITE = "http://nnc.test/";
type Launched = Awaited<ReturnType<typeof launchChromium>>;
export type Page = Awaited<ReturnType<Launched["context"]["newPage"]>>;

/** Registers the set-up and tear-down of a test file's browser; call at the top of the file. */
export function usePlayground() {
  let chromium: Launched;
  const state = { folder: "", html: "", requests: [] as string[], problems: [] as string[] };

  beforeAll(async () => {
    state.folder = mkdtempSync(join(tmpdir(), "nnc-playground-"));
    const [built, launched] = await Promise.all([buildPlayground(state.folder), launchChromium()]);
    state.html = readFileSync(built.file, "utf8");
    chromium = launched;
    chromium.context.on("request", (r: { url(): string }) => state.requests.push(r.url()));
    await chromium.context.route(
      /^https?:/,
      (route: { request(): { url(): string }; fulfill(r: object): Promise<void> }) => {
        const url = route.request().url();
        if (url.split("#")[0] === `${SITE}index.html`) {
          return route.fulfill({ contentType: "text/html", body: state.html });
        }
        return route.fulfill({ status: 404, body: "not found" });
      },
    );
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    rmSync(state.folder, { recursive: true, force: true });
  });

  async function open(url = `${SITE}index.html`): Promise<Page> {
    const page = await chromium.context.newPage();
    page.on("pageerror", (e: Error) => state.problems.push(e.message));
    page.on("console", (m: { type(): string; text(): string }) => {
      if (m.type() === "error") state.problems.push(m.text());
    });
    await page.goto(url);
    await page.waitForSelector(".cm-content");
    return page;
  }
  return { state, open };
}

/** Chooses an example from the menu and waits for its text in the editor. */
export async function choose(page: Page, example: string): Promise<void> {
  await page.selectOption("#examples", example);
  const text = readFileSync(`examples/${example}`, "utf8");
  await page.waitForFunction(
    (t: string) => (window as unknown as { playground: { view: any } }).playground.view.state.doc.toString() === t,
    text,
  );
}

/** The editor's text, through CodeMirror (the DOM holds only the lines on screen). */
export const editorText = (page: Page): Promise<string> =>
  page.evaluate(() =>
    (window as unknown as { playground: { view: { state: { doc: object } } } }).playground.view.state.doc.toString(),
  );

/** Replaces the editor's text as a paste would. */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.evaluate((t: string) => {
    const { view } = (window as unknown as { playground: { view: any } }).playground;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } });
  }, text);
}

/** Runs the model in the editor and waits for its accuracies: the lines the page shows, as `nnc run` prints. */
export async function run(page: Page): Promise<string[]> {
  await page.click("#run");
  await page.waitForFunction(() => document.body.dataset.running === "false", null, { timeout: 120_000 });
  const costs = (await page.textContent("#cost-lines")) ?? "";
  const accuracy = (await page.textContent("#accuracy")) ?? "";
  return `${costs}\n${accuracy}`.split("\n").filter(Boolean);
}

export const example = (name: string) => readFileSync(`examples/${name}`, "utf8");
