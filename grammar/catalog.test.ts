import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "./index.js";
import { syntaxCodeDescriptions } from "./syntax-errors.js";
import { SyntaxCodes } from "../contracts/codes.js";

const codes = Object.values(SyntaxCodes);
const goldens = new URL("../test/golden/errors/", import.meta.url);
const annotated = new Set(
  readdirSync(goldens)
    .filter((name) => name.endsWith(".nnspec"))
    .flatMap((name) =>
      (/^#\s*~\s*ERROR\s+(.+)$/.exec(readFileSync(new URL(name, goldens), "utf8").split("\n")[0])?.[1] ?? "").split(
        /\s+/,
      ),
    ),
);

describe("the syntax code catalog", () => {
  it("never gives two checks the same code, and only uses NNC1xxx", () => {
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^NNC1\d{3}$/);
  });

  it("describes every code in spec/language.md", () => {
    const spec = readFileSync(new URL("../spec/language.md", import.meta.url), "utf8");
    for (const [name, code] of Object.entries(SyntaxCodes)) {
      expect(spec).toContain(`| ${code} | \`${name}\` | ${syntaxCodeDescriptions[code]} |`);
    }
  });

  it("shows every code in at least one error golden (except the internal-error safety net)", () => {
    expect(codes.filter((code) => code !== SyntaxCodes.internalError && !annotated.has(code))).toEqual([]);
  });

  it("ignores a byte-order mark at the start of a file", () => {
    expect(parse("\uFEFFmodel m { input x[2] }").diagnostics).toEqual([]);
  });
});
