// Evaluates the right-hand side of a hand-written gradient equation (`1/m * dZ3 * A2'`) over
// matrices, with numpy's meaning for the lessons' code: `*` is the matrix product (np.dot) unless
// one side is a scalar, `.*` and `./` are element-wise (np.multiply), `'` transposes, `+` and `-`
// broadcast a column (b + Z) or a row as numpy does, comparisons give 0/1 (np.int64(A > 0)), and
// `sum(X, 2)` sums each row into a column (np.sum(X, axis=1, keepdims=True)).
//
// The same walk runs on shapes alone (data null), which is how the compiler checks a block's
// shapes before anything runs. mathjs only parses here; nothing is evaluated by mathjs.
//
// The ops' own equations (runtime/ops/) run through this same evaluator against their kernels, in
// the same conventions, with four functions a backward block does not offer (`opEquationFunctions`).
import { parse, type MathNode } from "mathjs";

export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major values; null when only the shape is being checked. */
  data: Float64Array | null;
}

export type FormulaProblem = "unknownName" | "unknownFunction" | "shape";

export class FormulaError extends Error {
  constructor(
    readonly problem: FormulaProblem,
    message: string,
    /** The name or sub-expression at fault, as text. */
    readonly subject: string,
    readonly help?: string,
  ) {
    super(message);
  }
}

const elementwise: Record<string, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  abs: Math.abs,
  tanh: Math.tanh,
  sign: Math.sign,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  relu: (z) => (z > 0 ? z : 0),
};

/** The functions a backward block may call, for messages and the reference. */
export const formulaFunctions = [...Object.keys(elementwise), "sum", "transpose", "mean"];

const comparisons: Record<string, (a: number, b: number) => boolean> = {
  larger: (a, b) => a > b,
  largerEq: (a, b) => a >= b,
  smaller: (a, b) => a < b,
  smallerEq: (a, b) => a <= b,
  equal: (a, b) => a === b,
  unequal: (a, b) => a !== b,
};

export const scalar = (value: number | null): Matrix => ({
  rows: 1,
  cols: 1,
  data: value === null ? null : Float64Array.of(value),
});
const shapeText = (a: Matrix) => `${a.rows}×${a.cols}`;
const isScalar = (a: Matrix) => a.rows === 1 && a.cols === 1;

export function parseFormula(text: string): MathNode {
  return parse(text);
}

/** A function given to one evaluation besides the block's own: its arguments' values in, a value out. */
export type MatrixFunction = (values: readonly Matrix[], node: MathNode, shapesOnly: boolean) => Matrix;

/**
 * Evaluates `node` with `env` (names to matrices); `shapesOnly` skips the arithmetic. `functions`
 * adds to the functions a backward block may call (`opEquationFunctions` for an op's equations).
 */
export function evaluateFormula(
  node: MathNode,
  env: ReadonlyMap<string, Matrix>,
  shapesOnly = false,
  functions: Readonly<Record<string, MatrixFunction>> = {},
): Matrix {
  const walk = (n: MathNode): Matrix => {
    switch (n.type) {
      case "ConstantNode": {
        const value = (n as unknown as { value: unknown }).value;
        if (typeof value !== "number")
          throw new FormulaError("shape", `\`${n.toString()}\` is not a number`, n.toString());
        return scalar(shapesOnly ? null : value);
      }
      case "SymbolNode": {
        const name = (n as unknown as { name: string }).name;
        const value = env.get(name);
        if (!value) throw new FormulaError("unknownName", `unknown name '${name}'`, name);
        return value;
      }
      case "ParenthesisNode":
        return walk((n as unknown as { content: MathNode }).content);
      case "OperatorNode": {
        const { fn, args } = n as unknown as { fn: string; args: MathNode[] };
        const values = args.map(walk);
        return operator(fn, values, n, shapesOnly);
      }
      case "FunctionNode": {
        const { fn, args } = n as unknown as { fn: { name?: string }; args: MathNode[] };
        const name = fn.name ?? "";
        const values = args.map(walk);
        const extra = Object.hasOwn(functions, name) ? functions[name] : undefined;
        return extra ? extra(values, n, shapesOnly) : call(name, args, values, n, shapesOnly);
      }
      default:
        throw new FormulaError(
          "unknownFunction",
          `\`${n.toString()}\` cannot be used in a gradient equation`,
          n.toString(),
        );
    }
  };
  return walk(node);
}

function map(a: Matrix, f: (x: number) => number, shapesOnly: boolean): Matrix {
  if (shapesOnly || !a.data) return { rows: a.rows, cols: a.cols, data: null };
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(a.data[i]);
  return { rows: a.rows, cols: a.cols, data: out };
}

