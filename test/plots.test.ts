// Plots and the pieces of the report, checked against values worked out by hand: a linear model
// whose boundary is a known line, run files that round-trip every double (and inf), escaping.
import { describe, expect, it } from "vitest";
import { DiagnosticError } from "../contracts/diagnostic.js";
import type { ModelIR } from "../contracts/ir.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { decisionBoundary, GRID } from "../report/boundary.js";
import { escapeHtml } from "../report/escape.js";
import { boundarySpec, CLASS_COLORS, costCurveSpec, renderSvg } from "../report/plots.js";
import { checkRunParams, parseRun, savedRun, serializeRun } from "../report/run-file.js";
import { derivationSection, gradientCheckSection } from "../report/sections.js";
import { layerRows, modelDiagramSvg } from "../report/model-table.js";
import { initLessonIR } from "./fixtures/init-lesson.js";

/** One sigmoid unit on two features: p > 0.5 exactly where w·x + b > 0. */
const linearIR: ModelIR = {
  nnc_ir: 1,
  model: "line",
  seed: 1,
  data: [{ name: "train", kind: "circles", samples: 4, noise: 0, seed: 1 }],
  input: { name: "x", units: 2 },
  layers: [{ name: "out", kind: "dense", units: 1, activation: { name: "sigmoid" }, init: { scheme: "zeros" } }],
  loss: { name: "cross_entropy" },
  train: { optimizer: { name: "gd", learning_rate: 0.1 }, data: "train", iterations: 1, report_every: 1 },
  report: { accuracy: ["train"] },
};

const corners: Dataset = {
  name: "train",
  features: 2,
  samples: 4,
  X: Float64Array.from([-1, 1, -1, 1, /* x2: */ -1, -1, 1, 1]),
  Y: Float64Array.from([0, 1, 0, 1]),
};

describe("decision boundary", () => {
  // W = [1, -1], b = 0.25: class 1 where x1 - x2 + 0.25 > 0.
  const boundary = decisionBoundary(linearIR, [Float64Array.from([1, -1]), Float64Array.from([0.25])], [corners]);

  it("spans the data with a 20% margin", () => {
    expect(boundary.extent.x[0]).toBeCloseTo(-1.4, 12);
    expect(boundary.extent.x[1]).toBeCloseTo(1.4, 12);
    expect(boundary.extent.y).toEqual(boundary.extent.x);
    expect(boundary.points.map((p) => [p.x1, p.x2, p.label, p.set])).toEqual([
      [-1, -1, 0, "train"],
      [1, -1, 1, "train"],
      [-1, 1, 0, "train"],
      [1, 1, 1, "train"],
    ]);
  });

  it("colours every cell by the class of its centre, one rectangle per run in a row", () => {
    const dx = 2.8 / GRID;
    const rows = new Map<number, typeof boundary.regions>();
    for (const r of boundary.regions) rows.set(r.y, [...(rows.get(r.y) ?? []), r]);
    expect(rows.size).toBe(GRID);
    for (const [, runs] of rows) {
      // A line crosses a row once: at most two runs, class 0 left of it and class 1 right of it.
      expect(runs.length).toBeLessThanOrEqual(2);
      expect(runs[0].x).toBeCloseTo(-1.4, 12);
      expect(runs[runs.length - 1].x2).toBeCloseTo(1.4, 12);
      const yc = (runs[0].y + runs[0].y2) / 2;
      for (const run of runs) {
        for (let x = run.x + dx / 2; x < run.x2; x += dx) expect(x - yc + 0.25 > 0 ? 1 : 0).toBe(run.label);
      }
    }
    expect(boundary.regions.length).toBeGreaterThan(GRID);
  });

  it("is drawn as a layered Vega-Lite plot: regions under points", async () => {
    const spec = boundarySpec(boundary) as { layer: { mark: { type: string } }[] };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(["rect", "point"]);
    const svg = await renderSvg(boundarySpec(boundary));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).not.toMatch(/<script|href="http/);
    expect(svg.match(/<path/g)!.length).toBeGreaterThanOrEqual(boundary.regions.length + 4);
  });
});

