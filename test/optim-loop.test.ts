// The mini-batch training loop (runtime/train-epochs.ts) beside the fused full-batch step, its
// shuffle orders, and what `nnc run` prints for epochs and decayed learning rates.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileSource } from "../compiler/front-end.js";
import type { ModelIR } from "../contracts/ir.js";
import { trainModel } from "../drivers/train-model.js";
import { compileProgram } from "../compiler/compile-program.js";
import { loadDataset } from "../drivers/load-data.js";
import { RandomState } from "../runtime/rng/index.js";
import { train } from "../runtime/train.js";
import { gatherEpoch } from "../runtime/train-epochs.js";
import { nnc } from "./helpers/run-cli.js";
import { nodeFiles } from "../node/files.js";

const root = fileURLToPath(new URL("../", import.meta.url));

/** The moons model with its train line replaced. */
function model(train: string): ModelIR {
  const file = `${root}examples/optim-gd.nnspec`;
  const source = readFileSync(file, "utf8").replace(/^ {2}train .*$/m, `  ${train}`);
  const { ir, diagnostics } = compileSource(source, file);
  expect(diagnostics).toEqual([]);
  return ir as ModelIR;
}

describe("the mini-batch loop", () => {
  it("with one batch in the data's order is the fused full-batch step, to the bit", async () => {
    const notes: string[] = [];
    const fused = await trainModel(model("train gd(learning_rate: 0.5) for 300 iterations, report cost every 50"), {
      files: nodeFiles(root),
      onNote: (n) => notes.push(n),
    });
    expect(notes).toEqual([]);
    const loop = await trainModel(
      model("train gd(learning_rate: 0.5) for 300 epochs, batch 300, shuffle none, report cost every 50"),
      { files: nodeFiles(root), onNote: (n) => notes.push(n) },
    );
    expect(notes).toEqual([
      "training runs the mini-batch loop with per-step updates (mini-batches of 300), not the fused full-batch step",
    ]);
    expect(loop.costs).toEqual(fused.costs);
    expect(loop.params).toEqual(fused.params);
  });

  it("one shuffled batch an epoch: every engine sees each epoch's order (the batch is the same view)", async () => {
    // The epoch's copy is rewritten in a new order each epoch while the batch is the same view of
    // it, held only during its step: a copy kept from an earlier hold must not be reused.
    const ir = model(
      "train adam(learning_rate: 0.01) for 30 epochs, batch 300, shuffle lesson(seed: 3), report cost every 5",
    );
    const runs = await Promise.all(
      (["simd", "emitted", "interpreted"] as const).map((engine) => trainModel(ir, { files: nodeFiles(root), engine })),
    );
    expect(runs.map((r) => r.engine)).toEqual(["simd", "emitted", "interpreted"]);
    expect(runs[0].costs).toEqual(runs[1].costs);
    expect(runs[0].params).toEqual(runs[1].params);
    expect(runs[2].costs.map((c) => c.cost)).toEqual(runs[1].costs.map((c) => expect.closeTo(c.cost, 12)));
  });

  it("momentum with beta 0 is gradient descent", async () => {
    const gd = await trainModel(model("train gd(learning_rate: 0.3) for 50 epochs, batch 64, report cost every 10"), {
      files: nodeFiles(root),
    });
    const momentum = await trainModel(
      model("train momentum(learning_rate: 0.3, beta: 0) for 50 epochs, batch 64, report cost every 10"),
      { files: nodeFiles(root) },
    );
    expect(momentum.costs).toEqual(gd.costs);
  });

  it("draws its permutations from the model's stream by default, and `none` keeps the data's order", async () => {
    const run = async (options: string) =>
      (
        await trainModel(model(`train gd(learning_rate: 0.3) for 20 epochs, batch 64${options}, report cost every 5`), {
          files: nodeFiles(root),
        })
      ).costs;
    const byDefault = await run("");
    const none = await run(", shuffle none");
    expect(await run(", shuffle stream")).toEqual(byDefault);
    expect(none).not.toEqual(byDefault);
    expect(await run(", shuffle lesson(seed: 10)")).not.toEqual(byDefault);
    // The first epoch starts from the same parameters whatever the order: only the order of the
    // batches' updates differs, so the costs are close but not equal.
    expect(Math.abs(none[0].cost - byDefault[0].cost)).toBeLessThan(0.05);
  });

  it("copies an epoch's examples in order, each batch a features × size block at features · start", () => {
    // 3 features × 7 examples, X[f][j] = 10·f + j, labels 100 + j; batches of 4 and 3.
    const m = 7;
    const X = Float64Array.from({ length: 3 * m }, (_, e) => 10 * Math.floor(e / m) + (e % m));
    const Y = Float64Array.from({ length: m }, (_, j) => 100 + j);
    const order = Int32Array.from([6, 2, 0, 5, 1, 4, 3]);
    const into = new Float64Array(3 * m);
    const intoY = new Float64Array(m);
    gatherEpoch(X, Y, m, 3, order, 4, into, intoY);
    expect([...into.subarray(0, 12)]).toEqual([6, 2, 0, 5, 16, 12, 10, 15, 26, 22, 20, 25]);
    expect([...into.subarray(12)]).toEqual([1, 4, 3, 11, 14, 13, 21, 24, 23]);
    expect([...intoY]).toEqual([106, 102, 100, 105, 101, 104, 103]);
  });

  it("copies every feature's row, four at a time and the rest one by one (9 features)", () => {
    const [m, features] = [11, 9];
    const X = Float64Array.from({ length: features * m }, (_, e) => Math.sin(e + 1));
    const Y = Float64Array.from({ length: m }, (_, j) => j);
    const order = Int32Array.from([3, 10, 0, 7, 1, 9, 4, 2, 8, 6, 5]);
    const into = new Float64Array(features * m);
    gatherEpoch(X, Y, m, features, order, 4, into, new Float64Array(m));
    for (let start = 0; start < m; start += 4) {
      const size = Math.min(4, m - start);
      for (let f = 0; f < features; f++)
        for (let j = 0; j < size; j++) expect(into[features * start + f * size + j]).toBe(X[f * m + order[start + j]]);
    }
  });

  it("decays the learning rate after each epoch, from the initial one", async () => {
    const { costs } = await trainModel(
      model(
        "train gd(learning_rate: 0.1) for 9 epochs, batch 64, decay " +
          "scheduled(rate: 0.5, interval: 4), report cost every 1",
      ),
      { files: nodeFiles(root) },
    );
    // After epoch i: 0.1 / (1 + 0.5 · floor(i / 4)).
    expect(costs.map((c) => c.learningRate)).toEqual([
      0.1,
      0.1,
      0.1,
      0.1,
      0.1 / 1.5,
      0.1 / 1.5,
      0.1 / 1.5,
      0.1 / 1.5,
      0.1 / 2,
    ]);
  });
});

