// `nnc derive --numbers`'s core (drivers/derive-numbers.ts) against numpy: the lesson's forward pass
// and backprop for one column, the batch's gradients and each example's share of them, the cost and
// the update (test/golden/numbers, made by scripts/make-numbers-goldens.py); the batch gradient
// against the one the training's own kernels compute; iteration N against the parameters `nnc run`
// reaches after N updates, for full-batch gd, dropout and Adam on mini-batches.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, test } from "vitest";
import { compileAny } from "../compiler/front-end.js";
import { compileProgram } from "../compiler/compile-program.js";
import { deriveNumbers, scalarNumbers, type DerivationNumbers } from "../drivers/derive-numbers.js";
import { loadModelData, trainModel } from "../drivers/train-model.js";
import { instantiateKernels } from "../runtime/train.js";
import { RandomState } from "../runtime/rng/index.js";
import { initParams } from "../runtime/init.js";
import { DiagnosticError } from "../contracts/diagnostic.js";
import { Codes } from "../contracts/codes.js";
import { nodeFiles } from "../node/files.js";
import type { ModelIR } from "../contracts/ir.js";

interface GoldenMatrix {
  shape: number[];
  data: number[];
}
interface GoldenCase {
  iteration: number;
  example: number;
  forward: Record<string, number[]>;
  cost: number;
  example_loss: number;
  backward: Record<string, number[]>;
  gradients: Record<string, GoldenMatrix>;
  shares: Record<string, GoldenMatrix>;
  before: Record<string, GoldenMatrix>;
  after: Record<string, GoldenMatrix>;
}
const golden = (name: string): { model: string; cases: GoldenCase[] } =>
  JSON.parse(readFileSync(`test/golden/numbers/${name}.json`, "utf8"));

function irOf(file: string, edit: (text: string) => string = (t) => t): ModelIR {
  const { ir, diagnostics } = compileAny(edit(readFileSync(file, "utf8")), file);
  if (!ir) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return ir;
}

const numbersOf = (file: string, example: number, iteration: number, ir = irOf(file)) =>
  deriveNumbers(ir, { example, iteration, files: nodeFiles(dirname(file)) });

/** Each entry within `tolerance` of the expected, relative to the expected's largest entry
 *  (numpy's BLAS sums in another order). */
function expectClose(actual: readonly number[], expected: readonly number[], what: string, tolerance = 1e-13) {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs), 1e-300);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]) / scale, `${what}[${i}]`).toBeLessThan(tolerance));
}

function forwardValue(n: DerivationNumbers, name: string): number[] {
  for (const f of n.forward) {
    if (f.value.name === name) return f.value.values;
    const input = f.inputs.find((i) => i.name === name);
    if (input) return input.values;
  }
  throw new Error(`no forward value ${name}`);
}

function step(n: DerivationNumbers, gradient: string) {
  const found = n.steps.find((s) => s.step.gradient === gradient);
  if (!found) throw new Error(`no step ${gradient}`);
  return found;
}

function expectCase(n: DerivationNumbers, c: GoldenCase) {
  expect(n.example).toBe(c.example);
  expect(n.iteration).toBe(c.iteration);
  for (const [name, column] of Object.entries(c.forward)) expectClose(forwardValue(n, name), column, name);
  expect(Math.abs(n.cost.value - c.cost) / c.cost).toBeLessThan(1e-14);
  expect(Math.abs(n.cost.exampleLoss - c.example_loss) / c.example_loss).toBeLessThan(1e-13);
  for (const [name, column] of Object.entries(c.backward)) {
    const s = step(n, name);
    expect(s.value.part).toBe("example");
    expectClose(s.value.values, column, name);
  }
  for (const [name, matrix] of Object.entries(c.gradients)) {
    const s = step(n, name);
    expect(s.value.part).toBe("whole");
    expect([s.value.rows, s.value.cols]).toEqual(matrix.shape);
    expectClose(s.value.values, matrix.data, `${name} (batch)`);
    expectClose(s.contribution!.values, c.shares[name].data, `${name} (example ${c.example}'s share)`, 1e-12);
  }
  for (const u of n.update.parameters) {
    expectClose(u.before.values, c.before[u.parameter].data, `${u.parameter} before`);
    expectClose(u.after.values, c.after[u.parameter].data, `${u.parameter} after`);
  }
}

