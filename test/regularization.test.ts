// The regularization lesson end to end, from the example files: the published figures (which the
// lesson's numpy code reproduces here, test/golden/lessons/reg-*.json from
// scripts/make-reg-goldens.py), the generated code against the interpreter, the lesson's dropout
// masks, gradients with masks held fixed, L1 and early stopping.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { compileSource } from "../compiler/front-end.js";
import type { ModelIR } from "../contracts/ir.js";
import { loadModelData, trainModel } from "../drivers/train-model.js";
import { compileProgram } from "../compiler/compile-program.js";
import type { Dataset } from "../runtime/data/dataset.js";
import type { Program } from "../runtime/program.js";
import { initParams } from "../runtime/init.js";
import { drawDropoutMasks, crossEntropyOf } from "../runtime/regularize.js";
import { RandomState } from "../runtime/rng/index.js";
import { instantiateKernels, train } from "../runtime/train.js";
import { nodeFiles } from "../node/files.js";

const examples = fileURLToPath(new URL("../examples/", import.meta.url));
const golden = (name: string) =>
  JSON.parse(readFileSync(new URL(`golden/lessons/${name}.json`, import.meta.url), "utf8"));

function example(name: string, edit: (ir: ModelIR) => ModelIR = (ir) => ir): ModelIR {
  const file = `${examples}${name}.nnspec`;
  const { ir, diagnostics } = compileSource(readFileSync(file, "utf8"), file);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return edit(ir!);
}

