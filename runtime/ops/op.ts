// What an op is. Each op file in this folder holds everything about one op, side by side: its
// Float64Array kernels (forward, and backward accumulating into input gradients as micrograd
// does), its attributes (ranges, defaults, docs), its equations in mathjs syntax and LaTeX in the
// course's notation, a short derivation, and the scalar code templates the JS emitter
// (compiler/emit-js.ts) splices into generated per-sample code. The compiler reads the
// attributes, equations and templates; the runtime's interpreter runs the kernels.
//
// Matrices are row-major Float64Arrays, [rows, cols]; one column per example (the lessons'
// layout), so m is the number of columns of X.

import type { AttributeSpec } from "./attributes.js";

/** [rows, cols]; a scalar (the cost) is [1, 1]. */
export type Shape = readonly [number, number];

/** Numeric attributes of an op use, e.g. leaky_relu's `slope`. */
export type OpAttrs = Readonly<Record<string, number>>;

export interface OpInput {
  /** Name in the course's notation (`W`, `A_prev`, `b`, `Z`, `Y`). */
  name: string;
  /**
   * False for inputs that backward never sends a gradient to: labels, and values an op only
   * reads to save work (cross_entropy reads the sigmoid's output A to form dZ = (A - Y) / m).
   */
  differentiable: boolean;
  /**
   * What the kernels accept, when not any real number: `probability`, in (0, 1) (a sigmoid's
   * output that a loss reads); `binary`, 0 or 1 (labels, dropout masks); `classIndex`, one class
   * 0..K-1 per example in a 1×m row, which the op's equations read as the K×m one-hot matrix.
   */
  values?: "probability" | "binary" | "classIndex";
  /**
   * Set when the input must be another input through an activation: a loss that reads the logit
   * Z also reads the output layer's A = σ(Z) (or softmax(Z)), and its kernels rely on that.
   */
  activationOf?: { op: string; input: string };
}

export interface ForwardContext {
  inputs: readonly Float64Array[];
  inputShapes: readonly Shape[];
  output: Float64Array;
  outputShape: Shape;
  attrs: OpAttrs;
  /** m, the number of examples of the pass; set by the interpreter, read by the penalty ops. */
  m?: number;
}

export interface BackwardContext extends ForwardContext {
  /** Gradient of the cost with respect to this op's output, same shape as the output. */
  dOutput: Float64Array;
}

/**
 * Scalar code templates for the per-sample emitter. Arguments are JS expressions (usually local
 * variable names); results are JS expressions, which may call Math and the functions in
 * `codeLibrary` (index.ts). Which family an op provides depends on its kind.
 *
 * Keep them free of arithmetic inside branches (`z > 0 ? z : s * z` → `(z > 0 ? 1 : s) * z`):
 * V8 compiles the generated step once it is hot, and arithmetic in a branch that has not run yet
 * has no type feedback, so its first use deoptimizes the step, which then runs ~3× slower.
 */
export interface ElementwiseTemplates {
  kind: "elementwise";
  /** A = f(Z) for one element. */
  forward(Z: string, attrs: OpAttrs): string;
  /** dZ for one element from the upstream dA and the element's Z or A. */
  backward(v: { dA: string; Z: string; A: string }, attrs: OpAttrs): string;
}

export interface AffineTemplates {
  kind: "affine";
  /** One element of Z from the products W[k,i]·A_prev[i] (in order of i) and b[k]. */
  forward(products: readonly string[], bias: string): string;
  product(weight: string, activation: string): string;
  /** One sample's contribution to dW[k,i] (summed over samples by the emitter). */
  weightGradient(dZ: string, activation: string): string;
  /**
   * db[k] from row k of dZ: the emitter keeps each example's dZ[k] in a buffer (`dZRow`, row-major
   * n × m) and this sums a row; `pairwiseSum(array, start, n)` is available to the code.
   */
  biasGradient(dZRow: string, start: string, m: string): string;
  /** dA_prev[i] from the products W[k,i]·dZ[k] (in order of k). */
  inputGradient(products: readonly string[]): string;
}

