// report/math.ts for the page (scripts/build-playground.mjs puts this module in its place): the
// same KaTeX rendering, and KaTeX's stylesheet with its fonts as made at build time, since a page
// cannot read node_modules.
import katex from "katex";
// @ts-expect-error: a module made by scripts/build-playground.mjs
import css from "nnc:katex-css";

export function renderMath(latex: string, display = false): string {
  return katex.renderToString(latex, {
    displayMode: display,
    throwOnError: false,
    output: "htmlAndMathml",
    strict: "ignore",
  });
}

export function katexStyle(): string {
  return css as string;
}
