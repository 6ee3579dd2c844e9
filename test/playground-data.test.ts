// The playground's data and downloads in headless Chromium (test/helpers/playground-page.ts): a
// CSV chosen from disk trains as the CLI trains it, and a broken one fails with the CLI's code and
// location; the cat lesson's .h5 files chosen from disk train as in the CLI, a broken .mat file
// fails with the CLI's NNC3011; the downloaded report has `nnc report`'s sections and cost lines.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nnc } from "./helpers/run-cli.js";
import { choose, example, run, setEditorText, usePlayground } from "./helpers/playground-page.js";

const { state, open } = usePlayground();

describe("the playground's data files and downloads, in Chromium", () => {
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
    const out = join(state.folder, "reg-none-cli.html");
    expect((await nnc("report", "examples/reg-none.nnspec", "-o", out)).code).toBe(0);
    const cli = readFileSync(out, "utf8");
    const sections = (page: string) => [...page.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
    expect(sections(report)).toEqual(sections(cli));
    const costTable = (page: string) => /<table class="costs">.*?<\/table>/s.exec(page)![0];
    expect(costTable(report)).toBe(costTable(cli));
    expect(report).not.toContain("<script");
    await page.close();
  }, 150_000);
});
