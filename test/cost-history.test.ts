// The cost history (runtime/training-log.ts) and the test-set costs (runtime/held-out.ts) that
// the plots draw: the history holds the printed costs exactly, taking it does not change a single
// number of training, and a test set's cost is the model's cost J on that set, worked out here
// independently from the parameters.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { compileProgram } from "../compiler/compile-program.js";
import { compileSource } from "../compiler/front-end.js";
import type { ModelIR } from "../contracts/ir.js";
import { loadModelData, trainModel, type RunOptions } from "../drivers/train-model.js";
import { nodeFiles } from "../node/files.js";
import { FirstLayerRewrite } from "../runtime/first-layer-rewrite.js";
import { initParams } from "../runtime/init.js";
import { RandomState } from "../runtime/rng/index.js";
import { historyStride } from "../runtime/training-log.js";

function example(name: string, change: (ir: ModelIR) => ModelIR = (ir) => ir): ModelIR {
  const file = `examples/${name}.nnspec`;
  const { ir, diagnostics } = compileSource(readFileSync(file, "utf8"), file);
  if (!ir) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return change(ir);
}

const files = nodeFiles(resolve("examples"));
const run = (ir: ModelIR, options: RunOptions = {}) => trainModel(ir, { files, ...options });

/** One example's binary cross-entropy from its logit, as the lessons' cost is exactly. */
const term = (z: number, y: number) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));

describe("the cost history", () => {
  test("history strides are round numbers within the budget of points", () => {
    expect([1, 149, 150, 151, 15000, 30000, 2500].map((n) => historyStride(n, 150))).toEqual([
      1, 1, 1, 2, 100, 200, 20,
    ]);
    expect(historyStride(5000, 10_000)).toBe(1);
  });

  test("He lesson: every 100th iteration and the last, the printed costs exactly; training unchanged", async () => {
    const ir = example("init-he");
    const plain = await run(ir);
    const curves = await run(ir, { heldOutCurves: true });
    expect(plain.history[0].cost).toBe(0.8830537463419761);
    expect(plain.history.map((p) => p.iteration)).toEqual([...Array.from({ length: 150 }, (_, k) => 100 * k), 14999]);
    const byIteration = new Map(plain.history.map((p) => [p.iteration, p.cost]));
    expect(plain.costs).toHaveLength(15);
    for (const printed of plain.costs) expect(byIteration.get(printed.iteration)).toBe(printed.cost);
    // Measuring the test set draws nothing and moves nothing.
    expect(curves.history).toEqual(plain.history);
    expect(curves.accuracy).toEqual(plain.accuracy);
    curves.params.forEach((p, i) => expect([...p.data]).toEqual([...plain.params[i].data]));
    expect(plain.heldOutCosts).toBeUndefined();
    expect(Object.keys(curves.heldOutCosts!)).toEqual(["test"]);
  });

  test("He lesson: the test set's cost at iteration 0 is J of the initial weights on it, and it falls", async () => {
    const ir = example("init-he");
    const { heldOutCosts } = await run(ir, { heldOutCurves: true });
    const test = heldOutCosts!.test;
    // Every 200th iteration (100 points of 15000), the printed ones among them, and the last.
    expect(test.map((p) => p.iteration)).toEqual([...Array.from({ length: 75 }, (_, k) => 200 * k), 14999]);

    const stream = new RandomState(3);
    const data = await loadModelData(ir, stream, files);
    const program = compileProgram(ir, { samples: 300, emit: false });
    const [W1, b1, W2, b2, W3, b3] = initParams(program.params, stream);
    const { X, Y, samples: m } = data.get("test")!;
    let sum = 0;
    for (let j = 0; j < m; j++) {
      const a1 = Array.from({ length: 10 }, (_, k) => Math.max(0, W1[2 * k] * X[j] + W1[2 * k + 1] * X[m + j] + b1[k]));
      const z2 = (k: number) => a1.reduce((s, a, i) => s + W2[10 * k + i] * a, 0) + b2[k];
      const a2 = Array.from({ length: 5 }, (_, k) => Math.max(0, z2(k)));
      sum += term(a2.reduce((s, a, i) => s + W3[i] * a, 0) + b3[0], Y[j]);
    }
    expect(test[0].cost).toBeCloseTo(sum / m, 13);
    // The He model generalises: its test cost falls from 0.89 to about a tenth of it.
    expect(test[test.length - 1].cost).toBeLessThan(test[0].cost / 5);
  });

  test("mini-batch epochs: every epoch's cost, the printed ones exactly", async () => {
    const result = await run(example("optim-adam", (ir) => ({ ...ir, train: { ...ir.train, iterations: 1200 } })));
    expect(result.history.map((p) => p.iteration)).toEqual(Array.from({ length: 1200 }, (_, k) => k));
    expect(result.costs.map((p) => p.iteration)).toEqual([0, 1000]);
    for (const printed of result.costs) expect(result.history[printed.iteration].cost).toBe(printed.cost);
  });

  test("the first-layer rewrite measures another set's cost without rebuilding W, to rounding", () => {
    const rng = new RandomState(7);
    const [units, features, m, m2] = [3, 40, 6, 5];
    const X = rng.randn(features * m);
    const X2 = rng.randn(features * m2);
    const W = rng.randn(units * features);
    const b = rng.randn(units);
    const rewrite = new FirstLayerRewrite(W, units, features);
    rewrite.begin(X, m);
    for (let step = 0; step < 3; step++) rewrite.update(rng.randn(units * m), 0.1);
    const seen = new Float64Array(units * m2);
    rewrite.forwardOn(X2, m2, b, seen);
    expect(rewrite.isActive()).toBe(true);
    rewrite.sync();
    for (let k = 0; k < units; k++) {
      for (let j = 0; j < m2; j++) {
        let z = b[k];
        for (let f = 0; f < features; f++) z += W[k * features + f] * X2[f * m2 + j];
        expect(seen[k * m2 + j]).toBeCloseTo(z, 12);
      }
    }
  });

  test("cat lesson: the test set's costs with the rewrite are those without it", async () => {
    const ir = example("cat-deep", (ir) => ({ ...ir, train: { ...ir.train, iterations: 120, report_every: 40 } }));
    const rewritten = await run(ir, { heldOutCurves: true });
    const brute = await run(ir, { heldOutCurves: true, rewrite: false });
    expect(rewritten.rewrite).toMatch(/^first-layer rewrite: W1 · X kept as P/);
    const [a, b] = [rewritten.heldOutCosts!.test, brute.heldOutCosts!.test];
    expect(a.map((p) => p.iteration)).toEqual([...Array.from({ length: 60 }, (_, k) => 2 * k), 119]);
    a.forEach((p, i) => expect(p.cost).toBeCloseTo(b[i].cost, 9));
    // The interpreter computes every cost anyway: the history holds every iteration.
    expect(rewritten.history).toHaveLength(120);
  });
});
