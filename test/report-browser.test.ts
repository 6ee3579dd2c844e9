// The report as a reader sees it: built by `nnc report` from a model whose comment and CSV file
// name carry HTML payloads, opened in headless Chromium (Debian's, through playwright-core). The
// math and the plots must have rendered, nothing may have been fetched, no script may have run,
// and a screenshot is saved to test/output/ for a person to look at.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/main.js";
import { buildReport } from "../report/html.js";
import { loadRun } from "../cli/plot.js";
import { compileAny } from "../compiler/front-end.js";
import { modelDiagramSvg } from "../report/model-table.js";
import type { IO } from "../cli/commands.js";
// @ts-expect-error: a plain .mjs helper shared with scripts/make-readme-images.mjs
import { launchChromium } from "../scripts/chromium.mjs";

const quiet: IO = { stdout: process.stdout, stderr: process.stderr, out: () => {}, err: () => {} };

const PAYLOAD_FILE = "foot<img src=x onerror=alert(1)>ball.csv";
const hostile = `# Payloads: <script>alert("comment")</script> & <img src=x onerror=alert(2)>
model hostile {
  seed 3
  data train = csv(file: "${PAYLOAD_FILE}", features: [x1, x2], label: y, where: split == "train")
  data test  = csv(file: "${PAYLOAD_FILE}", features: [x1, x2], label: y, where: split == "test")
  input x[2]
  dense h[8] relu init he   # </pre><script>alert("trailing")</script>
  dense out[1] sigmoid init he
  loss cross_entropy
  train gd(learning_rate: 0.3) on train for 2000 iterations, report cost every 100
  report accuracy on train, test
}
`;

type Launched = Awaited<ReturnType<typeof launchChromium>>;
let chromium: Launched;
let dir: string;

beforeAll(async () => {
  chromium = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), "nnc-report-"));
});
afterAll(async () => {
  await chromium?.close();
});

async function open(file: string) {
  const page = await chromium.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (m: { type(): string; text(): string }) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
  });
  page.on("pageerror", (e: Error) => errors.push(e.message));
  page.on("request", (r: { url(): string }) => requests.push(r.url()));
  page.on("dialog", (d: { message(): string; dismiss(): Promise<void> }) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return { page, errors, dialogs, otherRequests: () => requests.filter((r) => r !== url && !r.startsWith("data:")) };
}

