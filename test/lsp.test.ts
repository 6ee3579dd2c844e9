// The language server as an editor sees it, without an editor: a client and nnc's server in this
// process over in-memory streams (test/helpers/lsp-client.ts), documents with cursor and range
// markers. Diagnostics are held to the compiler's own (what `nnc lint` prints), hover to the numbers
// `nnc shapes` prints, formatting to `nnc fmt`'s output.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSource } from "../compiler/front-end.js";
import { formatNnspec } from "../grammar/format/format.js";
import type { CodeAction, DocumentSymbol, InlayHint, WorkspaceEdit } from "../language/types.js";
import { spanToRange } from "../language/positions.js";
import { completionWordRange } from "../language/index.js";
import {
  LspClient,
  applyWorkspaceEdit,
  expectCompletion,
  expectDefinition,
  expectDiagnostics,
  expectFormatting,
  expectHover,
  parseMarked,
} from "./helpers/lsp-client.js";
import { nnc } from "./helpers/run-cli.js";

const example = (name: string) => readFileSync(new URL(`../examples/${name}.nnspec`, import.meta.url), "utf8");
const initHe = example("init-he");

/** init-he.nnspec with `wrong` written in place of `right` (which must occur once). */
function withMistake(right: string, wrong: string, text = initHe): string {
  expect(text.split(right).length, right).toBe(2);
  return text.replace(right, wrong);
}

let client: LspClient;
beforeAll(async () => {
  client = await LspClient.inMemory();
});
afterAll(async () => {
  await client.shutdown();
});

