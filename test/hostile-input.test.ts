// Whatever the file, every command that reads a model answers with located diagnostics
// (file:line:column) and a non-zero exit: never NNC1900 (the parser's safety net), never a stack
// trace, and in time linear in the file's size. Shapes are generated, the random ones from a
// seeded seedrandom stream, so a failure reproduces. Nesting is limited to 64 levels (NNC1119,
// grammar/nesting.ts); the tests pin the limit from both sides.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { parse } from "../grammar/index.js";
import { tokenize } from "../grammar/lexer.js";
import { MAX_EXPRESSION_DEPTH } from "../grammar/nesting.js";
import { parseTokens } from "../grammar/parse-tokens.js";
import { MAX_PARSE_ERRORS } from "../grammar/parser-expressions.js";
import { nnc, type CliResult } from "./helpers/run-cli.js";

const commands = ["lint", "run", "compile", "derive", "check", "fmt", "emit", "report"];
const scratch = mkdtempSync(join(tmpdir(), "nnc-hostile-"));
let written = 0;

function write(content: string | Uint8Array, ext = "nnspec"): string {
  const file = join(scratch, `case-${++written}.${ext}`);
  writeFileSync(file, content);
  return file;
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A located error from nnc itself: no safety net, no trace. Returns the first location. */
function expectLocated(r: CliResult, file: string): { line: number; column: number; code: string } {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.code, r.stderr).not.toBe(70);
  expect(r.stderr).not.toMatch(/NNC1900|internal error|RangeError|call stack|\n\s+at /);
  const match = new RegExp(`^${escaped(file)}:(\\d+):(\\d+): error\\[(NNC\\d{4})\\]`, "m").exec(r.stderr);
  expect(match, r.stderr.slice(0, 500)).not.toBeNull();
  return { line: Number(match![1]), column: Number(match![2]), code: match![3] };
}

/** `fmt` only parses: a file whose mistakes are in its meaning is formatted like any other. */
async function everyCommand(
  file: string,
  syntaxError = true,
): Promise<{ line: number; column: number; code: string }[]> {
  const located = [];
  for (const command of commands.filter((c) => syntaxError || c !== "fmt")) {
    located.push(expectLocated(await nnc(command, file), file));
  }
  return located;
}

const model = (line3: string, more = "") =>
  `model hostile {\n  input x[2]\n${line3}\n  dense out[1] sigmoid\n  loss cross_entropy\n${more}}\n`;
const valid = (init: string) =>
  `model ok {\n  data train = circles(samples: 20, noise: 0.05, seed: 1)\n  input x[2]\n` +
  `  dense out[1] sigmoid init ${init}\n  loss cross_entropy\n` +
  "  train gd(learning_rate: 0.1) on train for 2 iterations\n}\n";

/**
 * Init formulas exactly `depth` levels deep (`randn()` is one: a call), and the offset of the
 * construct reported one level deeper: the tree is measured from its leaves, so it is the one
 * whose subtree is 65 deep (the outermost, or the 64th link of a chain); what the parser stops
 * on is where level 65 starts.
 */
const shapes: Record<string, (depth: number) => { text: string; at: number }> = {
  parentheses: (d) => ({ text: `${"(".repeat(d - 1)}randn()${")".repeat(d - 1)}`, at: 0 }),
  // The parser already counts the call and 64 lists above the `1`, and stops there.
  lists: (d) => ({ text: `normal(0, ${"[".repeat(d - 1)}1${"]".repeat(d - 1)})`, at: 10 + 64 }),
  calls: (d) => ({ text: `${"sqrt(".repeat(d - 1)}randn()${")".repeat(d - 1)}`, at: 0 }),
  signs: (d) => ({ text: `${"- ".repeat(d - 1)}randn()`, at: 0 }),
  powers: (d) => ({ text: `${"2 ^ ".repeat(d - 1)}randn()`, at: 2 }),
  sums: (d) => ({ text: `randn()${" + 1".repeat(d - 1)}`, at: 7 + 4 * 63 + 1 }),
  products: (d) => ({ text: `randn()${" * 1".repeat(d - 1)}`, at: 7 + 4 * 63 + 1 }),
  transposes: (d) => ({ text: `randn()${"'".repeat(d - 1)}`, at: 7 + 63 }),
  "parenthesised sums": (d) => {
    let text = "randn()";
    for (let i = 0; i < Math.floor((d - 1) / 2); i++) text = `(${text} + 1)`;
    return { text: d % 2 === 0 ? `-${text}` : text, at: 0 };
  },
};