describe("nnc report, opened in Chromium", () => {
  it("renders math, plots and tables, escapes the file's strings, and fetches nothing", async () => {
    copyFileSync("examples/data/football.csv", join(dir, PAYLOAD_FILE));
    writeFileSync(join(dir, "hostile.nnspec"), hostile);
    const out = join(dir, "report.html");
    expect(await runCli(["report", join(dir, "hostile.nnspec"), "-o", out], quiet)).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;comment&quot;)&lt;/script&gt;");

    const { page, errors, dialogs, otherRequests } = await open(out);
    try {
      expect(await page.evaluate(() => document.scripts.length)).toBe(0);
      expect(await page.locator("img").count()).toBe(0);
      expect(dialogs).toEqual([]);
      // The comment reads as text, payload and all.
      expect(await page.locator("header .intro").innerText()).toContain(`<script>alert("comment")</script>`);
      expect(await page.locator("#data table").innerText()).toContain(PAYLOAD_FILE);

      // Math: KaTeX's HTML is there and its own font is what draws it.
      expect(await page.locator("#model .katex").count()).toBeGreaterThanOrEqual(3);
      expect(
        await page.evaluate(
          () =>
            document.fonts.check("16px KaTeX_Main") &&
            [...document.fonts].some((f) => f.family.replace(/"/g, "") === "KaTeX_Math" && f.status === "loaded"),
        ),
      ).toBe(true);
      const mathBox = await page.locator("#model .katex-display").first().boundingBox();
      expect(mathBox!.width).toBeGreaterThan(100);

      // Plots: inline SVGs with their marks, laid out at a real size.
      const cost = page.locator("#training figure.cost-curve svg");
      expect(await cost.count()).toBe(1);
      expect(await cost.locator("path").count()).toBeGreaterThan(5);
      expect((await cost.boundingBox())!.height).toBeGreaterThan(200);
      const boundary = page.locator("#decision-boundary figure.boundary svg");
      expect(await boundary.locator(".mark-rect path").count()).toBeGreaterThan(100);
      expect(await boundary.locator("g.mark-symbol.role-mark path").count()).toBe(211 + 200);
      expect(await page.locator("#model svg.model-diagram g.node").count()).toBe(4);

      // Tables: layers (with the total parameter count) and accuracies.
      expect(await page.locator("#model table.layers tfoot").innerText()).toContain(String(8 * 2 + 8 + 8 + 1));
      expect(await page.locator("#accuracy tbody tr").count()).toBe(2);
      // Every report audits its backward pass: one row per parameter tensor, all correct.
      expect(await page.locator("#gradient-check .unavailable").count()).toBe(0);
      expect(await page.locator("#gradient-check tbody tr.verdict-pass").count()).toBe(
        await page.locator("#gradient-check tbody tr").count(),
      );
      expect(await page.locator("#gradient-check tbody tr").count()).toBe(4); // dW1 db1 dW2 db2

      expect(errors).toEqual([]);
      expect(otherRequests()).toEqual([]);
      mkdirSync(resolve("test/output"), { recursive: true });
      await page.screenshot({ path: resolve("test/output/report.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("shows a plugged-in gradient check and derivation, their math drawn by KaTeX", async () => {
    writeFileSync(
      join(dir, "plain.nnspec"),
      hostile.replace(/# .*\n/g, "\n").replace(/csv\(file: "[^"]*"/g, 'csv(file: "plain.csv"'),
    );
    copyFileSync("examples/data/football.csv", join(dir, "plain.csv"));
    expect(
      await runCli(["run", "-q", join(dir, "plain.nnspec"), "--save-run", join(dir, "plain-run.json")], quiet),
    ).toBe(0);
    const { run, params, datasets } = await loadRun(join(dir, "plain-run.json"));
    const html = await buildReport({
      ir: run.ir,
      costs: run.costs,
      accuracy: run.accuracy,
      params,
      datasets,
      check: {
        epsilon: 1e-7,
        threshold: 2e-7,
        rows: [
          { name: "dW2", difference: 0.33, ratio: "2", verdict: "FAIL" },
          { name: "db2", difference: 3e-10, ratio: "1", verdict: "PASS" },
        ],
      },
      derivation: [
        { latex: String.raw`dZ^{[2]} = A^{[2]} - Y`, shape: "1 × m", reason: "sigmoid and cross-entropy together" },
        {
          latex: String.raw`dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]T}`,
          shape: "1 × 8",
          reason: "W is shared by every example",
        },
      ],
    });
    const out = join(dir, "plugged.html");
    writeFileSync(out, html);
    const { page, errors, otherRequests } = await open(out);
    try {
      expect(await page.locator("#derivation li.step .katex-display").count()).toBe(2);
      expect(await page.locator("#derivation .katex .mfrac").count()).toBe(1);
      expect(await page.locator("#gradient-check tr.verdict-fail").innerText()).toContain("dW2");
      expect(await page.locator("#gradient-check tbody tr").count()).toBe(2);
      expect(await page.locator("#gradient-check .conclusion").innerText()).toBe("FAIL: dW2 is off by a factor 2");
      expect(errors).toEqual([]);
      expect(otherRequests()).toEqual([]);
      await page.screenshot({ path: resolve("test/output/report-plugged.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("draws every example's diagram with each label inside its box and over its arrow", async () => {
    const page = await chromium.context.newPage();
    try {
      for (const file of readdirSync("examples").filter((f) => f.endsWith(".nnspec"))) {
        const { ir } = compileAny(readFileSync(join("examples", file), "utf8"), file);
        if (!ir) continue; // a scalar model has no network to draw
        await page.setContent(`<!DOCTYPE html><body style="margin:0">${modelDiagramSvg(ir)}</body>`);
        const overflows = await page.evaluate(() => {
          const problems: string[] = [];
          const svg = document.querySelector("svg")!;
          const inside = (inner: DOMRect, outer: { x: number; width: number }) =>
            inner.x >= outer.x - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5;
          for (const node of svg.querySelectorAll("g.node")) {
            const rect = (node.querySelector("rect") as SVGRectElement).getBBox();
            for (const text of node.querySelectorAll("text")) {
              if (!inside((text as SVGTextElement).getBBox(), { x: rect.x + 4, width: rect.width - 8 }))
                problems.push(`box: ${text.textContent}`);
            }
          }
          for (const edge of svg.querySelectorAll("g.edge")) {
            const line = (edge.querySelector("line") as SVGLineElement).getBBox();
            const text = edge.querySelector("text") as SVGTextElement;
            if (!inside(text.getBBox(), line)) problems.push(`arrow: ${text.textContent}`);
          }
          const box = svg.getBBox();
          const view = svg.viewBox.baseVal;
          if (box.x < view.x || box.x + box.width > view.x + view.width)
            problems.push("drawing wider than its viewBox");
          return problems;
        });
        expect(overflows, file).toEqual([]);
      }
    } finally {
      await page.close();
    }
  });
});
