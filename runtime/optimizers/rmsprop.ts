// RMSprop (Hinton's lecture 6e): each weight's step divided by a running root mean square of its
// gradient. Written in the same form as the lessons' Adam (epsilon added after the square root).
import { averaging, epsilon, learningRate, type OptimizerDefinition } from "./optimizer.js";

export const rmsprop: OptimizerDefinition = {
  name: "rmsprop",
  summary: "RMSprop: s ← β·s + (1 − β)·dW²; W ← W − learning_rate · dW / (√s + ε)",
  params: [learningRate, averaging("beta", "weight of the past in the squared-gradient average", 0.9), epsilon],
  stateArrays: 1,
  equations: ["s = beta * s + (1 - beta) * dW .^ 2", "W = W - learning_rate * dW ./ (sqrt(s) + epsilon)"],
  latex: [
    "s \\leftarrow \\beta\\, s + (1 - \\beta)\\, dW^{2}",
    "W \\leftarrow W - \\alpha\\, \\frac{dW}{\\sqrt{s} + \\varepsilon}",
  ],
  derivation:
    "s is an exponentially weighted average of the squared gradient, element by element, so √s estimates the " +
    "typical size of each weight's gradient. Dividing by it gives every weight a step of about α whatever the " +
    "scale of its gradient: directions that oscillate (large |dW|) are slowed, flat ones sped up. ε keeps the " +
    "division finite where s is 0.",
  update(P, dP, [s], lr, settings) {
    const { beta, epsilon } = settings;
    for (let e = 0; e < P.length; e++) {
      const g = dP[e];
      s[e] = beta * s[e] + (1 - beta) * (g * g);
      P[e] = P[e] - (lr * g) / (Math.sqrt(s[e]) + epsilon);
    }
  },
};
