// Every op: forward at kinks and extremes, backward against hand-checked rows and centred finite
// differences, the scalar code templates against the kernels, and the registry complete.
import { readFileSync } from "node:fs";
import { parse } from "mathjs";
import { describe, expect, test } from "vitest";
import {
  codeLibrary,
  ops,
  getOp,
  type OpAttrs,
  type Shape,
  type ElementwiseTemplates,
  type LossTemplates,
  type AffineTemplates,
} from "./index.js";
import type { OpDefinition } from "./op.js";
import { softmaxColumns } from "./softmax.js";
import { pairwiseSum } from "./sum.js";

/** m as the penalty ops read it from the pass (the other ops take it from their shapes). */
const EXAMPLES = 5;

function runForward(op: OpDefinition, inputs: Float64Array[], shapes: Shape[], attrs: OpAttrs = {}): Float64Array {
  const outputShape = op.shape(shapes, attrs);
  const output = new Float64Array(outputShape[0] * outputShape[1]);
  op.forward({ inputs, inputShapes: shapes, output, outputShape, attrs, m: EXAMPLES });
  return output;
}

function runBackward(
  op: OpDefinition,
  inputs: Float64Array[],
  shapes: Shape[],
  dOutput: Float64Array,
  attrs: OpAttrs = {},
): (Float64Array | null)[] {
  const outputShape = op.shape(shapes, attrs);
  const output = runForward(op, inputs, shapes, attrs);
  const grads = op.inputs.map((input, i) => (input.differentiable ? new Float64Array(inputs[i].length) : null));
  op.backward({ inputs, inputShapes: shapes, output, outputShape, attrs, dOutput, m: EXAMPLES }, grads);
  return grads;
}

const f64 = (...xs: number[]) => Float64Array.from(xs);
const row = (xs: number[]): Shape => [1, xs.length];

describe("elementwise forward", () => {
  test.each([
    ["relu", [-2, -0, 0, 1e-300, 3], {}, [0, 0, 0, 1e-300, 3]],
    // σ(-40) as numpy prints 1 / (1 + np.exp(40)).
    ["sigmoid", [0, 40, -40, 800, -800], {}, [0.5, 1, 4.24835425529159e-18, 1, 0]],
    ["tanh", [0, 1, -800, 800], {}, [0, Math.tanh(1), -1, 1]],
    ["leaky_relu", [-2, 0, 3], { slope: 0.01 }, [-0.02, 0, 3]],
    ["linear", [-2, 0, 3], {}, [-2, 0, 3]],
  ] as [string, number[], OpAttrs, number[]][])("%s(%j)", (name, z, attrs, expected) => {
    const A = runForward(getOp(name), [f64(...z)], [row(z)], attrs);
    expect([...A]).toEqual(expected);
    expect(A.every(Number.isFinite)).toBe(true);
  });
});

describe("elementwise backward (rows: Z, upstream dA, expected dZ)", () => {
  test.each([
    // The kink: relu'(0) = 0, as the lessons zero dZ where Z <= 0 (tfjs pins the same row).
    ["relu", [1, -1, 0, 0.1], [1, 2, 3, 4], {}, [1, 0, 0, 4]],
    ["sigmoid", [0, 800, -800], [1, 1, 1], {}, [0.25, 0, 0]],
    ["tanh", [0, 800], [2, 2], {}, [2, 0]],
    ["leaky_relu", [1, -1, 0], [1, 2, 3], { slope: 0.1 }, [1, 0.2, 0.30000000000000004]],
    ["linear", [5, -5], [1, 2], {}, [1, 2]],
  ] as [string, number[], number[], OpAttrs, number[]][])("%s at %j", (name, z, dA, attrs, expected) => {
    const [dZ] = runBackward(getOp(name), [f64(...z)], [row(z)], f64(...dA), attrs);
    expect([...dZ!]).toEqual(expected);
  });
});

describe("matmul_bias", () => {
  // W 2×3, A_prev 3×4, b 2×1: non-square everywhere, so a transposed index shows up.
  const W = f64(1, 2, 3, -1, 0.5, 2);
  const A = f64(1, 0, -1, 2, 3, 1, 0, -2, 0.5, 4, 1, 1);
  const b = f64(0.25, -1);
  const shapes: Shape[] = [
    [2, 3],
    [3, 4],
    [2, 1],
  ];
  test("forward is W·A_prev + b, shape 2×4", () => {
    const op = getOp("matmul_bias");
    expect(op.shape(shapes, {})).toEqual([2, 4]);
    const Z = runForward(op, [W, A, b], shapes);
    const expected = [0, 1].flatMap((k) =>
      [0, 1, 2, 3].map((j) => [0, 1, 2].reduce((s, i) => s + W[k * 3 + i] * A[i * 4 + j], 0) + b[k]),
    );
    expect([...Z]).toEqual(expected);
  });
  test("mismatched shapes are an error naming both", () => {
    expect(() =>
      getOp("matmul_bias").shape(
        [
          [2, 3],
          [4, 4],
          [2, 1],
        ],
        {},
      ),
    ).toThrow(/W is 2×3 but A_prev has 4 rows/);
  });
});

