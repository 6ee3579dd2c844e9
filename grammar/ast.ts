// The typed syntax tree of a .nnspec file. Every node carries the span of source it came from,
// so that any later stage can point a learner at the exact characters it is talking about.

import type { Span } from "../contracts/diagnostic.js";

export type { Span } from "../contracts/diagnostic.js";

export interface Node {
  span: Span;
}

export interface Identifier extends Node {
  kind: "identifier";
  name: string;
}

// ---- expressions -------------------------------------------------------------------------
// One small expression language serves hyperparameters, init formulas and arguments. The tree
// keeps the exact source text of every expression so the compiler can hand it to mathjs as is.

export type Expression =
  | NumberLiteral
  | StringLiteral
  | NameRef
  | UnaryExpression
  | BinaryExpression
  | CallExpression
  | ListExpression
  | TransposeExpression;

export interface ExpressionBase extends Node {
  /** The expression exactly as written in the file (used for mathjs and for messages). */
  text: string;
}

export interface NumberLiteral extends ExpressionBase {
  kind: "number";
  value: number;
}

export interface StringLiteral extends ExpressionBase {
  kind: "string";
  value: string;
}

export interface NameRef extends ExpressionBase {
  kind: "name";
  name: string;
}

export interface UnaryExpression extends ExpressionBase {
  kind: "unary";
  operator: "-" | "+";
  operand: Expression;
}

export interface BinaryExpression extends ExpressionBase {
  kind: "binary";
  operator: "+" | "-" | "*" | "/" | "^" | "==" | "!=" | "<" | "<=" | ">" | ">=";
  left: Expression;
  right: Expression;
}

export interface CallExpression extends ExpressionBase {
  kind: "call";
  callee: Identifier;
  args: Argument[];
}

export interface ListExpression extends ExpressionBase {
  kind: "list";
  items: Expression[];
}

/** `A2'`: the transpose of its operand. */
export interface TransposeExpression extends ExpressionBase {
  kind: "transpose";
  operand: Expression;
}

/** `name: value` or a positional `value`. */
export interface Argument extends Node {
  kind: "argument";
  name?: Identifier;
  value: Expression;
}

// ---- statements ---------------------------------------------------------------------------

export interface ModelFile extends Node {
  kind: "file";
  model: ModelDecl;
}

export interface ModelDecl extends Node {
  kind: "model";
  name: Identifier;
  statements: Statement[];
}

export type Statement =
  | SeedStmt
  | DataStmt
  | InputStmt
  | ActivationStmt
  | DenseStmt
  | LossStmt
  | RegularizeStmt
  | TrainStmt
  | ReportStmt
  | ParamStmt
  | LetStmt
  | CheckStmt
  | BackwardBlock;

/** `param theta = 4`: a scalar parameter of a scalar model. */
export interface ParamStmt extends Node {
  kind: "param";
  name: Identifier;
  value: Expression;
}

/** `let x = 2`: a named constant of a scalar model. */
export interface LetStmt extends Node {
  kind: "let";
  name: Identifier;
  value: Expression;
}

/** `check gradient(epsilon: 1e-7, threshold: 2e-7)` */
export interface CheckStmt extends Node {
  kind: "check";
  check: Expression;
}

/** `dW3 = 1/m * dZ3 * A2'` */
export interface Equation extends Node {
  kind: "equation";
  name: Identifier;
  value: Expression;
}

/** `backward { ... }`: hand-written gradient equations, in the order they run. */
export interface BackwardBlock extends Node {
  kind: "backward";
  equations: Equation[];
}

/** `seed 3` */
export interface SeedStmt extends Node {
  kind: "seed";
  value: NumberLiteral;
}

/**
 * `data train = circles(samples: 300, noise: 0.05, seed: 1)`, or one source cut into parts:
 * `data train, test = circles(samples: 400, noise: 0.05, seed: 1) split 300, 100`.
 */
export interface DataStmt extends Node {
  kind: "data";
  /** The first name (the only one without a split). */
  name: Identifier;
  /** Every name, in order: one per part of a split. */
  names: Identifier[];
  source: CallExpression;
  split?: DataSplit;
}

/** `split 300, 100`, with an order before the cut: `shuffled` or `shuffled(seed: 4)`. */
export interface DataSplit extends Node {
  kind: "split";
  /** `split` as written: a misspelt one is reported (NNC1120) and read as `split`. */
  word: Identifier;
  sizes: NumberLiteral[];
  order?: Expression;
}

/** `input x[2]` */
export interface InputStmt extends Node {
  kind: "input";
  name: Identifier;
  units: NumberLiteral;
}

/** `activation swish(z) = z * sigmoid(z)` */
export interface ActivationStmt extends Node {
  kind: "activation";
  name: Identifier;
  parameter: Identifier;
  formula: Expression;
}

/** `dense h1[10] relu init he` — activation and init are expressions: a name or a call. */
export interface DenseStmt extends Node {
  kind: "dense";
  name: Identifier;
  units: NumberLiteral;
  activation?: Expression;
  init?: Expression;
  /** `bias random(scale: 1)`: how the biases are drawn (zeros when absent). */
  bias?: Expression;
}

/** `loss cross_entropy` */
export interface LossStmt extends Node {
  kind: "loss";
  loss: Expression;
  /** `loss J = theta * x`: the name of a scalar model's cost (the expression is its formula). */
  name?: Identifier;
}

/** `regularize l2(lambda: 0.7)`, `regularize dropout(keep: 0.86, on: [h1, h2])` */
export interface RegularizeStmt extends Node {
  kind: "regularize";
  regularizer: Expression;
}

/** `train gd(learning_rate: 0.01) on train for 15000 iterations, report cost every 1000` */
export interface TrainStmt extends Node {
  kind: "train";
  optimizer: Expression;
  data?: Identifier;
  iterations: NumberLiteral;
  /** the word used after the count (`iterations`), kept for messages */
  unit: Identifier;
  reportEvery?: NumberLiteral;
  /** `and last`: the cost is also reported at the last iteration. */
  reportLast?: boolean;
  /** `, batch 64`, `, shuffle lesson(seed: 10)`, `, decay inverse(rate: 1)`, in the order written. */
  options?: TrainOption[];
}

export interface TrainOption extends Node {
  kind: "trainOption";
  name: Identifier;
  value: Expression;
}

/** `report accuracy on train, test` */
export interface ReportStmt extends Node {
  kind: "report";
  metric: Identifier;
  datasets: Identifier[];
}
