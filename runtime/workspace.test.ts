// The one workspace (runtime/workspace.ts) that training, hand-written blocks and the gradient
// checker share, and the one log (runtime/training-log.ts) both training loops report through.
// On numpy's own data and weights of the He lesson (test/golden/lessons/init-he.json).
import { afterEach, describe, expect, test, vi } from "vitest";
import { compileProgram } from "../compiler/compile-program.js";
import { initGolden, initLessonIR } from "../test/fixtures/init-lesson.js";
import { programProblem } from "./gradcheck-program.js";
import { interpretedKernels } from "./interpret.js";
import type { Program } from "./program.js";
import { instantiateKernels } from "./train.js";
import { TrainingLog } from "./training-log.js";
import { Workspace } from "./workspace.js";

const golden = initGolden("he");
const program = compileProgram(initLessonIR({ scheme: "he" }));
const d = golden.data!;
const data = {
  name: "train",
  features: d.train_X.shape[0],
  samples: d.train_X.shape[1],
  X: Float64Array.from(d.train_X.data),
  Y: Float64Array.from(d.train_Y.data),
};
const initial = () => program.params.map((p) => Float64Array.from(golden.initial_params![p.name].data));
const zeros = () => program.params.map((p) => new Float64Array(p.shape[0] * p.shape[1]));

describe("one workspace for training and checking", () => {
  test("the checker's cost and gradients are the generated code's and the interpreter's, to the bit", () => {
    const problem = programProblem(program, initial(), data);
    const checked = problem.gradients();
    const cost = problem.cost();
    expect(cost).toBe(golden.cost_at_0);
    for (const engine of ["emitted", "interpreted"] as const) {
      const G = zeros();
      const { kernels } = instantiateKernels(program, initial(), engine);
      expect(kernels.gradients(data.X, data.Y, data.samples, G), engine).toBe(cost);
      G.forEach((g, i) => expect([...g], `${engine} d${program.params[i].name}`).toEqual([...checked[i]]));
    }
  });

  test("a pass restarted after Z2 gives what the whole pass gives with that Z2", () => {
    const params = initial();
    const workspace = new Workspace(program, params, data.samples);
    workspace.bind(data.X, data.Y);
    const W2 = params[program.params.findIndex((p) => p.name === "W2")];
    const kept = Float64Array.from(W2);
    W2.forEach((w, e) => (W2[e] = 1.5 * w));
    const nudged = workspace.forward();
    const Z2 = Float64Array.from(workspace.values.get("Z2")!);
    W2.set(kept);
    const original = workspace.forward();
    expect(original).toBe(golden.cost_at_0);
    expect(nudged).not.toBe(original);
    workspace.values.get("Z2")!.set(Z2);
    expect(workspace.restartAfter("Z2")).toBe(program.forward.nodes.findIndex((n) => n.output === "Z2") + 1);
    expect(workspace.forward(workspace.restartAfter("Z2"))).toBe(nudged);
    expect(workspace.restartAfter("W2")).toBe(0);
  });

  test("kink sides are one byte per relu input, 1 where the input is above 0", () => {
    const workspace = new Workspace(program, initial(), data.samples);
    workspace.bind(data.X, data.Y);
    workspace.forward();
    const sides = workspace.kinkSides()!;
    const Z1 = workspace.values.get("Z1")!;
    const Z2 = workspace.values.get("Z2")!;
    expect(sides.length).toBe(Z1.length + Z2.length);
    expect([...sides.subarray(0, Z1.length)]).toEqual([...Z1].map((z) => (z > 0 ? 1 : 0)));
    expect([...sides.subarray(Z1.length)]).toEqual([...Z2].map((z) => (z > 0 ? 1 : 0)));
  });

  test("a hand-written block trains through the same workspace as the generated backward pass", () => {
    const block = {
      equations: [
        ["dZ3", "A3 - Y"],
        ["dW3", "1 / m * dZ3 * A2'"],
        ["db3", "1 / m * sum(dZ3, 2)"],
        ["dZ2", "W3' * dZ3 .* (A2 > 0)"],
        ["dW2", "1 / m * dZ2 * A1'"],
        ["db2", "1 / m * sum(dZ2, 2)"],
        ["dZ1", "W2' * dZ2 .* (A1 > 0)"],
        ["dW1", "1 / m * dZ1 * X'"],
        ["db1", "1 / m * sum(dZ1, 2)"],
      ].map(([name, expression]) => ({ name, expression })),
    };
    const hand = interpretedKernels(program, initial(), { handWritten: block });
    const G = zeros();
    expect(hand.gradients(data.X, data.Y, data.samples, G)).toBe(golden.cost_at_0);
    program.params.forEach((p, i) => {
      const expected = golden.gradients_at_0![`d${p.name}`].data;
      const scale = Math.max(...expected.map(Math.abs));
      G[i].forEach((g, e) => expect(Math.abs(g - expected[e]) / scale, `d${p.name}[${e}]`).toBeLessThan(1e-13));
    });
  });

  test("prediction needs no labels or masks and leaves the training pass's cost alone", () => {
    const params = initial();
    const kernels = interpretedKernels(program, params);
    const out = new Float64Array(data.samples);
    kernels.predict(data.X, data.samples, out);
    const { kernels: emitted } = instantiateKernels(program, initial(), "emitted");
    const expected = new Float64Array(data.samples);
    emitted.predict(data.X, data.samples, expected);
    expect([...out]).toEqual([...expected]);
    expect(kernels.step(data.X, data.Y, data.samples, 0.01, true)).toBe(golden.cost_at_0);
  });
});

describe("one log for both training loops", () => {
  const settings = (over: Partial<Program["train"]>): Program["train"] => ({
    data: "train",
    learningRate: 0.1,
    iterations: 10,
    reportEvery: 4,
    ...over,
  });
  afterEach(() => vi.useRealTimers());

  test("reports iteration 0, every reportEvery, and the last when asked", () => {
    const reported = (over: Partial<Program["train"]>) =>
      Array.from({ length: 10 }, (_, i) => i).filter((i) => new TrainingLog(settings(over), {}, 1).wantsCost(i));
    expect(reported({})).toEqual([0, 4, 8]);
    expect(reported({ reportLast: true })).toEqual([0, 4, 8, 9]);
    expect(reported({ reportEvery: 0, reportLast: true })).toEqual([9]);
  });

  test("records the points, with the learning rate only when one is given", () => {
    const calls: unknown[][] = [];
    const log = new TrainingLog(settings({}), { onCost: (...args) => calls.push(args) }, 1);
    log.cost(0, 0.5);
    log.cost(4, 0.25, 0.05);
    expect(log.costs).toEqual([
      { iteration: 0, cost: 0.5 },
      { iteration: 4, cost: 0.25, learningRate: 0.05 },
    ]);
    expect(calls).toEqual([
      [0, 0.5],
      [4, 0.25, 0.05],
    ]);
  });

  test("progress: offered every progressEvery iterations, made at most every 50 ms, and once at the end", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const progress: [number, number][] = [];
    const log = new TrainingLog(settings({ iterations: 200 }), { onProgress: (i, n) => progress.push([i, n]) }, 64);
    vi.advanceTimersByTime(60);
    log.progress(63);
    log.progress(64);
    vi.advanceTimersByTime(10);
    log.progress(128);
    vi.advanceTimersByTime(50);
    log.progress(192);
    log.finished();
    expect(progress).toEqual([
      [64, 200],
      [192, 200],
      [200, 200],
    ]);
  });
});
