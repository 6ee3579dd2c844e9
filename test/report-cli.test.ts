// `nnc run --plot/--save-run`, `nnc plot` and `nnc report` from the command line: the files they
// write, that a saved run redraws to the very same plots, and the errors a user can meet.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nnc } from "./helpers/run-cli.js";
import { compileAny } from "../compiler/front-end.js";
import { gradientCheckForReport } from "../cli/check.js";
import { gradientCheckSection } from "../report/sections.js";

const tiny = `# A tiny model for the report's tests.
model tiny {
  seed 3
  data train = circles(samples: 40, noise: 0.05, seed: 1)
  data test  = circles(samples: 20, noise: 0.05, seed: 2)
  input x[2]
  dense h[3] relu init he
  dense out[1] sigmoid init he
  loss cross_entropy
  train gd(learning_rate: 0.1) for 20 iterations, report cost every 10
  report accuracy on train, test
}
`;

function scratchModel(): { dir: string; model: string } {
  const dir = mkdtempSync(join(tmpdir(), "nnc-report-cli-"));
  const model = join(dir, "tiny.nnspec");
  writeFileSync(model, tiny);
  return { dir, model };
}

describe("nnc run --plot --save-run, then nnc plot", () => {
  it("writes the plots and a run that redraws to the same bytes", async () => {
    const { dir, model } = scratchModel();
    const json = await nnc("run", "--json", model);
    const first = await nnc("run", "--quiet", model, "--plot", join(dir, "plots"), "--save-run", join(dir, "run.json"));
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`wrote ${join(dir, "plots", "boundary.svg")}`);
    expect(readdirSync(join(dir, "plots")).sort()).toEqual(["boundary.svg", "cost.svg"]);

    const saved = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    const printed = JSON.parse(json.stdout);
    expect(saved.nnc_run).toBe(1);
    expect(saved.costs).toEqual(printed.costs);
    expect(saved.accuracy).toEqual(printed.accuracy);
    expect(saved.params.map((p: { name: string; shape: number[] }) => [p.name, p.shape])).toEqual([
      ["W1", [3, 2]],
      ["b1", [3, 1]],
      ["W2", [1, 3]],
      ["b2", [1, 1]],
    ]);
    expect(saved.ir.model).toBe("tiny");

    const again = await nnc("plot", join(dir, "run.json"), "-o", join(dir, "redrawn"));
    expect(again.code).toBe(0);
    for (const name of ["cost.svg", "boundary.svg"])
      expect(readFileSync(join(dir, "redrawn", name), "utf8")).toBe(readFileSync(join(dir, "plots", name), "utf8"));
    expect(readdirSync(join(dir, "redrawn")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("overlays the cost curves of several saved runs, one boundary each", async () => {
    const { dir, model } = scratchModel();
    const faster = join(dir, "faster.nnspec");
    writeFileSync(
      faster,
      tiny.replace("model tiny", "model faster").replace("learning_rate: 0.1", "learning_rate: 0.5"),
    );
    for (const [file, run] of [
      [model, "a.json"],
      [faster, "b.json"],
      [model, "c.json"],
    ])
      expect((await nnc("run", "-q", file, "--save-run", join(dir, run))).code).toBe(0);
    const r = await nnc("plot", join(dir, "a.json"), join(dir, "b.json"), join(dir, "c.json"), "-o", join(dir, "all"));
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, "all")).sort()).toEqual([
      "boundary-faster.svg",
      "boundary-tiny-1.svg",
      "boundary-tiny-2.svg",
      "cost.svg",
    ]);
    const cost = readFileSync(join(dir, "all", "cost.svg"), "utf8");
    for (const label of ["tiny-1", "faster", "tiny-2"]) expect(cost).toContain(`>${label}</text>`);
    // Same model, same seed: the two runs' boundaries are the same picture.
    expect(readFileSync(join(dir, "all", "boundary-tiny-1.svg"), "utf8").replaceAll("tiny-1", "tiny-2")).toBe(
      readFileSync(join(dir, "all", "boundary-tiny-2.svg"), "utf8"),
    );
  });

  it("explains a model with no boundary, and refuses a file where the folder should be", async () => {
    const { dir, model } = scratchModel();
    const wide = join(dir, "wide.nnspec");
    const wideModel = tiny
      .replace("model tiny", "model wide")
      .replace("input x[2]", "input x[3]")
      .replace(
        /data (train|test) += circles\([^)]*\)/g,
        'data $1 = csv(file: "wide.csv", features: [a, b, c], label: y)',
      );
    writeFileSync(wide, wideModel);
    writeFileSync(join(dir, "wide.csv"), "a,b,c,y\n1,2,3,1\n2,1,0,0\n0,0,1,1\n");
    const ok = await nnc("run", "-q", wide, "--plot", join(dir, "wide-plots"));
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain("note: no boundary.svg: the input has 3 features; a decision boundary is drawn for 2");
    expect(readdirSync(join(dir, "wide-plots"))).toEqual(["cost.svg"]);

    writeFileSync(join(dir, "taken"), "");
    const taken = await nnc("run", "-q", model, "--plot", join(dir, "taken"));
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(
      `error[NNC3084]: '${join(dir, "taken")}' is a file, not a folder to write plots into`,
    );
  });

  it("tells a model file from a run file", async () => {
    const { model } = scratchModel();
    const r = await nnc("plot", model);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[NNC3080]");
    expect(r.stderr).toContain("run files are written by `nnc run MODEL --save-run run.json`");
  });
});

