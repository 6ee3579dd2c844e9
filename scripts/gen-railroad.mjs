// Writes spec/railroad.html: the railroad (syntax) diagrams of the .nnspec grammar, drawn by
// Chevrotain from the parser itself, so the picture cannot drift from what nnc accepts.
//
// Run after any change to grammar/parser.ts:
//   npx tsc -p tsconfig.json && node scripts/gen-railroad.mjs
// It imports the compiled parser from dist/ because Node 20 cannot import .ts files and the
// project installs no TypeScript loader. The page is self-contained: Chevrotain's diagram
// scripts and stylesheet (shipped in node_modules/chevrotain/diagrams/) are inlined instead of
// linked from a CDN, so it opens offline and shows the grammar of this very version.
// grammar/railroad.test.ts fails when the committed page is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createSyntaxDiagramsCode } from "chevrotain";

const RESOURCES = "nnc-inline:";

/** The self-contained page for a parser's `getSerializedGastProductions()`. */
export function buildRailroadHtml(serializedGrammar) {
  const diagrams = new URL("../node_modules/chevrotain/diagrams/", import.meta.url);
  const resource = (path) => readFileSync(new URL(path, diagrams), "utf8");
  const html = createSyntaxDiagramsCode(serializedGrammar, { resourceBase: RESOURCES, css: `${RESOURCES}diagrams.css` })
    .replace(
      `<link rel='stylesheet' href='${RESOURCES}diagrams.css'>`,
      () => `<style>\n${resource("diagrams.css")}\n</style>`,
    )
    .replace(/<script src='nnc-inline:([^']+)'><\/script>/g, (_, path) => `<script>\n${resource(path)}\n</script>`)
    .replace(
      '<meta charset="utf-8">',
      () =>
        '<meta charset="utf-8">\n<title>nnc: the .nnspec grammar</title>\n' +
        "<p>The grammar of <code>.nnspec</code> files, drawn from <code>grammar/parser.ts</code> by " +
        "<code>scripts/gen-railroad.mjs</code>. Rule names match <code>spec/language.md</code>; " +
        "click a rule's name to jump to it.</p>",
    );
  if (html.includes(RESOURCES)) throw new Error("gen-railroad: a diagram resource was left as a link");
  return html;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const compiled = new URL("../dist/grammar/parser.js", import.meta.url);
  const { parser } = await import(compiled.href).catch(() => {
    console.error(`gen-railroad: ${fileURLToPath(compiled)} is missing; run \`npx tsc -p tsconfig.json\` first.`);
    process.exit(1);
  });
  const target = fileURLToPath(new URL("../spec/railroad.html", import.meta.url));
  writeFileSync(target, buildRailroadHtml(parser.getSerializedGastProductions()));
  console.log(`wrote ${target}`);
}
