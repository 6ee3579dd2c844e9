// What an optimizer is: an update rule for one parameter array from its gradient, with the
// state it keeps between steps (velocities, squared-gradient averages), its equations and the
// derivation text `nnc derive` prints after the gradients. The mini-batch loop (runtime/train-epochs.ts)
// calls `update` once per parameter per step, and the interpreter's full-batch step calls gd's;
// nothing is allocated there. Its settings, with their ranges and defaults, are the arguments the
// language takes (`adam(learning_rate: 0.0007, beta1: 0.9)`); the compiler reads them from here.
import { numberAttribute, optionalAttribute, type AttributeSpec } from "../ops/attributes.js";

/** The optimizer's settings as written (`adam(learning_rate: 0.0007, beta1: 0.9)`), defaults filled in. */
export type OptimizerSettings = Readonly<Record<string, number>>;

export interface OptimizerDefinition {
  name: string;
  /** One line for listings and the language's reference. */
  summary: string;
  /** Its settings, learning_rate first; those left out take their defaults. */
  params: readonly AttributeSpec[];
  /** Number of state arrays kept per parameter (each the parameter's size, zeros at the start). */
  stateArrays: number;
  /** The update of one parameter W from dW, in plain text (`v = beta * v + (1 - beta) * dW`). */
  equations: readonly string[];
  /** The same, as LaTeX. */
  latex: readonly string[];
  /** Why the rule is what it is: shown by `nnc derive` after the gradients. */
  derivation: string;
  /**
   * One step for one parameter: P and its gradient dP, the state arrays, the learning rate in
   * force and t, the number of this step counting from 1 (Adam's bias correction needs it).
   */
  update(
    P: Float64Array,
    dP: Float64Array,
    state: readonly Float64Array[],
    lr: number,
    settings: OptimizerSettings,
    t: number,
  ): void;
}

export const learningRate = numberAttribute("learning_rate", "the step size", { min: 0, minExclusive: true });

/** The weight of the past in an exponentially weighted average, in [0, 1). */
export function averaging(name: string, doc: string, fallback: number): AttributeSpec {
  const bounds = { min: 0, max: 1, maxExclusive: true };
  return optionalAttribute({ name, type: "number", required: false, ...bounds, default: fallback, doc });
}

export const epsilon = optionalAttribute({
  name: "epsilon",
  type: "number",
  required: false,
  min: 0,
  minExclusive: true,
  default: 1e-8,
  doc: "added to the square root so the division stays finite",
});
