// What `nnc explain CODE` prints: for every code of the catalogue (codes.ts), one line saying what
// it means (the tables of spec/language.md show the same line) and an example of the mistake with
// its fix. The entries live beside the catalogue, one file per range of codes; a test holds them to
// the catalogue and to every code the sources use, and compiles each .nnspec example to see that
// the mistake gives its code and the fix compiles clean.
import { Codes, DataCodes, ReportCodes, SyntaxCodes, type AnyCode } from "./codes.js";
import { syntaxExplanations } from "./explanations-syntax.js";
import { modelExplanations } from "./explanations-model.js";
import { trainingExplanations } from "./explanations-training.js";
import { fileExplanations } from "./explanations-files.js";
import type { Explanation } from "./explanation-format.js";

export type { Explanation, ExampleForm } from "./explanation-format.js";

const all: Record<string, Explanation> = {
  ...syntaxExplanations,
  ...modelExplanations,
  ...trainingExplanations,
  ...fileExplanations,
} satisfies Record<AnyCode, Explanation>;

/** Every code of the catalogue, in the catalogue's order. */
export const allCodes: readonly string[] = [
  ...Object.values(SyntaxCodes),
  ...Object.values(Codes),
  ...Object.values(DataCodes),
  ...Object.values(ReportCodes),
].sort();

/** The explanation of a code of the catalogue, or undefined for any other text. */
export function explanationOf(code: string): Explanation | undefined {
  return Object.hasOwn(all, code) ? all[code] : undefined;
}

/** One line per code: what `nnc explain` lists and spec/language.md's tables show. */
export const explanations: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(all).map(([code, e]) => [code, e.summary]),
);