describe("nesting: 64 levels are read, 65 are NNC1119 at the first level too many", () => {
  for (const [name, shape] of Object.entries(shapes)) {
    it(name, async () => {
      // 64 deep is read and judged on its meaning (a list is no standard deviation).
      const deepest = write(valid(shape(MAX_EXPRESSION_DEPTH).text));
      const lint = await nnc("lint", deepest);
      expect(lint.stderr).not.toMatch(/NNC1119|NNC1900/);
      expect(lint.code, lint.stderr).toBe(name === "lists" ? 1 : 0);
      const { text, at } = shape(MAX_EXPRESSION_DEPTH + 1);
      const file = write(valid(text));
      for (const where of await everyCommand(file)) {
        expect(where).toMatchObject({ line: 4, code: "NNC1119" });
        expect(where.column).toBe("  dense out[1] sigmoid init ".length + at + 1);
      }
    });
  }

  it("in every place an expression goes: formulas, arguments, backward equations, a scalar model", async () => {
    const deep = (inner: string) => `${"(".repeat(100)}${inner}${")".repeat(100)}`;
    const files = [
      model(`  activation g(z) = ${deep("z")}`),
      model(`  data train = circles(samples: ${deep("20")})`),
      model("", `  train gd(learning_rate: ${deep("0.1")}) for 2 iterations\n`),
      model("", `  regularize l2(lambda: ${deep("0.1")})\n`),
      model("", `  backward {\n    dZ1 = ${deep("A1 - Y")}\n  }\n`),
      `model s {\n  let x = 2\n  param theta = 4\n  loss J = ${deep("theta * x")}\n}\n`,
    ];
    for (const text of files) {
      const file = write(text);
      for (const where of await everyCommand(file)) expect(where.code).toBe("NNC1119");
    }
  });

  it("any depth: a chain of 100 000 terms, 5 000 levels of each shape, unclosed ones", async () => {
    const n = 5_000;
    const texts = [
      Array(100_000).fill("1").join("+"),
      "(".repeat(n),
      `${"[".repeat(n)}1${"]".repeat(n)}`,
      `${"f(".repeat(n)}1${")".repeat(n)}`,
      `${"f(a: ".repeat(n)}1`,
      `${"- ".repeat(n)}1`,
      Array(n).fill("2").join("^"),
      `x${"'".repeat(n)}`,
    ];
    for (const text of texts) {
      const file = write(model(`  dense h[3] relu init ${text}`));
      for (const where of await everyCommand(file)) expect(where).toMatchObject({ line: 3, code: "NNC1119" });
    }
  });

  it("deeply nested IR JSON, and an IR formula too deep for the grammar, are located in the JSON", async () => {
    const deepJson = write(`${"[".repeat(200_000)}${"]".repeat(200_000)}`, "json");
    const ir = JSON.parse((await nnc("compile", "examples/custom-activation.nnspec")).stdout);
    ir.activations[0].formula = `${"(".repeat(900)}z${")".repeat(900)}`;
    const deepFormula = write(JSON.stringify(ir, null, 2), "json");
    const formulaLine =
      JSON.stringify(ir, null, 2)
        .split("\n")
        .findIndex((l) => l.includes('"formula"')) + 1;
    for (const command of ["lint", "run", "compile", "derive", "check", "emit", "report"]) {
      expect(expectLocated(await nnc(command, deepJson), deepJson)).toMatchObject({
        line: 1,
        column: 65,
        code: "NNC2024",
      });
      expect(expectLocated(await nnc(command, deepFormula), deepFormula)).toMatchObject({
        line: formulaLine,
        code: "NNC1119",
      });
    }
  });
});

