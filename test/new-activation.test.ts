// Adding an activation is its file plus one registry line. The fixture test/fixtures/elu.ts is such
// a file; `registerOp(elu)` is the line. From then on `elu` is a word of the language: it parses
// and compiles (arguments bound and range-checked from its attribute, did-you-mean lists and the
// IR schema included), `nnc derive` teaches its rule, the gradient check passes, and the network
// trains, its first step as a hand computation with ELU's derivative predicts.
import seedrandom from "seedrandom";
import { beforeAll, describe, expect, test } from "vitest";
import { compileSource } from "../compiler/front-end.js";
import { deriveModel } from "../compiler/derivation.js";
import { renderDerivationText } from "../compiler/render-derivation.js";
import { compileProgram } from "../compiler/compile-program.js";
import type { ModelIR } from "../contracts/ir.js";
import { checkModel } from "../drivers/check-model.js";
import { loadModelData, trainModel } from "../drivers/train-model.js";
import { initParams } from "../runtime/init.js";
import { activationWords, registerOp } from "../runtime/ops/index.js";
import { RandomState } from "../runtime/rng/index.js";
import { elu } from "./fixtures/elu.js";
import { TRIALS, checkOnce } from "./helpers/op-equations.js";

function model(activation: string, train = "gd(learning_rate: 0.5) for 2 iterations, report cost every 1"): string {
  return `model elu_net {
  seed 2
  data train = randn(features: 3, samples: 6, labels: [1, 0, 1, 1, 0, 0], seed: 4)
  input x[3]
  dense h1[4] ${activation} init he
  dense out[1] sigmoid init he
  loss cross_entropy
  train ${train}
}
`;
}

const compile = (source: string) => compileSource(source, "elu.nnspec");
const errors = (source: string) => compile(source).diagnostics.filter((d) => d.severity === "error");

function irOf(source: string): ModelIR {
  const { ir, diagnostics } = compile(source);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return ir!;
}

test("before its registry line, `elu` is not a word of the language (NNC2001)", () => {
  const [error] = errors(model("elu"));
  expect(error.code).toBe("NNC2001");
  expect(error.message).toBe("unknown activation 'elu'");
  expect(activationWords().map((w) => w.name)).not.toContain("elu");
});