/** numpy broadcasting of two 2-D arrays: each dimension equal, or 1 on one side. */
function broadcast(
  a: Matrix,
  b: Matrix,
  f: (x: number, y: number) => number,
  node: MathNode,
  shapesOnly: boolean,
): Matrix {
  const fits = (x: number, y: number) => x === y || x === 1 || y === 1;
  if (!fits(a.rows, b.rows) || !fits(a.cols, b.cols)) {
    throw new FormulaError(
      "shape",
      `\`${node.toString()}\` combines a ${shapeText(a)} and ` +
        `a ${shapeText(b)} matrix element by element; their shapes do not fit`,
      node.toString(),
      "element-wise operations need equal shapes, or a column (n×1), a row (1×m) or a scalar on one side",
    );
  }
  const rows = Math.max(a.rows, b.rows);
  const cols = Math.max(a.cols, b.cols);
  if (shapesOnly || !a.data || !b.data) return { rows, cols, data: null };
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const ai = a.rows === 1 ? 0 : i;
    const bi = b.rows === 1 ? 0 : i;
    for (let j = 0; j < cols; j++) {
      out[i * cols + j] = f(a.data[ai * a.cols + (a.cols === 1 ? 0 : j)], b.data[bi * b.cols + (b.cols === 1 ? 0 : j)]);
    }
  }
  return { rows, cols, data: out };
}

function matmul(a: Matrix, b: Matrix, node: MathNode, shapesOnly: boolean): Matrix {
  if (a.cols !== b.rows) {
    throw new FormulaError(
      "shape",
      `\`${node.toString()}\` multiplies a ${shapeText(a)} matrix by ` +
        `a ${shapeText(b)} one: the inner sizes ${a.cols} and ${b.rows} differ`,
      node.toString(),
      "`*` is the matrix product (np.dot); a transpose (`A'`) may be missing, or `.*` (element-wise) was meant",
    );
  }
  if (shapesOnly || !a.data || !b.data) return { rows: a.rows, cols: b.cols, data: null };
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let sum = 0;
      for (let k = 0; k < a.cols; k++) sum += a.data[i * a.cols + k] * b.data[k * b.cols + j];
      out[i * b.cols + j] = sum;
    }
  }
  return { rows: a.rows, cols: b.cols, data: out };
}

function transpose(a: Matrix, shapesOnly: boolean): Matrix {
  if (shapesOnly || !a.data) return { rows: a.cols, cols: a.rows, data: null };
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j];
  return { rows: a.cols, cols: a.rows, data: out };
}

function operator(fn: string, values: Matrix[], node: MathNode, shapesOnly: boolean): Matrix {
  const [a, b] = values;
  switch (fn) {
    case "add":
      return broadcast(a, b, (x, y) => x + y, node, shapesOnly);
    case "subtract":
      return broadcast(a, b, (x, y) => x - y, node, shapesOnly);
    case "multiply":
      return isScalar(a) || isScalar(b)
        ? broadcast(a, b, (x, y) => x * y, node, shapesOnly)
        : matmul(a, b, node, shapesOnly);
    case "dotMultiply":
      return broadcast(a, b, (x, y) => x * y, node, shapesOnly);
    case "divide":
      if (!isScalar(b)) {
        throw new FormulaError(
          "shape",
          `\`${node.toString()}\` divides by a ${shapeText(b)} matrix`,
          node.toString(),
          "divide element by element with `./`",
        );
      }
      return broadcast(a, b, (x, y) => x / y, node, shapesOnly);
    case "dotDivide":
      return broadcast(a, b, (x, y) => x / y, node, shapesOnly);
    case "pow":
    case "dotPow":
      if (!isScalar(b) && fn === "pow") {
        throw new FormulaError(
          "shape",
          `\`${node.toString()}\` raises to a ${shapeText(b)} power`,
          node.toString(),
          "the exponent of `^` is a number",
        );
      }
      return broadcast(a, b, (x, y) => Math.pow(x, y), node, shapesOnly);
    case "unaryMinus":
      return map(a, (x) => -x, shapesOnly);
    case "unaryPlus":
      return a;
    case "ctranspose":
    case "transpose":
      return transpose(a, shapesOnly);
    default: {
      const compare = comparisons[fn];
      if (compare) return broadcast(a, b, (x, y) => (compare(x, y) ? 1 : 0), node, shapesOnly);
      throw new FormulaError(
        "unknownFunction",
        `the operator in \`${node.toString()}\` cannot be used in a gradient equation`,
        node.toString(),
      );
    }
  }
}

