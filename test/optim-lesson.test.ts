// The optimization lesson (issue 8): mini-batch gd, momentum and Adam, with and without
// learning-rate decay, against the lesson's own numpy code (bench/numpy/optim.py, goldens from
// scripts/make-optim-goldens.py) and the figures the issue publishes. Every cost within 1e-9
// relative, every accuracy exact.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { compileSource } from "../compiler/front-end.js";
import type { ModelIR } from "../contracts/ir.js";
import { trainModel, type RunResult } from "../drivers/train-model.js";
import { nodeFiles } from "../node/files.js";

interface Golden {
  optimizer: string;
  learning_rate: number;
  decay: "inverse" | "scheduled" | null;
  costs: { epoch: number; cost: number }[];
  rates: { epoch: number; learning_rate: number }[];
  accuracy: number;
}

const root = new URL("../", import.meta.url);
const goldens = JSON.parse(readFileSync(new URL("test/golden/lessons/optim.json", root), "utf8")) as Record<
  string,
  Golden
>;
const examplePath = (name: string) => fileURLToPath(new URL(`examples/${name}.nnspec`, root));

const optimizerText: Record<string, (lr: number) => string> = {
  gd: (lr) => `gd(learning_rate: ${lr})`,
  momentum: (lr) => `momentum(learning_rate: ${lr}, beta: 0.9)`,
  rmsprop: (lr) => `rmsprop(learning_rate: ${lr}, beta: 0.9, epsilon: 1e-8)`,
  adam: (lr) => `adam(learning_rate: ${lr}, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)`,
};
const decayText = { inverse: ", decay inverse(rate: 1)", scheduled: ", decay scheduled(rate: 0.3, interval: 1000)" };

/** The lesson's example for this optimizer, its train line rewritten for the golden's rate and decay. */
function modelFor(golden: Golden): ModelIR {
  const file = examplePath(`optim-${golden.optimizer === "rmsprop" ? "gd" : golden.optimizer}`);
  const train =
    `train ${optimizerText[golden.optimizer](golden.learning_rate)} ` +
    `for 5000 epochs, batch 64, shuffle lesson(seed: 10)` +
    `${golden.decay ? decayText[golden.decay] : ""}, report cost every 1000`;
  const source = readFileSync(file, "utf8").replace(/^ {2}train .*$/m, `  ${train}`);
  const { ir, diagnostics } = compileSource(source, file);
  expect(diagnostics).toEqual([]);
  return ir as ModelIR;
}

const runs = new Map<string, RunResult>();
// Eight runs of 5000 epochs: about 0.3 s each alone, several times that beside the rest of the suite.
beforeAll(async () => {
  for (const name of Object.keys(goldens))
    runs.set(name, await trainModel(modelFor(goldens[name]), { files: nodeFiles(fileURLToPath(root)) }));
}, 180_000);
const run = (name: string): RunResult => runs.get(name)!;

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("the optimization lesson against its numpy code", () => {
  it.each(Object.keys(goldens))("%s: every cost line within 1e-9 and the accuracy exact", (name) => {
    const golden = goldens[name];
    const result = run(name);
    expect(result.engine).toBe("simd");
    expect(result.costs.map((c) => c.iteration)).toEqual(golden.costs.map((c) => c.epoch));
    result.costs.forEach((c, i) => expect(relative(c.cost, golden.costs[i].cost)).toBeLessThan(1e-9));
    expect(result.accuracy.train).toBe(golden.accuracy);
    if (golden.decay) {
      result.costs.forEach((c, i) => expect(c.learningRate).toBe(golden.rates[i].learning_rate));
    } else {
      expect(result.costs.every((c) => c.learningRate === undefined)).toBe(true);
    }
  });

  it("the interpreter gives the generated code's numbers (Adam)", { timeout: 60_000 }, async () => {
    const interpreted = await trainModel(modelFor(goldens.adam), {
      files: nodeFiles(fileURLToPath(root)),
      engine: "interpreted",
    });
    expect(interpreted.engine).toBe("interpreted");
    expect(interpreted.costs).toEqual(run("adam").costs);
    expect(interpreted.accuracy).toEqual(run("adam").accuracy);
  });
});

describe("the issue's published figures", () => {
  const cost = (name: string, epoch: number) => run(name).costs.find((c) => c.iteration === epoch)!.cost;
  const within = (actual: number, expected: number) => expect(relative(actual, expected)).toBeLessThan(1e-9);

  it("gd", () => {
    within(cost("gd", 0), 0.7024046849828726);
    within(cost("gd", 1000), 0.66810064295887);
    within(cost("gd", 4000), 0.5733672256957693);
    expect(run("gd").accuracy.train).toBe(0.7166666666666667);
  });

  it("momentum (beta 0.9)", () => {
    within(cost("momentum", 0), 0.7024127305373173);
    within(cost("momentum", 4000), 0.5734441760375261);
    expect(run("momentum").accuracy.train).toBe(0.7166666666666667);
  });

  it("adam (0.9, 0.999, 1e-8)", () => {
    within(cost("adam", 0), 0.7021655222604549);
    within(cost("adam", 1000), 0.16784505282581158);
    within(cost("adam", 4000), 0.13606616153974382);
    expect(run("adam").accuracy.train).toBe(0.9433333333333334);
  });

  it("decay: inverse at lr 0.1, and scheduled (0.3 every 1000) for gd, momentum and adam", () => {
    expect(run("gd-inverse").accuracy.train).toBe(0.6533333333333333);
    expect(run("gd-scheduled").accuracy.train).toBe(0.9466666666666667);
    expect(run("momentum-scheduled").accuracy.train).toBe(0.9533333333333334);
    expect(run("adam-scheduled").accuracy.train).toBe(0.94);
  });
});