describe("registered with one line", () => {
  beforeAll(() => registerOp(elu));

  test("it is an activation: listed after the built-in ones, with its attribute", () => {
    const words = activationWords();
    expect(words.at(-1)).toEqual({ name: "elu", params: elu.attributes, doc: elu.doc });
    expect(() => registerOp(elu)).toThrow("an op named 'elu' is registered already");
  });

  test("it compiles, its attribute's default filled into the IR, and the IR passes the schema", () => {
    expect(irOf(model("elu")).layers[0].activation).toEqual({ name: "elu", alpha: 1 });
    expect(irOf(model("elu(alpha: 0.5)")).layers[0].activation).toEqual({ name: "elu", alpha: 0.5 });
  });

  test("its argument is bound and range-checked from its attribute; misspellings get a did-you-mean", () => {
    const [outOfRange] = errors(model("elu(alpha: 0)"));
    expect(outOfRange.code).toBe("NNC2013");
    expect(outOfRange.expected).toBe("alpha > 0: the value −alpha is approached as z → −∞ (1 unless given)");
    const [misspeltArgument] = errors(model("elu(alhpa: 0.5)"));
    expect([misspeltArgument.code, misspeltArgument.help]).toEqual(["NNC2006", "did you mean 'alpha'?"]);
    const [misspelt] = errors(model("elus"));
    expect([misspelt.code, misspelt.help]).toEqual(["NNC2001", "did you mean 'elu'?"]);
    expect(misspelt.expected).toContain("`leaky_relu` or `elu`, or one you define");
  });

  test("`nnc derive` teaches its forward rule, its backward rule and why", () => {
    const text = renderDerivationText(deriveModel(irOf(model("elu(alpha: 0.5)"))));
    expect(text).toContain("A[1] = max(Z[1], 0) + 0.5 (exp(min(Z[1], 0)) − 1)");
    expect(text).toContain("dZ[1] = dA[1] ∗ (1{Z[1] > 0} + 0.5 1{Z[1] ≤ 0}) ∗ exp(min(Z[1], 0))");
    expect(text).toContain("← elu at A[1] (layer h1): dZ = dA ∗ (1{Z > 0} + alpha 1{Z ≤ 0}) ∗ exp(min(Z, 0))");
    expect(text).toContain("g′(z) = 1 where z > 0 and α e^z where z ≤ 0");
  });

  test("its equations are its kernels (the check every built-in op passes)", () => {
    const random = seedrandom("elu");
    for (let trial = 0; trial < TRIALS; trial++) checkOnce(elu, random);
  });

  test("the gradient check passes on a network that uses it", async () => {
    const { report } = await checkModel(irOf(model("elu(alpha: 0.5)")), { baseDir: "." });
    expect(report.passed).toBe(true);
    expect(report.difference).toBeLessThan(1e-7);
    expect(report.parameters.map((p) => p.verdict)).toEqual(["PASS", "PASS", "PASS", "PASS"]);
  });

  test("it trains: the generated code and the interpreter agree to the bit, and the cost falls", async () => {
    const ir = irOf(model("elu(alpha: 0.5)", "gd(learning_rate: 0.5) for 200 iterations, report cost every 50"));
    const emitted = await trainModel(ir, { baseDir: ".", engine: "emitted" });
    const interpreted = await trainModel(ir, { baseDir: ".", engine: "interpreted" });
    expect(emitted.engine).toBe("emitted");
    expect(emitted.costs).toEqual(interpreted.costs);
    expect(emitted.costs.at(-1)!.cost).toBeLessThan(emitted.costs[0].cost / 2);
  });

  test("its first step is the one a hand computation with ELU's derivative predicts", async () => {
    const alpha = 0.5;
    const ir = irOf(model(`elu(alpha: ${alpha})`));
    const stream = new RandomState(ir.seed);
    const data = (await loadModelData(ir, stream, ".")).get("train")!;
    const [W1, b1, W2, b2] = initParams(compileProgram(ir, { samples: data.samples }).params, stream).map((p) => [
      ...p,
    ]);
    const [n, features, m] = [4, 3, data.samples];
    const x = (i: number, j: number) => data.X[i * m + j];
    const cost = (W1: number[], b1: number[], W2: number[], b2: number[]) => {
      let sum = 0;
      const cache = { z1: [] as number[][], a1: [] as number[][], a2: [] as number[] };
      for (let j = 0; j < m; j++) {
        const z1 = b1.map(
          (b, k) => b + W1.slice(k * features, (k + 1) * features).reduce((s, w, i) => s + w * x(i, j), 0),
        );
        const a1 = z1.map((z) => (z > 0 ? z : alpha * (Math.exp(z) - 1)));
        const a2 = 1 / (1 + Math.exp(-(b2[0] + W2.reduce((s, w, k) => s + w * a1[k], 0))));
        const y = data.Y[j];
        sum += -(y * Math.log(a2) + (1 - y) * Math.log(1 - a2));
        cache.z1.push(z1);
        cache.a1.push(a1);
        cache.a2.push(a2);
      }
      return { J: sum / m, ...cache };
    };
    const before = cost(W1, b1, W2, b2);
    // Backpropagation by hand: dZ2 = (A2 − Y)/m, and ELU's slope 1 or α e^z in dZ1.
    const dW1 = W1.map(() => 0);
    const db1 = b1.map(() => 0);
    const dW2 = W2.map(() => 0);
    let db2 = 0;
    for (let j = 0; j < m; j++) {
      const dZ2 = (before.a2[j] - data.Y[j]) / m;
      db2 += dZ2;
      for (let k = 0; k < n; k++) {
        dW2[k] += dZ2 * before.a1[j][k];
        const z = before.z1[j][k];
        const dZ1 = W2[k] * dZ2 * (z > 0 ? 1 : alpha * Math.exp(z));
        db1[k] += dZ1;
        for (let i = 0; i < features; i++) dW1[k * features + i] += dZ1 * x(i, j);
      }
    }
    const step = (p: number[], dp: number[]) => p.map((v, e) => v - 0.5 * dp[e]);
    const after = cost(step(W1, dW1), step(b1, db1), step(W2, dW2), [b2[0] - 0.5 * db2]);

    const { costs } = await trainModel(ir, { baseDir: "." });
    expect(costs.map((c) => c.iteration)).toEqual([0, 1]);
    expect(Math.abs(costs[0].cost - before.J)).toBeLessThan(1e-12);
    expect(Math.abs(costs[1].cost - after.J)).toBeLessThan(1e-12);
    expect(after.J).toBeLessThan(before.J);
  });
});
