// l1_penalty: the L1 regularization term of one weight matrix, R = λ/m·Σ|W|, added to the cost
// (biases are not penalised). Its gradient λ/m·sign(W) is added to the data term's dW once per pass.
// At W = 0, where |w| has a kink, nnc takes the subgradient 0 (Math.sign(0) = 0).
import { defineOp } from "./op.js";
import { pairwiseSum, scratch } from "./sum.js";

const magnitudes = scratch();

/** Σ |W| summed pairwise, as np.sum(np.abs(W)) does. */
export function sumOfAbs(W: Float64Array, n: number): number {
  const buffer = magnitudes(n);
  for (let i = 0; i < n; i++) buffer[i] = Math.abs(W[i]);
  return pairwiseSum(buffer, 0, n);
}

function examples(m: number | undefined): number {
  if (!m) throw new Error("l1_penalty needs m, the number of examples of the pass");
  return m;
}

export const l1Penalty = defineOp({
  name: "l1_penalty",
  kind: "penalty",
  inputs: [{ name: "W", differentiable: true }],
  output: "R",
  shape: () => [1, 1],
  saves: { inputs: ["W"], output: false },
  forward({ inputs: [W], output, attrs, m }) {
    output[0] = (attrs.lambda / examples(m)) * sumOfAbs(W, W.length);
  },
  backward({ inputs: [W], dOutput, attrs, m }, [dW]) {
    if (!dW) return;
    const scale = attrs.lambda / examples(m);
    for (let i = 0; i < W.length; i++) dW[i] += dOutput[0] * (scale * Math.sign(W[i]));
  },
  equation: { forward: "R = lambda / m * sum(abs(W))", backward: { W: "dW = lambda / m * sign(W)" } },
  latex: {
    forward: String.raw`R = \frac{\lambda}{m} \sum_{k,i} \lvert W_{k,i} \rvert`,
    backward: { W: String.raw`dW = \frac{\lambda}{m} \operatorname{sign}(W)` },
  },
  derivation:
    "R = λ/m Σ_{k,i} |W[k,i]|, and d|w|/dw = sign(w) away from 0, so dR/dW = λ/m · sign(W). At w = 0 " +
    "any value in [-1, 1] is a subgradient; nnc takes 0. W also feeds its layer's Z, so its gradient " +
    "is the sum of both uses, dW = dZ·A_prevᵀ + λ/m·sign(W). Unlike L2, the pull towards 0 does not " +
    "shrink with W, which drives small weights to exactly 0 (sparse weights).",
  templates: {
    kind: "penalty",
    cost: (W, size, m, { lambda }) => `${lambda} / ${m} * sumOfAbs(${W}, ${size})`,
    gradient: (w, m, { lambda }) => `${lambda} / ${m} * Math.sign(${w})`,
  },
});
