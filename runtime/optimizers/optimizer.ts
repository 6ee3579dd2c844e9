// What an optimizer is: an update rule for one parameter array from its gradient, with the
// state it keeps between steps (velocities, squared-gradient averages), its equations and the
// derivation text `nnc derive` prints after the gradients. The mini-batch loop (runtime/train-epochs.ts)
// calls `update` once per parameter per step, and the interpreter's full-batch step calls gd's;
// nothing is allocated there.

/** The optimizer's settings as written (`adam(learning_rate: 0.0007, beta1: 0.9)`), defaults filled in. */
export type OptimizerSettings = Readonly<Record<string, number>>;

export interface OptimizerDefinition {
  name: string;
  /** One line for listings and `--verbose`. */
  summary: string;
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
  update(P: Float64Array, dP: Float64Array, state: readonly Float64Array[], lr: number, settings: OptimizerSettings, t: number): void;
}
