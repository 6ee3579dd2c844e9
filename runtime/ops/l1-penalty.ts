// l1_penalty: the L1 regularization term of one weight matrix, R = λ/m·Σ|W|, added to the cost
// (biases are not penalised). Its gradient λ/m·sign(W) is added to the data term's dW once per pass.
// At W = 0, where |w| has a kink, nnc takes the subgradient 0 (Math.sign(0) = 0).
import { defineOp } from "./op.js";
import { numberAttribute } from "./attributes.js";

/**
 * Σ |W| summed pairwise as np.sum(np.abs(W)) does: numpy's pairwise order (sum.ts) over the
 * magnitudes. Self-contained (it is also printed into `nnc emit`'s module, beside pairwiseSum and
 * BLOCK), and allocation-free. 128 is sum.ts's BLOCK written as a number: the printed text must
 * stand alone, and a bundler renames names (an imported BLOCK, or a second BLOCK in the bundled
 * `nnc`, even one local to this function). No comment inside the function: a bundler drops those.
 */
export function sumOfAbs(a: Float64Array, n: number, start = 0): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += Math.abs(a[start + i]);
    return res;
  }
  if (n <= 128) {
    let r0 = Math.abs(a[start]),
      r1 = Math.abs(a[start + 1]),
      r2 = Math.abs(a[start + 2]),
      r3 = Math.abs(a[start + 3]);
    let r4 = Math.abs(a[start + 4]),
      r5 = Math.abs(a[start + 5]),
      r6 = Math.abs(a[start + 6]),
      r7 = Math.abs(a[start + 7]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = start + i;
      r0 += Math.abs(a[p]);
      r1 += Math.abs(a[p + 1]);
      r2 += Math.abs(a[p + 2]);
      r3 += Math.abs(a[p + 3]);
      r4 += Math.abs(a[p + 4]);
      r5 += Math.abs(a[p + 5]);
      r6 += Math.abs(a[p + 6]);
      r7 += Math.abs(a[p + 7]);
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += Math.abs(a[start + i]);
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return sumOfAbs(a, half, start) + sumOfAbs(a, n - half, start + half);
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
  doc: "L1: λ/m·Σ|W| added to the cost, dW += λ/m·sign(W)",
  attributes: [numberAttribute("lambda", "the penalty's weight: cost + lambda/m·Σ|W|", { min: 0 })],
  shape: () => [1, 1],
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
  reasons: {
    W: {
      text: "the cost adds λ/m Σₖᵢ |W|, whose slope in each weight is λ/m · sign(W) (0 at W = 0)",
      latex:
        "the cost adds $\\frac{\\lambda}{m} \\sum_{k,i} \\lvert W \\rvert$, whose slope " +
        "in each weight is $\\frac{\\lambda}{m} \\operatorname{sign}(W)$ ($0$ at $W = 0$)",
    },
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