describe("nnc report", () => {
  it("writes one page from a model, and the same sections from its saved run", async () => {
    const { dir, model } = scratchModel();
    const r = await nnc("report", model, "-o", join(dir, "report.html"));
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    for (const id of [
      "model",
      "data",
      "training",
      "decision-boundary",
      "accuracy",
      "gradient-check",
      "derivation",
      "source",
    ])
      expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain("A tiny model for the report&#39;s tests.");
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);

    await nnc("run", "-q", model, "--save-run", join(dir, "run.json"));
    const fromRun = await nnc("report", join(dir, "run.json"));
    expect(fromRun.code).toBe(0);
    expect(fromRun.stdout).toContain('<section id="decision-boundary">');
    // The plots of the saved run are those of the live one (only the source section differs).
    const figures = (page: string) => page.match(/<figure[\s\S]*?<\/figure>/g);
    expect(figures(fromRun.stdout)).toEqual(figures(html));
    expect(existsSync(join(dir, "report.html"))).toBe(true);
  });

  /** The gradient-check table of a page: its header cells and its rows' cells, as text. */
  function checkTable(page: string): { head: string[]; rows: string[][]; conclusion: string } {
    const section = /<section id="gradient-check">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? "";
    const text = (cell: string) => cell.replace(/<[^>]+>/g, "").trim();
    const head = [...section.matchAll(/<th>([\s\S]*?)<\/th>/g)].map((m) => text(m[1]));
    const rows = [...section.matchAll(/<tr class="verdict-[^"]*">([\s\S]*?)<\/tr>/g)].map((r) =>
      [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => text(m[1])),
    );
    return { head, rows, conclusion: text(/<p class="conclusion">([\s\S]*?)<\/p>/.exec(section)?.[1] ?? "") };
  }

  /** `nnc check`'s verdict per tensor, read off its table (`W2 … FAIL …`), keyed by gradient (dW2). */
  async function cliVerdicts(model: string): Promise<Record<string, string>> {
    const lines = (await nnc("check", model)).stdout.split("\n");
    const start = lines.findIndex((l) => l.startsWith("tensor"));
    const rows = lines.slice(start + 1, lines.indexOf("", start)).map((l) => l.split(/\s{2,}/));
    return Object.fromEntries(rows.map((cells) => [`d${cells[0]}`, cells[5]]));
  }

  it("says PASS, FAIL or INCONCLUSIVE as nnc check does, in a table without an empty column", async () => {
    // A model whose check fails does not train (NNC3030), so its report's section is built directly.
    const buggy = "examples/gradcheck-buggy.nnspec";
    const { ir } = compileAny(readFileSync(buggy, "utf8"), buggy);
    const table = checkTable(
      gradientCheckSection(await gradientCheckForReport(ir!, "examples")).html.replace(
        /^/,
        '<section id="gradient-check">',
      ) + "</section>",
    );
    expect(table.head).toEqual(["gradient", "relative difference", "analytic/numeric", "verdict", "note"]);
    const verdicts = Object.fromEntries(table.rows.map((r) => [r[0], r[3]]));
    expect(verdicts).toEqual(await cliVerdicts(buggy));
    expect(Object.values(verdicts).filter((v) => v === "FAIL")).toHaveLength(2);
    expect(table.rows.find((r) => r[0] === "dW2")?.[2]).toBe("2");
    expect(table.conclusion).toBe("FAIL: db1 is off by a factor 4; dW2 is off by a factor 2");
    // Every column has a title and at least one filled cell.
    table.head.forEach((title, c) =>
      expect(
        table.rows.some((r) => r[c] !== ""),
        title,
      ).toBe(true),
    );

    const { model } = scratchModel();
    const r = await nnc("report", model);
    const passing = checkTable(r.stdout);
    expect(passing.head).not.toContain("");
    expect(passing.rows.map((row) => row[passing.head.indexOf("verdict")])).toEqual(
      Object.values(await cliVerdicts(model)),
    );
    expect(passing.conclusion).toBe("PASS: the backward pass is correct");
    expect(r.stdout).toMatch(/difference \S+ over all parameters/);
    // A large model's check samples its elements, and the report says so.
    const sampled = gradientCheckSection({ overall: 4.9e-9, checked: { elements: 120, of: 245983 }, rows: [] }).html;
    expect(sampled).toContain("difference 4.9e-9 over 120 sampled of 245983 parameters");
    expect(r.stdout).not.toMatch(/<td>ok<\/td>|<th><\/th>/);
  });

  it("reports a saved run with its source and its gradient check, and reads a run saved without them", async () => {
    const { dir, model } = scratchModel();
    const live = (await nnc("report", model)).stdout;
    expect((await nnc("run", "-q", model, "--save-run", join(dir, "run.json"))).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    expect(saved.source).toEqual({ file: model, text: tiny });
    const fromRun = (await nnc("report", join(dir, "run.json"))).stdout;
    const part = (page: string, id: string) => new RegExp(`<section id="${id}">[\\s\\S]*?</section>`).exec(page)?.[0];
    for (const id of ["source", "gradient-check", "model", "derivation"])
      expect(part(fromRun, id), id).toBe(part(live, id));
    expect(fromRun).toContain("A tiny model for the report&#39;s tests.");

    // A run file from before the source was kept: no source section, the check all the same.
    delete saved.source;
    writeFileSync(join(dir, "old.json"), JSON.stringify(saved));
    const old = await nnc("report", join(dir, "old.json"));
    expect(old.code).toBe(0);
    expect(old.stdout).not.toContain('<section id="source">');
    expect(part(old.stdout, "gradient-check")).toBe(part(live, "gradient-check"));
  });
});
