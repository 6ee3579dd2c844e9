// l2_penalty: the L2 regularization term of one weight matrix, R = λ/(2m)·Σ W², added to the cost
// (biases are not penalised, as in the lesson). Its gradient dW = λ/m·W is added to the data term's
// dW once per pass: the generated backward pass reads dW = dZ·A_prevᵀ + λ/m·W.
//
// Arithmetic as the lesson's: `(1./m * lambd / 2) * np.sum(np.square(W))` (numpy sums pairwise) and
// `lambd / m * W`.
import { defineOp } from "./op.js";
import { numberAttribute } from "./attributes.js";

/**
 * Σ W² summed pairwise as np.sum(np.square(W)) does: numpy's pairwise order (sum.ts) over the
 * squares. Self-contained (it is also printed into `nnc emit`'s module, beside pairwiseSum and
 * BLOCK), and allocation-free. 128 is sum.ts's BLOCK written as a number: the printed text must
 * stand alone, and a bundler renames names (an imported BLOCK, or a second BLOCK in the bundled
 * `nnc`, even one local to this function). No comment inside the function: a bundler drops those.
 */
export function sumOfSquares(a: Float64Array, n: number, start = 0): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i] * a[start + i];
    return res;
  }
  if (n <= 128) {
    let r0 = a[start] * a[start],
      r1 = a[start + 1] * a[start + 1],
      r2 = a[start + 2] * a[start + 2],
      r3 = a[start + 3] * a[start + 3];
    let r4 = a[start + 4] * a[start + 4],
      r5 = a[start + 5] * a[start + 5],
      r6 = a[start + 6] * a[start + 6],
      r7 = a[start + 7] * a[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = start + i;
      r0 += a[p] * a[p];
      r1 += a[p + 1] * a[p + 1];
      r2 += a[p + 2] * a[p + 2];
      r3 += a[p + 3] * a[p + 3];
      r4 += a[p + 4] * a[p + 4];
      r5 += a[p + 5] * a[p + 5];
      r6 += a[p + 6] * a[p + 6];
      r7 += a[p + 7] * a[p + 7];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i] * a[start + i];
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return sumOfSquares(a, half, start) + sumOfSquares(a, n - half, start + half);
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
  doc: "L2 (weight decay): λ/(2m)·Σ‖W‖² added to the cost, dW += λ/m·W",
  attributes: [numberAttribute("lambda", "the penalty's weight: cost + lambda/(2m)·Σ‖W‖²", { min: 0 })],
  shape: () => [1, 1],
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
  reasons: {
    W: {
      text: "the cost adds λ/(2m) Σₖᵢ W², whose slope in each weight is λ/m · W (weight decay)",
      latex:
        "the cost adds $\\frac{\\lambda}{2m} \\sum_{k,i} W^2$, whose " +
        "slope in each weight is $\\frac{\\lambda}{m} W$ (weight decay)",
    },
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
