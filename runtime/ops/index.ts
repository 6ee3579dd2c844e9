// The op registry: the language's op names (snake_case) to their definitions, the one list of
// ops. The compiler reads attributes, equations, derivations and code templates from here (its
// vocabulary of activations is the registry's elementwise ops); the runtime's interpreter runs
// the kernels. Adding an op means adding its file and one line below (or `registerOp` at run time).
import { LESSON_ARITHMETIC_BELOW, crossEntropy, crossEntropyNaive, crossEntropyTerm } from "./cross-entropy.js";
import { BLOCK, pairwiseSum } from "./sum.js";
import { leakyRelu } from "./leaky-relu.js";
import { linear } from "./linear.js";
import { matmulBias } from "./matmul-bias.js";
import type { OpDefinition } from "./op.js";
import { relu } from "./relu.js";
import { sigmoid } from "./sigmoid.js";
import { tanh } from "./tanh.js";
import { softmax } from "./softmax.js";
import { categoricalCrossEntropy } from "./categorical-cross-entropy.js";
import { dropout } from "./dropout.js";
import { l1Penalty, sumOfAbs } from "./l1-penalty.js";
import { l2Penalty, sumOfSquares } from "./l2-penalty.js";
import { formulaActivation, type FormulaSpec } from "./formula-activation.js";
import type { WordSpec } from "./attributes.js";

export type { OpDefinition, Shape, OpAttrs, OpInput, OpTemplates, Reason } from "./op.js";
export { defineActivation, defineOp } from "./op.js";
export type { AttributeSpec, AttributeType, WordSpec } from "./attributes.js";
export { attributeOf, numberAttribute, optionalAttribute, withDefaults } from "./attributes.js";
export { lossRegistry, type LossDefinition } from "./losses.js";
export { regularizerRegistry, type RegularizerDefinition } from "./regularizers.js";
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

// Activations in the order the language lists them (messages' `expected:` lists, did-you-mean).
const registry = new Map<string, OpDefinition>(
  [
    matmulBias,
    relu,
    sigmoid,
    tanh,
    linear,
    softmax,
    leakyRelu,
    crossEntropy,
    crossEntropyNaive,
    categoricalCrossEntropy,
    dropout,
    l2Penalty,
    l1Penalty,
  ].map((op) => [op.name, op]),
);

export const ops: ReadonlyMap<string, OpDefinition> = registry;

/**
 * Adds an op to the registry at run time, as one more line of the list above would: an
 * elementwise op becomes an activation of the language, with its attributes as arguments.
 */
export function registerOp(op: OpDefinition): void {
  if (registry.has(op.name)) throw new Error(`an op named '${op.name}' is registered already`);
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(op.name)) throw new Error(`op name '${op.name}' is not snake_case`);
  registry.set(op.name, op);
}

/** The op named `name`; throws for an unknown name (the validator reports those first). */
export function getOp(name: string): OpDefinition {
  const op = registry.get(name);
  if (!op) throw new Error(`unknown op '${name}'; known: ${[...registry.keys()].join(", ")}`);
  return op;
}

/**
 * The op a graph node runs: its custom activation when it carries a formula, else the
 * registry's. Everything that reads a graph looks ops up through here.
 */
export function opOf(node: { op: string; formula?: FormulaSpec }): OpDefinition {
  return node.formula ? formulaActivation(node.formula) : getOp(node.op);
}

/** The language's activations: the registry's elementwise ops, their attributes as arguments. */
export function activationWords(): WordSpec[] {
  return [...registry.values()]
    .filter((op) => op.kind === "elementwise")
    .map((op) => ({ name: op.name, params: op.attributes ?? [], doc: op.doc }));
}