describe("diagnostics: every one nnc lint gives, with its code and range", () => {
  it.each([
    ["syntax (NNC1103): a missing `]`", "dense h1[10] relu", "dense h1[10<| |>relu", "NNC1103"],
    ["unknown activation (NNC2001)", "sigmoid init he", "<|sigmoud|> init he", "NNC2001"],
    ["unknown init scheme (NNC2002)", "h2[5]  relu    init he", "h2[5]  relu    init <|hee|>", "NNC2002"],
    ["an argument out of range (NNC2013)", "noise: 0.05, seed: 1", "noise: <|-0.05|>, seed: 1", "NNC2013"],
    ["an undeclared data set (NNC2010)", "on train for", "on <|trian|> for", "NNC2010"],
    ["an unknown metric (NNC2021)", "report accuracy", "report <|acuracy|>", "NNC2021"],
    ["an unknown argument (NNC2006)", "learning_rate: 0.01", "<|learning_rat|>: 0.01", "NNC2006"],
  ])("%s", async (_, right, wrong, code) => {
    const marked = withMistake(right, wrong);
    const notes = compileSource(parseMarked(marked).text, "m.nnspec").diagnostics.slice(1);
    const found = await expectDiagnostics(client, marked, [
      { code, severity: 1 },
      ...notes.map((n) => ({ code: n.code })),
    ]);
    expect(found[0].source).toBe("nnc");
    expect(found[0].data?.explanation).toContain(`nnc explain ${code}`);
  });

  it("a whole-model check (NNC2009) names the first declaration as a related location", async () => {
    const marked = withMistake("  dense h2[5]  relu    init he", "  <|dense h1[5]  relu    init he|>");
    const [d] = await expectDiagnostics(client, marked, [{ code: "NNC2009", message: /two layers are named 'h1'/ }]);
    expect(d.relatedInformation).toEqual([
      {
        location: {
          uri: expect.stringMatching(/^file:/),
          range: { start: { line: 9, character: 2 }, end: { line: 9, character: initHe.split("\n")[9].length } },
        },
        message: "'h1' is first declared at line 10",
      },
    ]);
  });

  it("the note that more may follow (no span of its own) sits on the model's name", async () => {
    const marked = withMistake("model init_he", "model <|init_he|>").replace("dense h1[10] relu", "dense h1[10 relu");
    const found = await client.diagnostics(await client.open(parseMarked(marked).text));
    expect(found.map((d) => [d.code, d.severity])).toEqual([
      ["NNC1103", 1],
      ["NNC2099", 3],
    ]);
    expect(found[1].range).toEqual(parseMarked(marked).ranges[0]);
  });

  it("are the compiler's, one for one, with the same ranges, for every mistake of the all-mistakes file", async () => {
    const text = readFileSync(new URL("golden/errors/all-mistakes-at-once.nnspec", import.meta.url), "utf8");
    const found = await client.diagnostics(await client.open(text));
    const compiled = compileSource(text, "all-mistakes-at-once.nnspec").diagnostics;
    expect(found.map((d) => d.code)).toEqual(compiled.map((d) => d.code));
    expect(found.filter((d) => d.code !== "NNC2099").map((d) => d.range)).toEqual(
      compiled.filter((d) => d.span).map((d) => spanToRange(d.span!)),
    );
    expect(found.length).toBe(8);
  });

  it("none for the shipped examples", async () => {
    for (const name of ["init-he", "cat-deep", "custom-activation", "reg-dropout", "optim-adam", "gradcheck-1d"]) {
      expect(await client.diagnostics(await client.open(example(name))), name).toEqual([]);
    }
  });

  it("link to the code's explanation when the editor gives a URL", async () => {
    const linked = await LspClient.inMemory({ explainUrl: "https://example.org/codes#{code}" });
    const found = await linked.diagnostics(await linked.open(withMistake("sigmoid init he", "sigmoud init he")));
    expect(found[0].codeDescription).toEqual({ href: "https://example.org/codes#NNC2001" });
    await linked.shutdown();
  });

  it("with debounceMs, a burst of changes gets one publication, for its last version", async () => {
    const debounced = await LspClient.inMemory({ debounceMs: 50 });
    const uri = await debounced.open(initHe);
    const { ranges } = parseMarked(withMistake("sigmoid init he", "sigmoid init <|he|>"));
    const end = ranges[0].end;
    for (const c of ["e", "e", "x"]) await debounced.change(uri, { start: end, end }, c);
    // Each inserted where "he" ends: he → hee → heee → hexee.
    expect((await debounced.diagnostics(uri)).map((d) => d.message.split("\n")[0])).toEqual([
      "unknown init scheme 'hexee' (not an init scheme)",
    ]);
    expect(debounced.publications.get(uri)).toBe(2);
    await debounced.shutdown();
  });

  it("follow the text as it changes, incrementally, for the version they belong to", async () => {
    const uri = await client.open(initHe);
    const { ranges } = parseMarked(withMistake("sigmoid init he", "<|sigmoid|> init he"));
    await client.change(uri, ranges[0], "sigmoud");
    expect((await client.diagnostics(uri)).map((d) => d.code)).toEqual(["NNC2001", "NNC2099"]);
    await client.change(
      uri,
      { start: ranges[0].start, end: { ...ranges[0].start, character: ranges[0].start.character + 7 } },
      "sigmoid",
    );
    expect(await client.diagnostics(uri)).toEqual([]);
  });
});

describe("quick fixes", () => {
  it("turn sigmoud into sigmoid", async () => {
    const text = withMistake("sigmoid init he", "sigmoud init he");
    const uri = await client.open(text);
    const [d] = await client.diagnostics(uri);
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", uri, {
      range: d.range,
      context: { diagnostics: [d] },
    });
    expect(actions.map((a) => a.title)).toEqual(["Change to 'sigmoid'"]);
    expect(actions[0].kind).toBe("quickfix");
    expect(applyWorkspaceEdit(text, uri, actions[0].edit)).toBe(initHe);
  });

  it("replace only the misspelt word of a wider range (an unknown data set in train)", async () => {
    const text = withMistake("on train for", "on trian for");
    const uri = await client.open(text);
    const [d] = await client.diagnostics(uri);
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", uri, {
      range: d.range,
      context: { diagnostics: [d] },
    });
    expect(applyWorkspaceEdit(text, uri, actions[0].edit)).toBe(initHe);
  });
});

