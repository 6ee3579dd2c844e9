// Categorical cross-entropy over a softmax output of K units, the mean over the m examples:
// J = -1/m Σ_j log softmax(Z)[y_j, j], where Y holds each example's class index 0..K-1 (1 × m;
// the one-hot matrix of the lessons' formula -1/m Σ Y ∗ log A is never built: its only non-zero
// in a column is at row y_j). Computed from the logits with log-sum-exp,
// -log a_y = log Σ_k exp(z_k - max z) - (z_y - max z), which is finite for every finite Z where
// log A would be -inf once a probability rounds to 0.
//
// Its backward sends dZ = (A - onehot(Y)) / m straight to the logits, reading the softmax's output
// A, as the binary form does with the sigmoid (cross-entropy.ts).
import { defineOp, type Shape } from "./op.js";
import { pairwiseSum, scratch } from "./sum.js";

const termsBuffer = scratch();

/** -log softmax(z)[label] for column j of the rows × cols logits Z. */
export function categoricalTerm(Z: Float64Array, rows: number, cols: number, j: number, label: number): number {
  let max = -Infinity;
  for (let k = 0; k < rows; k++) max = Math.max(max, Z[k * cols + j]);
  let sum = 0;
  for (let k = 0; k < rows; k++) sum += Math.exp(Z[k * cols + j] - max);
  return Math.log(sum) - (Z[label * cols + j] - max);
}

/** A label that is a class index of a K-unit output: an integer in 0..K-1. */
export function isClassIndex(label: number, classes: number): boolean {
  return Number.isInteger(label) && label >= 0 && label < classes;
}

function checkLabel(label: number, classes: number, j: number): void {
  if (!isClassIndex(label, classes))
    throw new RangeError(
      `categorical_cross_entropy: label ${label} of example ${j} is not a class index 0..${classes - 1}`,
    );
}

export const categoricalCrossEntropy = defineOp({
  name: "categorical_cross_entropy",
  kind: "loss",
  inputs: [
    { name: "Z", differentiable: true },
    { name: "A", differentiable: false, values: "probability", activationOf: { op: "softmax", input: "Z" } },
    { name: "Y", differentiable: false, values: "classIndex" },
  ],
  output: "J",
  doc: "categorical cross-entropy from the softmax's logits Z, mean over the examples",
  shape([z, a, y]: readonly Shape[]): Shape {
    if (z[0] < 2 || a[0] !== z[0] || y[0] !== 1 || z[1] !== y[1] || a[1] !== y[1]) {
      throw new Error(
        `categorical_cross_entropy: expected Z, A of K×m (K ≥ 2) and ` +
          `Y of 1×m, got ${[z, a, y].map((s) => s.join("×")).join(", ")}`,
      );
    }
    return [1, 1];
  },
  forward({ inputs: [Z, , Y], inputShapes: [[rows, cols]], output: J }) {
    const terms = termsBuffer(cols);
    for (let j = 0; j < cols; j++) {
      checkLabel(Y[j], rows, j);
      terms[j] = categoricalTerm(Z, rows, cols, j, Y[j]);
    }
    J[0] = (1 / cols) * pairwiseSum(terms, 0, cols);
  },
  backward({ inputs: [, A, Y], inputShapes: [[rows, cols]], dOutput: dJ }, [dZ]) {
    if (!dZ) return;
    const invM = 1 / cols;
    for (let j = 0; j < cols; j++) {
      checkLabel(Y[j], rows, j);
      for (let k = 0; k < rows; k++) {
        const onehot = k === Y[j] ? 1 : 0;
        dZ[k * cols + j] += dJ[0] * (invM * (A[k * cols + j] - onehot));
      }
    }
  },
  equation: {
    // Y one-hot; sumk and maxk run over one example's K units (compiler/notation.ts: Σₖ, maxₖ).
    forward: "J = 1/m * sum(log(sumk(exp(Z - maxk(Z)))) - sumk(Y .* (Z - maxk(Z))), 2)",
    backward: { Z: "dZ = 1/m * (A - Y)" },
  },
  latex: {
    forward:
      String.raw`J = -\frac{1}{m} \sum_{j=1}^{m} \sum_{k=1}^{K} y_k^{(j)} ` +
      String.raw`\left( z_k^{(j)} - \log \sum_{i=1}^{K} e^{z_i^{(j)}} \right)`,
    backward: { Z: String.raw`dZ = \frac{1}{m} (A - Y)` },
  },
  derivation:
    "For one example with one-hot y, L = -Σ_k y_k log a_k and a = softmax(z), so log a_k = z_k - log Σ_i e^z_i. " +
    "dL/dz_i = -y_i + Σ_k y_k a_i = a_i - y_i since Σ_k y_k = 1: the softmax's Jacobian cancels as the " +
    "sigmoid's a(1-a) does in the binary loss. The mean over m examples adds 1/m. The log-sum-exp is " +
    "computed after subtracting the column max, so no exp overflows and no log of 0 is taken.",
  reasons: {
    Z: {
      text:
        "with a = softmax(z) and one-hot y, −Σₖ yₖ log aₖ = −Σₖ yₖ zₖ + log " +
        "Σᵢ e^zᵢ, whose derivative is a − y; the mean over m examples adds 1/m",
      latex:
        "with $a = \\operatorname{softmax}(z)$ and one-hot $y$, $-\\sum_k y_k \\log a_k = -\\sum_k y_k z_k + " +
        "\\log \\sum_i e^{z_i}$, whose derivative is $a - y$; the mean over $m$ examples adds $\\frac{1}{m}$",
    },
  },
  templates: {
    kind: "loss",
    term: () => {
      throw new Error(
        "categorical_cross_entropy reads a whole column: the per-example code generator has no template for it",
      );
    },
    skipNaN: false,
    reduce: (sum, invM) => `${invM} * ${sum}`,
    gradient: () => {
      throw new Error(
        "categorical_cross_entropy reads a whole column: the per-example code generator has no template for it",
      );
    },
  },
  columnwise: true,
});