describe("init-he (the initialization lesson) against numpy", () => {
  test.each(golden("init-he").cases.map((c) => [c.iteration, c.example, c] as const))(
    "iteration %i, example %i: forward, backprop, shares, cost and update",
    async (iteration, example, c) => {
      expectCase(await numbersOf("examples/init-he.nnspec", example, iteration), c);
    },
  );

  test("the batch gradient shown is the one the training's kernels compute, to the bit", async () => {
    const ir = irOf("examples/init-he.nnspec");
    const stream = new RandomState(ir.seed ?? 0);
    const data = (await loadModelData(ir, stream)).get(ir.train.data)!;
    const program = compileProgram(ir, { samples: data.samples });
    const params = initParams(program.params, stream);
    const { kernels, engine } = instantiateKernels(program, params);
    expect(engine).toBe("simd");
    const G = params.map((p) => new Float64Array(p.length));
    const cost = kernels.gradients(data.X, data.Y, data.samples, G);
    const n = await numbersOf("examples/init-he.nnspec", 11, 0, ir);
    expect(n.cost.value).toBe(cost);
    program.params.forEach((p, i) => expect(step(n, `d${p.name}`).value.values).toEqual(Array.from(G[i])));
  });

  test("each step and line links the statement that causes it", async () => {
    const n = await numbersOf("examples/init-he.nnspec", 0, 0);
    const lines = n.forward.map((f) => [f.line.text.split(" ")[0], f.line.source?.kind, f.line.source?.span.line]);
    expect(lines).toEqual([
      ["Z[1]", "layer", 10],
      ["A[1]", "layer", 10],
      ["Z[2]", "layer", 11],
      ["A[2]", "layer", 11],
      ["Z[3]", "layer", 12],
      ["A[3]", "layer", 12],
      ["J", "loss", 14],
    ]);
    expect(step(n, "dZ3").step.sources.map((s) => s.span.line)).toEqual([14]);
    expect(step(n, "dW1").step.sources.map((s) => s.span.line)).toEqual([10]);
    expect(n.update.source?.kind).toBe("optimizer");
    expect(n.update.source?.span.line).toBe(15);
  });
});

describe("a softmax model against numpy", () => {
  test.each(golden("multiclass-blobs").cases.map((c) => [c.iteration, c.example, c] as const))(
    "iteration %i, example %i",
    async (iteration, example, c) => {
      expectCase(await numbersOf("examples/multiclass-blobs.nnspec", example, iteration), c);
    },
  );
});

