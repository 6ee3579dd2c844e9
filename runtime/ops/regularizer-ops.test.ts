// The regularizers' ops (dropout, l2_penalty, l1_penalty) at their edges: the lesson's order of
// operations, the sign of a dropped zero, the subgradient at 0, and templates = kernels to the bit.
// Their finite-difference rows are with the other ops' in ops.test.ts.
import { describe, expect, test } from "vitest";
import { codeLibrary, getOp } from "./index.js";
import type { MaskTemplates, OpAttrs, OpDefinition, PenaltyTemplates, Shape } from "./op.js";

/** m as the penalty ops read it from the pass. */
const EXAMPLES = 5;
const f64 = (...xs: number[]) => Float64Array.from(xs);

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
) {
  const outputShape = op.shape(shapes, attrs);
  const output = runForward(op, inputs, shapes, attrs);
  const grads = op.inputs.map((input, i) => (input.differentiable ? new Float64Array(inputs[i].length) : null));
  op.backward({ inputs, inputShapes: shapes, output, outputShape, attrs, dOutput, m: EXAMPLES }, grads);
  return grads;
}

describe("regularizer ops at their edges", () => {
  test("dropout: Ad = A·D/keep in the lesson's order; dropped units pass no gradient", () => {
    const op = getOp("dropout");
    const A = f64(0.3, -1.2, 2.5, 0.1);
    const D = f64(1, 0, 1, 1);
    const out = runForward(
      op,
      [A, D],
      [
        [2, 2],
        [2, 2],
      ],
      { keep: 0.86 },
    );
    // -1.2 · 0 is -0, as in numpy: a dropped negative value keeps its sign bit.
    expect([...out]).toEqual([(0.3 * 1) / 0.86, -0, (2.5 * 1) / 0.86, (0.1 * 1) / 0.86]);
    const [dA] = runBackward(
      op,
      [A, D],
      [
        [2, 2],
        [2, 2],
      ],
      f64(1, 2, 3, 4),
      { keep: 0.86 },
    );
    expect([...dA!]).toEqual([1 / 0.86, 0, 3 / 0.86, 4 / 0.86]);
    expect(op.inference).toBe("identity");
  });
  test("l2_penalty: λ/(2m)·ΣW² and dW = λ/m·W, with the lesson's 0.7 and m = 5", () => {
    const op = getOp("l2_penalty");
    const W = f64(1, -2, 3);
    expect(runForward(op, [W], [[1, 3]], { lambda: 0.7 })[0]).toBeCloseTo((0.7 / 10) * 14, 15);
    expect([...runBackward(op, [W], [[1, 3]], f64(1), { lambda: 0.7 })[0]!]).toEqual([
      (0.7 / 5) * 1,
      (0.7 / 5) * -2,
      (0.7 / 5) * 3,
    ]);
  });
  test("l1_penalty: λ/m·Σ|W|, and the subgradient 0 at W = 0", () => {
    const op = getOp("l1_penalty");
    const W = f64(0, -2, 3);
    expect(runForward(op, [W], [[1, 3]], { lambda: 0.5 })[0]).toBe(0.5);
    expect([...runBackward(op, [W], [[1, 3]], f64(1), { lambda: 0.5 })[0]!]).toEqual([0, -0.1, 0.1]);
  });
  test("templates give the kernels' numbers to the bit", () => {
    const js = (params: string[], body: string) => {
      const f = new Function(...Object.keys(codeLibrary), ...params, `return ${body};`);
      return (...a: unknown[]): number => f(...Object.values(codeLibrary), ...a);
    };
    const dropout = getOp("dropout").templates as MaskTemplates;
    expect(js(["a", "d"], dropout.forward("a", "d", { keep: 0.86 }))(0.37, 1)).toBe(
      runForward(
        getOp("dropout"),
        [f64(0.37), f64(1)],
        [
          [1, 1],
          [1, 1],
        ],
        { keep: 0.86 },
      )[0],
    );
    expect(js(["g", "d"], dropout.backward("g", "d", { keep: 0.86 }))(-0.91, 1)).toBe((-0.91 * 1) / 0.86);
    for (const name of ["l2_penalty", "l1_penalty"]) {
      const op = getOp(name);
      const t = op.templates as PenaltyTemplates;
      const W = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.3) / 3);
      const attrs = { lambda: 0.7 };
      expect(js(["W", "m"], t.cost("W", 40, "m", attrs))(W, EXAMPLES)).toBe(runForward(op, [W], [[20, 2]], attrs)[0]);
      const dW = runBackward(op, [W], [[20, 2]], f64(1), attrs)[0]!;
      for (let i = 0; i < 40; i++) expect(js(["w", "m"], t.gradient("w", "m", attrs))(W[i], EXAMPLES)).toBe(dW[i]);
    }
  });
});
