// A custom activation's formula (`activation swish(z) = z * sigmoid(z)`) as ONNX elementwise
// nodes: the same mathjs tree runtime/ops/formula-activation.ts prints as JavaScript, node by
// node, so the graph computes what nnc computes, operation for operation.
//
// ONNX Runtime's CPU build (the wasm one included) has no float64 kernel for Sinh, Cosh and
// Softplus, so in a float64 graph they are written out with Exp, Log, Add, Sub and Div:
// sinh(u) = (exp(u) − exp(−u)) / 2, cosh(u) = (exp(u) + exp(−u)) / 2, softplus(u) = log(1 + exp(u)).
// Those agree with Math.sinh, Math.cosh and log1p(exp(u)) to about 1e-16 absolute, not to the bit.
import type { MathNode } from "mathjs";
import type { FormulaTreeNode } from "../../runtime/expr.js";
import { DataType } from "./proto.js";
import type { GraphBuilder } from "./graph-builder.js";

const BINARY: Readonly<Record<string, string>> = {
  add: "Add",
  subtract: "Sub",
  multiply: "Mul",
  divide: "Div",
  pow: "Pow",
};

const UNARY_CALLS: Readonly<Record<string, string>> = {
  exp: "Exp",
  log: "Log",
  sqrt: "Sqrt",
  tanh: "Tanh",
  sigmoid: "Sigmoid",
};

/** Functions with a float32 kernel only; written out with elementwise ops in a float64 graph. */
const FLOAT32_ONLY: Readonly<Record<string, string>> = { sinh: "Sinh", cosh: "Cosh", softplus: "Softplus" };

/**
 * Adds the nodes computing `tree` (a formula in `parameter`) on the tensor `input` and returns
 * the name of the tensor holding the result. Node and constant names start with `prefix`.
 */
export function formulaNodes(
  tree: MathNode,
  parameter: string,
  input: string,
  prefix: string,
  graph: GraphBuilder,
): string {
  let count = 0;
  const fresh = () => `${prefix}.${count++}`;
  const op = (type: string, inputs: string[]) => graph.node(type, inputs, fresh());
  const constant = (value: number) => graph.scalar(prefix, value);
  const writtenOut = (name: string, u: string): string => {
    if (name === "softplus") return op("Log", [op("Add", [constant(1), op("Exp", [u])])]);
    const plus = op("Exp", [u]);
    const minus = op("Exp", [op("Neg", [u])]);
    return op("Div", [op(name === "sinh" ? "Sub" : "Add", [plus, minus]), constant(2)]);
  };
  const walk = (node: FormulaTreeNode): string => {
    switch (node.type) {
      case "ConstantNode":
        if (typeof node.value !== "number") throw new Error(`not a number: ${String(node.value)}`);
        return constant(node.value);
      case "SymbolNode":
        if (node.name === parameter) return input;
        if (node.name === "e") return constant(Math.E);
        if (node.name === "pi") return constant(Math.PI);
        throw new Error(`unknown name '${node.name}' in an activation formula`);
      case "ParenthesisNode":
        return walk(node.content!);
      case "OperatorNode": {
        const args = node.args!.map(walk);
        if (node.fn === "unaryPlus") return args[0];
        if (node.fn === "unaryMinus") return op("Neg", args);
        const type = BINARY[node.fn as string];
        if (!type) throw new Error(`operator ${String(node.fn)} has no ONNX node here`);
        return op(type, args);
      }
      case "FunctionNode": {
        const name = (node.fn as { name?: string }).name ?? "";
        const args = node.args!.map(walk);
        if (name === "pow") return op("Pow", args);
        if (name === "log" && args.length === 2) return op("Div", [op("Log", [args[0]]), op("Log", [args[1]])]);
        if (UNARY_CALLS[name]) return op(UNARY_CALLS[name], args);
        if (FLOAT32_ONLY[name])
          return graph.type === DataType.FLOAT ? op(FLOAT32_ONLY[name], args) : writtenOut(name, args[0]);
        throw new Error(`function '${name}' has no ONNX node here`);
      }
    }
    throw new Error(`${node.type} has no ONNX node here`);
  };
  return walk(tree as unknown as FormulaTreeNode);
}
