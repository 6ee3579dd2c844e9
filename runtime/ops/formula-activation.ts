// Custom activations defined by a formula in the model (`activation swish(z) = z * sigmoid(z)`),
// as ops like the built-in ones. The compiler checks the formula and derives g′ with mathjs's
// symbolic derivative (compiler/custom-activation.ts); the graph node carries both texts
// (GraphNode.formula), and this file turns them into an op: the kernels and the emitter's
// templates evaluate the SAME JavaScript expression, printed here from the mathjs tree, so the
// interpreter and the generated code agree to the bit.
//
// The JS printer knows only the node kinds the restricted instance lets through
// (runtime/expr.ts): numbers, the one parameter, e and pi, + − × ÷ ^, and the activation
// functions; anything else throws. Each formula is re-checked here, so an IR file from disk with
// a formula nnc would not accept never reaches `new Function`.
import { OperatorNode, SymbolNode, type MathNode } from "mathjs";
import { ACTIVATION_FUNCTIONS, parseCheckedFormula, type FormulaTreeNode } from "../expr.js";
import { defineActivation, type OpDefinition } from "./op.js";

/** What a graph node holds for a custom activation (JSON). */
export interface FormulaSpec {
  /** The activation's name in the .nnspec. */
  name: string;
  /** The formula's variable, `z`. */
  parameter: string;
  /** g(z) as written, mathjs text. */
  forward: string;
  /** g′(z), mathjs text (from mathjs's derivative). */
  derivative: string;
}

/** Functions that g′ may contain besides the ones a formula may call (mathjs writes tanh′ with sech). */
const DERIVATIVE_FUNCTIONS = ["sech"];

/** [fewest, most] arguments of each function a formula or its derivative may call. */
export const ARITY: Readonly<Record<string, readonly [number, number]>> = {
  exp: [1, 1],
  log: [1, 2],
  sqrt: [1, 1],
  tanh: [1, 1],
  sinh: [1, 1],
  cosh: [1, 1],
  sech: [1, 1],
  pow: [2, 2],
  sigmoid: [1, 1],
  softplus: [1, 1],
};

const MATH_CALLS: Record<string, string> = {
  exp: "Math.exp",
  log: "Math.log",
  sqrt: "Math.sqrt",
  tanh: "Math.tanh",
  sinh: "Math.sinh",
  cosh: "Math.cosh",
  pow: "Math.pow",
};

/** The formula as a JS expression in `arg` (a local variable name); fully parenthesised. */
export function formulaToJs(tree: MathNode, parameter: string, arg: string): string {
  const js = (node: FormulaTreeNode): string => {
    switch (node.type) {
      case "ConstantNode": {
        const value = node.value;
        if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`not a number: ${String(value)}`);
        return `(${value})`;
      }
      case "SymbolNode":
        if (node.name === parameter) return arg;
        if (node.name === "e") return "Math.E";
        if (node.name === "pi") return "Math.PI";
        throw new Error(`unknown name '${node.name}' in an activation formula`);
      case "ParenthesisNode":
        return `(${js(node.content!)})`;
      case "OperatorNode": {
        const a = node.args!.map(js);
        switch (node.fn) {
          case "add":
            return `(${a[0]} + ${a[1]})`;
          case "subtract":
            return `(${a[0]} - ${a[1]})`;
          case "multiply":
            return `(${a[0]} * ${a[1]})`;
          case "divide":
            return `(${a[0]} / ${a[1]})`;
          case "pow":
            return `Math.pow(${a[0]}, ${a[1]})`;
          case "unaryMinus":
            return `(-${a[0]})`;
          case "unaryPlus":
            return a[0];
        }
        throw new Error(`operator ${String(node.fn)} is not allowed in an activation formula`);
      }
      case "FunctionNode": {
        const name = (node.fn as { name?: string }).name ?? "";
        const a = node.args!.map(js);
        const arity = ARITY[name];
        if (!arity) throw new Error(`function '${name}' is not allowed in an activation formula`);
        if (a.length < arity[0] || a.length > arity[1])
          throw new Error(`${name}() takes ${arity[0]} argument(s), given ${a.length}`);
        if (name === "sigmoid") return `(1 / (1 + Math.exp(-${a[0]})))`;
        if (name === "softplus") return `Math.log1p(Math.exp(${a[0]}))`;
        if (name === "sech") return `(1 / Math.cosh(${a[0]}))`;
        if (name === "log" && a.length === 2) return `(Math.log(${a[0]}) / Math.log(${a[1]}))`;
        return `${MATH_CALLS[name]}(${a.join(", ")})`;
      }
    }
    throw new Error(`${node.type} is not allowed in an activation formula`);
  };
  return js(tree as unknown as FormulaTreeNode);
}

