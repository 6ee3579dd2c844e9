// mathjs formulas of a .nnspec as Python expressions: a custom activation's g(z) over a torch
// tensor (autograd then differentiates it), and an init formula over one weight, drawing from the
// model's numpy RandomState as nnc's evaluation does (runtime/expr.ts). The node kinds are the
// ones runtime/expr.ts lets through; anything else throws, as the formula could not have compiled.
import type { MathNode } from "mathjs";
import { ACTIVATION_FUNCTIONS, initFormulaScope, parseCheckedFormula } from "../runtime/expr.js";
import { pyFloat } from "./python-text.js";

interface AnyNode {
  type: string;
  name?: string;
  value?: unknown;
  fn?: string | { name?: string };
  args?: AnyNode[];
  content?: AnyNode;
}

type Calls = (name: string, args: string[]) => string;

/** Prints the tree with every compound operand parenthesised, so Python evaluates it in mathjs's order. */
function printTree(tree: MathNode, symbols: (name: string) => string, calls: Calls): string {
  const atom = (node: AnyNode): string => {
    if (node.type === "ParenthesisNode") return atom(node.content!);
    const simple =
      node.type === "SymbolNode" ||
      node.type === "FunctionNode" ||
      (node.type === "ConstantNode" && Number(node.value) >= 0);
    return simple ? print(node) : `(${print(node)})`;
  };
  const print = (node: AnyNode): string => {
    switch (node.type) {
      case "ConstantNode":
        return pyFloat(Number(node.value));
      case "SymbolNode":
        return symbols(node.name!);
      case "ParenthesisNode":
        return print(node.content!);
      case "OperatorNode": {
        const args = node.args!;
        const binary: Record<string, string> = { add: "+", subtract: "-", multiply: "*", divide: "/", pow: "**" };
        if (node.fn === "unaryMinus") return `-${atom(args[0])}`;
        if (node.fn === "unaryPlus") return print(args[0]);
        const op = binary[node.fn as string];
        if (!op) throw new Error(`operator ${String(node.fn)} has no Python form here`);
        return `${atom(args[0])} ${op} ${atom(args[1])}`;
      }
      case "FunctionNode":
        return calls((node.fn as { name?: string }).name ?? "", node.args!.map(print));
    }
    throw new Error(`${node.type} has no Python form here`);
  };
  return print(tree as unknown as AnyNode);
}

/** g(z) of `activation NAME(z) = formula` over the tensor `z`, evaluated as nnc's kernels do. */
export function activationPython(formula: string, parameter: string): string {
  const tree = parseCheckedFormula(formula, [parameter, "e", "pi"], [...ACTIVATION_FUNCTIONS]);
  const symbols = (name: string) => (name === parameter ? "z" : name === "e" ? "math.e" : "math.pi");
  return printTree(tree, symbols, (name, args) => {
    // A part without z is a number: math's functions, as torch's take tensors only.
    const lib = args.some((arg) => /\bz\b/.test(arg)) ? "torch" : "math";
    switch (name) {
      case "sigmoid":
        // nnc evaluates 1 / (1 + exp(-z)) (runtime/ops/formula-activation.ts), as torch.sigmoid does.
        return lib === "torch" ? `torch.sigmoid(${args[0]})` : `1 / (1 + math.exp(-(${args[0]})))`;
      case "softplus":
        // log1p(exp(z)) with no threshold: F.softplus switches to z above 20, nnc does not.
        return `${lib}.log1p(${lib}.exp(${args[0]}))`;
      case "pow":
        return `(${args[0]}) ** (${args[1]})`;
      case "log":
        return args.length === 2 ? `${lib}.log(${args[0]}) / math.log(${args[1]})` : `${lib}.log(${args[0]})`;
      default:
        return `${lib}.${name}(${args.join(", ")})`;
    }
  });
}

/** One weight of an init formula, in `fan_in`, `fan_out` and the numpy RandomState `rng`. */
export function initFormulaPython(formula: string): string {
  const scope = initFormulaScope();
  const tree = parseCheckedFormula(formula, scope.variables, scope.functions);
  const symbols = (name: string) => (name === "e" || name === "pi" ? `math.${name}` : name);
  return printTree(tree, symbols, (name, args) => {
    switch (name) {
      case "normal":
        // numpy's legacy normal(loc, scale) is loc + scale · gauss, as nnc draws it.
        return `rng.normal(${args[0]}, ${args[1]})`;
      case "uniform":
        return `rng.uniform(${args[0]}, ${args[1]})`;
      case "randn":
        return "rng.standard_normal()";
      case "rand":
        return "rng.random_sample()";
      case "pow":
        return `(${args[0]}) ** (${args[1]})`;
      case "abs":
      case "min":
      case "max":
        return `${name}(${args.join(", ")})`;
      default:
        return `math.${name}(${args.join(", ")})`;
    }
  });
}
