// The elementwise nodes between two layers, read back as an activation formula in z: the inverse
// of formula-nodes.ts. Operands are parenthesised wherever the formula's tree needs it, and no
// more, so mathjs parses the text into the same tree and nnc evaluates it in the same order.
// The float64 graphs' written-out sinh, cosh and softplus are recognised and named again.

export type FormulaTree =
  { kind: "variable" } | { kind: "number"; value: number } | { kind: "op"; op: string; args: FormulaTree[] };

const CALLS: Readonly<Record<string, string>> = {
  Exp: "exp",
  Log: "log",
  Sqrt: "sqrt",
  Tanh: "tanh",
  Sinh: "sinh",
  Cosh: "cosh",
  Sigmoid: "sigmoid",
  Softplus: "softplus",
};

const INFIX: Readonly<Record<string, [string, number]>> = {
  Add: ["+", 1],
  Sub: ["-", 1],
  Mul: ["*", 2],
  Div: ["/", 2],
  Pow: ["^", 4],
};

/** The ONNX ops a formula may be made of (Identity and Flatten pass their input through). */
export const FORMULA_OPS = [...Object.keys(CALLS), ...Object.keys(INFIX), "Neg", "Reciprocal", "Identity", "Flatten"];

function isNumber(tree: FormulaTree, value: number): boolean {
  return tree.kind === "number" && tree.value === value;
}

function opOf(tree: FormulaTree, op: string): FormulaTree[] | undefined {
  return tree.kind === "op" && tree.op === op ? tree.args : undefined;
}

/** `u` when `tree` is exp(u), else undefined. */
function expOf(tree: FormulaTree): FormulaTree | undefined {
  return opOf(tree, "Exp")?.[0];
}

/** softplus(u), sinh(u), cosh(u) when the tree is their written-out form. */
function named(tree: FormulaTree): { name: string; arg: FormulaTree } | undefined {
  const log = opOf(tree, "Log");
  const sum = log && opOf(log[0], "Add");
  if (sum && isNumber(sum[0], 1) && expOf(sum[1])) return { name: "softplus", arg: expOf(sum[1])! };
  const half = opOf(tree, "Div");
  if (!half || !isNumber(half[1], 2)) return undefined;
  for (const [op, name] of [
    ["Sub", "sinh"],
    ["Add", "cosh"],
  ]) {
    const pair = opOf(half[0], op);
    const plus = pair && expOf(pair[0]);
    const minus = pair && expOf(pair[1]);
    const negated = minus && opOf(minus, "Neg")?.[0];
    if (plus && negated && formulaText(plus) === formulaText(negated)) return { name, arg: plus };
  }
  return undefined;
}

function precedence(tree: FormulaTree): number {
  if (tree.kind === "number") return tree.value < 0 || Object.is(tree.value, -0) ? 3 : 5;
  if (tree.kind === "variable" || named(tree)) return 5;
  if (tree.op === "Neg") return 3;
  if (tree.op === "Reciprocal") return 2;
  return INFIX[tree.op]?.[1] ?? 5;
}

/** The formula as .nnspec (and mathjs) text in the variable `z`. */
export function formulaText(tree: FormulaTree, variable = "z"): string {
  const text = (t: FormulaTree): string => formulaText(t, variable);
  /** `t` as an operand that binds at least as tightly as `level` (parenthesised if not). */
  const operand = (t: FormulaTree, level: number) => (precedence(t) >= level ? text(t) : `(${text(t)})`);
  if (tree.kind === "variable") return variable;
  if (tree.kind === "number") return String(tree.value);
  const call = named(tree);
  if (call) return `${call.name}(${text(call.arg)})`;
  const [a, b] = tree.args;
  if (CALLS[tree.op]) return `${CALLS[tree.op]}(${text(a)})`;
  if (tree.op === "Neg") return `-${operand(a, 4)}`;
  if (tree.op === "Reciprocal") return `1 / ${operand(a, 3)}`;
  const [symbol, level] = INFIX[tree.op];
  // Left-associative operators need a parenthesis around an equal-level right operand;
  // ^ (right-associative) and every operand of a power are parenthesised unless atomic.
  if (tree.op === "Pow") return `${operand(a, 5)} ^ ${operand(b, 5)}`;
  const negative = precedence(b) === 3; // `a * -z` reads oddly and not every grammar takes it
  return `${operand(a, level)} ${symbol} ${negative ? `(${text(b)})` : operand(b, level + 1)}`;
}