const ELEMENTWISE: Readonly<Record<string, readonly [string, string]>> = {
  multiply: [".*", "dotMultiply"],
  divide: ["./", "dotDivide"],
  pow: [".^", "dotPow"],
};

/** A part of the formula without its variable is one number for the whole matrix. */
function isScalar(node: MathNode): boolean {
  return (
    node.filter((n: MathNode) => n.type === "SymbolNode" && (n as unknown as FormulaTreeNode).name === "Z").length === 0
  );
}

/**
 * The formula as an equation of the graph, over the layer's matrix Z: the variable becomes `Z`,
 * and `*`, `/`, `^` between matrices their element-by-element forms `.*`, `./`, `.^`, as the
 * ops' equations and backward blocks write them. Where a number makes the operator unambiguous
 * (`0.5 * Z`, `Z / 2`, `2 / pi`) it stays as written.
 */
function elementwiseInZ(tree: MathNode, parameter: string): MathNode {
  const convert = (node: MathNode, path: string): MathNode => {
    const mapped = node.map((child: MathNode, childPath: string) => convert(child, childPath));
    const n = mapped as unknown as FormulaTreeNode;
    if (n.type === "SymbolNode" && path !== "fn" && n.name === parameter) return new SymbolNode("Z");
    const elementwise = n.type === "OperatorNode" ? ELEMENTWISE[n.fn as string] : undefined;
    if (!elementwise) return mapped;
    const args = (mapped as unknown as { args: MathNode[] }).args;
    const unambiguous =
      n.fn === "multiply" ? args.some(isScalar) : n.fn === "divide" ? isScalar(args[1]) : args.every(isScalar);
    if (unambiguous) return mapped;
    const [op, fn] = elementwise;
    return new OperatorNode(op as "*", fn as "multiply", args);
  };
  return convert(tree, "");
}

const built = new Map<string, OpDefinition>();

/** The op for a custom activation; the same spec gives the same (cached) op. */
export function formulaActivation(spec: FormulaSpec): OpDefinition {
  const key = JSON.stringify([spec.name, spec.parameter, spec.forward, spec.derivative]);
  const cached = built.get(key);
  if (cached) return cached;
  const functions = [...ACTIVATION_FUNCTIONS];
  const forwardTree = parseCheckedFormula(spec.forward, [spec.parameter, "e", "pi"], functions);
  const derivativeTree = parseCheckedFormula(
    spec.derivative,
    [spec.parameter, "e", "pi"],
    [...functions, ...DERIVATIVE_FUNCTIONS],
  );
  const forwardJs = (arg: string) => formulaToJs(forwardTree, spec.parameter, arg);
  const derivativeJs = (arg: string) => formulaToJs(derivativeTree, spec.parameter, arg);
  // Only numbers, Math.* and the argument reach this source (formulaToJs throws on anything else).
  const scalar = new Function("z", `return ${forwardJs("z")};`) as (z: number) => number;
  const slope = new Function("z", `return ${derivativeJs("z")};`) as (z: number) => number;
  const forwardInZ = elementwiseInZ(forwardTree, spec.parameter).toString();
  const derivativeInZ = elementwiseInZ(derivativeTree, spec.parameter).toString();
  const texName = `\\operatorname{${spec.name.replace(/_/g, "\\_")}}`;
  const op = defineActivation({
    name: spec.name,
    doc: `${spec.forward}, defined in the model`,
    scalar,
    scalarBackward: (dA, Z) => dA * slope(Z),
    equation: { forward: `A = ${forwardInZ}`, backward: `dZ = dA .* (${derivativeInZ})` },
    latex: { forward: `A = ${texName}(Z)`, backward: `dZ = dA \\odot ${texName}'(Z)` },
    derivation:
      `${spec.name}(${spec.parameter}) = ${spec.forward} is defined in the model; its derivative ` +
      `${spec.derivative} is mathjs's symbolic derivative (sigmoid and softplus expanded first).`,
    reason: {
      text:
        `g(${spec.parameter}) = ${spec.forward}, so g′(${spec.parameter}) ` +
        `= ${spec.derivative} (mathjs's symbolic derivative)`,
      latex: `$g = ${texName}$ is defined by a formula in the model; $g'$ is mathjs's symbolic derivative of it`,
    },
    templates: {
      forward: (Z) => forwardJs(Z),
      backward: ({ dA, Z }) => `${dA} * ${derivativeJs(Z)}`,
    },
  });
  built.set(key, op);
  return op;
}
