// `nnc derive` and `nnc emit` from the command line: what goes where, atomic outputs, and the
// errors a user can make with them.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nnc } from "./helpers/run-cli.js";

const scratch = () => mkdtempSync(join(tmpdir(), "nnc-cli-"));

describe("nnc derive", () => {
  it("prints the text derivation on stdout, the golden's text", async () => {
    const r = await nnc("derive", "examples/init-he.nnspec");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync("test/golden/derivations/init-he.txt", "utf8"));
  });

  it("--latex -o writes the document atomically and says so on stderr", async () => {
    const dir = scratch();
    const out = join(dir, "he.tex");
    const r = await nnc("derive", "--latex", "-o", out, "examples/init-he.nnspec");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`wrote ${out}\n`);
    expect(readFileSync(out, "utf8")).toBe(readFileSync("test/golden/derivations/init-he.tex", "utf8"));
    expect(readdirSync(dir)).toEqual(["he.tex"]);
  });

  it("--markdown and --latex together is a usage error", async () => {
    const r = await nnc("derive", "--latex", "--markdown", "examples/init-he.nnspec");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[NNC3107]: --latex and --markdown exclude each other");
  });

  it("a model with an error gets its diagnostic and no output file", async () => {
    const dir = scratch();
    const file = join(dir, "bad.nnspec");
    writeFileSync(file, readFileSync("examples/init-he.nnspec", "utf8").replace("sigmoid init", "sigmoud init"));
    const r = await nnc("derive", "-o", join(dir, "out.txt"), file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[NNC2001]: unknown activation 'sigmoud'");
    expect(existsSync(join(dir, "out.txt"))).toBe(false);
  });

  it("has --help", async () => {
    const r = await nnc("derive", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: nnc derive [--latex | --markdown] [-o FILE]");
  });
});

