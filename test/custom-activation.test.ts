// Custom activations defined by a formula (`activation swish(z) = z * sigmoid(z)`): g′ from
// mathjs's symbolic derivative against the analytic one, the same numbers from the interpreter
// and the generated code, the whole model's gradients against centred differences, and the
// errors a learner can make in a formula.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { compileAny, compileSource } from "../compiler/front-end.js";
import { formulaSpec } from "../compiler/custom-activation.js";
import { trainModel } from "../drivers/train-model.js";
import { loadModelData } from "../drivers/train-model.js";
import { compileProgram } from "../compiler/compile-program.js";
import type { ModelIR } from "../contracts/ir.js";
import { initParams } from "../runtime/init.js";
import { formulaActivation, formulaToJs, type ElementwiseTemplates } from "../runtime/ops/index.js";
import { RandomState } from "../runtime/rng/index.js";
import { instantiateKernels } from "../runtime/train.js";
import { parse } from "mathjs";
import { nodeFiles } from "../node/files.js";
import seedrandom from "seedrandom";
import { TRIALS, checkOnce } from "./helpers/op-equations.js";

const sigma = (z: number) => 1 / (1 + Math.exp(-z));
const swishSlope = (z: number) => sigma(z) * (1 + z * (1 - sigma(z)));
const swish = formulaSpec({ name: "swish", parameter: "z", formula: "z * sigmoid(z)" });

function modelWith(definition: string, activation = "swish", iterations = 300): string {
  return `model custom {
  seed 3
  data train = circles(samples: 60, noise: 0.05, seed: 1)
  ${definition}
  input x[2]
  dense h1[6] ${activation} init he
  dense h2[4] ${activation} init he
  dense out[1] sigmoid init he
  loss cross_entropy
  train gd(learning_rate: 0.1) for ${iterations} iterations, report cost every 100
  report accuracy on train
}
`;
}

function irOf(source: string): ModelIR {
  const { ir, diagnostics } = compileSource(source, "custom.nnspec");
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return ir!;
}

describe("swish(z) = z * sigmoid(z)", () => {
  const op = formulaActivation(swish);
  const points = Array.from({ length: 801 }, (_, i) => -40 + i * 0.1);

  test("mathjs's derivative, as nnc runs it, is σ(z)(1 + z(1 − σ(z))) to 1e-13 at 801 points in [-40, 40]", () => {
    expect(swish.derivative).toBe("(exp(-z) * (z + 1) + 1) / (exp(-z) + 1) ^ 2");
    const ctx = (Z: Float64Array) => ({
      inputs: [Z],
      inputShapes: [[1, Z.length]] as const,
      output: new Float64Array(Z.length),
      outputShape: [1, Z.length] as const,
      attrs: {},
    });
    const Z = Float64Array.from(points);
    const forward = ctx(Z);
    op.forward(forward);
    const dZ = new Float64Array(Z.length);
    op.backward({ ...forward, dOutput: new Float64Array(Z.length).fill(1) }, [dZ]);
    points.forEach((z, i) => {
      expect(forward.output[i], `g(${z})`).toBeCloseTo(z * sigma(z), 13);
      const analytic = swishSlope(z);
      expect(Math.abs(dZ[i] - analytic), `g′(${z})`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(analytic)));
    });
  });

  test("the emitter's templates are the kernel's arithmetic, to the bit", () => {
    const t = op.templates as ElementwiseTemplates;
    const forward = new Function("z", `return ${t.forward("z", {})};`) as (z: number) => number;
    const backward = new Function("dA", "z", `return ${t.backward({ dA: "dA", Z: "z", A: "unused" }, {})};`) as (
      dA: number,
      z: number,
    ) => number;
    for (const z of points) {
      const A = new Float64Array(1);
      op.forward({ inputs: [Float64Array.of(z)], inputShapes: [[1, 1]], output: A, outputShape: [1, 1], attrs: {} });
      expect(forward(z)).toBe(A[0]);
      const dZ = new Float64Array(1);
      op.backward(
        {
          inputs: [Float64Array.of(z)],
          inputShapes: [[1, 1]],
          output: A,
          outputShape: [1, 1],
          attrs: {},
          dOutput: Float64Array.of(0.37),
        },
        [dZ],
      );
      expect(backward(0.37, z)).toBe(dZ[0]);
    }
  });
});