describe("nnc run on the optimization lesson", () => {
  it("prints epochs, and the learning rate where a decay changed it", async () => {
    const { code, stdout, stderr } = await nnc("run", "--verbose", "examples/optim-gd-decay.nnspec");
    expect(code).toBe(0);
    expect(stdout.split("\n").slice(0, 3)).toEqual([
      "Cost after epoch 0: 0.7010914685043044",
      "Cost after epoch 1000: 0.12716128325384327 (learning rate 0.07692307692307693)",
      "Cost after epoch 2000: 0.11971571287687685 (learning rate 0.0625)",
    ]);
    expect(stdout).toContain("Accuracy on train: 0.9466666666666667");
    expect(stderr).toContain("note: training runs the mini-batch loop with per-step updates (mini-batches of 64)");
  });

  it("--json keys the costs by epoch, with the learning rate", async () => {
    const { stdout } = await nnc("run", "--json", "examples/optim-gd-decay.nnspec");
    const doc = JSON.parse(stdout);
    expect(doc.costs[1]).toEqual({ epoch: 1000, cost: 0.12716128325384327, learning_rate: 0.07692307692307693 });
    expect(doc.accuracy).toEqual({ train: 0.9466666666666667 });
  });
});

describe("nnc report on the optimization lesson", () => {
  it("states the optimizer, epochs and batches, and counts the cost lines in epochs", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "nnc-optim-")), "adam.html");
    expect((await nnc("report", "examples/optim-adam.nnspec", "-o", out)).code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain(
      "Adam (learning_rate 0.0007, beta1 0.9, beta2 0.999, epsilon " +
        "1e-8), 5000 epochs in mini-batches of 64 on &#39;train&#39;",
    );
    expect(html).toContain("<th>epoch</th><th>cost</th>");
    expect(html).toContain("0.13606616153974382");
  });
});

