// Math for the report, rendered once at build time with KaTeX (server-side `renderToString`), so
// the page needs no script to show it. KaTeX's stylesheet is inlined with its WOFF2 fonts as
// data URLs: the page loads nothing from the network when it is opened.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
export { renderMath } from "./render-math.js";

let cachedStyle: string | undefined;

/** katex.min.css with every font reduced to its WOFF2 file, inlined as a data URL. */
export function katexStyle(): string {
  if (cachedStyle !== undefined) return cachedStyle;
  const dist = dirname(createRequire(import.meta.url).resolve("katex/dist/katex.min.css"));
  const css = readFileSync(join(dist, "katex.min.css"), "utf8");
  cachedStyle = css.replace(/src:([^;}]*)/g, (whole, sources: string) => {
    const woff2 = /url\(fonts\/([^)]+\.woff2)\)/.exec(sources);
    if (!woff2) return whole;
    const data = readFileSync(join(dist, "fonts", woff2[1])).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  return cachedStyle;
}
