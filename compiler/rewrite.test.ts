// The first-layer rewrite: when it applies, why not when it does not, and that it trains to the
// same numbers as the brute-force products (on a made-up problem with more features than
// examples; the cat lessons' figures are in test/cat-lessons.test.ts).
import { describe, expect, test } from "vitest";
import type { ModelIR } from "../contracts/ir.js";
import { compileProgram } from "./compile-program.js";
import { GRAM_COST, rewriteCost, rewritePays } from "./rewrite.js";
import { initLessonIR } from "../test/fixtures/init-lesson.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { IndependentStream } from "../runtime/rng/index.js";
import { train } from "../runtime/train.js";

const features = 300;
const samples = 23;

function wideIR(): ModelIR {
  const dense = (name: string, units: number, activation: "relu" | "sigmoid" | "tanh") =>
    ({ name, kind: "dense", units, activation: { name: activation }, init: { scheme: "deep" } }) as const;
  return {
    nnc_ir: 1,
    model: "wide",
    seed: 1,
    data: [],
    input: { name: "x", units: features },
    layers: [dense("h1", 9, "tanh"), dense("h2", 4, "relu"), dense("out", 1, "sigmoid")],
    loss: { name: "cross_entropy" },
    train: { optimizer: { name: "gd", learning_rate: 0.05 }, data: "train", iterations: 200, report_every: 10 },
    report: { accuracy: ["train"] },
  };
}

/** The deep cat lesson's network (or the two-layer one) for `iterations` full-batch steps. */
function catIR(hidden: readonly number[], iterations: number): ModelIR {
  const layers = [...hidden, 1].map((units, i) => ({
    name: i === hidden.length ? "out" : `h${i + 1}`,
    kind: "dense" as const,
    units,
    activation: { name: i === hidden.length ? ("sigmoid" as const) : ("relu" as const) },
    init: { scheme: "deep" as const },
  }));
  return {
    ...wideIR(),
    input: { name: "x", units: 12288 },
    layers,
    train: { optimizer: { name: "gd", learning_rate: 0.0075 }, data: "train", iterations, report_every: 100 },
  };
}

function wideData(): Record<string, Dataset> {
  // Made-up data, no lesson's: drawn apart from numpy's stream, which stays the model's.
  const X = new IndependentStream("first-layer rewrite: wide data").uniforms(features * samples);
  const Y = Float64Array.from({ length: samples }, (_, j) => (X[j] + X[samples + j] > 1 ? 1 : 0));
  return { train: { name: "train", features, samples, X, Y } };
}