describe("hover", () => {
  it("on `dense h1[10] relu init he` in init-he: W 10×2, b 10×1, 30 parameters and he's formula", async () => {
    const value = await expectHover(client, withMistake("dense h1[10]", "dense <|h<|>1|>[10]"), [
      "`W 10×2`",
      "`b 10×1`",
      "30 parameters",
      "randn · sqrt(2 / 2)",
      "fan_in = 2, fan_out = 10",
      "g(z) = max(0, z)",
      "g′(z) = 1 where z > 0",
    ]);
    expect(value).toContain("layer 1 of 3");
  });

  it("on a layer name where it is used (`on: [h1]`), the same layer", async () => {
    await expectHover(client, withMistake("on: [h1, h2]", "on: [<|h<|>1|>, h2]", example("reg-dropout")), [
      "`W 20×2`",
      "60 parameters",
      "randn / sqrt(2)",
    ]);
  });

  it("on an init scheme: its doc and the draw with this layer's fan_in", async () => {
    await expectHover(client, withMistake("h2[5]  relu    init he", "h2[5]  relu    init <|h<|>e|>"), [
      "**he** (init)",
      "randn · sqrt(2 / fan_in)",
      "here: W ~ randn · sqrt(2 / 10)",
    ]);
  });

  it("on a custom activation: g and g′ (mathjs's derivative)", async () => {
    const text = example("custom-activation");
    const value = await expectHover(client, withMistake("activation swish(z)", "activation <|sw<|>ish|>(z)", text), [
      "g(z) = z * sigmoid(z)",
      "g′(z) = ",
    ]);
    // swish′ = σ + zσ(1 − σ), as mathjs writes it in exp.
    expect(value).toContain("g′(z) = (exp(-z) * (z + 1) + 1) / (exp(-z) + 1) ^ 2");
  });

  it("on a data set: X and Y's shapes and the label kind, from the model's words", async () => {
    await expectHover(client, withMistake("data train", "data <|tr<|>ain|>"), [
      "X 2 × 300 (features × examples), Y 1 × 300, 0/1 labels",
    ]);
    const cats = example("cat-deep");
    await expectHover(client, withMistake("data train", "data tr<|>ain", cats), [
      "data/train_catvnoncat.h5",
      "when the file is read",
    ]);
  });

  it("on a keyword: the language reference's section; on an argument: its doc and range", async () => {
    await expectHover(client, withMistake("  dense h1", "  <|den<|>se|> h1"), [
      "dense NAME[UNITS] [ACTIVATION] [init INIT]",
      "A fully connected layer",
    ]);
    await expectHover(client, withMistake("noise: 0.05, seed: 1", "no<|>ise: 0.05, seed: 1"), [
      "standard deviation of the gaussian noise",
      "number ≥ 0",
    ]);
  });

  it("on a layer whose activation has an error: says so, instead of the stand-in the compiler used", async () => {
    const value = await expectHover(client, withMistake("dense h2[5]  relu", "dense h<|>2[5]  rleu"), [
      "`W 5×10`",
      "activation `rleu`: has an error",
      "W ~ randn · sqrt(2 / 10)",
    ]);
    expect(value).not.toContain("linear");
  });

  it("works on a half-written file: the layers before the line being typed keep their shapes", async () => {
    const text = initHe
      .replace("  dense h2[5]  relu    init he", "  dense h2[5]  relu init")
      .replace(/  train .*\n/, "");
    await expectHover(client, text.replace("dense h1[10]", "dense h<|>1[10]"), ["`W 10×2`", "30 parameters"]);
  });
});

