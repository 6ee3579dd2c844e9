// The backward graph is generated from the registry, never written per model: these tests read
// the generated equations against the course's, check that a value used twice gets the sum of
// both contributions, and that the gradients are right (finite differences through the whole
// network, on both engines).
import { describe, expect, test } from "vitest";
import { initLessonIR } from "../test/fixtures/init-lesson.js";
import type { ForwardGraph, ParamSpec, Program } from "../runtime/program.js";
import { buildForwardGraph, lossOpFor } from "./forward-graph.js";
import { deriveBackward } from "./backward-graph.js";
import { emitJs } from "./emit-js.js";
import { renderBackwardText, renderForwardText } from "./render-text.js";
import { instantiateKernels } from "../runtime/train.js";

describe("the init lesson's network [2, 10, 5, 1]", () => {
  const { graph } = buildForwardGraph(initLessonIR({ scheme: "he" }), 300);
  const backward = deriveBackward(graph);

  test("forward graph: every shape known", () => {
    expect(renderForwardText(graph)).toBe(
      [
        "Z1 = W1 * X + b1                                                  [10×300]   matmul_bias",
        "A1 = max(Z1, 0)                                                   [10×300]   relu",
        "Z2 = W2 * A1 + b2                                                 [5×300]    matmul_bias",
        "A2 = max(Z2, 0)                                                   [5×300]    relu",
        "Z3 = W3 * A2 + b3                                                 [1×300]    matmul_bias",
        "A3 = 1 ./ (1 + exp(-Z3))                                          [1×300]    sigmoid",
        "J = 1 / m * sum(max(Z3, 0) - Z3 .* Y + log1p(exp(-abs(Z3))), 2)   [1×1]      cross_entropy",
        "",
      ].join("\n"),
    );
  });

  test("backward equations read as the lesson's backward_propagation, in its order", () => {
    // dz3 = 1./m * (a3 - Y); dW3 = np.dot(dz3, a2.T); db3 = np.sum(dz3, axis=1, keepdims=True)
    // da2 = np.dot(W3.T, dz3); dz2 = np.multiply(da2, np.int64(a2 > 0)); ...
    expect(renderBackwardText(backward)).toBe(
      [
        "dZ3 = 1 / m * (A3 - Y)   [1×300]",
        "dW3 = dZ3 * A2'          [1×5]",
        "db3 = sum(dZ3, 2)        [1×1]",
        "dA2 = W3' * dZ3          [5×300]",
        "dZ2 = dA2 .* (A2 > 0)    [5×300]",
        "dW2 = dZ2 * A1'          [5×10]",
        "db2 = sum(dZ2, 2)        [5×1]",
        "dA1 = W2' * dZ2          [10×300]",
        "dZ1 = dA1 .* (A1 > 0)    [10×300]",
        "dW1 = dZ1 * X'           [10×2]",
        "db1 = sum(dZ1, 2)        [10×1]",
        "",
      ].join("\n"),
    );
  });

  test("no gradient for the data, and none for A3: the loss sends dZ3 to the logit directly", () => {
    const names = backward.equations.map((e) => e.name);
    expect(names).not.toContain("dX");
    expect(names).not.toContain("dA3");
    expect(backward.steps.map((s) => graph.nodes[s.node].output)).toEqual(["J", "Z3", "A2", "Z2", "A1", "Z1"]);
    expect(backward.steps[backward.steps.length - 1].inputs).toEqual([true, false, true]); // W1, X, b1
  });
});

describe("other activations and losses come from the same rules", () => {
  test("leaky_relu's slope appears as its value; tanh; the naive loss when the output is not a sigmoid", () => {
    const ir = initLessonIR({ scheme: "he" });
    ir.layers[0].activation = { name: "leaky_relu", slope: 0.01 };
    ir.layers[2].activation = { name: "tanh" };
    expect(lossOpFor(ir)).toBe("cross_entropy_naive");
    const { graph } = buildForwardGraph(ir, 8);
    const text = deriveBackward(graph).equations.map((e) => e.equation);
    expect(text).toContain("dA3 = 1 / m * ((1 - Y) ./ (1 - A3) - Y ./ A3)");
    expect(text).toContain("dZ3 = dA3 .* (1 - A3 .^ 2)");
    expect(text).toContain("dZ1 = dA1 .* ((Z1 > 0) + 0.01 * (Z1 <= 0))");
  });
});

// ---- a value used twice ---------------------------------------------------------------------
// Weight tying: W is used by two layers, Z1 = W·X + b1 and Z2 = W·A1 + b2 (W is 2×2). Its gradient
// must be the sum of both uses, which no lesson exercises but the derivation must get right.

