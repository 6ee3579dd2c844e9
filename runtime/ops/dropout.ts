// dropout: inverted dropout as the regularization lesson writes it. During training each hidden
// unit is kept with probability `keep`: D = (rand < keep) as 0/1, Ad = A * D / keep, so the
// expected value of Ad is A and prediction needs no rescaling: at prediction the op is the
// identity. Backward reads the mask: it is the same multiplication, dA = dAd * D / keep.
//
// The order of operations is the lesson's, `A = A * D; A = A / keep_prob`: the product first (exact,
// D is 0 or 1), then the division, so the numbers are numpy's to the bit.
import { defineOp, sameShape } from "./op.js";
import { numberAttribute } from "./attributes.js";

export const dropout = defineOp({
  name: "dropout",
  kind: "mask",
  inputs: [
    { name: "A", differentiable: true },
    // The mask is drawn, not computed from parameters: no gradient flows into it.
    { name: "D", differentiable: false, values: "binary" },
  ],
  output: "Ad",
  doc: "inverted dropout: A · D / keep with the mask D = (rand < keep), in training only",
  attributes: [
    numberAttribute("keep", "probability of keeping a unit, in (0, 1]", { min: 0, minExclusive: true, max: 1 }),
  ],
  shape: sameShape,
  forward({ inputs: [A, D], output, attrs }) {
    const keep = attrs.keep;
    for (let i = 0; i < A.length; i++) output[i] = (A[i] * D[i]) / keep;
  },
  backward({ inputs: [, D], dOutput, attrs }, [dA]) {
    if (!dA) return;
    const keep = attrs.keep;
    for (let i = 0; i < D.length; i++) dA[i] += (dOutput[i] * D[i]) / keep;
  },
  equation: { forward: "Ad = A .* D / keep", backward: { A: "dA = dAd .* D / keep" } },
  latex: {
    forward: String.raw`A^{d} = \frac{A \odot D}{keep}`,
    backward: { A: String.raw`dA = \frac{dA^{d} \odot D}{keep}` },
  },
  reasons: {
    A: {
      text:
        "with the mask held fixed, each unit is A times the constant D / " +
        "keep: dropped units pass no gradient, kept ones are scaled by 1/keep",
      latex:
        "with the mask held fixed, each unit is $A$ times the constant $D / " +
        "keep$: dropped units pass no gradient, kept ones are scaled by $1/keep$",
    },
  },
  derivation:
    "Ad[k,j] = A[k,j] D[k,j] / keep, with the mask D[k,j] in {0, 1} drawn before the pass and held " +
    "fixed during it, so dAd[k,j]/dA[k,j] = D[k,j] / keep: the gradient goes back through the kept " +
    "units only, scaled by 1/keep as the forward value was. The mask is a constant of the pass, not " +
    "a function of the parameters, so no gradient flows into it; a gradient check must hold the " +
    "masks fixed (runtime/train.ts drawDropoutMasks) or it would compare two different functions. " +
    "Dividing by keep (inverted dropout) keeps E[Ad] = A, so prediction runs without the op.",
  templates: {
    kind: "mask",
    forward: (A, D, { keep }) => `${A} * ${D} / ${keep}`,
    backward: (dOut, D, { keep }) => `${dOut} * ${D} / ${keep}`,
  },
  inference: "identity",
});
