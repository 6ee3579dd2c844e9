// The playground in headless Chromium: the page scripts/build-playground.mjs makes, built afresh
// into a temporary folder, served from a made-up site answered by the test (every request is
// recorded, and the page must make none outside its own file) and opened from disk. Typing a
// misspelt activation underlines it with the compiler's code within 300 ms and its fix repairs it;
// Run trains the He lesson to the CLI's cost lines, bit for bit, and the lesson's figures; the
// boundary is drawn; a share link reopened elsewhere restores the model and its costs; the gradient
// check of the buggy lesson names W2 and b1 and points at the wrong line; Adam trains as in Node.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { formatNnspec } from "../grammar/format/format.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nnc } from "./helpers/run-cli.js";
import { PUBLISHED_HE_COSTS } from "./fixtures/init-lesson.js";
// @ts-expect-error: a plain .mjs helper shared with scripts/make-readme-images.mjs
import { launchChromium } from "../scripts/chromium.mjs";
// @ts-expect-error: the build script is plain JavaScript
import { buildPlayground } from "../scripts/build-playground.mjs";

const SITE = "http://nnc.test/";
type Launched = Awaited<ReturnType<typeof launchChromium>>;
type Page = Awaited<ReturnType<Launched["context"]["newPage"]>>;
let chromium: Launched;
let folder: string;
let html: string;
const requests: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "nnc-playground-"));
  const [built, launched] = await Promise.all([buildPlayground(folder), launchChromium()]);
  html = readFileSync(built.file, "utf8");
  chromium = launched;
  chromium.context.on("request", (r: { url(): string }) => requests.push(r.url()));
  // Only the network is answered here (with a 404 for all but the page); file:// is the disk's.
  await chromium.context.route(
    /^https?:/,
    (route: { request(): { url(): string }; fulfill(r: object): Promise<void> }) => {
      const url = route.request().url();
      if (url.split("#")[0] === `${SITE}index.html`) return route.fulfill({ contentType: "text/html", body: html });
      return route.fulfill({ status: 404, body: "not found" });
    },
  );
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function open(url = `${SITE}index.html`): Promise<Page> {
  const page = await chromium.context.newPage();
  page.on("pageerror", (e: Error) => problems.push(e.message));
  page.on("console", (m: { type(): string; text(): string }) => {
    if (m.type() === "error") problems.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector(".cm-content");
  return page;
}

async function choose(page: Page, example: string): Promise<void> {
  await page.selectOption("#examples", example);
  const text = readFileSync(`examples/${example}`, "utf8");
  await page.waitForFunction(
    (t: string) => (window as unknown as { playground: { view: any } }).playground.view.state.doc.toString() === t,
    text,
  );
}

/** The editor's text, through CodeMirror (the DOM holds only the lines on screen). */
const editorText = (page: Page): Promise<string> =>
  page.evaluate(() =>
    (window as unknown as { playground: { view: { state: { doc: object } } } }).playground.view.state.doc.toString(),
  );

/** Replaces the editor's text as a paste would. */
async function setEditorText(page: Page, text: string): Promise<void> {
  await page.evaluate((t: string) => {
    const { view } = (window as unknown as { playground: { view: any } }).playground;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } });
  }, text);
}

/** Runs the model in the editor and waits for its accuracies: the lines the page shows, as `nnc run` prints. */
async function run(page: Page): Promise<string[]> {
  await page.click("#run");
  await page.waitForFunction(() => document.body.dataset.running === "false", null, { timeout: 120_000 });
  const costs = (await page.textContent("#cost-lines")) ?? "";
  const accuracy = (await page.textContent("#accuracy")) ?? "";
  return `${costs}\n${accuracy}`.split("\n").filter(Boolean);
}

const example = (name: string) => readFileSync(`examples/${name}`, "utf8");

