// Runs an op's equations, the text `nnc derive` teaches, through the backward blocks' evaluator
// (runtime/matrix-formula.ts) against the op's kernels on one random draw of shapes, values and
// attributes: the forward equation against `forward`, each backward rule against `backward`, to
// 1e-12. Used for every registered op (runtime/ops/equations.test.ts) and for an op a test
// registers (test/new-activation.test.ts).
import type { MathNode } from "mathjs";
import { expect } from "vitest";
import {
  evaluateFormula,
  opEquationFunctions,
  parseFormula,
  scalar,
  type Matrix,
} from "../../runtime/matrix-formula.js";
import { getOp, type OpAttrs, type OpDefinition, type OpInput, type Shape } from "../../runtime/ops/index.js";

export const TRIALS = 25;
const TOLERANCE = 1e-12;

export type Random = () => number;

const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

function gaussian(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Shapes for the op's inputs (by its kind) and m, the examples of the pass. */
function shapesFor(op: OpDefinition, random: Random): { shapes: Shape[]; m: number } {
  const m = between(random, 1, 9);
  const rows = between(random, op.columnwise ? 2 : 1, 6);
  switch (op.kind) {
    case "affine": {
      const n = between(random, 1, 6);
      const nPrev = between(random, 1, 6);
      return {
        shapes: [
          [n, nPrev],
          [nPrev, m],
          [n, 1],
        ],
        m,
      };
    }
    case "penalty":
      return { shapes: op.inputs.map((): Shape => [rows, between(random, 1, 6)]), m };
    case "loss": {
      // One row per example for a binary loss, K for a categorical one; labels are one row.
      const units = op.columnwise ? rows : 1;
      return {
        shapes: op.inputs.map((input): Shape => [
          input.values === "classIndex" || input.values === "binary" ? 1 : units,
          m,
        ]),
        m,
      };
    }
    default:
      return { shapes: op.inputs.map((): Shape => [rows, m]), m };
  }
}

function valuesFor(input: OpInput, shape: Shape, classes: number, random: Random): Float64Array {
  const draw = (): number => {
    switch (input.values) {
      case "probability":
        return 0.02 + 0.96 * random();
      case "binary":
        return random() < 0.5 ? 0 : 1;
      case "classIndex":
        return Math.floor(random() * classes);
      default:
        // Now and then exactly 0, where relu and leaky_relu take their kink's side.
        return random() < 0.05 ? 0 : 2 * gaussian(random);
    }
  };
  return Float64Array.from({ length: shape[0] * shape[1] }, draw);
}

/** Each attribute drawn inside its range (its bounds themselves avoided). */
function attrsFor(op: OpDefinition, random: Random): OpAttrs {
  const attrs: Record<string, number> = {};
  for (const a of op.attributes ?? []) {
    const low = a.min ?? (a.max !== undefined ? a.max - 2 : -1);
    const high = a.max ?? low + 2;
    attrs[a.name] = low + (0.05 + 0.9 * random()) * (high - low);
  }
  return attrs;
}

const matrix = (shape: Shape, data: Float64Array): Matrix => ({ rows: shape[0], cols: shape[1], data });

/** The K × m one-hot matrix of a row of class indices, as the equations read labels. */
function oneHot(labels: Float64Array, classes: number): Matrix {
  const data = new Float64Array(classes * labels.length);
  labels.forEach((k, j) => (data[k * labels.length + j] = 1));
  return { rows: classes, cols: labels.length, data };
}

/** `name = right-hand side`: the name, and the right-hand side's tree. */
function split(equation: string): { name: string; value: MathNode } {
  const tree = parseFormula(equation) as unknown as { type: string; object?: { name?: string }; value: MathNode };
  if (tree.type !== "AssignmentNode") throw new Error(`'${equation}' is not an equation`);
  return { name: tree.object?.name ?? "", value: tree.value };
}

function expectClose(actual: Float64Array, shape: Shape, expected: Matrix, what: string): void {
  expect([expected.rows, expected.cols], `${what}: shape`).toEqual([shape[0], shape[1]]);
  actual.forEach((value, i) => {
    const want = expected.data![i];
    const error = Math.abs(value - want);
    if (!(error <= TOLERANCE * Math.max(1, Math.abs(want))))
      expect.fail(`${what}: element ${i} of the kernel is ${value}, the equation gives ${want}`);
  });
}

/** One trial: forward and every backward rule of `op` against its kernels. */
export function checkOnce(op: OpDefinition, random: Random): void {
  const { shapes, m } = shapesFor(op, random);
  const attrs = attrsFor(op, random);
  const outputShape = op.shape(shapes, attrs);
  const classes = shapes[0][0];
  const inputs = op.inputs.map((input, i) => valuesFor(input, shapes[i], classes, random));
  op.inputs.forEach((input, i) => {
    if (!input.activationOf) return;
    const from = op.inputs.findIndex((other) => other.name === input.activationOf!.input);
    const activation = getOp(input.activationOf.op);
    activation.forward({
      inputs: [inputs[from]],
      inputShapes: [shapes[from]],
      output: inputs[i],
      outputShape: shapes[i],
      attrs: {},
    });
  });
  const output = new Float64Array(outputShape[0] * outputShape[1]);
  const context = { inputs, inputShapes: shapes, output, outputShape, attrs, m };
  op.forward(context);

  const env = new Map<string, Matrix>([
    ["m", scalar(m)],
    // A custom activation's formula may name them.
    ["e", scalar(Math.E)],
    ["pi", scalar(Math.PI)],
  ]);
  for (const [name, value] of Object.entries(attrs)) env.set(name, scalar(value));
  op.inputs.forEach((input, i) =>
    env.set(input.name, input.values === "classIndex" ? oneHot(inputs[i], classes) : matrix(shapes[i], inputs[i])),
  );
  const forward = split(op.equation.forward);
  expect(forward.name, `${op.name}: the forward equation assigns the output`).toBe(op.output);
  const shown = `${op.name} ${shapes.map((s) => s.join("×")).join(", ")} ${JSON.stringify(attrs)}`;
  expectClose(
    output,
    outputShape,
    evaluateFormula(forward.value, env, false, opEquationFunctions),
    `${shown}: ${op.equation.forward}`,
  );

  // A loss or a penalty is a root of the backward pass, seeded with dJ/dR = 1; its rules assume it.
  const root = op.kind === "loss" || op.kind === "penalty";
  const dOutput = Float64Array.from(output, () => (root ? 1 : gaussian(random)));
  env.set(op.output, matrix(outputShape, output));
  env.set(`d${op.output}`, matrix(outputShape, dOutput));
  const grads = op.inputs.map((input, i) => (input.differentiable ? new Float64Array(inputs[i].length) : null));
  op.backward({ ...context, dOutput }, grads);
  op.inputs.forEach((input, i) => {
    if (!input.differentiable) return;
    const rule = split(op.equation.backward[input.name]);
    expect(rule.name, `${op.name}: the rule for ${input.name} assigns its gradient`).toBe(`d${input.name}`);
    const expected = evaluateFormula(rule.value, env, false, opEquationFunctions);
    expectClose(grads[i]!, shapes[i], expected, `${shown}: ${op.equation.backward[input.name]}`);
  });
}