describe("iteration N is the training's own state after N updates", () => {
  const paramsAfter = async (file: string, edit: (text: string) => string) =>
    (await trainModel(irOf(file, edit), { files: nodeFiles(dirname(file)) })).params.map((p) => Array.from(p.data));

  test("full-batch gd: the parameters of iteration 5 are `nnc run`'s after 5 iterations", async () => {
    const n = await numbersOf("examples/init-he.nnspec", 0, 5);
    const run = await paramsAfter("examples/init-he.nnspec", (t) =>
      t.replace("for 15000 iterations", "for 5 iterations"),
    );
    expect(n.update.parameters.map((u) => u.before.values)).toEqual(run);
  });

  test("Adam on mini-batches: iteration 5 starts epoch 2 from `nnc run`'s parameters after 1 epoch", async () => {
    const n = await numbersOf("examples/optim-adam.nnspec", 3, 5);
    expect(n.batch).toMatchObject({ size: 64, epoch: 1, index: 0 });
    const run = await paramsAfter("examples/optim-adam.nnspec", (t) => t.replace("for 5000 epochs", "for 1 epochs"));
    expect(n.update.parameters.map((u) => u.before.values)).toEqual(run);
  });

  test.each([
    ["examples/optim-adam.nnspec", 3],
    ["examples/optim-adam.nnspec", 4],
    ["examples/reg-dropout.nnspec", 0],
    ["examples/reg-l2.nnspec", 1],
  ])("%s: the update shown at iteration %i gives the parameters iteration N + 1 starts from", async (file, N) => {
    const [now, next] = await Promise.all([numbersOf(file, 0, N), numbersOf(file, 0, N + 1)]);
    expect(now.update.parameters.map((u) => u.after.values)).toEqual(
      next.update.parameters.map((u) => u.before.values),
    );
  });

  test("dropout with fresh masks each step: the masks shown are the ones that step trains with", async () => {
    const file = "examples/reg-dropout.nnspec";
    const ir = irOf(file, (t) => t.replace(", reseed: 1", ""));
    const [now, next] = await Promise.all([numbersOf(file, 2, 3, ir), numbersOf(file, 2, 4, ir)]);
    expect(now.batch.masks).toContain("drawn from the model's stream for update 4");
    expect(forwardValue(now, "D1")).not.toEqual(forwardValue(next, "D1"));
    expect(now.update.parameters.map((u) => u.after.values)).toEqual(
      next.update.parameters.map((u) => u.before.values),
    );
  });

  test("fresh masks and `nnc run` take the same draws: the model's stream, after the weights", async () => {
    // nnc run once drew them from a second RandomState(seed), unlike spec/random.md and derive --numbers.
    const file = "examples/reg-dropout.nnspec";
    const fresh = (t: string) => t.replace(", reseed: 1", "");
    const n = await numbersOf(file, 0, 3, irOf(file, fresh));
    const run = await paramsAfter(file, (t) => fresh(t).replace("for 30000 iterations", "for 3 iterations"));
    expect(n.update.parameters.map((u) => u.before.values)).toEqual(run);
  });

  test("with L2, a weight's share is its loss term alone; the batch gradient adds λ/m·W", async () => {
    const n = await numbersOf("examples/reg-l2.nnspec", 0, 0);
    expect(step(n, "dW1").step.sources.map((s) => s.kind)).toEqual(["layer", "regularizer"]);
    expect(n.cost.penalties.map((p) => p.name)).toEqual(["R1", "R2", "R3"]);
    expect(n.cost.value).toBe(n.cost.loss + n.cost.penalties.reduce((sum, p) => sum + p.value, 0));
    // b has no penalty: its share is the example's dZ column, the same numbers as the step dZ shows.
    expect(step(n, "db3").contribution!.values).toEqual(step(n, "dZ3").value.values);
  });
});

describe("errors and scalar models", () => {
  const codeOf = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DiagnosticError);
    return (error as DiagnosticError).diagnostics[0];
  };

  test("an example past the data names the data's size", async () => {
    const d = await codeOf(numbersOf("examples/init-he.nnspec", 300, 0));
    expect(d.code).toBe(Codes.numbersExample);
    expect(d.message).toBe("example 300 is out of range: data set 'train' holds 300 examples, 0 to 299");
    expect(d.span?.line).toBe(6);
  });

  test("an iteration past the training names its length", async () => {
    const d = await codeOf(numbersOf("examples/init-he.nnspec", 0, 15000));
    expect(d.code).toBe(Codes.numbersIteration);
    expect(d.message).toContain("it makes 15000 updates, iterations 0 to 14999");
    const adam = await codeOf(numbersOf("examples/optim-adam.nnspec", 0, 25000));
    expect(adam.message).toContain("it makes 25000 updates (5000 epochs), iterations 0 to 24999");
  });

  test("gradcheck-1d: J = θ·x = 8 at θ = 4, and dJ/dθ = x = 2 both ways", () => {
    const file = "examples/gradcheck-1d.nnspec";
    const { scalar } = compileAny(readFileSync(file, "utf8"), file);
    const n = scalarNumbers(scalar!);
    expect(n.cost).toMatchObject({ name: "J", value: 8 });
    expect(n.params).toHaveLength(1);
    expect(n.params[0]).toMatchObject({ name: "theta", value: 4, derivative: { value: 2 }, written: { value: 2 } });
    expect(() => scalarNumbers(scalar!, { example: 1 })).toThrow(/has no data/);
    expect(() => scalarNumbers(scalar!, { iteration: 1 })).toThrow(/does not train/);
  });
});