describe("completion", () => {
  it("after `init `: the init schemes and the formula functions", async () => {
    const items = await expectCompletion(client, withMistake("h2[5]  relu    init he", "h2[5]  relu    init <|>"), {
      includes: ["he", "xavier", "lecun", "deep", "zeros", "random", "uniform", "normal", "fan_in"],
      excludes: ["relu", "sigmoid"],
    });
    expect(items.filter((i) => i.label === "uniform")).toHaveLength(1);
  });

  it("while a word is being typed: the same list, and the word's range for editors that ask (CodeMirror)", async () => {
    const marked = withMistake("h2[5]  relu    init he", "h2[5]  relu    init <|x|><|>");
    await expectCompletion(client, marked, { includes: ["he", "xavier"], excludes: ["relu"] });
    const { text, cursors, ranges } = parseMarked(marked);
    expect(completionWordRange({ uri: "file:///w.nnspec", text }, cursors[0])).toEqual(ranges[0]);
  });

  it("after a layer's size: the activations, built-in and the file's own", async () => {
    await expectCompletion(client, withMistake("dense h2[5]  swish", "dense h2[5] <|>", example("custom-activation")), {
      includes: ["relu", "sigmoid", "tanh", "leaky_relu", "swish"],
      excludes: ["he"],
    });
  });

  it("at the start of a statement: the statement keywords", async () => {
    await expectCompletion(client, withMistake("  loss cross_entropy", "  <|>\n  loss cross_entropy"), {
      includes: ["data", "dense", "input", "loss", "train", "regularize", "report", "activation"],
      excludes: ["relu"],
    });
  });

  it("after `data NAME =`: the sources, their required arguments as a snippet", async () => {
    const items = await expectCompletion(
      client,
      withMistake("data test  = circles(samples: 100, noise: 0.05, seed: 2)", "data test = <|>"),
      {
        includes: ["circles", "moons", "blobs", "csv", "hdf5", "mat"],
      },
    );
    const circles = items.find((i) => i.label === "circles")!;
    expect(circles.insertText).toBe("circles(samples: ${1:300}, noise: ${2:0.05})");
    expect(circles.insertTextFormat).toBe(2);
  });

  it("in a custom activation's formula: the functions it may call and its variable", async () => {
    const text = example("custom-activation");
    await expectCompletion(client, withMistake("= z * sigmoid(z)", "= z * <|>", text), {
      includes: ["sigmoid", "exp", "tanh", "z", "pi"],
      excludes: ["he", "relu"],
    });
  });

  it("inside `on: [...]`: the layer names", async () => {
    await expectCompletion(client, withMistake("on: [h1, h2]", "on: [h1, <|>]", example("reg-dropout")), {
      includes: ["h1", "h2", "out"],
      excludes: ["train", "relu"],
    });
  });

  it("inside an optimizer's parentheses: its options with their ranges", async () => {
    const items = await expectCompletion(
      client,
      withMistake("adam(learning_rate: 0.0007, beta1: 0.9,", "adam(learning_rate: 0.0007, <|>", example("optim-adam")),
      { includes: ["beta1", "beta2", "epsilon"], excludes: ["learning_rate", "relu"] },
    );
    expect(items.find((i) => i.label === "beta1")!.detail).toMatch(/number in \[0, 1\)/);
  });

  it("after `on` in train: the data sets", async () => {
    await expectCompletion(client, withMistake("on train for", "on <|> for"), {
      includes: ["train", "test"],
      excludes: ["h1"],
    });
  });
});

describe("definition, references and rename", () => {
  it("go to definition from a use of a layer, a data set and a custom activation", async () => {
    await expectDefinition(
      client,
      withMistake("on: [h1, h2]", "on: [h<|>1, h2]", example("reg-dropout")).replace("dense h1[", "dense <|h1|>["),
    );
    await expectDefinition(
      client,
      withMistake("on train for", "on tr<|>ain for").replace("data train", "data <|train|>"),
    );
    const custom = example("custom-activation");
    await expectDefinition(
      client,
      withMistake("h1[10] swish", "h1[10] sw<|>ish", custom).replace("activation swish", "activation <|swish|>"),
    );
  });

  it("references of a data set: its declaration and every use", async () => {
    const { text, cursors } = parseMarked(withMistake("data test", "data te<|>st"));
    const uri = await client.open(text);
    const locations = await client.request<unknown[]>("textDocument/references", uri, {
      position: cursors[0],
      context: { includeDeclaration: true },
    });
    expect(locations).toHaveLength(2);
  });

  it("rename of h1 updates `on: [h1]`", async () => {
    const text = example("reg-dropout");
    const { cursors } = parseMarked(withMistake("dense h1[", "dense h<|>1[", text));
    const uri = await client.open(text);
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", uri, {
      position: cursors[0],
      newName: "hidden1",
    });
    const renamed = applyWorkspaceEdit(text, uri, edit);
    expect(renamed).toContain("dense hidden1[20] relu");
    expect(renamed).toContain("on: [hidden1, h2]");
    expect(compileSource(renamed, "r.nnspec").diagnostics).toEqual([]);
  });

  it("rename refuses a keyword or a non-name", async () => {
    const { text, cursors } = parseMarked(withMistake("dense h1[", "dense h<|>1["));
    const uri = await client.open(text);
    await expect(
      client.request("textDocument/rename", uri, { position: cursors[0], newName: "dense" }),
    ).rejects.toThrow(/keyword/);
    await expect(client.request("textDocument/rename", uri, { position: cursors[0], newName: "2x" })).rejects.toThrow(
      /not a name/,
    );
  });
});

