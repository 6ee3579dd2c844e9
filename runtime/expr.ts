// The restricted mathjs instance that runs expressions taken from .nnspec files (custom init
// formulas such as `normal(0, sqrt(2 / fan_in))`). A .nnspec is untrusted input, so, following
// mathjs's security page ("Expression parser security"):
//   - the functions that alter the instance or parse arbitrary text (`import`, `createUnit`,
//     `evaluate`, `parse`, `compile`, `simplify`, `derivative`, `resolve`, `reviver`, ...) are
//     replaced by functions that throw, after this module has kept the two it needs privately;
//   - and, stricter than the page, every expression is checked before it runs: only numbers,
//     arithmetic operators, parentheses, the documented variables and the documented functions
//     (listed below) may appear. No accessors, assignments, strings, matrices or units.
// The check runs without evaluating anything, so the compiler's validator can call it to report
// unknown names with a did-you-mean.
import { all, create, type MathNode } from "mathjs";
import type { RandomState } from "./rng/index.js";

const disabled = (name: string) => () => {
  throw new Error(`${name} is disabled in .nnspec expressions`);
};
const UNREACHABLE = [
  "import",
  "createUnit",
  "evaluate",
  "parse",
  "compile",
  "simplify",
  "simplifyConstant",
  "simplifyCore",
  "derivative",
  "resolve",
  "reviver",
  "replacer",
  "rationalize",
  "leafCount",
  "symbolicEqual",
  "parser",
  "chain",
];

let restrictedParse: ((text: string) => MathNode) | undefined;

/**
 * Parses with the restricted instance, made on the first expression: making it costs more than
 * the rest of `nnc lint`, and most models have no formula.
 */
function parseExpression(text: string): MathNode {
  restrictedParse ??= restrictedInstance();
  return restrictedParse(text);
}

function restrictedInstance(): (text: string) => MathNode {
  // predictable: sqrt(-1) is NaN (reported as not a real number), never a Complex.
  const math = create(all, { predictable: true });
  const parse = math.parse;
  math.import(Object.fromEntries(UNREACHABLE.map((name) => [name, disabled(name)])), { override: true });
  return parse;
}

/** Math functions an init formula may call (all from mathjs, scalar only). */
const MATH_FUNCTIONS = ["sqrt", "exp", "log", "abs", "min", "max", "pow"] as const;
/** Draws from the model's RandomState, one call per weight. */
const DRAW_FUNCTIONS = ["normal", "uniform", "randn", "rand"] as const;
const CONSTANTS = ["pi", "e"] as const;
const INIT_VARIABLES = ["fan_in", "fan_out"] as const;
const OPERATORS = new Set(["add", "subtract", "multiply", "divide", "unaryMinus", "unaryPlus", "pow"]);

/**
 * Functions a custom activation's formula may call (`activation swish(z) = z * sigmoid(z)`):
 * mathjs's scalar functions, and `sigmoid`, `softplus`, which exist only here. The last three
 * are accepted by the check, so the compiler can say they are not differentiable everywhere.
 */
/** A mathjs node as the walkers over a parsed formula read it (mathjs's own types are a union per node kind). */
export interface FormulaTreeNode {
  type: string;
  name?: string;
  value?: unknown;
  fn?: string | { name?: string };
  args?: FormulaTreeNode[];
  content?: FormulaTreeNode;
}

export const ACTIVATION_FUNCTIONS = [
  "exp",
  "log",
  "sqrt",
  "tanh",
  "sinh",
  "cosh",
  "pow",
  "sigmoid",
  "softplus",
] as const;
export const NON_SMOOTH_FUNCTIONS = ["abs", "min", "max"] as const;

/** Every function name an expression may call, for messages and did-you-mean. */
export function allowedFunctionNames(): string[] {
  return [...MATH_FUNCTIONS, ...DRAW_FUNCTIONS];
}

/** Names an init formula may use: variables (with the constants pi, e) and functions. */
export function initFormulaScope(): { variables: string[]; functions: string[] } {
  return { variables: [...INIT_VARIABLES, ...CONSTANTS], functions: allowedFunctionNames() };
}

export interface ExpressionProblem {
  kind: "syntax" | "unknown-function" | "unknown-variable" | "not-allowed";
  /** The offending name, for unknown names. */
  name?: string;
  message: string;
  /** 0-based character offset in the text, when mathjs gives one (syntax errors). */
  index?: number;
}

/**
 * Checks `text` without evaluating it: syntax, every name against the allowed variables and
 * functions, every construct against the arithmetic subset. Returns [] when it may run.
 */
