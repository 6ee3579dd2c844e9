import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileAny, compileSource, loadIR } from "../compiler/front-end.js";
import { locateJsonPointers } from "../compiler/json-locate.js";

const he = readFileSync(new URL("../examples/init-he.nnspec", import.meta.url), "utf8");

/** Drops source spans, to compare the meaning of an IR. */
function withoutSpans(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === "at" || key.endsWith("_at") ? undefined : v)));
}

describe("compileSource", () => {
  it("turns the He lesson into the IR the runtime expects", () => {
    const { ir, diagnostics } = compileSource(he, "examples/init-he.nnspec");
    expect(diagnostics).toEqual([]);
    expect(withoutSpans(ir)).toEqual({
      nnc_ir: 1,
      model: "init_he",
      source: "examples/init-he.nnspec",
      seed: 3,
      data: [
        { name: "train", kind: "circles", samples: 300, noise: 0.05, seed: 1 },
        { name: "test", kind: "circles", samples: 100, noise: 0.05, seed: 2 },
      ],
      input: { name: "x", units: 2 },
      layers: [
        { name: "h1", kind: "dense", units: 10, activation: { name: "relu" }, init: { scheme: "he" } },
        { name: "h2", kind: "dense", units: 5, activation: { name: "relu" }, init: { scheme: "he" } },
        { name: "out", kind: "dense", units: 1, activation: { name: "sigmoid" }, init: { scheme: "he" } },
      ],
      loss: { name: "cross_entropy" },
      train: { optimizer: { name: "gd", learning_rate: 0.01 }, data: "train", iterations: 15000, report_every: 1000 },
      report: { accuracy: ["train", "test"] },
    });
    expect(ir!.layers[0].at).toEqual({ line: 10, column: 3, endLine: 10, endColumn: 30 });
  });

  it("binds every init scheme and folds constant hyperparameters", () => {
    const source = he
      .replace("dense h1[10] relu    init he", "dense h1[10] leaky_relu(slope: 0.1) init random(scale: 1 / 2)")
      .replace("dense h2[5]  relu    init he", "dense h2[5]  tanh init normal(0, sqrt(2 / fan_in))")
      .replace("dense out[1] sigmoid init he", "dense out[1] sigmoid init uniform(-0.5, 0.5)");
    const { ir, diagnostics } = compileSource(source, "m.nnspec");
    expect(diagnostics).toEqual([]);
    expect(ir!.layers.map((l) => [l.activation, l.init])).toEqual([
      [
        { name: "leaky_relu", slope: 0.1 },
        { scheme: "random", scale: 0.5 },
      ],
      [{ name: "tanh" }, { scheme: "formula", expression: "normal(0, sqrt(2 / fan_in))" }],
      [{ name: "sigmoid" }, { scheme: "uniform", low: -0.5, high: 0.5 }],
    ]);
  });

  it("accepts both spellings of Glorot's scheme and says which one a name means", () => {
    const glorot = compileSource(he.replace("init he  #", "init glorot  #"), "m.nnspec");
    const xavier = compileSource(he.replace("init he  #", "init xavier  #"), "m.nnspec");
    expect(glorot.ir!.layers[0].init).toEqual({ scheme: "xavier" });
    expect(xavier.ir!.layers[0].init).toEqual({ scheme: "xavier" });
  });

  it("reports every mistake of a file at once, each at its own line", () => {
    const source = he
      .replace("relu    init he  #", "rleu    init he  #")
      .replace("init he\n  dense out", "init lecunn\n  dense out")
      .replace("learning_rate: 0.01", "learning_rate: -1");
    const { ir, diagnostics } = compileSource(source, "m.nnspec");
    expect(ir).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.span?.line, d.help])).toEqual([
      ["NNC2001", 10, "did you mean 'relu'?"],
      ["NNC2002", 11, "did you mean 'lecun'?"],
      ["NNC2013", 15, undefined],
    ]);
  });
});

describe("IR files", () => {
  it("round-trips: the IR written by compile loads back to the same IR", () => {
    const { ir } = compileSource(he, "examples/init-he.nnspec");
    const text = JSON.stringify(ir, null, 2);
    expect(loadIR(text, "he.ir.json").ir).toEqual(ir);
    expect(compileAny(text, "he.ir.json").ir).toEqual(ir);
  });

  it("points schema errors at the line and column of the offending value", () => {
    const { ir } = compileSource(he, "examples/init-he.nnspec");
    const broken = JSON.stringify(
      { ...ir, layers: ir!.layers.map((l, i) => (i === 1 ? { ...l, units: 0 } : l)) },
      null,
      2,
    );
    const { diagnostics } = loadIR(broken, "he.ir.json");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].code).toBe("NNC2024");
    expect(diagnostics[0].message).toContain("/layers/1/units");
    const lines = broken.split("\n");
    const line = diagnostics[0].span!.line;
    expect(lines[line - 1].trim()).toBe('"units": 0,');
  });

  it("says where JSON syntax breaks", () => {
    const { diagnostics } = loadIR('{\n  "nnc_ir": 1,\n  "model": oops\n}', "bad.ir.json");
    expect(diagnostics[0].code).toBe("NNC2026");
    expect(diagnostics[0].span).toMatchObject({ line: 3, column: 12 });
    expect(diagnostics[0].message).toBe(
      "this IR file is not valid JSON: expected a value: a number, " +
        "a string, true, false, null, an object or a list, found 'o'",
    );
  });

  it("refuses IR of another version with a way forward", () => {
    const { diagnostics } = loadIR('{"nnc_ir": 2}', "new.ir.json");
    expect(diagnostics[0].code).toBe("NNC2025");
    expect(diagnostics[0].help).toMatch(/compile/);
  });
});

describe("locateJsonPointers", () => {
  it("finds nested values", () => {
    const spans = locateJsonPointers('{\n "a": [1, {"b": "x\\"y"}],\n "c": true\n}');
    expect(spans.get("/a/1/b")).toEqual({ line: 2, column: 17, endLine: 2, endColumn: 22 });
    expect(spans.get("/c")?.line).toBe(3);
  });
});