describe("nnc derive --numbers", () => {
  it("prints one iteration's equations with the example's values, the cost and the update", async () => {
    const r = await nnc("derive", "--numbers", "examples/init-he.nnspec");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(
      "Numbers of model init_he: iteration 0 (the first update, from the initial parameters), example 0",
    );
    expect(lines).toContain("  Z[1] = W[1] X + b[1]    (matmul_bias, layer h1, line 10)");
    expect(lines).toContain("    → A[3] = 0.576361   (column 0)");
    expect(r.stdout).toContain("cost J = 0.883054, the mean loss over the batch's 300 examples");
    expect(lines).toContain("   1. dZ[3] = 1/m (A[3] − Y)    (line 14)");
    expect(lines).toContain("      → dZ[3] = -0.00141213   (column 0)");
    expect(lines).toContain("      db[3]⁽⁰⁾ = -0.00141213   (example 0's share, its own loss's gradient / m)");
    expect(lines).toContain("  → b[3] = -0.00196094   (after)");
  });

  it("--json keeps every value in full; --example and --iteration choose the column and the step", async () => {
    const golden = JSON.parse(readFileSync("test/golden/numbers/init-he.json", "utf8"));
    const expected = golden.cases.find((c: { iteration: number; example: number }) => c.iteration === 3);
    const r = await nnc(
      "derive",
      "--numbers",
      "--json",
      "--iteration",
      "3",
      "--example",
      "0",
      "examples/init-he.nnspec",
    );
    expect(r.code).toBe(0);
    const numbers = JSON.parse(r.stdout);
    expect(numbers).toMatchObject({
      model: "init_he",
      example: 0,
      iteration: 3,
      data: { name: "train", samples: 300 },
    });
    const a3 = numbers.forward.find((f: { value: { name: string } }) => f.value.name === "A3").value.values[0];
    expect(Math.abs(a3 - expected.forward.A3[0])).toBeLessThan(1e-15);
    expect(numbers.steps[0].step.sources[0]).toEqual({
      kind: "loss",
      span: { line: 14, column: 3, endLine: 14, endColumn: 20 },
    });
  });

  it("--markdown writes a page with the math in $…$, -o atomically", async () => {
    const dir = scratch();
    const out = join(dir, "numbers.md");
    const r = await nnc("derive", "--numbers", "--markdown", "-o", out, "examples/multiclass-blobs.nnspec");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wrote ${out}\n`);
    const page = readFileSync(out, "utf8");
    expect(page.startsWith("# Numbers of model multiclass_blobs: iteration 0")).toBe(true);
    expect(page).toContain("1. $dZ^{[2]} = \\frac{1}{m} \\left(A^{[2]} - Y\\right)$ — line 15");
    expect(readdirSync(dir)).toEqual(["numbers.md"]);
  });

  it("a scalar model shows its cost and derivatives at its values", async () => {
    const r = await nnc("derive", "--numbers", "examples/gradcheck-1d.nnspec");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("cost: J = theta * x = 8");
    expect(r.stdout).toContain("  backward block: dtheta = x = 2");
  });

  it.each([
    [
      ["--example", "300"],
      "error[NNC3125]: example 300 is out of range: data set 'train' holds 300 examples, 0 to 299",
    ],
    [["--iteration", "15000"], "error[NNC3126]: iteration 15000 is past the training: it makes 15000 updates"],
    [["--example", "1.5"], "error[NNC3107]: --example needs a whole number from 0, got '1.5'"],
    [["--latex"], "error[NNC3107]: --numbers writes text, Markdown or JSON, not LaTeX"],
  ])("%j is an error that says what is wrong", async (flags, message) => {
    const r = await nnc("derive", "--numbers", ...flags, "examples/init-he.nnspec");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
  });

  it("the example's error points at the data set, with the way out", async () => {
    const r = await nnc("derive", "--numbers", "--example", "300", "examples/init-he.nnspec");
    expect(r.stderr).toContain("examples/init-he.nnspec:6:3");
    expect(r.stderr).toContain("give --example 299 or less");
  });

  it("--example without --numbers is a usage error", async () => {
    const r = await nnc("derive", "--example", "3", "examples/init-he.nnspec");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[NNC3107]: --example goes with --numbers");
  });
});

describe("nnc emit", () => {
  it("-o writes a module that exports createModel and parameters", async () => {
    const dir = scratch();
    const out = join(dir, "model.js");
    const r = await nnc("emit", "-o", out, "examples/init-he.nnspec");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wrote ${out}\n`);
    const text = readFileSync(out, "utf8");
    expect(text).toContain("export function createModel(P)");
    expect(text).toContain("export const parameters = [");
    expect(readdirSync(dir)).toEqual(["model.js"]);
  });

  it("a model past the unrolling limit is refused with NNC3040, naming the file", async () => {
    const dir = scratch();
    const file = join(dir, "wide.nnspec");
    writeFileSync(file, readFileSync("examples/init-he.nnspec", "utf8").replace("h1[10]", "h1[3000]"));
    const r = await nnc("emit", "-o", join(dir, "wide.js"), file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${file}: error[NNC3040]: model 'init_he' cannot be emitted as JavaScript: ` +
        `24011 parameters is more than the 4000 the unrolled code handles`,
    );
    expect(existsSync(join(dir, "wide.js"))).toBe(false);
  });
});

describe("nnc report", () => {
  it("holds nnc derive's steps in its derivation section", async () => {
    const dir = scratch();
    const file = join(dir, "tiny.nnspec");
    writeFileSync(
      file,
      readFileSync("examples/custom-activation.nnspec", "utf8").replace(
        "for 3000 iterations, report cost every 500",
        "for 20 iterations, report cost every 10",
      ),
    );
    const out = join(dir, "report.html");
    const r = await nnc("report", "-o", out, file);
    expect(r.code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).not.toContain("No derivation in this report.");
    expect(html).toContain('<annotation encoding="application/x-tex">dW^{[2]} = dZ^{[2]} A^{[1]T}</annotation>');
    expect(html).toContain("swish at A2: g(z) = z σ(z) (the model&#39;s swish), so g′(z)");
  });
});