export function checkExpression(
  text: string,
  variables: readonly string[] = [...INIT_VARIABLES, ...CONSTANTS],
  functionNames: readonly string[] = allowedFunctionNames(),
): ExpressionProblem[] {
  let root: MathNode;
  try {
    root = parseExpression(text);
  } catch (error) {
    const e = error as Error & { char?: number };
    return [{ kind: "syntax", message: e.message, index: typeof e.char === "number" ? e.char : undefined }];
  }
  const functions = new Set(functionNames);
  const problems: ExpressionProblem[] = [];
  const walk = (node: MathNode): void => {
    const n = node as MathNode & {
      name?: string;
      fn?: unknown;
      op?: string;
      value?: unknown;
      args?: MathNode[];
      content?: MathNode;
    };
    switch (node.type) {
      case "ConstantNode":
        if (typeof n.value !== "number")
          problems.push({ kind: "not-allowed", message: `only numbers are allowed, not ${JSON.stringify(n.value)}` });
        return;
      case "SymbolNode":
        if (!variables.includes(n.name!)) {
          problems.push({ kind: "unknown-variable", name: n.name, message: `unknown name '${n.name}'` });
        }
        return;
      case "ParenthesisNode":
        return walk(n.content!);
      case "OperatorNode":
        if (!OPERATORS.has(n.fn as string))
          problems.push({ kind: "not-allowed", message: `operator '${n.op}' is not allowed` });
        return n.args!.forEach(walk);
      case "FunctionNode": {
        const fn = n.fn as MathNode & { name?: string };
        if (fn.type !== "SymbolNode") {
          problems.push({ kind: "not-allowed", message: "only calls of named functions are allowed" });
        } else if (!functions.has(fn.name!)) {
          problems.push({ kind: "unknown-function", name: fn.name, message: `unknown function '${fn.name}'` });
        }
        return n.args!.forEach(walk);
      }
      default:
        problems.push({ kind: "not-allowed", message: `${describe(node.type)} is not allowed in an expression` });
    }
  };
  walk(root);
  return problems;
}

/**
 * A formula checked against the given names and then parsed by this module's instance, for code
 * that turns it into something else (runtime/ops/formula-activation.ts prints it as JS); throws
 * with every problem if it is not within the arithmetic subset.
 */
export function parseCheckedFormula(
  text: string,
  variables: readonly string[],
  functionNames: readonly string[],
): MathNode {
  const problems = checkExpression(text, variables, functionNames);
  if (problems.length > 0) throw new Error(`formula \`${text}\`: ${problems.map((p) => p.message).join("; ")}`);
  return parseExpression(text);
}

function describe(type: string): string {
  const words: Record<string, string> = {
    AccessorNode: "property access",
    AssignmentNode: "assignment",
    FunctionAssignmentNode: "defining a function",
    ArrayNode: "a matrix",
    ObjectNode: "an object",
    ConditionalNode: "a conditional",
    RelationalNode: "a comparison",
    RangeNode: "a range",
    BlockNode: "several statements",
    IndexNode: "indexing",
  };
  return words[type] ?? type;
}

/** An init formula ready to run: one call per weight, drawing from `rng` as it goes. */
export type InitFormula = (scope: { fanIn: number; fanOut: number; rng: RandomState }) => number;

function nonNegativeStd(std: number): void {
  // numpy raises for scale < 0 too; a negative std is always a typo for something else.
  if (!(std >= 0)) throw new Error(`normal(mean, std) needs std >= 0, got ${std}`);
}

/** Checks and compiles an init formula; throws with every problem if it may not run. */
export function compileInitFormula(text: string): InitFormula {
  const problems = checkExpression(text);
  if (problems.length > 0) throw new Error(`init formula \`${text}\`: ${problems.map((p) => p.message).join("; ")}`);
  const code = parseExpression(text).compile();
  return ({ fanIn, fanOut, rng }) => {
    const arity = (name: string, args: unknown[], count: number) => {
      if (args.length !== count)
        throw new Error(`${name}() takes ${count} argument${count === 1 ? "" : "s"}, given ${args.length}`);
    };
    const scope = new Map<string, unknown>([
      ["fan_in", fanIn],
      ["fan_out", fanOut],
      // numpy's legacy normal and uniform: loc + scale·gauss, low + (high - low)·U[0, 1).
      [
        "normal",
        (...args: number[]) => (
          arity("normal", args, 2),
          nonNegativeStd(args[1]),
          args[0] + args[1] * rng.standardNormal()
        ),
      ],
      [
        "uniform",
        (...args: number[]) => (arity("uniform", args, 2), args[0] + (args[1] - args[0]) * rng.randomSample()),
      ],
      ["randn", (...args: number[]) => (arity("randn", args, 0), rng.standardNormal())],
      ["rand", (...args: number[]) => (arity("rand", args, 0), rng.randomSample())],
    ]);
    const value: unknown = code.evaluate(scope);
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Error(
        `init formula \`${text}\` gave ${String(value)} for fan_in ` +
          `= ${fanIn}, fan_out = ${fanOut}; a weight must be a finite number`,
      );
    }
    return value;
  };
}