describe("the IR of a mini-batch run", () => {
  it("round-trips through `nnc compile` and the schema, and trains the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-optim-"));
    const irFile = join(dir, "adam.ir.json");
    expect((await nnc("compile", "examples/optim-adam.nnspec", "-o", irFile)).code).toBe(0);
    const ir = JSON.parse(readFileSync(irFile, "utf8"));
    expect(ir.train).toMatchObject({
      optimizer: { name: "adam", learning_rate: 0.0007, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      iterations: 5000,
      unit: "epochs",
      batch: 64,
      shuffle: { kind: "lesson", seed: 10 },
      report_every: 1000,
    });
    const fromIr = JSON.parse((await nnc("run", "--json", irFile)).stdout);
    const fromSource = JSON.parse((await nnc("run", "--json", "examples/optim-adam.nnspec")).stdout);
    expect(fromIr.costs).toEqual(fromSource.costs);
    expect(fromIr.costs[4]).toEqual({ epoch: 4000, cost: 0.13606616153974382 });
  });

  it("a schema error names a wrong shuffle", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-optim-"));
    const irFile = join(dir, "gd.ir.json");
    await nnc("compile", "examples/optim-gd.nnspec", "-o", irFile);
    const ir = JSON.parse(readFileSync(irFile, "utf8"));
    ir.train.shuffle = { kind: "lesson" };
    writeFileSync(irFile, JSON.stringify(ir));
    const { code, stderr } = await nnc("run", irFile);
    expect(code).not.toBe(0);
    expect(stderr).toContain("NNC2024");
  });
});

describe("the first-layer rewrite steps aside", () => {
  // More features than examples, so the rewrite pays for full-batch gradient descent.
  const wide = (train: Partial<ModelIR["train"]>): ModelIR => ({
    nnc_ir: 1,
    model: "wide",
    seed: 1,
    data: [
      { name: "train", kind: "randn", features: 40, samples: 10, labels: [0, 1, 1, 0, 1, 0, 0, 1, 1, 0], seed: 2 },
    ],
    input: { name: "x", units: 40 },
    layers: [
      { name: "h", kind: "dense", units: 4, activation: { name: "relu" }, init: { scheme: "he" } },
      { name: "out", kind: "dense", units: 1, activation: { name: "sigmoid" }, init: { scheme: "he" } },
    ],
    loss: { name: "cross_entropy" },
    train: {
      optimizer: { name: "gd", learning_rate: 0.05 },
      data: "train",
      iterations: 40,
      report_every: 10,
      ...train,
    },
    report: { accuracy: ["train"] },
  });

  it("for mini-batches, optimizers other than gd and decay, saying why", () => {
    const plan = (train: Partial<ModelIR["train"]>) => compileProgram(wide(train)).rewrite;
    expect(plan({}).applies).toBe(true);
    expect(plan({ unit: "epochs", batch: 4 })).toEqual({
      applies: false,
      reason: "it needs full-batch steps, and this model trains in mini-batches of 4",
    });
    expect(plan({ optimizer: { name: "adam", learning_rate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } })).toEqual(
      {
        applies: false,
        reason: "it needs plain gradient descent, and this model trains with adam",
      },
    );
    expect(plan({ decay: { kind: "inverse", rate: 1 } })).toEqual({
      applies: false,
      reason: "it needs a fixed learning rate, and this model decays it (inverse)",
    });
  });

  it("and `nnc run --verbose` says so for a model the interpreter runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-optim-"));
    const file = join(dir, "wide.nnspec");
    const wideModel = (train: string) => `model wide {
  seed 1
  data train = randn(features: 1000, samples: 8, labels: [[1, 0, 1, 1, 0, 0, 1, 0]])
  input x[1000]
  dense h[5] relu init he
  dense out[1] sigmoid init he
  loss cross_entropy
  ${train}
  report accuracy on train
}
`;
    writeFileSync(file, wideModel("train adam(learning_rate: 0.001) for 3 epochs, batch 4, report cost every 1"));
    const adam = await nnc("run", "--verbose", file);
    expect(adam.code).toBe(0);
    expect(adam.stderr).toContain("engine: interpreter");
    expect(adam.stderr).toContain(
      "first-layer rewrite: does not apply: it needs full-batch steps, and this model trains in mini-batches of 4",
    );
    // 10 steps repay XᵀX here (3 would not: compiler/rewrite.ts weighs the steps).
    writeFileSync(file, wideModel("train gd(learning_rate: 0.001) for 10 iterations, report cost every 5"));
    const gd = await nnc("run", "--verbose", file);
    expect(gd.stderr).toContain("first-layer rewrite: W1 · X kept as P (5×8)");
    expect(gd.stderr).not.toContain("mini-batch loop");
  });

  it("and the interpreter's mini-batch Adam run is the generated code's, to the bit", async () => {
    const ir = wide({
      optimizer: { name: "adam", learning_rate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      unit: "epochs",
      batch: 4,
      shuffle: { kind: "lesson", seed: 5 },
    });
    const datasets = { train: await loadDataset(ir.data[0], new RandomState(1), nodeFiles(root)) };
    const emitted = train(compileProgram(ir), datasets, { engine: "emitted" });
    const interpreted = train(compileProgram(ir), datasets, { engine: "interpreted" });
    expect(interpreted.costs).toEqual(emitted.costs);
    expect(interpreted.costs).toHaveLength(4);
  });
});