function tiedProgram(m: number): Program {
  const values: ForwardGraph["values"] = {
    X: { name: "X", shape: [2, m], role: "input" },
    Y: { name: "Y", shape: [1, m], role: "label" },
    W: { name: "W", shape: [2, 2], role: "param" },
    b1: { name: "b1", shape: [2, 1], role: "param" },
    b2: { name: "b2", shape: [2, 1], role: "param" },
    W3: { name: "W3", shape: [1, 2], role: "param" },
    b3: { name: "b3", shape: [1, 1], role: "param" },
    Z1: { name: "Z1", shape: [2, m], role: "activation" },
    A1: { name: "A1", shape: [2, m], role: "activation" },
    Z2: { name: "Z2", shape: [2, m], role: "activation" },
    A2: { name: "A2", shape: [2, m], role: "activation" },
    Z3: { name: "Z3", shape: [1, m], role: "activation" },
    A3: { name: "A3", shape: [1, m], role: "activation" },
    J: { name: "J", shape: [1, 1], role: "loss" },
  };
  const node = (id: number, op: string, inputs: string[], output: string) => ({ id, op, inputs, output, attrs: {} });
  const forward: ForwardGraph = {
    values,
    nodes: [
      node(0, "matmul_bias", ["W", "X", "b1"], "Z1"),
      node(1, "tanh", ["Z1"], "A1"),
      node(2, "matmul_bias", ["W", "A1", "b2"], "Z2"),
      node(3, "tanh", ["Z2"], "A2"),
      node(4, "matmul_bias", ["W3", "A2", "b3"], "Z3"),
      node(5, "sigmoid", ["Z3"], "A3"),
      node(6, "cross_entropy", ["Z3", "A3", "Y"], "J"),
    ],
    input: "X",
    label: "Y",
    prediction: "A3",
    loss: "J",
    samples: m,
  };
  const spec = (name: string, shape: [number, number], kind: ParamSpec["kind"]): ParamSpec => ({
    name,
    shape,
    kind,
    layer: name,
    init: { scheme: "zeros" },
    fanIn: 2,
    fanOut: 2,
  });
  const params = [
    spec("W", [2, 2], "weight"),
    spec("b1", [2, 1], "bias"),
    spec("b2", [2, 1], "bias"),
    spec("W3", [1, 2], "weight"),
    spec("b3", [1, 1], "bias"),
  ];
  const backward = deriveBackward(forward);
  const emitted = emitJs(forward, backward, params);
  return {
    model: "tied",
    forward,
    backward,
    params,
    train: { data: "train", learningRate: 0.1, iterations: 1, reportEvery: 1 },
    report: { accuracy: [] },
    emitted: emitted.ok ? emitted.code : null,
  };
}

describe("gradients are summed over consumers", () => {
  const m = 5;
  const program = tiedProgram(m);
  const X = Float64Array.from([0.5, -1, 2, 0.1, -0.3, 1.5, 0.2, -0.7, 0.9, 1.1]);
  const Y = Float64Array.from([1, 0, 1, 1, 0]);
  const start = [[0.4, -0.6, 0.9, 0.3], [0.1, -0.2], [0.05, 0.3], [1.2, -0.8], [0.1]].map((p) => Float64Array.from(p));

  test("dW is the sum of both uses, listed once both are known", () => {
    const dW = program.backward.equations.find((e) => e.name === "dW")!;
    expect(dW.equation).toBe("dW = dZ2 * A1' + dZ1 * X'");
    expect(dW.terms.map((t) => program.forward.nodes[t.node].output)).toEqual(["Z2", "Z1"]);
    const order = program.backward.equations.map((e) => e.name);
    expect(order.indexOf("dW")).toBeGreaterThan(order.indexOf("dZ1"));
  });

  test.each(["interpreted", "emitted"] as const)(
    "%s gradients match centred finite differences of the cost",
    (engine) => {
      const params = start.map((p) => Float64Array.from(p));
      const { kernels } = instantiateKernels(program, params, engine);
      const G = params.map((p) => new Float64Array(p.length));
      kernels.gradients(X, Y, m, G);
      const eps = 1e-6;
      const scratch = params.map((p) => new Float64Array(p.length));
      params.forEach((p, pi) => {
        for (let e = 0; e < p.length; e++) {
          const saved = p[e];
          p[e] = saved + eps;
          const plus = kernels.gradients(X, Y, m, scratch);
          p[e] = saved - eps;
          const minus = kernels.gradients(X, Y, m, scratch);
          p[e] = saved;
          const numeric = (plus - minus) / (2 * eps);
          expect(Math.abs(numeric - G[pi][e]), `${program.params[pi].name}[${e}]`).toBeLessThan(1e-9);
        }
      });
    },
  );
});