async function data(ir: ModelIR): Promise<Record<string, Dataset>> {
  return Object.fromEntries(await loadModelData(ir, new RandomState(ir.seed), nodeFiles(dirname(`${examples}x`))));
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

// The lesson's printed figures (the acceptance).
const published = {
  none: {
    costs: [0.6557412523481002, 0.16329987525724196, 0.13851642423252383],
    train: 0.9478672985781991,
    test: 0.915,
  },
  l2: { costs: [0.6974484493131264, 0.2684918873282239, 0.2680916337127301], train: 0.9383886255924171, test: 0.93 },
  dropout: {
    costs: [0.6543912405149825, 0.06101698657490562, 0.060582435798513114],
    train: 0.9289099526066351,
    test: 0.95,
  },
};

describe("the regularization lesson, from examples/reg-*.nnspec", () => {
  test.each(Object.entries(published))(
    "%s: every cost line within 1e-9 of the lesson, accuracies exact",
    async (name, figures) => {
      const result = await trainModel(example(`reg-${name}`), { files: nodeFiles(examples) });
      // dropout's masks keep the JavaScript per-example code; the others run its SIMD form
      expect(result.engine).toBe(name === "dropout" ? "emitted" : "simd");
      expect(result.costs.map((c) => c.iteration)).toEqual([0, 10000, 20000]);
      result.costs.forEach(({ cost }, i) => expect(relative(cost, figures.costs[i])).toBeLessThan(1e-9));
      const numpy = golden(`reg-${name}`);
      result.costs.forEach(({ cost }, i) => expect(relative(cost, numpy.costs[i].cost)).toBeLessThan(1e-9));
      expect(result.accuracy).toEqual({ train: figures.train, test: figures.test });
      expect(numpy.accuracy).toEqual({ train: figures.train, test: figures.test });
      const W3 = result.params.find((p) => p.name === "W3")!.data;
      numpy.W3.forEach((w: number, i: number) =>
        expect(Math.abs(W3[i] - w)).toBeLessThan(1e-8 * Math.max(1, Math.abs(w))),
      );
    },
    30_000,
  );

  test(
    "l1 (not in the lesson): every cost line within 1e-9 " + "of the lesson's code with the L1 term, accuracies exact",
    async () => {
      const result = await trainModel(example("reg-l1"), { files: nodeFiles(examples) });
      const numpy = golden("reg-l1");
      result.costs.forEach(({ cost }, i) => expect(relative(cost, numpy.costs[i].cost)).toBeLessThan(1e-9));
      expect(result.accuracy).toEqual(numpy.accuracy);
    },
    30_000,
  );

  test("the CSV form of the data trains to the same numbers as the MAT file", async () => {
    const fromCsv = await trainModel(
      example("football-csv", (ir) => ({ ...ir, train: { ...ir.train, iterations: 2001, report_every: 1000 } })),
      { files: nodeFiles(examples) },
    );
    const fromMat = await trainModel(
      example("reg-none", (ir) => ({ ...ir, train: { ...ir.train, iterations: 2001, report_every: 1000 } })),
      { files: nodeFiles(examples) },
    );
    expect(fromCsv.costs).toEqual(fromMat.costs);
    expect(fromCsv.accuracy).toEqual(fromMat.accuracy);
  });
});

describe("dropout masks", () => {
  test("reseed 1 draws the lesson's D1 (20 × 211) then D2 (3 × 211), numpy's rand(...) < 0.86", () => {
    const masks = golden("reg-dropout-masks");
    const ir = example("reg-dropout");
    const program = compileProgram(ir, { samples: masks.m });
    const [D1, D2] = drawDropoutMasks(program, new RandomState(1), masks.m);
    expect([...D1]).toEqual(masks.D1);
    expect([...D2]).toEqual(masks.D2);
  });

  test("fresh masks (no reseed) differ from step to step and are reproducible from the seed", async () => {
    const ir = example("reg-dropout", (ir) => ({
      ...ir,
      regularize: [
        {
          kind: "dropout",
          layers: [
            { name: "h1", keep: 0.86 },
            { name: "h2", keep: 0.7 },
          ],
        },
      ],
      train: { ...ir.train, iterations: 301, report_every: 100 },
    }));
    const a = await trainModel(ir, { files: nodeFiles(examples) });
    const b = await trainModel(ir, { files: nodeFiles(examples) });
    expect(a.costs).toEqual(b.costs);
    const lessonMode = await trainModel(
      example("reg-dropout", (ir) => ({ ...ir, train: { ...ir.train, iterations: 301, report_every: 100 } })),
      { files: nodeFiles(examples) },
    );
    // Iteration 0 draws the first masks after the parameters from the model's stream, not from seed 1.
    expect(a.costs[0].cost).not.toBe(lessonMode.costs[0].cost);
  });
});

describe("generated code and interpreter agree to the bit", () => {
  const variants: [string, ModelIR["regularize"]][] = [
    ["l2", [{ kind: "l2", lambda: 0.7 }]],
    ["l1", [{ kind: "l1", lambda: 0.05 }]],
    [
      "l1 + l2",
      [
        { kind: "l1", lambda: 0.05 },
        { kind: "l2", lambda: 0.3 },
      ],
    ],
    [
      "dropout, lesson mode",
      [
        {
          kind: "dropout",
          layers: [
            { name: "h1", keep: 0.86 },
            { name: "h2", keep: 0.86 },
          ],
          reseed: 1,
        },
      ],
    ],
    [
      "dropout, fresh masks, per-layer keep, with l2",
      [
        {
          kind: "dropout",
          layers: [
            { name: "h2", keep: 0.6 },
            { name: "h1", keep: 0.9 },
          ],
        },
        { kind: "l2", lambda: 0.7 },
      ],
    ],
  ];
  test.each(variants)("%s", async (_name, regularize) => {
    const ir = example("reg-none", (ir) => ({
      ...ir,
      regularize,
      train: { ...ir.train, iterations: 120, report_every: 7 },
    }));
    const emitted = await trainModel(ir, { files: nodeFiles(examples), engine: "emitted" });
    const interpreted = await trainModel(ir, { files: nodeFiles(examples), engine: "interpreted" });
    expect(emitted.engine).toBe("emitted");
    expect(interpreted.costs).toEqual(emitted.costs);
    expect(interpreted.accuracy).toEqual(emitted.accuracy);
    interpreted.params.forEach((p, i) => expect([...p.data]).toEqual([...emitted.params[i].data]));
  });
});

describe("the backward pass includes the regularizers", () => {
  const ir = example("reg-none", (ir) => ({
    ...ir,
    regularize: [
      {
        kind: "dropout",
        layers: [
          { name: "h1", keep: 0.8 },
          { name: "h2", keep: 0.7 },
        ],
      },
      { kind: "l2", lambda: 0.7 },
      { kind: "l1", lambda: 0.2 },
    ],
  }));
  let sets: Record<string, Dataset>;
  let program: Program;
  beforeAll(async () => {
    sets = await data(ir);
    program = compileProgram(ir, { samples: sets.train.samples });
  });

  test("the derived equations read dW = dZ·A_prevᵀ + λ/m·W and the mask steps", () => {
    const equations = program.backward.equations.map((e) => e.equation);
    expect(equations).toContain("dW1 = dZ1 * X' + 0.7 / m * W1 + 0.2 / m * sign(W1)");
    expect(equations).toContain("dA1 = dA1d .* D1 / 0.8");
    expect(equations).toContain("dA2 = dA2d .* D2 / 0.7");
  });

  test.each(["emitted", "interpreted"] as const)(
    "%s: gradients with masks held fixed match centred differences",
    (engine) => {
      const params = initParams(program.params, new RandomState(3));
      const { kernels } = instantiateKernels(program, params, engine);
      const { X, Y, samples: m } = sets.train;
      const masks = drawDropoutMasks(program, new RandomState(5), m);
      const G = program.params.map((p) => new Float64Array(p.shape[0] * p.shape[1]));
      kernels.gradients(X, Y, m, G, masks);
      const scratch = program.params.map((p) => new Float64Array(p.shape[0] * p.shape[1]));
      const eps = 1e-7;
      let worst = 0;
      params.forEach((P, pi) => {
        for (let e = 0; e < P.length; e += 3) {
          const saved = P[e];
          P[e] = saved + eps;
          const plus = kernels.gradients(X, Y, m, scratch, masks);
          P[e] = saved - eps;
          const minus = kernels.gradients(X, Y, m, scratch, masks);
          P[e] = saved;
          const numeric = (plus - minus) / (2 * eps);
          worst = Math.max(
            worst,
            Math.abs(numeric - G[pi][e]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(G[pi][e])),
          );
        }
      });
      expect(worst).toBeLessThan(1e-5);
    },
  );
});

describe("early stopping", () => {
  test("stops when the test cost stops improving and puts back the best parameters", async () => {
    const ir = example("reg-early-stop");
    const result = await trainModel(ir, { files: nodeFiles(examples) });
    const stop = result.earlyStop!;
    expect(stop.stopped).toBe(true);
    expect(stop.iterations).toBeLessThan(ir.train.iterations);
    expect(stop.bestIteration % 500).toBe(0);
    expect(stop.iterations - stop.bestIteration).toBe(500 * 3);
    // The parameters kept are the best ones: their test cost is the reported best.
    const sets = await data(ir);
    const program = compileProgram(ir, { samples: sets.train.samples });
    const params = result.params.map((p) => p.data);
    const { kernels } = instantiateKernels(program, params, "interpreted");
    const A = new Float64Array(sets.test.samples);
    kernels.predict(sets.test.X, sets.test.samples, A);
    expect(crossEntropyOf(A, sets.test.Y)).toBe(stop.best);
  });

  test("with patience never exhausted it runs every iteration and keeps the best seen", async () => {
    const ir = example("reg-none", (ir) => ({
      ...ir,
      regularize: [{ kind: "early_stop", patience: 1000, data: "test", metric: "accuracy", every: 100 }],
      train: { ...ir.train, iterations: 1000 },
    }));
    const sets = await data(ir);
    const program = compileProgram(ir, { samples: sets.train.samples });
    const result = train(program, sets, { rng: new RandomState(3) });
    expect(result.earlyStop).toMatchObject({ stopped: false, iterations: 1000, metric: "accuracy" });
    expect(result.accuracy.test).toBe(result.earlyStop!.best);
  });
});

describe("regularize statements → IR", () => {
  const model = (lines: string) => `model m {
  seed 3
  data train = circles(samples: 40, noise: 0.05, seed: 1)
  data test = circles(samples: 40, noise: 0.05, seed: 2)
  input x[2]
  dense h1[4] relu
  dense h2[3] relu
  dense out[1] sigmoid
  loss cross_entropy
${lines}
  train gd(learning_rate: 0.1) for 20 iterations, report cost every 5
}
`;
  const irOf = (lines: string) => {
    const { ir, diagnostics } = compileSource(model(lines), "m.nnspec");
    expect(diagnostics).toEqual([]);
    return ir!.regularize!.map(({ at, ...rest }) => ({
      ...rest,
      ...(rest.kind === "dropout" ? { layers: rest.layers.map(({ name, keep }) => ({ name, keep })) } : {}),
    }));
  };
  test("space-separated names, one keep for all, and the lesson's reseed", () => {
    expect(irOf("regularize dropout(keep: 0.86, on: h1 h2, reseed: 1)")).toEqual([
      {
        kind: "dropout",
        layers: [
          { name: "h1", keep: 0.86 },
          { name: "h2", keep: 0.86 },
        ],
        reseed: 1,
      },
    ]);
  });
  test("per-layer keep probabilities follow the order of `on`; a single name is a list of one", () => {
    expect(irOf("regularize dropout(keep: [0.8, 0.9], on: [h2, h1])")).toEqual([
      {
        kind: "dropout",
        layers: [
          { name: "h2", keep: 0.8 },
          { name: "h1", keep: 0.9 },
        ],
      },
    ]);
    expect(irOf("regularize dropout(keep: 1, on: h2)")).toEqual([
      { kind: "dropout", layers: [{ name: "h2", keep: 1 }] },
    ]);
  });
  test("several at once, in the order written; early_stop defaults to cost every report interval", () => {
    expect(
      irOf("regularize l2(lambda: 0.7)\n  regularize l1(lambda: 0)\n  regularize early_stop(patience: 2, on: test)"),
    ).toEqual([
      { kind: "l2", lambda: 0.7 },
      { kind: "l1", lambda: 0 },
      { kind: "early_stop", patience: 2, data: "test", metric: "cost", every: 5 },
    ]);
    expect(irOf("regularize early_stop(patience: 2, on: test, metric: cost, every: 3)")[0]).toMatchObject({
      metric: "cost",
      every: 3,
    });
  });
  test("each penalty gets a node per weight matrix, and the cost adds them in statement order", () => {
    const { ir } = compileSource(model("regularize l2(lambda: 0.7)\n  regularize l1(lambda: 0.1)"), "m.nnspec");
    const program = compileProgram(ir!);
    expect(program.forward.penalties).toEqual(["R1b", "R1a", "R2b", "R2a", "R3b", "R3a"]);
    expect(program.backward.equations.find((e) => e.of === "W2")!.equation).toBe(
      "dW2 = dZ2 * A1' + 0.7 / m * W2 + 0.1 / m * sign(W2)",
    );
    expect(program.backward.equations.some((e) => e.of.startsWith("D"))).toBe(false);
  });
});