describe("cross-entropy at extreme logits", () => {
  test.each([
    [800, 0, 800],
    [-800, 1, 800],
    [800, 1, 0],
    [-800, 0, 0],
    [0, 1, Math.LN2],
  ])("stable form at z = %d, y = %d is %d (finite)", (z, y, expected) => {
    const sigmoid = 1 / (1 + Math.exp(-z));
    const J = runForward(
      getOp("cross_entropy"),
      [f64(z), f64(sigmoid), f64(y)],
      [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
    );
    expect(J[0]).toBe(expected);
  });
  test("the lessons' naive form gives inf where the stable one is finite, and nansum drops 0·inf", () => {
    const naive = getOp("cross_entropy_naive");
    expect(
      runForward(
        naive,
        [f64(1), f64(0)],
        [
          [1, 1],
          [1, 1],
        ],
      )[0],
    ).toBe(Infinity);
    // a = 1, y = 1: -log(1)·1 + (-log 0)·0 = 0 + NaN; nansum leaves the NaN out.
    expect(
      runForward(
        naive,
        [f64(1, 0.5), f64(1, 1)],
        [
          [1, 2],
          [1, 2],
        ],
      )[0],
    ).toBe(0.5 * Math.LN2);
  });
  test("stable and naive agree where both are finite", () => {
    const z = f64(-3, -0.5, 0.2, 4);
    const y = f64(0, 1, 1, 0);
    const a = z.map((v) => 1 / (1 + Math.exp(-v)));
    const stable = runForward(getOp("cross_entropy"), [z, a, y], [row([...z]), row([...z]), row([...z])])[0];
    const naive = runForward(getOp("cross_entropy_naive"), [a, y], [row([...z]), row([...z])])[0];
    expect(Math.abs(stable - naive) / naive).toBeLessThan(1e-15);
  });
  test("dZ = (A - Y) / m", () => {
    const z = f64(800, -800, 0);
    const a = z.map((v) => 1 / (1 + Math.exp(-v)));
    const [dZ] = runBackward(
      getOp("cross_entropy"),
      [z, a, f64(0, 1, 1)],
      [row([0, 0, 0]), row([0, 0, 0]), row([0, 0, 0])],
      f64(1),
    );
    expect([...dZ!]).toEqual([1 / 3, -1 / 3, (1 / 3) * -0.5]);
  });
});

// ---- finite differences ---------------------------------------------------------------------
// For L = sum(output .* R) with a fixed random R, backward with dOutput = R must give dL/dinput.
// Centred differences with eps = 1e-6 have O(eps²) truncation error and ~1e-10 rounding error
// relative to these magnitudes; 1e-7 relative is the tolerance.

function seeded(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
}

interface FdCase {
  name: string;
  shapes: Shape[];
  attrs?: OpAttrs;
  /** Make inputs; `away from kinks` so the derivative exists where it is checked. */
  inputs: (r: () => number) => Float64Array[];
  /** Inputs derived from others (cross_entropy's A = σ(Z)), recomputed after each perturbation. */
  derive?: (inputs: Float64Array[]) => void;
}

const awayFromZero = (r: () => number) => {
  const v = r();
  return v + Math.sign(v) * 0.1;
};
const fill = (n: number, f: () => number) => Float64Array.from({ length: n }, f);

const fdCases: FdCase[] = [
  {
    name: "matmul_bias",
    shapes: [
      [2, 3],
      [3, 4],
      [2, 1],
    ],
    inputs: (r) => [fill(6, r), fill(12, r), fill(2, r)],
  },
  { name: "relu", shapes: [[3, 4]], inputs: (r) => [fill(12, () => awayFromZero(r))] },
  { name: "sigmoid", shapes: [[3, 4]], inputs: (r) => [fill(12, () => 3 * r())] },
  { name: "tanh", shapes: [[3, 4]], inputs: (r) => [fill(12, () => 2 * r())] },
  { name: "leaky_relu", shapes: [[3, 4]], attrs: { slope: 0.05 }, inputs: (r) => [fill(12, () => awayFromZero(r))] },
  { name: "linear", shapes: [[3, 4]], inputs: (r) => [fill(12, r)] },
  {
    name: "cross_entropy",
    shapes: [
      [1, 6],
      [1, 6],
      [1, 6],
    ],
    inputs: (r) => [fill(6, () => 4 * r()), new Float64Array(6), f64(0, 1, 1, 0, 1, 0)],
    derive: ([Z, A]) => Z.forEach((z, j) => (A[j] = 1 / (1 + Math.exp(-z)))),
  },
  { name: "softmax", shapes: [[3, 4]], inputs: (r) => [fill(12, () => 3 * r())] },
  {
    name: "categorical_cross_entropy",
    shapes: [
      [3, 4],
      [3, 4],
      [1, 4],
    ],
    inputs: (r) => [fill(12, () => 4 * r()), new Float64Array(12), f64(2, 0, 1, 2)],
    derive: ([Z, A]) => softmaxColumns(Z, A, 3, 4),
  },
  {
    name: "cross_entropy_naive",
    shapes: [
      [1, 6],
      [1, 6],
    ],
    inputs: (r) => [fill(6, () => 0.5 + 0.4 * r()), f64(0, 1, 1, 0, 1, 0)],
  },
  {
    name: "dropout",
    shapes: [
      [3, 4],
      [3, 4],
    ],
    attrs: { keep: 0.7 },
    inputs: (r) => [fill(12, r), f64(1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1)],
  },
  { name: "l2_penalty", shapes: [[3, 4]], attrs: { lambda: 0.7 }, inputs: (r) => [fill(12, r)] },
  { name: "l1_penalty", shapes: [[3, 4]], attrs: { lambda: 0.3 }, inputs: (r) => [fill(12, () => awayFromZero(r))] },
];

describe("backward matches centred finite differences", () => {
  test.each(fdCases.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const op = getOp(name);
    const r = seeded(7);
    const inputs = c.inputs(r);
    c.derive?.(inputs);
    const outputShape = op.shape(c.shapes, c.attrs ?? {});
    const R = fill(outputShape[0] * outputShape[1], r);
    const L = () => runForward(op, inputs, c.shapes, c.attrs).reduce((s, v, i) => s + v * R[i], 0);
    const grads = runBackward(op, inputs, c.shapes, R, c.attrs);
    const eps = 1e-6;
    op.inputs.forEach((input, i) => {
      if (!input.differentiable) return;
      for (let e = 0; e < inputs[i].length; e++) {
        const saved = inputs[i][e];
        inputs[i][e] = saved + eps;
        c.derive?.(inputs);
        const plus = L();
        inputs[i][e] = saved - eps;
        c.derive?.(inputs);
        const minus = L();
        inputs[i][e] = saved;
        c.derive?.(inputs);
        const numeric = (plus - minus) / (2 * eps);
        const analytic = grads[i]![e];
        expect(
          Math.abs(numeric - analytic) / Math.max(1, Math.abs(analytic)),
          `${name} d${input.name}[${e}]`,
        ).toBeLessThan(1e-7);
      }
    });
  });
});

