// language/ without a server, as the playground calls it: every feature on every few prefixes of
// two examples (half-written models, the state a file is in while it is typed) answers without
// throwing, and what it answers stays inside the text.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as language from "../language/index.js";

const example = (name: string) => readFileSync(new URL(`../examples/${name}.nnspec`, import.meta.url), "utf8");

function inside(text: string, range: language.Range): boolean {
  const lines = text.split("\n");
  const ok = (p: language.Position) => p.line >= 0 && p.line < lines.length && p.character <= lines[p.line].length;
  return ok(range.start) && ok(range.end);
}

describe("every feature on half-written files", () => {
  it.each(["custom-activation", "reg-dropout", "gradcheck-1d"])("%s, typed", (name) => {
    const full = example(name);
    for (let end = 0; end <= full.length; end += 5) {
      const text = full.slice(0, end);
      const doc = { uri: `file:///typed/${name}.nnspec`, version: end, text };
      const at = language.analyze(doc).positionAt(text.length);
      const middle = language.analyze(doc).positionAt(text.length >> 1);
      for (const diagnostic of language.diagnostics(doc)) {
        expect(inside(text, diagnostic.range), `${JSON.stringify(text.slice(-40))} ${JSON.stringify(diagnostic)}`).toBe(
          true,
        );
      }
      for (const position of [at, middle]) {
        language.hover(doc, position);
        language.completion(doc, position);
        language.definition(doc, position);
        language.references(doc, position);
        language.prepareRename(doc, position);
        language.codeActions(doc, { start: position, end: position });
      }
      language.documentSymbols(doc);
      language.foldingRanges(doc);
      language.formatting(doc);
      expect(language.semanticTokens(doc).data.length % 5).toBe(0);
      for (const hint of language.inlayHints(doc))
        expect(inside(text, { start: hint.position, end: hint.position })).toBe(true);
    }
  });

  it("an empty file is offered a model; a model's empty body, the statement keywords", () => {
    expect(
      language.completion({ uri: "file:///e.nnspec", text: "" }, { line: 0, character: 0 }).map((c) => c.label),
    ).toEqual(["model"]);
    const body = language.completion(
      { uri: "file:///b.nnspec", text: "model m {\n  \n}\n" },
      { line: 1, character: 2 },
    );
    expect(body.map((c) => c.label)).toEqual(expect.arrayContaining(["seed", "data", "input", "dense", "train"]));
  });

  it("the analysis of a version is computed once and reused by every feature", () => {
    const doc = { uri: "file:///cached.nnspec", version: 7, text: example("init-he") };
    const first = language.analyze(doc);
    language.hover(doc, { line: 9, character: 9 });
    expect(language.analyze({ ...doc })).toBe(first);
    expect(language.analyze({ ...doc, version: 8 })).not.toBe(first);
  });
});