function axisOf(args: MathNode[], values: Matrix[], name: string, node: MathNode): number | undefined {
  if (args.length === 1) return undefined;
  const axis = values[1].data?.[0] ?? (args[1] as unknown as { value?: unknown }).value;
  if (args.length !== 2 || (axis !== 1 && axis !== 2)) {
    throw new FormulaError(
      "unknownFunction",
      `\`${node.toString()}\`: ${name} takes a matrix and optionally ` +
        `a dimension, 1 (down each column) or 2 (along each row)`,
      node.toString(),
      `\`${name}(dZ1, 2)\` is numpy's np.${name}(dZ1, axis=1, keepdims=True)`,
    );
  }
  return axis;
}

function call(name: string, args: MathNode[], values: Matrix[], node: MathNode, shapesOnly: boolean): Matrix {
  const f = elementwise[name];
  if (f) {
    if (values.length !== 1) throw new FormulaError("unknownFunction", `${name} takes one argument`, node.toString());
    return map(values[0], f, shapesOnly);
  }
  if (name === "transpose") return transpose(values[0], shapesOnly);
  if (name === "sum" || name === "mean") {
    const a = values[0];
    const axis = axisOf(args, values, name, node);
    const rows = axis === 2 ? a.rows : 1;
    const cols = axis === 1 ? a.cols : 1;
    if (shapesOnly || !a.data) return { rows, cols, data: null };
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < a.rows; i++)
      for (let j = 0; j < a.cols; j++)
        out[(axis === 2 ? i : 0) * cols + (axis === 1 ? j : 0)] += a.data[i * a.cols + j];
    if (name === "mean") {
      const count = (a.rows * a.cols) / (rows * cols);
      for (let i = 0; i < out.length; i++) out[i] /= count;
    }
    return { rows, cols, data: out };
  }
  throw new FormulaError(
    "unknownFunction",
    `unknown function '${name}'`,
    name,
    `available: ${formulaFunctions.join(", ")}`,
  );
}

/** `f(A)` for each column of A: a 1 × cols row (shapes only when A has no data). */
function perColumn(a: Matrix, f: (column: number[]) => number, shapesOnly: boolean): Matrix {
  if (shapesOnly || !a.data) return { rows: 1, cols: a.cols, data: null };
  const out = new Float64Array(a.cols);
  for (let j = 0; j < a.cols; j++) out[j] = f(Array.from({ length: a.rows }, (_, i) => a.data![i * a.cols + j]));
  return { rows: 1, cols: a.cols, data: out };
}

function arity(values: readonly Matrix[], count: number, node: MathNode): void {
  if (values.length !== count) {
    const fn = (node as unknown as { fn: { name?: string } }).fn.name;
    throw new FormulaError(
      "unknownFunction",
      `${fn} takes ${count} argument${count === 1 ? "" : "s"}`,
      node.toString(),
    );
  }
}

const unary =
  (f: (x: number) => number): MatrixFunction =>
  (values, node, shapesOnly) => (arity(values, 1, node), map(values[0], f, shapesOnly));
const binary =
  (f: (x: number, y: number) => number): MatrixFunction =>
  (values, node, shapesOnly) => (arity(values, 2, node), broadcast(values[0], values[1], f, node, shapesOnly));

/**
 * What the ops' equations write beyond a backward block's functions: `max(A, B)` and `min(A, B)`
 * element by element, broadcasting as `+` does (numpy's np.maximum, np.minimum: relu is
 * `max(Z, 0)`), and `sumk(A)`, `maxk(A)` over each column, one example's K units (softmax). A
 * custom activation's formula and its derivative may also call `pow`, `log(x, base)`, `sinh`,
 * `cosh`, `sech` and `softplus`, element by element as runtime/ops/formula-activation.ts runs them.
 */
export const opEquationFunctions: Readonly<Record<string, MatrixFunction>> = {
  pow: binary(Math.pow),
  log: (values, node, shapesOnly) =>
    values.length === 2
      ? broadcast(values[0], values[1], (x, base) => Math.log(x) / Math.log(base), node, shapesOnly)
      : unary(Math.log)(values, node, shapesOnly),
  sinh: unary(Math.sinh),
  cosh: unary(Math.cosh),
  sech: unary((x) => 1 / Math.cosh(x)),
  softplus: unary((x) => Math.log1p(Math.exp(x))),
  max: binary(Math.max),
  min: binary(Math.min),
  sumk: (values, node, shapesOnly) => {
    arity(values, 1, node);
    return perColumn(values[0], (column) => column.reduce((sum, x) => sum + x, 0), shapesOnly);
  },
  maxk: (values, node, shapesOnly) => {
    arity(values, 1, node);
    return perColumn(values[0], (column) => Math.max(...column), shapesOnly);
  },
};