// ---- templates agree with kernels --------------------------------------------------------------

describe("scalar templates compute what the kernels compute, to the bit", () => {
  // Templates may call Math and the code library, as generated code does.
  const js = (params: string[], body: string) => {
    const f = new Function(...Object.keys(codeLibrary), ...params, `return ${body};`);
    return (...a: number[]): number => f(...Object.values(codeLibrary), ...a);
  };
  test.each(
    [...ops.values()].filter((op) => op.kind === "elementwise" && !op.columnwise).map((op) => [op.name, op] as const),
  )("%s", (_name, op) => {
    const t = op.templates as ElementwiseTemplates;
    const attrs = op.name === "leaky_relu" ? { slope: -0.3 } : {};
    const z = f64(-800, -2.5, -0, 0, 0.7, 40, 800);
    const dA = f64(0.3, -1.1, 2, 5, -0.25, 3, 1);
    const A = runForward(op, [z], [row([...z])], attrs);
    const [dZ] = runBackward(op, [z], [row([...z])], dA, attrs);
    const forward = js(["Z"], t.forward("Z", attrs));
    const backward = js(["dA", "Z", "A"], t.backward({ dA: "dA", Z: "Z", A: "A" }, attrs));
    z.forEach((v, i) => {
      expect(forward(v)).toBe(A[i]);
      expect(backward(dA[i], v, A[i])).toBe(0 + dZ![i]);
    });
  });
  test("matmul_bias", () => {
    const t = getOp("matmul_bias").templates as AffineTemplates;
    const products = [t.product("w0", "a0"), t.product("w1", "a1"), t.product("w2", "a2")];
    const z = js(["w0", "w1", "w2", "a0", "a1", "a2", "b"], t.forward(products, "b"));
    const W = f64(0.1, -0.7, 1.3);
    const A = f64(3, 0.2, -1);
    const Z = runForward(
      getOp("matmul_bias"),
      [W, A, f64(0.05)],
      [
        [1, 3],
        [3, 1],
        [1, 1],
      ],
    );
    expect(z(...W, ...A, 0.05)).toBe(Z[0]);
    expect(js(["dZ", "a"], t.weightGradient("dZ", "a"))(0.3, 7)).toBe(0.3 * 7);
    const rows = f64(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
    const db = new Function("pairwiseSum", "rows", `return ${t.biasGradient("rows", "2", "8")};`)(pairwiseSum, rows);
    expect(db).toBe(pairwiseSum(rows, 2, 8));
  });
  test.each([...ops.values()].filter((op) => op.kind === "loss" && !op.columnwise).map((op) => [op.name, op] as const))(
    "%s",
    (_name, op) => {
      const t = op.templates as LossTemplates;
      const names = op.inputs.map((i) => i.name);
      const z = f64(-30, -1, 0.5, 30);
      const values: Record<string, Float64Array> = {
        Z: z,
        A: z.map((v) => 1 / (1 + Math.exp(-v))),
        Y: f64(0, 1, 0, 1),
      };
      const inputs = names.map((n) => values[n]);
      const shapes = names.map((): Shape => [1, 4]);
      const J = runForward(op, inputs, shapes)[0];
      const term = js(names, t.term(Object.fromEntries(names.map((n) => [n, n]))));
      let sum = 0;
      for (let j = 0; j < 4; j++) {
        const v = term(...names.map((n) => values[n][j]));
        if (!t.skipNaN || v === v) sum += v;
      }
      expect(js(["sum", "invM"], t.reduce("sum", "invM"))(sum, 1 / 4)).toBe(J);
      const grads = runBackward(op, inputs, shapes, f64(1));
      const differentiable = op.inputs.findIndex((i) => i.differentiable);
      const gradient = js(
        [...names, "invM"],
        t.gradient({ ...Object.fromEntries(names.map((n) => [n, n])), invM: "invM" }),
      );
      for (let j = 0; j < 4; j++)
        expect(gradient(...names.map((n) => values[n][j]), 1 / 4)).toBe(grads[differentiable]![j]);
    },
  );
});

// ---- the registry ------------------------------------------------------------------------------

describe("registry", () => {
  const tabled = new Set([...fdCases.map((c) => c.name)]);
  test.each([...ops.values()].map((op) => [op.name, op] as const))("%s is complete", (name, op) => {
    expect(tabled.has(name), `${name} needs a finite-difference row`).toBe(true);
    expect(typeof op.forward).toBe("function");
    expect(typeof op.backward).toBe("function");
    expect(typeof op.shape).toBe("function");
    expect(op.derivation.length).toBeGreaterThan(40);
    expect(op.templates.kind).toBe(op.kind);
    expect(parse(op.equation.forward).type).toBe("AssignmentNode");
    expect(op.latex.forward).toMatch(/=/);
    for (const input of op.inputs.filter((i) => i.differentiable)) {
      const equation = op.equation.backward[input.name];
      expect(equation, `${name}: equation for d${input.name}`).toMatch(new RegExp(`^d${input.name} = `));
      expect(parse(equation).type).toBe("AssignmentNode");
      expect(op.latex.backward[input.name]).toMatch(new RegExp(`^d${input.name.replace("_prev", "_\\{prev\\}")} = `));
    }
    expect(op.doc.length, `${name}: a one-line doc`).toBeGreaterThan(5);
  });
  test("spec/semantics.md documents every op", () => {
    const semantics = readFileSync(new URL("../../spec/semantics.md", import.meta.url), "utf8");
    for (const name of ops.keys())
      expect(semantics, name).toContain(name.startsWith("cross_entropy") ? `\`${name}\`` : `### ${name}`);
  });
  test("names are snake_case and unique", () => {
    for (const name of ops.keys()) expect(name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
    expect(() => getOp("sigmoud")).toThrow(/unknown op 'sigmoud'/);
  });
});

// ---- numpy's summation order ---------------------------------------------------------------------

describe("pairwiseSum sums in numpy's order", () => {
  const golden = JSON.parse(
    readFileSync(new URL("../../test/golden/lessons/numpy-sums.json", import.meta.url), "utf8"),
  ) as {
    values: number[];
    sums: Record<string, number>;
  };
  const values = Float64Array.from(golden.values);
  test.each(Object.entries(golden.sums))("np.sum of the first %s values, to the bit", (n, expected) => {
    expect(pairwiseSum(values, 0, Number(n))).toBe(expected);
  });
  test("300 terms of ln 2 average to exactly ln 2, as the zeros lesson prints", () => {
    const terms = new Float64Array(300).fill(Math.LN2);
    expect((1 / 300) * pairwiseSum(terms, 0, 300)).toBe(0.6931471805599453);
  });
});
