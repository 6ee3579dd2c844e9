// "All mistakes of a file at once": one `nnc lint` shows every mistake that can be found, in line
// order, however the stages found them (the grammar, the compiler's reading of each statement, the
// whole-model checks); a check waits only for an error that would make its verdict a guess, and a
// note then says that more may follow. Fixing exactly what one run showed leaves a clean file.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../compiler/front-end.js";
import { nnc } from "./helpers/run-cli.js";

const golden = (name: string) => readFileSync(new URL(`golden/errors/${name}.nnspec`, import.meta.url), "utf8");

/** Each mistake of all-mistakes-at-once.nnspec with its code and its fix. */
const mistakes: [code: string, wrong: string, right: string][] = [
  ["NNC1108", "samples: 100 noise:", "samples: 100, noise:"],
  ["NNC2017", "input x[3]", "input x[2]"],
  ["NNC2001", "h1[10] rleu", "h1[10] relu"],
  ["NNC2002", "init hee", "init he"],
  ["NNC2013", "keep: 1.5", "keep: 0.8"],
  ["NNC2061", "on: [h1, out]", "on: [h1, h2]"],
  ["NNC2013", "learning_rate: -0.01", "learning_rate: 0.01"],
  ["NNC2010", "on trian", "on train"],
];

function lineOf(text: string, fragment: string): number {
  const index = text.indexOf(fragment);
  expect(index, fragment).toBeGreaterThanOrEqual(0);
  return text.slice(0, index).split("\n").length;
}

describe("one run reports every mistake of a file", () => {
  const text = golden("all-mistakes-at-once");

  it("nnc lint shows the eight mistakes of three kinds in one run, in line order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-all-"));
    const file = join(dir, "eight.nnspec");
    writeFileSync(file, text);
    const r = await nnc("lint", file);
    expect(r.code).toBe(1);
    const reported = [...r.stderr.matchAll(/:(\d+):(\d+): error\[(NNC\d{4})\]/g)].map((m) => ({
      line: Number(m[1]),
      column: Number(m[2]),
      code: m[3],
    }));
    expect(reported.map((d) => d.code)).toEqual(mistakes.map(([code]) => code));
    expect(reported.map((d) => d.line)).toEqual(mistakes.map(([, wrong]) => lineOf(text, wrong)));
    const positions = reported.map((d) => d.line * 1000 + d.column);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(r.stderr).toContain("8 errors");
  });

  it("fixing what that one run showed leaves nothing: no second round", () => {
    let fixed = text;
    for (const [, wrong, right] of mistakes) fixed = fixed.replace(wrong, right);
    expect(compileSource(fixed, "fixed.nnspec").diagnostics).toEqual([]);
  });

  it("no note says more may follow when nothing had to wait", () => {
    const codes = compileSource(text, "eight.nnspec").diagnostics.map((d) => d.code);
    expect(codes).not.toContain("NNC2099");
  });
});

describe("a check waits only for what makes it meaningless, and says so", () => {
  const text = golden("lost-statements");
  const { diagnostics } = compileSource(text, "lost.nnspec");
  const errors = diagnostics.filter((d) => d.severity === "error");
  const note = diagnostics.at(-1)!;

  it("checks what does not depend on the statements the syntax errors cost", () => {
    expect(errors.map((d) => [d.code, d.span?.line])).toEqual([
      ["NNC2017", lineOf(text, "input x[3]")],
      ["NNC1103", lineOf(text, "h1[10 relu")],
      ["NNC2001", lineOf(text, "rleu")],
      ["NNC1101", lineOf(text, "los cross_entropy")],
      ["NNC2061", lineOf(text, "on: [h1, out]")],
    ]);
  });

  it("does not call the lost `loss` statement missing, nor the lost layer h1 unknown", () => {
    expect(errors.map((d) => d.code)).not.toContain("NNC2011");
    expect(errors.map((d) => d.code)).not.toContain("NNC2062");
  });

  it("ends with one note naming what waits", () => {
    const message = "more errors may follow once these are fixed";
    expect(note).toMatchObject({ severity: "note", code: "NNC2099", message });
    const lines = `${lineOf(text, "h1[10 relu")} and ${lineOf(text, "los cross_entropy")}`;
    expect(note.notes).toEqual([
      `not checked yet: the statements at lines ${lines}, once they can be read`,
      "not checked yet: dropout on 'h1'",
    ]);
  });

  it("once the syntax is fixed, the waiting checks run and find what was hidden", () => {
    const fixed = text.replace("h1[10 relu", "h1[10] relu").replace("los cross_entropy", "loss cross_entropy");
    const codes = compileSource(fixed, "lost.nnspec").diagnostics.map((d) => d.code);
    expect(codes).toEqual(["NNC2017", "NNC2001", "NNC2061"]);
  });
});

describe("a line the grammar repaired by a guess is not reported again by the compiler", () => {
  it("`noise 0.05` (a missing colon read as a missing comma) gives one error, not a duplicate argument too", () => {
    const text = golden("all-mistakes-at-once").replace("samples: 100 noise:", "samples: 100, noise 0.05, seed: 2) #");
    const codes = compileSource(text, "m.nnspec")
      .diagnostics.filter((d) => d.span?.line === 8)
      .map((d) => d.code);
    expect(codes).toEqual(["NNC1108"]);
  });
});

describe("a statement lost to a misspelt keyword is not reported as missing, nor are its pieces read", () => {
  const text = golden("all-mistakes-at-once")
    .replace("data test  = circles", "dtaa test  = circles")
    .replace("samples: 100 noise:", "samples: 100, noise:");
  const codes = compileSource(text, "m.nnspec").diagnostics.map((d) => d.code);

  it("`dtaa test = circles(..., seed: 2)`: one syntax error, no second `seed`, no undeclared 'test'", () => {
    expect(codes.filter((code) => code.startsWith("NNC1"))).toEqual(["NNC1101"]);
    expect(codes).not.toContain("NNC2012");
    expect(codes.filter((code) => code === "NNC2010")).toHaveLength(1); // `trian`, not `test`
  });

  it("the mistakes elsewhere are all still reported", () => {
    expect(codes).toEqual(expect.arrayContaining(["NNC2017", "NNC2001", "NNC2002", "NNC2013", "NNC2061", "NNC2010"]));
    expect(codes.at(-1)).toBe("NNC2099");
  });
});
