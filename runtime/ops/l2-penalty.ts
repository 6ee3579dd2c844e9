// l2_penalty: the L2 regularization term of one weight matrix, R = λ/(2m)·Σ W², added to the cost
// (biases are not penalised, as in the lesson). Its gradient dW = λ/m·W is added to the data term's
// dW once per pass: the generated backward pass reads dW = dZ·A_prevᵀ + λ/m·W.
//
// Arithmetic as the lesson's: `(1./m * lambd / 2) * np.sum(np.square(W))` (numpy sums pairwise) and
// `lambd / m * W`.
import { defineOp } from "./op.js";
import { pairwiseSum, scratch } from "./sum.js";

const squares = scratch();

/** Σ W² summed pairwise as np.sum(np.square(W)) does. */
export function sumOfSquares(W: Float64Array, n: number): number {
  const buffer = squares(n);
  for (let i = 0; i < n; i++) buffer[i] = W[i] * W[i];
  return pairwiseSum(buffer, 0, n);
}

function examples(m: number | undefined): number {
  if (!m) throw new Error("l2_penalty needs m, the number of examples of the pass");
  return m;
}

export const l2Penalty = defineOp({
  name: "l2_penalty",
  kind: "penalty",
  inputs: [{ name: "W", differentiable: true }],
  output: "R",
  shape: () => [1, 1],
  saves: { inputs: ["W"], output: false },
  forward({ inputs: [W], output, attrs, m }) {
    output[0] = (((1 / examples(m)) * attrs.lambda) / 2) * sumOfSquares(W, W.length);
  },
  backward({ inputs: [W], dOutput, attrs, m }, [dW]) {
    if (!dW) return;
    const scale = attrs.lambda / examples(m);
    for (let i = 0; i < W.length; i++) dW[i] += dOutput[0] * (scale * W[i]);
  },
  equation: { forward: "R = lambda / (2 * m) * sum(W .^ 2)", backward: { W: "dW = lambda / m * W" } },
  latex: {
    forward: String.raw`R = \frac{\lambda}{2m} \sum_{k,i} W_{k,i}^{2}`,
    backward: { W: String.raw`dW = \frac{\lambda}{m} W` },
  },
  derivation:
    "R = λ/(2m) Σ_{k,i} W[k,i]², so dR/dW[k,i] = λ/(2m) · 2 W[k,i] = λ/m · W[k,i]. The cost is the " +
    "loss plus the penalties, dJ/dR = 1, and W also feeds its layer's Z: its gradient is the sum of " +
    'both uses, dW = dZ·A_prevᵀ + λ/m·W ("weight decay": each step shrinks W by lr·λ/m·W).',
  templates: {
    kind: "penalty",
    cost: (W, size, m, { lambda }) => `1 / ${m} * ${lambda} / 2 * sumOfSquares(${W}, ${size})`,
    gradient: (w, m, { lambda }) => `${lambda} / ${m} * ${w}`,
  },
});