describe.each([
  ["swish", "activation swish(z) = z * sigmoid(z)"],
  ["mish", "activation mish(x) = x * tanh(softplus(x))"],
  ["log2_softplus", "activation log2_softplus(z) = log(1 + 2 ^ z, 2)"],
  ["gelu_tanh", "activation gelu_tanh(z) = 0.5 * z * (1 + tanh(sqrt(2 / pi) * (z + 0.044715 * z ^ 3)))"],
])("a [2, 6, 4, 1] network with %s", (name, definition) => {
  const ir = irOf(modelWith(definition, name));

  test("trained by the generated code and by the interpreter: the same costs and parameters, to the bit", async () => {
    const emitted = await trainModel(ir, { files: nodeFiles("."), engine: "emitted" });
    const interpreted = await trainModel(ir, { files: nodeFiles("."), engine: "interpreted" });
    expect(emitted.engine).toBe("emitted");
    expect(emitted.costs).toEqual(interpreted.costs);
    expect(emitted.params).toEqual(interpreted.params);
    expect(emitted.costs.at(-1)!.cost).toBeLessThan(emitted.costs[0].cost);
  });

  test("its gradients match centred differences of the cost (relative difference < 1e-7)", async () => {
    const stream = new RandomState(3);
    const data = (await loadModelData(ir, stream, nodeFiles("."))).get("train")!;
    const program = compileProgram(ir, { samples: data.samples });
    const params = initParams(program.params, stream);
    const { kernels } = instantiateKernels(program, params, "emitted");
    const G = params.map((p) => new Float64Array(p.length));
    kernels.gradients(data.X, data.Y, data.samples, G);
    const scratch = params.map((p) => new Float64Array(p.length));
    const eps = 1e-7;
    let num2 = 0;
    let diff2 = 0;
    let ana2 = 0;
    params.forEach((p, pi) => {
      for (let e = 0; e < p.length; e++) {
        const saved = p[e];
        p[e] = saved + eps;
        const plus = kernels.gradients(data.X, data.Y, data.samples, scratch);
        p[e] = saved - eps;
        const minus = kernels.gradients(data.X, data.Y, data.samples, scratch);
        p[e] = saved;
        const numeric = (plus - minus) / (2 * eps);
        num2 += numeric ** 2;
        ana2 += G[pi][e] ** 2;
        diff2 += (numeric - G[pi][e]) ** 2;
      }
    });
    // The lesson's metric ‖g − g̃‖ / (‖g‖ + ‖g̃‖).
    const difference = Math.sqrt(diff2) / (Math.sqrt(ana2) + Math.sqrt(num2));
    expect(difference).toBeLessThan(1e-7);
    expect(ana2).toBeGreaterThan(0);
  });
});

describe("a custom activation's printed equations are its kernels, as every op's are", () => {
  test.each([
    ["swish", "z", "z * sigmoid(z)", "A = Z .* sigmoid(Z)"],
    ["mish", "x", "x * tanh(softplus(x))", "A = Z .* tanh(softplus(Z))"],
    ["log2_softplus", "z", "log(1 + 2 ^ z, 2)", "A = log(1 + 2 .^ Z, 2)"],
    [
      "gelu_tanh",
      "z",
      "0.5 * z * (1 + tanh(sqrt(2 / pi) * (z + 0.044715 * z ^ 3)))",
      "A = 0.5 * Z .* (1 + tanh(sqrt(2 / pi) * (Z + 0.044715 * Z .^ 3)))",
    ],
    ["cosh_mix", "z", "sinh(z) / cosh(z) + pow(z, 2) / 8", "A = sinh(Z) ./ cosh(Z) + pow(Z, 2) / 8"],
  ])(
    "%s: products of matrices are written .*; its rules are its kernels to 1e-12",
    (name, variable, formula, forward) => {
      const op = formulaActivation(formulaSpec({ name, parameter: variable, formula }));
      expect(op.equation.forward).toBe(forward);
      const random = seedrandom(name);
      for (let trial = 0; trial < TRIALS; trial++) checkOnce(op, random);
    },
  );
});

describe("the formula reaches the code only through the JS printer's whitelist", () => {
  test.each([
    ["z.constructor", "AccessorNode"],
    ["f(z) = 1", "FunctionAssignmentNode"],
    ["alert(z)", "function 'alert'"],
    ["window", "unknown name 'window'"],
  ])("%s is refused", (text, message) => {
    expect(() => formulaToJs(parse(text), "z", "z")).toThrow(message);
  });

  test("an IR file with a formula nnc would not accept never runs", () => {
    expect(() => formulaActivation({ name: "evil", parameter: "z", forward: "z + process", derivative: "1" })).toThrow(
      "unknown name 'process'",
    );
  });
});