describe("bytes: any content is a located error", () => {
  const head = "model m {\n  input x[2]\n  dense h";
  // A whole model around the byte, so that the byte's error is the file's only one: the compiler
  // checks what the parser could read and would report a missing `loss` first, at line 1.
  const tail =
    "[3] relu\n  dense out[1] sigmoid\n  data train = circles(samples: 20, noise: 0.05, seed: 1)\n" +
    "  loss cross_entropy\n  train gd(learning_rate: 0.1) on train for 2 iterations\n}\n";
  const cases: [string, Uint8Array | string, number, number][] = [
    ["a NUL byte", Buffer.concat([Buffer.from(head), Buffer.from([0]), Buffer.from(tail)]), 3, 10],
    ["invalid UTF-8", Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28]), Buffer.from(tail)]), 3, 10],
    [
      "an encoded lone surrogate",
      Buffer.concat([Buffer.from(head), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(tail)]),
      3,
      10,
    ],
    ["Latin-1 text", Buffer.from(`${head}\u00e9${tail}`, "latin1"), 3, 10],
    ["UTF-16", Buffer.from(`\ufeff${head}${tail}`, "utf16le"), 1, 1],
    ["an empty file", "", 1, 1],
    ["only blanks", " \n\t\r\n", 1, 1],
    ["control characters", `${head}\x01\x1b${tail}`, 3, 10],
    ["a BOM and CRLF line ends", `\ufeff${head}\u00a0${tail}`.replace(/\n/g, "\r\n"), 3, 10],
    ["CR-only line ends", `${head}%${tail}`.replace(/\n/g, "\r"), 3, 10],
    ["a zero-width space", `${head}\u200b${tail}`, 3, 10],
  ];
  for (const [name, content, line, column] of cases) {
    it(name, async () => {
      const file = write(content);
      for (const where of await everyCommand(file)) expect(where).toMatchObject({ line, column });
    });
  }

  it("huge numbers, long names and long numbers are ranges or sizes, not crashes", async () => {
    const texts = [
      "model m {\n  seed 1e999999\n  input x[1e999999]\n  dense h[1e999999] relu init normal(0, 1e999999)\n}\n",
      model(`  dense ${"h".repeat(100_000)}[3] relu`),
      model(`  dense h[${"9".repeat(100_000)}] relu`),
      model(
        `  dense h[3] relu init normal(0, 0.${"0".repeat(100_000)}1)`,
        "  train gd(learning_rate: 1e-999999) for 1e999 iterations\n",
      ),
    ];
    for (const text of texts) {
      const file = write(text);
      for (const command of commands.filter((c) => c !== "fmt")) {
        const r = await nnc(command, file);
        expectLocated(r, file);
        // A quote of the file is cut in its middle, so a diagnostic stays a few lines long.
        expect(r.stderr.length).toBeLessThan(20_000);
      }
    }
  });

  it("any JavaScript string, lone surrogates included, parses to a model or located diagnostics", () => {
    const random = seedrandom("nnc hostile strings");
    for (let i = 0; i < 200; i++) {
      const units = Array.from({ length: 1 + Math.floor(random() * 60) }, () => Math.floor(random() * 0x10000));
      const text = model(`  dense h[3] relu init ${String.fromCharCode(...units)}`);
      const { ast, diagnostics } = parse(text, "f.nnspec");
      expect(diagnostics.filter((d) => d.code === "NNC1900")).toEqual([]);
      for (const d of diagnostics) expect(d.span, d.message).toBeDefined();
      if (diagnostics.length === 0) expect(ast).toBeDefined();
    }
  });
});

