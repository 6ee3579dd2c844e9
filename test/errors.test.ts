// Error goldens, as in rustc's UI tests: each test/golden/errors/<case>.nnspec starts with an
// annotation line `# ~ ERROR NNC1102 [NNC...]` listing every code it must produce (repeat a
// code that occurs twice), and <case>.stderr beside it is the rendered output, compared with
// toMatchFileSnapshot. After changing a message, run `npx vitest run test/errors.test.ts -u`
// and READ the diff of the .stderr files before committing: they are the product.
// Files in test/golden/ok/ (and the examples) are the twins: they must produce nothing.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../contracts/render-diagnostic.js";
import type { Diagnostic } from "../contracts/diagnostic.js";
import { compileSource } from "../compiler/front-end.js";

/** The whole front end, as `nnc run` runs it before training: grammar, IR, schema, semantics. */
function frontEnd(text: string, file: string): Diagnostic[] {
  return compileSource(text, file).diagnostics;
}

const root = new URL("../", import.meta.url);
const relative = (folder: string, name: string) => `${folder}/${name}`;
const absolute = (path: string) => fileURLToPath(new URL(path, root));
const casesIn = (folder: string) =>
  readdirSync(absolute(folder))
    .filter((name) => name.endsWith(".nnspec"))
    .sort()
    .map((name) => relative(folder, name));

function annotatedCodes(text: string): string[] | undefined {
  const match = /^#\s*~\s*ERROR\s+(.+)$/.exec(text.split(/\r?\n/, 1)[0]);
  return match?.[1].split(/[\s,]+/).filter(Boolean);
}

describe("error goldens", () => {
  for (const file of casesIn("test/golden/errors")) {
    const text = readFileSync(absolute(file), "utf8");
    const expected = annotatedCodes(text);
    it(file, async () => {
      expect(expected, `${file} must start with a '# ~ ERROR NNC....' line`).toBeDefined();
      const diagnostics = frontEnd(text, file);
      const rendered = renderDiagnostics(diagnostics, new Map([[file, text]]));
      await expect(rendered).toMatchFileSnapshot(absolute(file.replace(/\.nnspec$/, ".stderr")));
      // The note that more may follow is part of the rendered golden, not of the annotation.
      const reported = diagnostics.filter((d) => d.severity !== "note");
      expect(reported.map((d) => d.code).sort()).toEqual([...expected!].sort());
    });
  }
});

describe("twins: valid files produce no diagnostics", () => {
  for (const file of [...casesIn("test/golden/ok"), ...casesIn("examples")]) {
    it(file, () => {
      expect(frontEnd(readFileSync(absolute(file), "utf8"), file)).toEqual([]);
    });
  }
});
