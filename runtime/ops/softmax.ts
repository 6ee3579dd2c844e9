// softmax: each column of Z (one example's K logits) becomes a probability distribution,
// A[k, j] = exp(Z[k, j] - max_k Z[:, j]) / Σ_i exp(Z[i, j] - max_k Z[:, j]). Subtracting the
// column's max changes nothing mathematically and keeps exp from overflowing: the largest term is
// exp(0) = 1, so the sum is in [1, K].
//
// Unlike the other activations it is not elementwise: each output reads its whole column, so the
// per-example code generator (compiler/emit-js.ts) declines models that use it (`columnwise`) and
// they run on the interpreter. On the output layer with cross_entropy, the loss sends
// dZ = (A - Y) / m to the logits directly and this op's own rule is not on the gradient path.
import { defineOp, sameShape } from "./op.js";

/** Softmax of each column of the rows × cols matrix Z into A (both row-major). */
export function softmaxColumns(Z: Float64Array, A: Float64Array, rows: number, cols: number): void {
  for (let j = 0; j < cols; j++) {
    let max = -Infinity;
    for (let k = 0; k < rows; k++) max = Math.max(max, Z[k * cols + j]);
    let sum = 0;
    for (let k = 0; k < rows; k++) {
      const e = Math.exp(Z[k * cols + j] - max);
      A[k * cols + j] = e;
      sum += e;
    }
    for (let k = 0; k < rows; k++) A[k * cols + j] /= sum;
  }
}

const columnwiseOnly = (): never => {
  throw new Error("softmax is column-wise: the per-example code generator has no scalar template for it");
};

export const softmax = defineOp({
  name: "softmax",
  kind: "elementwise",
  inputs: [{ name: "Z", differentiable: true }],
  output: "A",
  doc: "exp(z_k) / Σ_i exp(z_i) over each example's units (output layer only: multi-class)",
  shape: sameShape,
  columnwise: true,
  forward({ inputs: [Z], output: A, outputShape: [rows, cols] }) {
    softmaxColumns(Z, A, rows, cols);
  },
  backward({ output: A, dOutput: dA, outputShape: [rows, cols] }, [dZ]) {
    if (!dZ) return;
    // dZ[k] = A[k] (dA[k] - Σ_i dA[i] A[i]): the Jacobian diag(a) - a aᵀ applied to dA, per column.
    for (let j = 0; j < cols; j++) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += dA[i * cols + j] * A[i * cols + j];
      for (let k = 0; k < rows; k++) dZ[k * cols + j] += A[k * cols + j] * (dA[k * cols + j] - dot);
    }
  },
  equation: {
    // sumk and maxk run over one example's K units (compiler/notation.ts prints them Σₖ, maxₖ).
    forward: "A = exp(Z - maxk(Z)) ./ sumk(exp(Z - maxk(Z)))",
    backward: { Z: "dZ = A .* (dA - sumk(dA .* A))" },
  },
  latex: {
    forward:
      String.raw`A = \operatorname{softmax}(Z),\quad a_k = \frac{e^{z_k ` +
      String.raw`- \max_i z_i}}{\sum_{i=1}^{K} e^{z_i - \max_i z_i}}`,
    backward: { Z: String.raw`dZ = A \odot \left(dA - \textstyle\sum_{i} dA_i A_i\right)` },
  },
  derivation:
    "For one column, da_k/dz_i = a_k (δ_ki - a_i), the Jacobian diag(a) - a aᵀ. Applied to the upstream " +
    "gradient: dz_k = Σ_i da_i a_i (δ_ik - a_k) = a_k (da_k - Σ_i da_i a_i). Subtracting the column max " +
    "before exp leaves a unchanged, so the rule is the same. With cross_entropy on a softmax output the " +
    "loss sends dZ = (A - Y) / m directly and this rule is not used.",
  reasons: {
    Z: {
      text: "∂aₖ/∂zᵢ = aₖ(δₖᵢ − aᵢ), so dzₖ = aₖ(daₖ − Σᵢ daᵢ aᵢ) for each example's column",
      latex:
        "$\\frac{\\partial a_k}{\\partial z_i} = a_k(\\delta_{ki} - a_i)$, so $dz_k " +
        "= a_k\\left(da_k - \\sum_i da_i a_i\\right)$ for each example's column",
    },
  },
  templates: { kind: "elementwise", forward: columnwiseOnly, backward: columnwiseOnly },
});
