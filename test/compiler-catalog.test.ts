// The compiler's diagnostic catalog, its documentation and its goldens stay in step: every code
// is explained in spec/language.md, and every code a .nnspec can trigger has a golden case.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Codes } from "../contracts/codes.js";
import { explanations } from "../contracts/explanations.js";

const spec = readFileSync(new URL("../spec/language.md", import.meta.url), "utf8");
const goldens = new URL("golden/errors/", import.meta.url);
const annotated = new Set(
  readdirSync(goldens)
    .filter((f) => f.endsWith(".nnspec"))
    .flatMap((f) => /^#\s*~\s*ERROR\s+(.+)$/m.exec(readFileSync(new URL(f, goldens), "utf8"))?.[1].split(/\s+/) ?? []),
);
/** Codes only an IR file or the command line can trigger; tested in front-end and cli tests. */
const notFromSource = new Set([
  "NNC3030",
  "NNC3031",
  "NNC3032",
  "NNC2024",
  "NNC2025",
  "NNC2026",
  "NNC3101",
  "NNC3102",
  "NNC3103",
  "NNC3104",
  "NNC3105",
  "NNC3106",
  "NNC3107",
  "NNC3040",
  // `nnc emit --target pytorch` refusing a model with a hand-written backward block (test/emit-pytorch.test.ts).
  "NNC3041",
  // `nnc derive --numbers --example K` and `--iteration N` past the data or the training
  // (test/derive-numbers.test.ts, test/cli-derive-emit.test.ts).
  "NNC3125",
  "NNC3126",
]);

describe("compiler diagnostic catalog", () => {
  it("codes are unique", () => {
    const values = Object.values(Codes);
    expect(new Set(values).size).toBe(values.length);
  });

  it.each(Object.values(Codes))("%s is explained and documented", (code) => {
    expect(explanations[code]).toBeTruthy();
    expect(spec).toContain(`| ${code} | ${explanations[code]} |`);
  });

  /** A note is not annotated (the annotation lists what must be fixed); its golden shows it rendered. */
  const rendered = readdirSync(goldens)
    .filter((f) => f.endsWith(".stderr"))
    .map((f) => readFileSync(new URL(f, goldens), "utf8"));
  it.each(Object.values(Codes).filter((c) => !notFromSource.has(c)))("%s has a golden case", (code) => {
    expect(annotated.has(code) || rendered.some((text) => text.includes(`note[${code}]`))).toBe(true);
  });
});
