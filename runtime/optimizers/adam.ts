// Adam (Kingma & Ba 2015) as the optimization lesson's update_parameters_with_adam writes it:
// bias-corrected first and second moments, epsilon added after the square root, t counting
// mini-batch steps from 1. The operations run in numpy's order, so the numbers agree with it.
import { averaging, epsilon, learningRate, type OptimizerDefinition } from "./optimizer.js";
import { power } from "./power.js";

export const adam: OptimizerDefinition = {
  name: "adam",
  summary: "Adam: momentum and RMSprop with bias correction",
  params: [
    learningRate,
    averaging("beta1", "weight of the past in the gradient average", 0.9),
    averaging("beta2", "weight of the past in the squared-gradient average", 0.999),
    epsilon,
  ],
  stateArrays: 2,
  equations: [
    "v = beta1 * v + (1 - beta1) * dW",
    "v_corrected = v / (1 - beta1 ^ t)",
    "s = beta2 * s + (1 - beta2) * dW .^ 2",
    "s_corrected = s / (1 - beta2 ^ t)",
    "W = W - learning_rate * v_corrected ./ (sqrt(s_corrected) + epsilon)",
  ],
  latex: [
    "v \\leftarrow \\beta_1 v + (1 - \\beta_1)\\, dW",
    "\\hat v = \\frac{v}{1 - \\beta_1^{t}}",
    "s \\leftarrow \\beta_2 s + (1 - \\beta_2)\\, dW^{2}",
    "\\hat s = \\frac{s}{1 - \\beta_2^{t}}",
    "W \\leftarrow W - \\alpha\\, \\frac{\\hat v}{\\sqrt{\\hat s} + \\varepsilon}",
  ],
  derivation:
    "v averages the gradient (momentum) and s its square (RMSprop), both exponentially weighted and both " +
    "started at 0. Started at 0 they are biased towards 0: if dW were constant, v_t = (1 − β1^t)·dW, so " +
    "dividing by 1 − β1^t (and s by 1 − β2^t) removes the bias; t counts the update steps (mini-batches, " +
    "not epochs) from 1. The step v̂/(√ŝ + ε) is about ±1 per weight where the gradient keeps its sign and " +
    "smaller where it is noisy, so α bounds the size of every step.",
  update(P, dP, [v, s], lr, settings, t) {
    const { beta1, beta2, epsilon } = settings;
    const correction1 = 1 - power(beta1, t);
    const correction2 = 1 - power(beta2, t);
    for (let e = 0; e < P.length; e++) {
      const g = dP[e];
      v[e] = beta1 * v[e] + (1 - beta1) * g;
      const vCorrected = v[e] / correction1;
      s[e] = beta2 * s[e] + (1 - beta2) * (g * g);
      const sCorrected = s[e] / correction2;
      P[e] = P[e] - (lr * vCorrected) / (Math.sqrt(sCorrected) + epsilon);
    }
  },
};