describe("decision boundary of a softmax over three classes", () => {
  // Z = W x + b with rows (1, 0), (0, 1), (-1, -1) and b = 0: class 0 where x1 is the largest of
  // x1, x2 and -x1 - x2, class 1 where x2 is, class 2 where -x1 - x2 is (np.argmax: the first on a tie).
  const softmaxIR: ModelIR = {
    ...linearIR,
    model: "thirds",
    layers: [{ name: "out", kind: "dense", units: 3, activation: { name: "softmax" }, init: { scheme: "zeros" } }],
  };
  const classOf = (x1: number, x2: number) => {
    const z = [x1, x2, -x1 - x2];
    return z.indexOf(Math.max(...z));
  };
  const threeCorners: Dataset = { ...corners, Y: Float64Array.from([2, 0, 1, 0]) };
  const W = Float64Array.from([1, 0, 0, 1, -1, -1]);
  const boundary = decisionBoundary(softmaxIR, [W, new Float64Array(3)], [threeCorners]);

  it("colours every cell by the most probable class at its centre", () => {
    // The grid's own centres: x0 + (col + ½)·dx, so that ties on a boundary fall as the model's do.
    const [x0, x1] = boundary.extent.x;
    const dx = (x1 - x0) / GRID;
    for (const run of boundary.regions) {
      const yc = x0 + (Math.round((run.y - x0) / dx) + 0.5) * dx; // the extent is square
      const first = Math.round((run.x - x0) / dx);
      const last = Math.round((run.x2 - x0) / dx);
      for (let col = first; col < last; col++) expect(classOf(x0 + (col + 0.5) * dx, yc)).toBe(run.label);
    }
    expect(new Set(boundary.regions.map((r) => r.label))).toEqual(new Set([0, 1, 2]));
    expect(boundary.classes).toBe(3);
  });

  it("draws each class in its own colour, the plane and the points alike", async () => {
    const svg = await renderSvg(boundarySpec(boundary));
    const fills = (colors: readonly string[]) => colors.filter((c) => svg.includes(`fill="${c}"`));
    expect(fills(CLASS_COLORS.region.slice(0, 3))).toEqual(CLASS_COLORS.region.slice(0, 3));
    expect(fills(CLASS_COLORS.point.slice(0, 3))).toEqual(CLASS_COLORS.point.slice(0, 3));
    expect(new Set(CLASS_COLORS.point.slice(0, 3)).size).toBe(3);
    // The legend lists the three labels.
    for (const label of ["0", "1", "2"]) expect(svg).toContain(`>${label}</text>`);
  });
});

describe("cost curves", () => {
  it("overlays several runs, coloured by run, leaving out costs that are not finite", async () => {
    const spec = costCurveSpec([
      {
        name: "he",
        costs: [
          { iteration: 0, cost: 0.88 },
          { iteration: 1000, cost: 0.68 },
        ],
      },
      {
        name: "random",
        costs: [
          { iteration: 0, cost: Infinity },
          { iteration: 1000, cost: 0.62 },
        ],
      },
    ]) as { data: { values: unknown[] }; encoding: { color: { field: string } }; title: { subtitle: string } };
    expect(spec.data.values).toEqual([
      { run: "he", set: "train", iteration: 0, cost: 0.88 },
      { run: "he", set: "train", iteration: 1000, cost: 0.68 },
      { run: "random", set: "train", iteration: 1000, cost: 0.62 },
    ]);
    expect(spec.encoding.color.field).toBe("run");
    expect(spec.title.subtitle).toBe("not drawn (not finite): iteration random 0: Infinity");
    const svg = await renderSvg(spec as never);
    expect(svg).toContain(">he</text>");
    expect(svg).toContain(">random</text>");
  });
});

