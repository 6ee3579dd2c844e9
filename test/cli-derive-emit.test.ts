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
