// The op registry: the language's op names (snake_case) to their definitions. The compiler
// reads equations, derivations and code templates from here; the runtime's interpreter runs the
// kernels. Adding an op means adding its file and one line below.
import { LESSON_ARITHMETIC_BELOW, crossEntropy, crossEntropyNaive, crossEntropyTerm } from "./cross-entropy.js";
import { BLOCK, pairwiseSum } from "./sum.js";
import { leakyRelu } from "./leaky-relu.js";
import { linear } from "./linear.js";
import { matmulBias } from "./matmul-bias.js";
import type { OpDefinition } from "./op.js";
import { relu } from "./relu.js";
import { sigmoid } from "./sigmoid.js";
import { tanh } from "./tanh.js";
import { dropout } from "./dropout.js";
import { l1Penalty, sumOfAbs } from "./l1-penalty.js";
import { l2Penalty, sumOfSquares } from "./l2-penalty.js";
import { formulaActivation, type FormulaSpec } from "./formula-activation.js";

export type { OpDefinition, Shape, OpAttrs, OpInput, OpTemplates, Reason } from "./op.js";
export type { ElementwiseTemplates, AffineTemplates, LossTemplates, ForwardContext, BackwardContext } from "./op.js";
export type { MaskTemplates, PenaltyTemplates } from "./op.js";
export { stableTerm, naiveTerm, logitTerm } from "./cross-entropy.js";
export { ARITY, formulaActivation, formulaToJs, type FormulaSpec } from "./formula-activation.js";

/**
 * The functions generated code may call besides Math (the templates name them). The emitter
 * binds each from its `lib` argument; the runtime passes this object.
 */
export const codeLibrary = Object.freeze({ pairwiseSum, crossEntropyTerm, sumOfSquares, sumOfAbs });
export type CodeLibrary = typeof codeLibrary;

/**
 * The same library as JavaScript source, for modules that must run without nnc (`nnc emit`):
 * each function's own text and the module constants it reads. So the functions in codeLibrary
 * may read only Math, each other and the constants listed here; test/emit.test.ts runs the
 * emitted module and compares its numbers with the runtime's to the bit.
 */
export function codeLibrarySource(): string {
  const constants = { BLOCK, LESSON_ARITHMETIC_BELOW };
  return [
    ...Object.entries(constants).map(([name, value]) => `const ${name} = ${value};`),
    ...Object.values(codeLibrary).map((fn) => fn.toString()),
  ].join("\n\n");
}

const all: readonly OpDefinition[] = [
  matmulBias,
  relu,
  sigmoid,
  tanh,
  leakyRelu,
  linear,
  crossEntropy,
  crossEntropyNaive,
  dropout,
  l2Penalty,
  l1Penalty,
];

export const ops: ReadonlyMap<string, OpDefinition> = new Map(all.map((op) => [op.name, op]));

/** The op named `name`; throws for an unknown name (the validator reports those first). */
export function getOp(name: string): OpDefinition {
  const op = ops.get(name);
  if (!op) throw new Error(`unknown op '${name}'; known: ${[...ops.keys()].join(", ")}`);
  return op;
}

/**
 * The op a graph node runs: its custom activation when it carries a formula, else the
 * registry's. Everything that reads a graph looks ops up through here.
 */
export function opOf(node: { op: string; formula?: FormulaSpec }): OpDefinition {
  return node.formula ? formulaActivation(node.formula) : getOp(node.op);
}

/** Ops usable as a dense layer's activation. */
export const activationNames: readonly string[] = all.filter((op) => op.kind === "elementwise").map((op) => op.name);

/** Ops usable as a loss. */
export const lossNames: readonly string[] = all.filter((op) => op.kind === "loss").map((op) => op.name);