describe("run files", () => {
  const ir = initLessonIR({ scheme: "he" });
  const result = {
    costs: [
      { iteration: 0, cost: Infinity },
      { iteration: 1000, cost: 0.1 + 0.2 },
    ],
    accuracy: { train: 0.9933333333333333, test: 0.96 },
    params: [{ name: "W1", shape: [2, 1] as [number, number], data: Float64Array.from([Math.PI, -5e-324]) }],
    seconds: 1.5,
  };

  it("round-trip every double, inf included", () => {
    const text = serializeRun(savedRun(ir, result, "/m", "/r"));
    expect(text).toContain('"cost":"Infinity"');
    const back = parseRun(text, "run.json");
    expect(back.costs).toEqual(result.costs);
    expect(back.accuracy).toEqual(result.accuracy);
    expect(Array.from(back.params[0].data)).toEqual([Math.PI, -5e-324]);
    expect(back.ir.layers).toEqual(ir.layers);
    expect(checkRunParams(back, [{ name: "W1", shape: [2, 1] }], "run.json")[0]).toBe(back.params[0].data);
  });

  it("keep CSV paths relative to the run file", () => {
    const csvIR: ModelIR = {
      ...ir,
      data: [{ name: "train", kind: "csv", file: "data/f.csv", base: "/models", features: ["a", "b"], label: "y" }],
    };
    expect(savedRun(csvIR, result, "/elsewhere", "/runs").ir.data[0]).toEqual({
      name: "train",
      kind: "csv",
      file: "../models/data/f.csv",
      features: ["a", "b"],
      label: "y",
    });
  });

  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return (error as DiagnosticError).diagnostics.map((d) => `${d.code} ${d.message} | ${d.help ?? ""}`)[0];
    }
    return "no error";
  };

  it("say what is wrong with a file that is not one", () => {
    expect(codeOf(() => parseRun("{oops", "r.json"))).toMatch(
      /^NNC3080 'r.json' is not a run file: it is not valid JSON/,
    );
    expect(codeOf(() => parseRun(JSON.stringify(ir), "m.ir.json"))).toBe(
      "NNC3081 'm.ir.json' is not a run file (it has no \"nnc_run\" field) | " +
        "this is an IR file; train it with `nnc run FILE --save-run run.json` first",
    );
    expect(codeOf(() => parseRun('{"nnc_run": 2}', "r.json"))).toBe(
      "NNC3082 'r.json' is a run file of version 2; this nnc reads version 1 | save the run again with this nnc",
    );
    const run = parseRun(serializeRun(savedRun(ir, result, "/m", "/r")), "r.json");
    expect(codeOf(() => checkRunParams(run, [{ name: "b1", shape: [1, 1] }], "r.json"))).toMatch(
      /^NNC3083 the run file has no parameter 'b1'/,
    );
    expect(codeOf(() => checkRunParams(run, [{ name: "W1", shape: [3, 1] }], "r.json"))).toMatch(
      /^NNC3083 parameter 'W1' in the run file has 2 values, not the 3 × 1/,
    );
  });
});

describe("report pieces", () => {
  it("escape text for HTML", () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;",
    );
  });

  it("count each layer's parameters as the lessons' shapes give them", () => {
    const rows = layerRows(initLessonIR({ scheme: "he" }));
    expect(rows.map((r) => [r.name, r.weightShape, r.parameters])).toEqual([
      ["h1", [10, 2], 30],
      ["h2", [5, 10], 55],
      ["out", [1, 5], 6],
    ]);
    const svg = modelDiagramSvg(initLessonIR({ scheme: "he" }));
    expect(svg.match(/class="node"/g)!.length).toBe(5);
    expect(svg).toContain(">W2: 5 × 10</text>");
    expect(svg).toContain(">b2: 5 × 1</text>");
  });

  it("render a gradient-check table from plain rows, escaped, with the verdict as a class", () => {
    const html = gradientCheckSection({
      epsilon: 1e-7,
      threshold: 2e-7,
      overall: 0.285,
      rows: [
        { name: "dW2", difference: 0.333, verdict: "FAIL", note: "<b>twice</b>" },
        { name: "db3", difference: 2.9e-10, verdict: "PASS" },
      ],
    }).html;
    expect(html).toContain("ε = 1e-7 · threshold 2e-7 · difference 0.285 over all parameters");
    expect(html).toContain(
      '<tr class="verdict-fail"><td><code>dW2</code></td><td class="num">0.333</td><td ' +
        'class="verdict">FAIL</td><td>&lt;b&gt;twice&lt;/b&gt;</td></tr>',
    );
    expect(html).toContain('<td class="num">2.9e-10</td>');
    expect(html).toContain('<p class="conclusion">FAIL: dW2 is wrong</p>');
    expect(gradientCheckSection(undefined).html).toContain('class="unavailable"');
  });

  it("render a derivation's LaTeX with KaTeX at build time", () => {
    const html = derivationSection([
      { latex: String.raw`dW^{[2]} = dZ^{[2]} A^{[1]T}`, shape: "5 × 10", reason: "W is shared by <every> example" },
    ]).html;
    expect(html).toContain('class="katex-display"');
    expect(html).toContain('<annotation encoding="application/x-tex">dW^{[2]} = dZ^{[2]} A^{[1]T}</annotation>');
    expect(html).toContain("shape 5 × 10");
    expect(html).toContain("W is shared by &lt;every&gt; example");
    expect(derivationSection([]).html).toContain("No derivation in this report.");
  });
});