export interface LossTemplates {
  kind: "loss";
  /** One example's loss term; `v` maps the op's input names (Z, A, Y) to JS expressions. */
  term(v: Readonly<Record<string, string>>): string;
  /**
   * The same value computing only what it returns, where `term` computes several forms and picks
   * one: for a small function of its own (the SIMD code's glue), where a branch's first run
   * costs little. Absent: `term` is used.
   */
  branchingTerm?(v: Readonly<Record<string, string>>): string;
  /** numpy's nansum: terms that are NaN (0·inf in the naive formula) count as 0. */
  skipNaN: boolean;
  /** The cost from the (pairwise, runtime/ops/sum.ts) sum of the terms and 1/m. */
  reduce(sum: string, invM: string): string;
  /** The gradient for the op's one differentiable input, for one example. */
  gradient(v: Readonly<Record<string, string>> & { invM: string }): string;
}

/**
 * A mask op (dropout): Out = f(A, D) elementwise, where D is a per-example mask the runtime fills
 * before each training pass. At prediction the op is the identity (`inference: "identity"`).
 */
export interface MaskTemplates {
  kind: "mask";
  forward(A: string, D: string, attrs: OpAttrs): string;
  /** dA for one element from the upstream gradient of the output and the mask. */
  backward(dOut: string, D: string, attrs: OpAttrs): string;
}

/**
 * A penalty on one parameter (L2, L1): a scalar added to the cost, and a gradient term per
 * parameter element added once per pass (after the per-example loop). `m` is the JS name of m.
 */
export interface PenaltyTemplates {
  kind: "penalty";
  /** The penalty's value; `sumName(array, n)` sums a transform of the array pairwise. */
  cost(param: string, size: number, m: string, attrs: OpAttrs): string;
  gradient(element: string, m: string, attrs: OpAttrs): string;
}

export type OpTemplates = ElementwiseTemplates | AffineTemplates | LossTemplates | MaskTemplates | PenaltyTemplates;

/** One line of `nnc derive`: why a backward rule is the derivative, in words and in LaTeX. */
export interface Reason {
  /** Plain text, Unicode allowed (σ′, ᵀ, −), one sentence. */
  text: string;
  /** The same for LaTeX and Markdown pages: prose with the math inside `$…$`. */
  latex: string;
}

export interface OpDefinition<T extends OpTemplates = OpTemplates> {
  /** The language's word for it, snake_case (`leaky_relu`). */
  name: string;
  kind: T["kind"];
  inputs: readonly OpInput[];
  /** Name of the output in the course's notation (`A`, `Z`, `J`). */
  output: string;
  /** One line for listings: what the op computes (`max(0, z)`). */
  doc: string;
  /**
   * The numbers the op reads from `OpAttrs` (leaky_relu's `slope`, dropout's `keep`), with their
   * ranges and defaults. For an activation they are the arguments the language takes
   * (`leaky_relu(slope: 0.1)`); its equations name them as they are named here.
   */
  attributes?: readonly AttributeSpec[];
  shape(inputShapes: readonly Shape[], attrs: OpAttrs): Shape;
  forward(ctx: ForwardContext): void;
  /**
   * Adds (+=) this op's contribution to each input gradient; `grads[i]` is null for inputs that
   * need none. Accumulating, not assigning, so a value used twice gets both contributions.
   */
  backward(ctx: BackwardContext, grads: readonly (Float64Array | null)[]): void;
  /**
   * mathjs text: `forward` is the op, `backward[input]` the gradient rule for that input. Each is
   * run through the backward blocks' evaluator (runtime/matrix-formula.ts, with `max`, `min`,
   * `sumk` and `maxk` added) against the kernels, so it must say what the kernel computes, in
   * the blocks' conventions: `*` is the matrix product, `.*` and `./` work elementwise, and
   * `sum(V, 2)` sums each row (over the examples) as numpy's np.sum(V, axis=1, keepdims=True).
   */
  equation: { forward: string; backward: Readonly<Record<string, string>> };
  latex: { forward: string; backward: Readonly<Record<string, string>> };
  /** Why the backward rule is the derivative, and the choices made at edges (kinks, overflow). */
  derivation: string;
  /**
   * How this op shows up in `nnc derive` (compiler/derivation.ts). The derivation is printed from
   * the backward graph that runs, never from a template per model: every node of the forward graph
   * prints its `equation.forward`, and every backward rule a node applies (one per differentiable
   * input that leads to a parameter) becomes one term of that input's gradient, printed in the
   * graph's names (`dW = dZ * A_prev'` at layer 3 reads `dW[3] = dZ[3] A[2]ᵀ`) with
   * `reasons[input]` beside it and `latex.backward[input]` as the general rule. A value used by
   * several nodes gets one term per use, summed, each with its own op's reason. So a new op appears
   * in every derivation by construction: an L2 penalty node reading W adds its term `λ/m · W[l]` to
   * dW[l] with its reason; a dropout node between A[l] and the next layer adds its mask step
   * `dA[l] = dD[l] ∗ M[l] / keep` to the chain. An op only has to fill in `equation`, `latex` and
   * `reasons`; the notation printer (compiler/notation.ts) must know each mathjs node kind its
   * equations use, and throws on one it does not (a test derives every registered op).
   */
  reasons: Readonly<Record<string, Reason>>;
  templates: T;
  /** "identity": at prediction the op passes its first input through (dropout). */
  inference?: "identity";
  /**
   * Where the op's derivative jumps (relu and leaky_relu at Z = 0): the gradient checker treats a
   * numeric derivative whose step moves an input across this point as meaningless.
   */
  kinkAt?: number;
  /**
   * True for ops whose outputs each read a whole column of an input (softmax and its loss): they
   * have no per-example scalar template, so the code generator declines graphs that use them.
   */
  columnwise?: boolean;
}

