// Gradient descent with momentum: the optimization lesson's update_parameters_with_momentum.
import { averaging, learningRate, type OptimizerDefinition } from "./optimizer.js";

export const momentum: OptimizerDefinition = {
  name: "momentum",
  summary: "gradient descent with momentum: v ← β·v + (1 − β)·dW; W ← W − learning_rate · v",
  params: [learningRate, averaging("beta", "weight of the past in the velocity average", 0.9)],
  stateArrays: 1,
  equations: ["v = beta * v + (1 - beta) * dW", "W = W - learning_rate * v"],
  latex: ["v \\leftarrow \\beta\\, v + (1 - \\beta)\\, dW", "W \\leftarrow W - \\alpha\\, v"],
  derivation:
    "v is an exponentially weighted average of the past gradients (v starts at 0): unrolled, " +
    "v_t = (1 − β)·Σ_k β^(t−k)·dW_k, which weighs about the last 1/(1 − β) steps. " +
    "Components that change sign from batch to batch cancel in the average and components that keep " +
    "their sign add up, so the step is damped across the valley and speeds up along it. " +
    "No bias correction: the first steps are smaller.",
  update(P, dP, [v], lr, settings) {
    const beta = settings.beta;
    for (let e = 0; e < P.length; e++) {
      v[e] = beta * v[e] + (1 - beta) * dP[e];
      P[e] = P[e] - lr * v[e];
    }
  },
};
