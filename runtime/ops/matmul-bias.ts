// matmul_bias: Z = W · A_prev + b, the linear part of a dense layer, b broadcast over the m
// columns. W is [n, n_prev], A_prev [n_prev, m], b [n, 1], Z [n, m]. Backward reads both inputs
// W and A_prev (as tfjs's MatMul keeps a and b), not b and not the output.
//
// The products are runtime/wasm/simd-products.ts (SIMD for large ones, else runtime/ops/products.ts's
// blocked kernels, the same sums either way). Sums run in a fixed order (over i for Z, over
// examples j for dW, over k for dA_prev), the same order the emitted per-sample code uses, so
// interpreter and generated code agree to the bit. db is summed pairwise as numpy's np.sum does,
// so it is numpy's to the bit; dW = np.dot(...) goes through BLAS, whose blocking cannot be
// matched (it agrees to ~1e-16 relative).
import { defineOp, type Shape } from "./op.js";
import { productNN, productNT, productTN } from "../wasm/simd-products.js";
import { pairwiseSum } from "./sum.js";

export const matmulBias = defineOp({
  name: "matmul_bias",
  kind: "affine",
  inputs: [
    { name: "W", differentiable: true },
    { name: "A_prev", differentiable: true },
    { name: "b", differentiable: true },
  ],
  output: "Z",
  doc: "W · A_prev + b: a dense layer's linear part, b added to every example's column",
  shape([w, aPrev, b]: readonly Shape[]): Shape {
    if (w[1] !== aPrev[0]) throw new Error(`matmul_bias: W is ${w[0]}×${w[1]} but A_prev has ${aPrev[0]} rows`);
    if (b[0] !== w[0] || b[1] !== 1) throw new Error(`matmul_bias: b is ${b[0]}×${b[1]}, expected ${w[0]}×1`);
    return [w[0], aPrev[1]];
  },
  forward({ inputs: [W, A, b], inputShapes: [[n, nPrev], [, m]], output: Z }) {
    productNN(W, A, Z, n, nPrev, m);
    for (let k = 0; k < n; k++) {
      const bk = b[k];
      for (let j = k * m; j < (k + 1) * m; j++) Z[j] += bk;
    }
  },
  backward({ inputs: [W, A], inputShapes: [[n, nPrev], [, m]], dOutput: dZ }, [dW, dA, db]) {
    if (dW) productNT(dZ, A, dW, n, m, nPrev);
    // np.sum(dZ, axis=1) sums each (contiguous) row pairwise; so does this, to the bit.
    if (db) for (let k = 0; k < n; k++) db[k] += pairwiseSum(dZ, k * m, m);
    if (dA) productTN(W, dZ, dA, nPrev, n, m);
  },
  equation: {
    forward: "Z = W * A_prev + b",
    backward: { W: "dW = dZ * A_prev'", A_prev: "dA_prev = W' * dZ", b: "db = sum(dZ, 2)" },
  },
  latex: {
    forward: String.raw`Z = W A_{prev} + b`,
    backward: {
      W: String.raw`dW = dZ\, A_{prev}^{T}`,
      A_prev: String.raw`dA_{prev} = W^{T} dZ`,
      b: String.raw`db = \sum_{j=1}^{m} dZ^{(j)}`,
    },
  },
  derivation:
    "Z[k,j] = sum_i W[k,i] A_prev[i,j] + b[k]. So dZ[k,j]/dW[k,i] = A_prev[i,j], and W is shared by " +
    "every example: dW[k,i] = sum_j dZ[k,j] A_prev[i,j], i.e. dW = dZ A_prev^T. Likewise " +
    "dA_prev[i,j] = sum_k W[k,i] dZ[k,j] = (W^T dZ)[i,j], and b[k] is added to every column: " +
    "db[k] = sum_j dZ[k,j], written sum(dZ, 2) as in a backward block: mathjs counts dimensions from 1, so " +
    "its 2 is numpy's np.sum(dZ, axis=1, keepdims=True). " +
    "No 1/m appears here: the mean over examples is the loss's, and it is already inside dZ.",
  reasons: {
    W: {
      text: "Z = W A_prev + b is linear in W, and W serves all m examples: their dZ A_prevᵀ add up",
      latex:
        "$Z = W A_{prev} + b$ is linear in $W$, and $W$ serves all $m$ examples: their $dZ\\, A_{prev}^{T}$ add up",
    },
    A_prev: {
      text: "A_prev[i] reaches every unit k through W[k, i], so its gradient sums W[k, i] dZ[k]: Wᵀ dZ",
      latex:
        "$A_{prev,i}$ reaches every unit $k$ through $W_{k,i}$, so its gradient sums $W_{k,i}\\, dZ_k$: $W^{T} dZ$",
    },
    b: {
      text: "b is added to every example's column, so db sums dZ over the m examples (np.sum(dZ, axis=1))",
      latex: "$b$ is added to every example's column, so $db$ sums $dZ$ over the $m$ examples",
    },
  },
  templates: {
    kind: "affine",
    forward: (products, bias) => `(${products.join(" + ")}) + ${bias}`,
    product: (weight, activation) => `${weight} * ${activation}`,
    weightGradient: (dZ, activation) => `${dZ} * ${activation}`,
    biasGradient: (dZRow, start, m) => `pairwiseSum(${dZRow}, ${start}, ${m})`,
    inputGradient: (products) => products.join(" + "),
  },
});