export function defineOp<T extends OpTemplates>(op: OpDefinition<T>): OpDefinition<T> {
  const differentiable = op.inputs.filter((i) => i.differentiable).map((i) => i.name);
  for (const name of differentiable) {
    if (!(name in op.equation.backward) || !(name in op.latex.backward)) {
      throw new Error(`op ${op.name}: no backward equation for its input ${name}`);
    }
    if (!(name in op.reasons)) throw new Error(`op ${op.name}: no reason for its input ${name}'s rule`);
  }
  if (op.kind !== op.templates.kind) throw new Error(`op ${op.name}: templates are for ${op.templates.kind}`);
  for (const attribute of op.attributes ?? []) {
    if (attribute.type !== "number" && attribute.type !== "integer")
      throw new Error(`op ${op.name}: attribute ${attribute.name} is a ${attribute.type}; ops read numbers`);
  }
  return Object.freeze(op);
}

/** Shape check shared by the elementwise ops: output shape is the input's. */
export function sameShape(inputShapes: readonly Shape[]): Shape {
  return inputShapes[0];
}

/** Defines a one-input, one-output elementwise activation from its scalar pieces. */
export function defineActivation(spec: {
  name: string;
  /** One line for listings and the language's reference: `max(0, z)`. */
  doc: string;
  /** The activation's arguments (`slope`), each read by `scalar`, the templates and the equations. */
  attributes?: readonly AttributeSpec[];
  scalar: (z: number, attrs: OpAttrs) => number;
  /** One element of dZ from the upstream dA and the input Z or the output A (whichever reads best). */
  scalarBackward: (dA: number, Z: number, A: number, attrs: OpAttrs) => number;
  equation: { forward: string; backward: string };
  latex: { forward: string; backward: string };
  derivation: string;
  /** Why dZ = dA ∗ g′(Z) takes this form, for `nnc derive`. */
  reason: Reason;
  templates: Omit<ElementwiseTemplates, "kind">;
  kinkAt?: number;
}): OpDefinition<ElementwiseTemplates> {
  const { scalar, scalarBackward } = spec;
  return defineOp({
    name: spec.name,
    kind: "elementwise",
    inputs: [{ name: "Z", differentiable: true }],
    output: "A",
    doc: spec.doc,
    ...(spec.attributes ? { attributes: spec.attributes } : {}),
    shape: sameShape,
    forward({ inputs: [Z], output: A, attrs }) {
      for (let i = 0; i < Z.length; i++) A[i] = scalar(Z[i], attrs);
    },
    backward({ inputs: [Z], output: A, dOutput: dA, attrs }, [dZ]) {
      if (!dZ) return;
      for (let i = 0; i < Z.length; i++) dZ[i] += scalarBackward(dA[i], Z[i], A[i], attrs);
    },
    equation: { forward: spec.equation.forward, backward: { Z: spec.equation.backward } },
    latex: { forward: spec.latex.forward, backward: { Z: spec.latex.backward } },
    derivation: spec.derivation,
    reasons: { Z: spec.reason },
    templates: { kind: "elementwise", ...spec.templates },
    ...(spec.kinkAt !== undefined ? { kinkAt: spec.kinkAt } : {}),
  });
}