describe("the playground, in Chromium", () => {
  it("underlines `sigmoud` with NNC2001 at its line within 300 ms, and the quick fix repairs it", async () => {
    const page = await open();
    const text = await editorText(page);
    const line = text.split("\n").findIndex((l) => l.includes("sigmoid")) + 1;
    const at = text.indexOf("sigmoid");
    await page.evaluate((pos: number) => {
      const { view } = (window as unknown as { playground: { view: any } }).playground;
      view.focus();
      view.dispatch({ selection: { anchor: pos, head: pos + "sigmoid".length } });
    }, at);
    await page.keyboard.type("sigmoud");
    const typed = Date.now();
    const range = await page.waitForSelector(".cm-lintRange-error", { timeout: 2000 });
    const elapsed = Date.now() - typed;
    expect(elapsed).toBeLessThan(300);
    const underlined = await range.evaluate((el: Element) => {
      const lines = [...document.querySelectorAll(".cm-content > .cm-line")];
      return { line: lines.indexOf(el.closest(".cm-line")!) + 1, text: el.textContent };
    });
    expect(underlined).toEqual({ line, text: "sigmoud" });
    await range.hover();
    const tooltip = await page.waitForSelector(".cm-tooltip-lint");
    expect(await tooltip.textContent()).toContain("NNC2001: unknown activation 'sigmoud'");
    await page.click(".cm-tooltip-lint .cm-diagnosticAction");
    expect(await editorText(page)).toBe(text);
    await page.waitForFunction(() => !document.querySelector(".cm-lintRange-error"));
    await page.close();
  });

  it("trains the He lesson to the CLI's cost lines to the bit and its accuracies, and draws the boundary", async () => {
    const page = await open();
    const [shown, cli] = await Promise.all([run(page), nnc("run", "examples/init-he.nnspec")]);
    expect(cli.code).toBe(0);
    expect(shown).toEqual(cli.stdout.trimEnd().split("\n"));
    const costs = shown.filter((l) => l.startsWith("Cost")).map((l) => Number(l.split(": ")[1]));
    expect(costs).toHaveLength(PUBLISHED_HE_COSTS.length);
    costs.forEach((cost, i) =>
      expect(Math.abs(cost - PUBLISHED_HE_COSTS[i]) / PUBLISHED_HE_COSTS[i]).toBeLessThan(1e-10),
    );
    const golden = JSON.parse(readFileSync("test/golden/lessons/init-he.json", "utf8")) as {
      costs: { cost: number }[];
    };
    expect(costs[0]).toBe(golden.costs[0].cost);
    expect(shown.slice(-2)).toEqual(["Accuracy on train: 0.9933333333333333", "Accuracy on test: 0.96"]);
    // The last picture is of the trained model: both classes' colours and the points on top.
    expect(await page.getAttribute("#boundary", "data-iteration")).toBe("15000");
    const colours = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>("#boundary")!;
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
      const seen = new Set<string>();
      for (let i = 0; i < data.length; i += 4 * 97) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      return [...seen];
    });
    expect(colours).toEqual(expect.arrayContaining(["247,196,196", "194,216,240"]));
    const seconds = Number(await page.evaluate(() => document.body.dataset.trainSeconds));
    expect(seconds).toBeGreaterThan(0);
    await page.close();
  }, 180_000);

  it("colours a softmax model's boundary one colour per class", async () => {
    const page = await open();
    await choose(page, "multiclass-blobs.nnspec");
    const [shown, cli] = await Promise.all([run(page), nnc("run", "examples/multiclass-blobs.nnspec")]);
    expect(shown).toEqual(cli.stdout.trimEnd().split("\n"));
    const colours = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>("#boundary")!;
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
      const seen = new Set<string>();
      for (let i = 0; i < data.length; i += 4 * 13) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      return [...seen];
    });
    // The regions of classes 0, 1 and 2 (playground/training-view.ts's LIGHT colours).
    expect(colours).toEqual(expect.arrayContaining(["247,196,196", "194,216,240", "199,233,192"]));
    await page.close();
  }, 120_000);

  it("restores a shared model from its link, with the same costs to the bit", async () => {
    const first = await open();
    const shortened = example("init-he.nnspec")
      .replace("15000 iterations", "1500 iterations")
      .replace("every 1000", "every 100");
    await setEditorText(first, shortened);
    await first.click('#panes button[data-pane="shapes"]');
    const lines = await run(first);
    await first.waitForFunction((t: string) => location.hash.length > 10 && t.length > 0, shortened);
    const link = await first.evaluate(() => location.href);
    const second = await open(link);
    expect(await editorText(second)).toBe(shortened);
    expect(await second.isVisible("#pane-shapes")).toBe(true);
    expect(await run(second)).toEqual(lines);
    expect(lines.filter((l) => l.startsWith("Cost"))).toHaveLength(15);
    await Promise.all([first.close(), second.close()]);
  }, 120_000);

  it("shows the gradient check of gradcheck-buggy: W2 and b1 fail, and the wrong line is lit", async () => {
    const page = await open();
    await choose(page, "gradcheck-buggy.nnspec");
    await page.click('#panes button[data-pane="check"]');
    await page.waitForSelector("#pane-check table.check");
    const failing = await page.$$eval("#pane-check tr.verdict-fail td:first-child", (cells) =>
      cells.map((c) => c.textContent),
    );
    expect(failing).toEqual(["db1", "dW2"]);
    const cli = await nnc("check", "examples/gradcheck-buggy.nnspec");
    const wrong = /first wrong equation: [^:]+:(\d+): (.*?) {3}/.exec(cli.stdout)!;
    expect(await page.getAttribute("#pane-check .first-wrong", "data-line")).toBe(wrong[1]);
    expect(await page.textContent("#pane-check .first-wrong code")).toBe(wrong[2]);
    const lit = await page.$$eval(".cm-wrong-line", (lines) => lines.map((l) => l.textContent));
    expect(lit).toEqual([example("gradcheck-buggy.nnspec").split("\n")[Number(wrong[1]) - 1]]);
    await page.close();
  }, 60_000);

  it("trains the Adam lesson (bias correction's powers included) to Node's cost lines", async () => {
    const page = await open();
    await choose(page, "optim-adam.nnspec");
    const [shown, cli] = await Promise.all([run(page), nnc("run", "examples/optim-adam.nnspec")]);
    expect(shown).toEqual(cli.stdout.trimEnd().split("\n"));
    await page.close();
  }, 120_000);

  it("hovers with shapes, completes by context, and formats as nnc fmt", async () => {
    const page = await open();
    const text = await editorText(page);
    const box = await page.evaluate((pos: number) => {
      const { view } = (window as unknown as { playground: { view: any } }).playground;
      const c = view.coordsAtPos(pos);
      return { x: c.left + 3, y: (c.top + c.bottom) / 2 };
    }, text.indexOf("h1[10]"));
    await page.mouse.move(box.x, box.y);
    const hover = await page.waitForSelector(".nnc-hover");
    expect(await hover.textContent()).toContain("W1: W 10×2");
    await setEditorText(page, text.replace("dense h2[5]  relu    init he", "dense h2[5]  relu    init h"));
    const at = (await editorText(page)).indexOf("init h\n") + "init h".length;
    await page.evaluate((pos: number) => {
      const { view } = (window as unknown as { playground: { view: any } }).playground;
      view.focus();
      view.dispatch({ selection: { anchor: pos } });
    }, at);
    await page.keyboard.press("Control+Space");
    const options = await page.waitForSelector(".cm-tooltip-autocomplete");
    expect(await options.textContent()).toContain("he");
    await page.keyboard.press("Escape");
    const messy = text.replace("dense h1[10] relu    init he", "dense   h1[10]   relu init    he");
    await setEditorText(page, messy);
    await page.click("#format");
    expect(await editorText(page)).toBe(formatNnspec(messy).text);
    await page.close();
  });

  it("steps through one iteration with nnc derive --numbers's values, lighting each equation's line", async () => {
    const page = await open();
    await page.click('#panes button[data-pane="numbers"]');
    await page.waitForSelector(".numbers-stop .value");
    const cli = JSON.parse((await nnc("derive", "--numbers", "--json", "examples/init-he.nnspec")).stdout) as {
      forward: Array<{ value: { values: number[] } }>;
      steps: Array<{ value: { values: number[] } }>;
    };
    const shown = async () =>
      page.$$eval(".numbers-stop .value", (values) =>
        values.map((v) => JSON.parse((v as HTMLElement).dataset.values!)),
      );
    expect((await shown()).at(-1)).toEqual(cli.forward[0].value.values);
    const h1 =
      example("init-he.nnspec")
        .split("\n")
        .findIndex((l) => l.includes("dense h1")) + 1;
    expect(await page.$$eval(".cm-step-line", (l) => l.map((x) => x.textContent))).toEqual([
      example("init-he.nnspec").split("\n")[h1 - 1],
    ]);
    // On to the first backward step, after every forward line and the cost; then one back.
    for (let i = 0; i < cli.forward.length + 1; i++) await page.click("#numbers-next");
    expect((await shown())[0]).toEqual(cli.steps[0].value.values);
    await page.click("#numbers-back");
    expect(await page.textContent(".numbers-stop .position")).toContain(`${cli.forward.length + 1} of`);
    await page.close();
  }, 60_000);

  it("trains on a CSV chosen from disk, and says where a broken one is wrong as the CLI does", async () => {
    const page = await open();
    await choose(page, "football-csv.nnspec");
    const good = readFileSync("examples/data/football.csv", "utf8");
    const broken = good.replace("-0.347926,0.47076,1,train", "-0.347926,zero,1,train");
    expect(broken).not.toBe(good);
    await page.setInputFiles("#data-files", {
      name: "football.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(broken),
    });
    await page.click("#run");
    await page.waitForFunction(() => document.body.dataset.running === "false");
    const dir = mkdtempSync(join(tmpdir(), "nnc-playground-csv-"));
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data/football.csv"), broken);
    writeFileSync(join(dir, "football-csv.nnspec"), example("football-csv.nnspec"));
    const cli = await nnc("run", join(dir, "football-csv.nnspec"));
    expect(cli.code).not.toBe(0);
    const first = /error\[NNC\d+\]: .*/.exec(cli.stderr)![0];
    const where = /(data\/football\.csv:\d+:\d+)/.exec(cli.stderr)![1];
    const status = (await page.textContent("#status")) ?? "";
    expect(status).toContain(first);
    expect(status).toContain(where);
    await page.setInputFiles("#data-files", { name: "football.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
    const [shown, expected] = await Promise.all([run(page), nnc("run", "examples/football-csv.nnspec")]);
    expect(shown).toEqual(expected.stdout.trimEnd().split("\n"));
    rmSync(dir, { recursive: true, force: true });
    await page.close();
  }, 120_000);

  it("reads the lessons' .h5 and .mat files chosen from disk, as the CLI reads them", async () => {
    const page = await open();
    const short = example("cat-two.nnspec")
      .replace("for 2500 iterations", "for 12 iterations")
      .replace("every 100", "every 4");
    await setEditorText(page, short);
    const files = ["train_catvnoncat.h5", "test_catvnoncat.h5"].map((name) => ({
      name,
      mimeType: "application/x-hdf5",
      buffer: readFileSync(`examples/data/${name}`),
    }));
    await page.setInputFiles("#data-files", files);
    const dir = mkdtempSync(join(tmpdir(), "nnc-playground-h5-"));
    writeFileSync(join(dir, "cat-two.nnspec"), short);
    symlinkSync(join(process.cwd(), "examples/data"), join(dir, "data"));
    const [shown, cli] = await Promise.all([run(page), nnc("run", join(dir, "cat-two.nnspec"))]);
    expect(shown).toEqual(cli.stdout.trimEnd().split("\n"));
    expect(shown).toHaveLength(6); // iterations 0, 4, 8 and the last, 11; two accuracies
    // A .mat file chosen from disk takes the place of the one the page carries.
    await choose(page, "reg-none.nnspec");
    await page.setInputFiles("#data-files", {
      name: "football.mat",
      mimeType: "application/octet-stream",
      buffer: Buffer.from([1, 2, 3]),
    });
    await page.click("#run");
    await page.waitForFunction(() => document.body.dataset.running === "false");
    writeFileSync(join(dir, "reg-none.nnspec"), example("reg-none.nnspec"));
    rmSync(join(dir, "data"));
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data/football.mat"), Buffer.from([1, 2, 3]));
    const refused = await nnc("run", join(dir, "reg-none.nnspec"));
    expect(refused.code).not.toBe(0);
    // The CLI names the file by its full path, the page by the model's relative one.
    const said = /error\[NNC\d+\]: [^\n]*/.exec(refused.stderr)![0].replaceAll(`${dir}/`, "");
    expect(said).toContain("error[NNC3011]: 'data/football.mat' is not a MATLAB MAT file");
    expect(await page.textContent("#status")).toContain(said);
    rmSync(dir, { recursive: true, force: true });
    await page.close();
  }, 180_000);

  it("downloads the report nnc report writes: its sections, its cost lines, no script", async () => {
    const page = await open();
    await choose(page, "reg-none.nnspec");
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 120_000 }),
      page.click("#download-report"),
    ]);
    const report = readFileSync(await download.path(), "utf8");
    const out = join(folder, "reg-none-cli.html");
    expect((await nnc("report", "examples/reg-none.nnspec", "-o", out)).code).toBe(0);
    const cli = readFileSync(out, "utf8");
    const sections = (page: string) => [...page.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
    expect(sections(report)).toEqual(sections(cli));
    const costTable = (page: string) => /<table class="costs">.*?<\/table>/s.exec(page)![0];
    expect(costTable(report)).toBe(costTable(cli));
    expect(report).not.toContain("<script");
    await page.close();
  }, 150_000);

  it("works opened from disk, and no page made a request outside its own file", async () => {
    const url = pathToFileURL(join(folder, "index.html")).href;
    const page = await open(url);
    await choose(page, "reg-none.nnspec");
    expect(await page.textContent("#pane-derivation")).toContain("dW");
    await page.close();
    const outside = requests.filter((r) => !r.startsWith(`${SITE}index.html`) && !r.startsWith(url));
    expect(outside.filter((r) => !r.startsWith("blob:") && !r.startsWith("data:"))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