describe("size: megabyte files and lines are read in linear time", () => {
  it("the parser stops reading a file of garbage after 200 errors", () => {
    const garbage = model("  dense h[1] relu init f(\n".repeat(5_000));
    const { cst, errors } = parseTokens(tokenize(garbage).tokens);
    expect(cst).toBeUndefined();
    // Checked as each statement or expression starts, so one more may slip in before the stop.
    expect(errors.length).toBeGreaterThanOrEqual(MAX_PARSE_ERRORS);
    expect(errors.length).toBeLessThan(MAX_PARSE_ERRORS + 5);
    const { diagnostics } = parse(garbage, "f.nnspec");
    expect(diagnostics.length).toBeLessThanOrEqual(50);
    expect(diagnostics.at(-1)!.notes!.at(-1)).toMatch(
      /^nnc describes at most 50 syntax errors; there (are|may be) more/,
    );
  });

  it("a file of more than 250 000 tokens is NNC1120 at the first token too many, read no further", async () => {
    const file = write(model(`  dense h[3] relu init normal(0, [${"1, ".repeat(1 << 20)}1])`));
    for (const command of ["lint", "run", "compile", "fmt"]) {
      const where = expectLocated(await nnc(command, file), file);
      // 20 tokens come before the list, then `1` and `,` alternate: token 250 001 is the 124 991st `1`.
      expect(where).toMatchObject({ line: 3, column: "  dense h[3] relu init normal(0, [".length + 1 + 3 * 124_990 });
      expect(where.code).toBe("NNC1120");
    }
  });

  it("megabyte lines and files, and 64 kB of each kind of garbage", async () => {
    const MB = 1 << 20;
    const KB = 1 << 10;
    const texts = [
      model(`  # ${"x".repeat(MB)}`, "  dense h[0] relu\n"),
      `${model("  dense h[0] relu").replace(/\n/g, " ")}${" ".repeat(MB)}`,
      model(`  dense h[3] relu init ${"1+".repeat(128 * KB)}1`),
      model(`  dense h[3] relu init normal(0, [${"1, ".repeat(21 * KB)}1])`),
      model(`  dense h[3] relu init normal(${"a: 1, ".repeat(10 * KB)}b: 1)`),
      model("a;".repeat(32 * KB)),
      "dense ( ] , : = { ^ ' \" 1e\n".repeat(2 * KB),
      model("  dense h[1] relu init f(\n".repeat(2 * KB)),
      "model ".repeat(10 * KB),
      `model m ${"{".repeat(32 * KB)}${"}".repeat(32 * KB)}`,
      model(`  dense h[3] relu init ${")".repeat(64 * KB)}`),
    ];
    for (const text of texts) {
      const file = write(text);
      const r = await nnc("lint", file);
      expectLocated(r, file);
      expect(r.stderr.length).toBeLessThan(100_000);
    }
  }, 60_000);
});

describe("random shapes from a seeded stream", () => {
  const example = readFileSync("examples/init-he.nnspec", "utf8");
  const pieces = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "=",
    "-",
    "+",
    "^",
    "'",
    '"',
    "1e",
    "f(",
    "dense",
    "model",
    "\n",
    "\r",
    "\0",
    "\u00a0",
    "#",
  ];

  it("random bytes are a located error, for every command", async () => {
    const random = seedrandom("nnc hostile bytes");
    for (let i = 0; i < 6; i++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 5000) }, () => Math.floor(random() * 256));
      await everyCommand(write(bytes));
    }
  });

  it("random nests of random kinds, at random depths past the limit, are NNC1119", async () => {
    const random = seedrandom("nnc hostile nests");
    const openers = [
      ["(", ")"],
      ["[", "]"],
      ["sqrt(", ")"],
      ["- ", ""],
      ["2 ^ ", ""],
      ["1 + ", ""],
    ];
    for (let i = 0; i < 12; i++) {
      const depth = MAX_EXPRESSION_DEPTH + 1 + Math.floor(random() * 3000);
      const chosen = Array.from({ length: depth }, () => openers[Math.floor(random() * openers.length)]);
      const text = `${chosen.map(([open]) => open).join("")}x${chosen
        .map(([, close]) => close)
        .reverse()
        .join("")}`;
      const file = write(model(`  dense h[3] relu init ${text}`));
      for (const where of await everyCommand(file)) expect(where).toMatchObject({ line: 3, code: "NNC1119" });
    }
  });

  it("an example cut and spliced with random pieces is a model or located diagnostics", async () => {
    const random = seedrandom("nnc hostile splices");
    for (let i = 0; i < 25; i++) {
      let text = example;
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
        const at = Math.floor(random() * text.length);
        const piece = pieces[Math.floor(random() * pieces.length)].repeat(1 + Math.floor(random() * 300));
        text = text.slice(0, at) + piece + text.slice(at + Math.floor(random() * 20));
      }
      const file = write(text);
      for (const command of ["lint", "fmt"]) {
        const r = await nnc(command, file);
        if (r.code !== 0) expectLocated(r, file);
        expect(r.stderr).not.toMatch(/NNC1900|internal error/);
      }
    }
  });
});
