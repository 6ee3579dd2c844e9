// `nnc fmt` and its Prettier plugin: canonical layout, idempotent, comments kept, and never a
// change of meaning (the formatted file compiles to the same IR as the original).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { compileSource } from "../compiler/front-end.js";
import { formatNnspec } from "../grammar/format/format.js";
import plugin from "../grammar/format/prettier-plugin.js";
import { runCli } from "../cli/main.js";

const goldens = "test/golden/fmt";
const uglyCases = readdirSync(goldens).filter((f) => f.endsWith(".nnspec") && !f.endsWith(".formatted.nnspec"));
const examples = readdirSync("examples")
  .filter((f) => f.endsWith(".nnspec"))
  .map((f) => `examples/${f}`);

/** The meaning of a file: its IR without source positions. */
function meaning(text: string, file: string): unknown {
  const { ir, diagnostics } = compileSource(text, file);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return JSON.parse(JSON.stringify(ir, (k, v) => (k === "at" || k.endsWith("_at") || k === "source" ? undefined : v)));
}

const comments = (text: string) => text.match(/#[^\n]*/g)?.map((c) => c.trimEnd()) ?? [];

describe("formatting ugly but valid files", () => {
  it.each(uglyCases)("%s formats to its golden, keeps its meaning and its comments", async (name) => {
    const file = `${goldens}/${name}`;
    const text = readFileSync(file, "utf8");
    const formatted = formatNnspec(text, file).text!;
    await expect(formatted).toMatchFileSnapshot(resolve(file.replace(/\.nnspec$/, ".formatted.nnspec")));
    expect(formatNnspec(formatted, file).text).toBe(formatted);
    expect(meaning(formatted, `examples/${name}`)).toEqual(meaning(text, `examples/${name}`));
    expect(comments(formatted)).toEqual(comments(text));
  });
});

describe("the examples", () => {
  it.each(examples)("%s is already in canonical layout", (file) => {
    const text = readFileSync(file, "utf8");
    expect(formatNnspec(text, file).text).toBe(text);
  });
});

describe("the Prettier plugin", () => {
  it("gives exactly nnc fmt's layout", async () => {
    const file = `${goldens}/sprawling.nnspec`;
    const text = readFileSync(file, "utf8");
    const viaPrettier = await prettier.format(text, { parser: "nnspec", plugins: [plugin], filepath: file });
    expect(viaPrettier).toBe(formatNnspec(text, file).text);
  });

  it("refuses a file with a syntax error, saying where", async () => {
    await expect(
      prettier.format("model m {\n  dense h1[10 relu\n}\n", { parser: "nnspec", plugins: [plugin] }),
    ).rejects.toThrow(/NNC1\d{3}: .*\(2:/);
  });
});

describe("nnc fmt", () => {
  const quiet = () => {
    let out = "";
    const sink = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream;
    return {
      io: {
        stdout: sink,
        stderr: sink,
        out: (l: string) => void (out += `${l}\n`),
        err: (l: string) => void (out += `${l}\n`),
      },
      text: () => out,
    };
  };

  it("--check fails on an unformatted file, --write fixes it, --check then passes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-fmt-"));
    const file = join(dir, "m.nnspec");
    writeFileSync(file, readFileSync(`${goldens}/cramped.nnspec`));
    const check = quiet();
    expect(await runCli(["fmt", "--check", file], check.io)).toBe(1);
    expect(check.text()).toContain("not formatted");
    expect(await runCli(["fmt", "--write", file], quiet().io)).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(readFileSync(`${goldens}/cramped.formatted.nnspec`, "utf8"));
    expect(await runCli(["fmt", "--check", file], quiet().io)).toBe(0);
    expect(readdirSync(dir)).toEqual(["m.nnspec"]);
  });

  it("leaves a file with syntax errors untouched and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-fmt-"));
    const file = join(dir, "bad.nnspec");
    const bad = "model m {\n  dense h1[10 relu\n}\n";
    writeFileSync(file, bad);
    const r = quiet();
    expect(await runCli(["fmt", "--write", file], r.io)).toBe(1);
    expect(r.text()).toMatch(/bad\.nnspec:2:\d+: error\[NNC1/);
    expect(readFileSync(file, "utf8")).toBe(bad);
  });
});

describe("canonical expressions in the IR", () => {
  const formulaOf = (init: string) => {
    const source = readFileSync("examples/init-he.nnspec", "utf8").replace("init he  #", `init ${init}  #`);
    const { ir, diagnostics } = compileSource(source, "m.nnspec");
    expect(diagnostics).toEqual([]);
    return (ir!.layers[0].init as { expression: string }).expression;
  };
  it.each([
    ["normal ( 0 , sqrt ( 2/fan_in ) )", "normal(0, sqrt(2 / fan_in))"],
    ["((randn())) * (2 / (fan_in + fan_out))", "randn() * (2 / (fan_in + fan_out))"],
    ["randn() / sqrt(fan_in) / 2", "randn() / sqrt(fan_in) / 2"],
    ["randn() / (sqrt(fan_in) / 2)", "randn() / (sqrt(fan_in) / 2)"],
    ["randn() * 2^3^2", "randn() * 2^3^2"],
    ["randn() * (2^3)^2", "randn() * (2^3)^2"],
    ["-randn() * 1e-2", "-randn() * 1e-2"],
    ["randn() - (1 - 2)", "randn() - (1 - 2)"],
    ["randn() * -(1 + 2)", "randn() * -(1 + 2)"],
  ])("%s is stored as %s", (written, canonical) => {
    expect(formulaOf(written)).toBe(canonical);
  });
});
