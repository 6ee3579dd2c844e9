// Plain (mini-batch) gradient descent: the lessons' update_parameters_with_gd. The rule is written
// here only: `update` for the interpreter's step and the mini-batch loop, `scalarUpdate` for the
// generated full-batch step (compiler/emit-js.ts), which keeps each gradient element in a local.
import { learningRate, type OptimizerDefinition } from "./optimizer.js";

export const gd: OptimizerDefinition & {
  scalarUpdate(P: string, dP: string, lr: string): string;
} = {
  name: "gd",
  summary: "gradient descent: W ← W − learning_rate · dW",
  params: [learningRate],
  stateArrays: 0,
  equations: ["W = W - learning_rate * dW"],
  latex: ["W \\leftarrow W - \\alpha\\, dW"],
  derivation:
    "A step against the gradient: to first order J(W − α·dW) ≈ J(W) − α·‖dW‖², " +
    "so a small enough α lowers the cost. " +
    "With mini-batches dW is the gradient of the batch's mean loss, an unbiased estimate of the full gradient.",
  update(P, dP, _state, lr) {
    for (let e = 0; e < P.length; e++) P[e] = P[e] - lr * dP[e];
  },
  scalarUpdate: (P, dP, lr) => `${P} - ${lr} * ${dP}`,
};