describe("outline, formatting, folding, semantic tokens and inlay hints", () => {
  it("the outline: the model, then its statements, layers with their shapes", async () => {
    const uri = await client.open(initHe);
    const [model] = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", uri);
    expect(model.name).toBe("init_he");
    expect(model.children!.map((c) => c.name)).toEqual([
      "seed",
      "train",
      "test",
      "x",
      "h1",
      "h2",
      "out",
      "loss",
      "train",
      "report",
    ]);
    expect(model.children![4].detail).toContain("W 10×2, 30 parameters");
  });

  it("formatting equals nnc fmt", async () => {
    const messy = initHe
      .replace("dense h1[10] relu    init he", "dense   h1 [10]relu init he")
      .replace("  seed 3", "seed    3");
    const dir = mkdtempSync(join(tmpdir(), "nnc-lsp-fmt-"));
    writeFileSync(join(dir, "m.nnspec"), messy);
    const printed = await nnc("fmt", join(dir, "m.nnspec"));
    expect(printed.code).toBe(0);
    expect(printed.stdout).not.toBe(messy);
    await expectFormatting(client, messy, printed.stdout);
    expect(printed.stdout).toBe(formatNnspec(messy).text);
  });

  it("folding: the model block and the header comment", async () => {
    const uri = await client.open(initHe);
    const ranges = await client.request<{ startLine: number; endLine: number; kind?: string }[]>(
      "textDocument/foldingRange",
      uri,
    );
    expect(ranges).toContainEqual({ startLine: 0, endLine: 1, kind: "comment" });
    expect(ranges).toContainEqual({ startLine: 2, endLine: 16 });
  });

  it("semantic tokens: layers as classes where declared, built-in words as the library's, comments", async () => {
    const uri = await client.open(initHe);
    const { data } = await client.request<{ data: number[] }>("textDocument/semanticTokens/full", uri);
    const tokens: { line: number; character: number; length: number; type: number; modifiers: number }[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
      tokens.push({ line, character, length: data[i + 2], type: data[i + 3], modifiers: data[i + 4] });
    }
    const lines = initHe.split("\n");
    const at = (l: number, word: string) =>
      tokens.find((t) => t.line === l && lines[l].slice(t.character, t.character + t.length) === word);
    expect(at(9, "h1")).toMatchObject({ type: 6, modifiers: 1 }); // class, declaration
    expect(at(9, "relu")).toMatchObject({ type: 5, modifiers: 2 }); // function, defaultLibrary
    expect(at(9, "dense")).toMatchObject({ type: 0 });
    expect(at(9, "10")).toMatchObject({ type: 1 });
    expect(at(0, lines[0])).toMatchObject({ type: 3 });
  });

  it("inlay hints: `W 10×2` after each layer's size", async () => {
    const uri = await client.open(initHe);
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", uri, {
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    });
    expect(hints.map((h) => [h.position, h.label])).toEqual([
      [{ line: 9, character: 14 }, "W 10×2"],
      [{ line: 10, character: 13 }, "W 5×10"],
      [{ line: 11, character: 14 }, "W 1×5"],
    ]);
  });
});

describe("the language reference in hovers", () => {
  it("is spec/language.md's, regenerated (node scripts/reference-docs.mjs)", async () => {
    // @ts-expect-error a plain ES module script, without type declarations
    const { referenceSections } = await import("../scripts/reference-docs.mjs");
    const { statementReference } = await import("../language/reference.js");
    const spec = readFileSync(new URL("../spec/language.md", import.meta.url), "utf8");
    expect(statementReference).toEqual(referenceSections(spec));
  });
});