describe("errors in an activation statement", () => {
  const errors = (definition: string, activation = "swish") =>
    compileSource(modelWith(definition, activation), "custom.nnspec").diagnostics.filter((d) => d.severity === "error");

  test.each([
    [
      "activation swish(z) = z * sigmod(z)",
      "NNC2050",
      "unknown function 'sigmod' in the formula of activation 'swish'",
      "did you mean 'sigmoid'?",
    ],
    [
      "activation swish(z) = x * sigmoid(x)",
      "NNC2050",
      "unknown name 'x' in the formula of activation 'swish'",
      undefined,
    ],
    ["activation swish(z) = max(z, 0) * z", "NNC2051", "is not differentiable everywhere: it uses max()", undefined],
    [
      "activation swish(z) = (z > 0) * z",
      "NNC2051",
      "is not differentiable everywhere: it uses a comparison (>)",
      undefined,
    ],
    ["activation swish(z) = 2 * sigmoid(1)", "NNC2052", "does not use its variable 'z'", undefined],
    ["activation swish(exp) = exp * 2", "NNC2052", "'exp' names a function or constant", undefined],
    ["activation swish(z) = z - z", "NNC2052", "is constant: its derivative is 0 everywhere", undefined],
    ["activation swish(z) = exp(z, 2)", "NNC2023", "exp() takes 1 argument, given 2", undefined],
    ["activation swish(z) = pow(z)", "NNC2007", "pow() takes 2 arguments, given 1", undefined],
  ])("%s → %s", (definition, code, message, help) => {
    const [d] = errors(definition);
    expect(d.code).toBe(code);
    expect(d.message).toContain(message);
    expect(d.help).toBe(help ?? d.help);
    expect(d.span?.line).toBe(4);
  });

  test("redefining a built-in activation", () => {
    const [d] = errors("activation relu(z) = z * sigmoid(z)", "relu");
    expect(d.code).toBe("NNC2053");
    expect(d.message).toBe("'relu' is a built-in activation and cannot be redefined");
  });

  test("a layer naming a misspelt custom activation gets it suggested", () => {
    const [d] = errors("activation swish(z) = z * sigmoid(z)", "swsh");
    expect(d.code).toBe("NNC2001");
    expect(d.help).toBe("did you mean 'swish'?");
    expect(d.expected).toContain("or one you define with `activation name(z) = ...`");
  });

  test("an activation defined twice", () => {
    const [d] = errors("activation swish(z) = z * sigmoid(z)\n  activation swish(z) = z");
    expect(d.code).toBe("NNC2009");
    expect(d.message).toBe("activation 'swish' is defined twice");
  });
});

test("the IR keeps the formula; `nnc compile` output runs the same (the formula is re-checked on load)", () => {
  const source = readFileSync("examples/custom-activation.nnspec", "utf8");
  const ir = irOf(source);
  expect(ir.activations).toEqual([
    { name: "swish", parameter: "z", formula: "z * sigmoid(z)", at: expect.any(Object) },
  ]);
  expect(ir.layers[0].activation).toEqual({ name: "swish", custom: true });
  const reloaded = compileAny(JSON.stringify(ir), "model.ir.json");
  expect(reloaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(reloaded.ir!.activations).toEqual(ir.activations);
});

test("an IR file with an unsafe or undefined custom activation gets diagnostics, never runs", () => {
  const ir = irOf(readFileSync("examples/custom-activation.nnspec", "utf8"));
  const evil = { ...ir, activations: [{ name: "swish", parameter: "z", formula: "z.constructor" }] };
  const [bad] = compileAny(JSON.stringify(evil), "model.ir.json").diagnostics;
  expect(bad.code).toBe("NNC2050");
  expect(bad.message).toContain("the formula of activation 'swish' cannot run: property access is not allowed");
  const undefinedOne = { ...ir, activations: [] };
  const [missing] = compileAny(JSON.stringify(undefinedOne), "model.ir.json").diagnostics;
  expect(missing.code).toBe("NNC2001");
  expect(missing.message).toBe("layer 'h1' uses activation 'swish', which the model does not define");
});