describe("the first-layer rewrite", () => {
  test("applies to a first layer that multiplies the data, with fewer examples than features", () => {
    const program = compileProgram(wideIR(), { samples });
    expect(program.rewrite).toMatchObject({ applies: true, node: 0, weight: 0, bias: 1 });
  });

  test("says why not: switched off, or more examples than features", () => {
    expect(compileProgram(wideIR(), { samples, rewrite: false }).rewrite).toEqual({
      applies: false,
      reason: "switched off (--no-rewrite)",
    });
    expect(compileProgram(initLessonIR({ scheme: "he" })).rewrite).toEqual({
      applies: false,
      reason: "it does not pay: 300 examples ≥ 2 features, so XᵀX (300×300) is no smaller than X",
    });
  });

  test("weighs setting up XᵀX against the steps that will run", () => {
    const plan = (hidden: number[], m: number, iterations: number) =>
      compileProgram(catIR(hidden, iterations), { samples: m, emit: false }).rewrite!;
    const deep = [20, 7, 5];
    // The ladder's 10 steps on the training set tiled 10 times: XᵀX (2090 × 2090 dot products of
    // 12288 numbers, half of them formed) costs more than 10 steps save: 27.9·10⁹ multiply-adds
    // set up against 0.94·10⁹ saved a step.
    expect(plan(deep, 2090, 10)).toEqual({
      applies: false,
      reason:
        "it does not pay over 10 steps: forming XᵀX (2090×2090) costs about as much as " +
        "the first layer's products with X in 30 steps",
    });
    expect(plan(deep, 2090, 29).applies).toBe(false);
    expect(plan(deep, 2090, 30).applies).toBe(true);
    // The lessons' 2500 steps repay it at either size, and the ladder's 50 on the lesson's 209 pictures.
    expect(plan(deep, 2090, 2500).applies).toBe(true);
    expect(plan(deep, 209, 2500)).toMatchObject({
      applies: true,
      explanation: expect.stringMatching(/after about 4 of the 2500 steps$/),
    });
    expect(plan([7], 209, 2500).applies).toBe(true);
    expect(plan(deep, 209, 50).applies).toBe(true);
    // The two-layer model's 7 units save less per step: 8 steps do not repay XᵀX, 9 do.
    expect(plan([7], 209, 8).applies).toBe(false);
    expect(plan([7], 209, 9).applies).toBe(true);
  });

  test("the costs it weighs, in brute-force multiply-adds", () => {
    // 12288 features, 209 examples, 20 units: XᵀX is 12288 · 209 · 210 / 2 multiply-adds; a
    // brute-force step's two products 2 · 20 · 12288 · 209; the rewritten step's 20 · 209 · 209.
    const cost = rewriteCost({ features: 12288, m: 209, units: 20 });
    expect(cost).toEqual({
      setUp: GRAM_COST * 269660160 + 102727680,
      savedPerStep: 102727680 - 873620,
    });
    const breakEven = Math.ceil(cost.setUp / cost.savedPerStep);
    expect(rewritePays(cost, breakEven)).toBe(true);
    expect(rewritePays(cost, breakEven - 1)).toBe(false);
  });

  test("trains to the brute-force numbers: costs within 1e-12, final weights within 1e-10", () => {
    const program = compileProgram(wideIR(), { samples, emit: false });
    const data = wideData();
    const fast = train(program, data, { rewrite: true });
    const brute = train(program, data, { rewrite: false });
    expect(fast.engine).toBe("interpreted");
    expect(fast.costs).toHaveLength(20);
    fast.costs.forEach((c, i) =>
      expect(Math.abs(c.cost - brute.costs[i].cost) / brute.costs[i].cost).toBeLessThan(1e-12),
    );
    fast.params.forEach((p, i) => {
      const scale = Math.max(...brute.params[i].data.map(Math.abs));
      p.data.forEach((v, e) => expect(Math.abs(v - brute.params[i].data[e]) / scale).toBeLessThan(1e-10));
    });
    expect(fast.accuracy).toEqual(brute.accuracy);
  });

  test("steps aside for a penalty on the first layer's weight, and says why (nnc run --verbose)", () => {
    for (const kind of ["l2", "l1"] as const) {
      const program = compileProgram({ ...wideIR(), regularize: [{ kind, lambda: 0.7 }] }, { samples });
      expect(program.rewrite).toEqual({
        applies: false,
        reason: `W1 carries the ${kind} penalty, so its update is no longer − lr·dZ·Xᵀ alone`,
      });
    }
  });

  test("holds with dropout (masks on hidden activations, never on X): same numbers as brute force", () => {
    const ir: ModelIR = {
      ...wideIR(),
      regularize: [
        {
          kind: "dropout",
          layers: [
            { name: "h1", keep: 0.8 },
            { name: "h2", keep: 0.7 },
          ],
        },
      ],
    };
    const program = compileProgram(ir, { samples, emit: false });
    expect(program.rewrite).toMatchObject({ applies: true, node: 0, weight: 0 });
    const data = wideData();
    const fast = train(program, data, { rewrite: true });
    const brute = train(program, data, { rewrite: false });
    fast.costs.forEach((c, i) =>
      expect(Math.abs(c.cost - brute.costs[i].cost) / brute.costs[i].cost).toBeLessThan(1e-12),
    );
    fast.params.forEach((p, i) => {
      const scale = Math.max(...brute.params[i].data.map(Math.abs));
      p.data.forEach((v, e) => expect(Math.abs(v - brute.params[i].data[e]) / scale).toBeLessThan(1e-10));
    });
  });

  test("early stopping keeps the best W1, not the rewrite's latest (steps ran after the last evaluation)", () => {
    // Evaluations at 30, 60, ..., 180; the last 20 steps move W1 past the kept parameters.
    const ir: ModelIR = {
      ...wideIR(),
      regularize: [{ kind: "early_stop", patience: 100, data: "train", metric: "cost", every: 30 }],
    };
    const program = compileProgram(ir, { samples, emit: false });
    const data = wideData();
    const fast = train(program, data, { rewrite: true });
    const brute = train(program, data, { rewrite: false });
    expect(brute.earlyStop).toMatchObject({ stopped: false, bestIteration: 180 });
    fast.params.forEach((p, i) => {
      const scale = Math.max(...brute.params[i].data.map(Math.abs));
      p.data.forEach((v, e) => expect(Math.abs(v - brute.params[i].data[e]) / scale).toBeLessThan(1e-10));
    });
  });
});
