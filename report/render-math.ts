// One formula as KaTeX HTML: the report renders at build time with it, and the page with the same call,
// so the two show the same markup. Kept apart from report/math.ts, which reads KaTeX's fonts from disk.
import katex from "katex";

/** HTML for one formula; a formula KaTeX cannot parse is shown as its source, in red, not thrown. */
export function renderMath(latex: string, display = false): string {
  return katex.renderToString(latex, {
    displayMode: display,
    throwOnError: false,
    output: "htmlAndMathml",
    strict: "ignore",
  });
}
