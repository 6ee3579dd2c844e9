// report/math.ts for the page (scripts/build-playground.mjs puts this module in its place): the
// same KaTeX rendering, and KaTeX's stylesheet with its fonts as made at build time, since a page
// cannot read node_modules.
// @ts-expect-error: a module made by scripts/build-playground.mjs
import css from "nnc:katex-css";

export { renderMath } from "../report/render-math.js";

export function katexStyle(): string {
  return css as string;
}
