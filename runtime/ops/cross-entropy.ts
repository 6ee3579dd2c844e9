// Binary cross-entropy, the mean over the m examples, in two forms.
//
// `cross_entropy` (the default) is computed from the logit Z of the sigmoid output layer:
// -y log σ(z) - (1-y) log(1-σ(z)) = max(z, 0) - z·y + log1p(exp(-|z|)), which is finite for every
// finite z. The lessons' naive form takes log of A = σ(z), and once A rounds to exactly 1 (z > 37)
// or 0 (z < -745) it gives inf: that is the `inf` the init lesson prints for large random weights.
// Its backward sends dZ = (A - Y) / m straight to the logit, reading the sigmoid's output A
// rather than recomputing it: the sigmoid's own rule is then not on the gradient path at all.
//
// Where |z| < 2^-20 (the logits of a network whose weights are all near zero) each term is
// evaluated with the lessons' arithmetic instead. Both forms are accurate to an ulp there, but
// σ(z) rounds to exactly 1/2 and the lessons' form gives exactly ln 2 per term, while the logit
// form's exp(-|z|) lands just below 1 and its terms scatter by an ulp; averaged, that prints
// 0.6931471805599455 where the zeros lesson (and the exact value, ln 2 + O(z²)) prints
// 0.6931471805599453. The threshold is kept that small because elsewhere the two forms' last
// digits differ either way, and the logit form then gives the lessons' He figures more often
// (iteration 0: 0.8830537463419761 exactly, where the lessons' arithmetic in JS gives ...759).
//
// Both sum the m terms pairwise, as numpy's np.nansum does (runtime/ops/sum.ts), so the cost
// prints the lessons' digits.
//
// `cross_entropy_naive` is the lessons' formula, digit for digit, for when their exact printed
// cost (inf included) is what is wanted; numpy's nansum drops the 0·inf = NaN terms.
import { defineOp, type Shape } from "./op.js";
import { pairwiseSum, scratch } from "./sum.js";

const scalarShape = (): Shape => [1, 1];
const termsBuffer = scratch();

/** One example's loss from its logit z and label y; never inf for finite z. */
export function stableTerm(z: number, y: number): number {
  return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
}

/** One example's loss as the init lesson computes it from a = σ(z). */
export function naiveTerm(a: number, y: number): number {
  return -Math.log(a) * y + -Math.log(1 - a) * (1 - y);
}

/** Below this |z| a term is evaluated with the lessons' arithmetic (see the header). */
export const LESSON_ARITHMETIC_BELOW = 2 ** -20;

/** One example's loss for `cross_entropy`: finite for every finite z, the lessons' digits near 0. */
export function logitTerm(z: number, a: number, y: number): number {
  return crossEntropyTerm(z, naiveTerm(a, y), stableTerm(z, y));
}

/** Picks between the two evaluations of one term (both already computed) by the logit's size. */
export function crossEntropyTerm(z: number, lessonTerm: number, logitFormTerm: number): number {
  return Math.abs(z) < LESSON_ARITHMETIC_BELOW ? lessonTerm : logitFormTerm;
}

export const crossEntropy = defineOp({
  name: "cross_entropy",
  kind: "loss",
  inputs: [
    { name: "Z", differentiable: true },
    { name: "A", differentiable: false, values: "probability", activationOf: { op: "sigmoid", input: "Z" } },
    { name: "Y", differentiable: false, values: "binary" },
  ],
  output: "J",
  doc: "binary cross-entropy from the sigmoid's logit Z, mean over the examples (finite for every finite Z)",
  shape([z, a, y]: readonly Shape[]): Shape {
    if (z[0] !== 1 || a[0] !== 1 || y[0] !== 1 || z[1] !== y[1] || a[1] !== y[1]) {
      throw new Error(`cross_entropy: expected Z, A, Y of 1×m, got ${[z, a, y].map((s) => s.join("×")).join(", ")}`);
    }
    return scalarShape();
  },
  forward({ inputs: [Z, A, Y], output: J }) {
    const m = Z.length;
    const terms = termsBuffer(m);
    for (let j = 0; j < m; j++) terms[j] = logitTerm(Z[j], A[j], Y[j]);
    J[0] = (1 / m) * pairwiseSum(terms, 0, m);
  },
  backward({ inputs: [, A, Y], dOutput: dJ }, [dZ]) {
    if (!dZ) return;
    const invM = 1 / A.length;
    // As the init lesson: dz3 = 1./m * (a3 - Y). dJ is 1 at the root; multiplying by it is exact.
    for (let j = 0; j < A.length; j++) dZ[j] += dJ[0] * (invM * (A[j] - Y[j]));
  },
  equation: {
    forward: "J = 1/m * sum(max(Z, 0) - Z .* Y + log1p(exp(-abs(Z))), 2)",
    backward: { Z: "dZ = 1/m * (A - Y)" },
  },
  latex: {
    forward:
      String.raw`J = \frac{1}{m} \sum_{j=1}^{m} \left( \max(z^{(j)}, 0) - ` +
      String.raw`z^{(j)} y^{(j)} + \log\left(1 + e^{-|z^{(j)}|}\right) \right)`,
    backward: { Z: String.raw`dZ = \frac{1}{m} (A - Y)` },
  },
  derivation:
    "For one example L = -y log a - (1-y) log(1-a) with a = sigmoid(z). dL/da = (a - y) / (a(1-a)) and " +
    "da/dz = a(1-a), so dL/dz = a - y: the two a(1-a) cancel. The mean over m examples adds 1/m. " +
    "Computing L from z: log a = -log(1 + e^-z) and log(1-a) = -z - log(1 + e^-z), so " +
    "L = (1-y) z + log(1 + e^-z) = max(z,0) - z y + log(1 + e^-|z|), the last form never overflowing. " +
    "Numerically, terms with |z| < 2^-20 are evaluated as -y log a - (1-y) log(1-a), which is as accurate " +
    "there and rounds to ln 2 as the lessons do.",
  reasons: {
    Z: {
      text:
        "with a = σ(z), one example's loss ℓ has dℓ/da · da/dz = (a − " +
        "y)/(a(1 − a)) · a(1 − a) = a − y; the mean over m examples adds 1/m",
      latex:
        "with $a = \\sigma(z)$, one example's loss $\\ell$ has $\\frac{\\partial \\ell}{\\partial a} " +
        "\\frac{\\partial a}{\\partial z} = \\frac{a - y}{a(1 - a)}\\, " +
        "a(1 - a) = a - y$; the mean over $m$ examples adds $\\frac{1}{m}$",
    },
  },
  templates: {
    kind: "loss",
    // Both forms are computed and one is picked, rather than branching to compute one: code in a
    // branch that has not run yet has no type feedback, and V8 deoptimizes the whole generated
    // step when it first runs (measured: training then stays 3× slower).
    term: ({ Z, A, Y }) =>
      `crossEntropyTerm(${Z}, -Math.log(${A}) * ${Y} + -Math.log(1 - ${A}) * (1 - ${Y}), ` +
      `Math.max(${Z}, 0) - ${Z} * ${Y} + Math.log1p(Math.exp(-Math.abs(${Z}))))`,
    // crossEntropyTerm's choice written as a branch: two calls to Math per example instead of four.
    branchingTerm: ({ Z, A, Y }) =>
      `Math.abs(${Z}) < ${LESSON_ARITHMETIC_BELOW} ? -Math.log(${A}) * ${Y} + -Math.log(1 - ${A}) * (1 - ${Y}) : ` +
      `Math.max(${Z}, 0) - ${Z} * ${Y} + Math.log1p(Math.exp(-Math.abs(${Z})))`,
    skipNaN: false,
    reduce: (sum, invM) => `${invM} * ${sum}`,
    gradient: ({ A, Y, invM }) => `${invM} * (${A} - ${Y})`,
  },
});

export const crossEntropyNaive = defineOp({
  name: "cross_entropy_naive",
  kind: "loss",
  inputs: [
    { name: "A", differentiable: true, values: "probability" },
    { name: "Y", differentiable: false, values: "binary" },
  ],
  output: "J",
  doc: "binary cross-entropy of the output A as the lessons write it, mean over the examples",
  shape([a, y]: readonly Shape[]): Shape {
    if (a[0] !== 1 || y[0] !== 1 || a[1] !== y[1]) {
      throw new Error(`cross_entropy_naive: expected A, Y of 1×m, got ${[a, y].map((s) => s.join("×")).join(", ")}`);
    }
    return scalarShape();
  },
  forward({ inputs: [A, Y], output: J }) {
    const m = A.length;
    const terms = termsBuffer(m);
    for (let j = 0; j < m; j++) {
      const term = naiveTerm(A[j], Y[j]);
      terms[j] = term === term ? term : 0; // nansum: 0 · inf = NaN counts as 0, +inf stays
    }
    J[0] = (1 / m) * pairwiseSum(terms, 0, m);
  },
  backward({ inputs: [A, Y], dOutput: dJ }, [dA]) {
    if (!dA) return;
    const invM = 1 / A.length;
    for (let j = 0; j < A.length; j++) dA[j] += dJ[0] * (invM * ((1 - Y[j]) / (1 - A[j]) - Y[j] / A[j]));
  },
  equation: {
    forward: "J = 1/m * sum(-log(A) .* Y + -log(1 - A) .* (1 - Y), 2)",
    backward: { A: "dA = 1/m * ((1 - Y) ./ (1 - A) - Y ./ A)" },
  },
  latex: {
    forward:
      String.raw`J = -\frac{1}{m} \sum_{j=1}^{m} \left( y^{(j)} \log ` +
      String.raw`a^{(j)} + (1 - y^{(j)}) \log(1 - a^{(j)}) \right)`,
    backward: { A: String.raw`dA = \frac{1}{m} \left( \frac{1 - Y}{1 - A} - \frac{Y}{A} \right)` },
  },
  derivation:
    "d/da [-y log a - (1-y) log(1-a)] = -y/a + (1-y)/(1-a), times 1/m for the mean. It divides by a and " +
    "1 - a, so it is inf or NaN once a saturates to 0 or 1; the sigmoid's rule dA * A * (1 - A) then " +
    "turns it into dZ. The stable form avoids both by differentiating with respect to z directly.",
  reasons: {
    A: {
      text: "d/da [−y log a − (1 − y) log(1 − a)] = (1 − y)/(1 − a) − y/a; the mean over m examples adds 1/m",
      latex:
        "$\\frac{d}{da}\\left[-y \\log a - (1 - y) \\log(1 - a)\\right] = \\frac{1 " +
        "- y}{1 - a} - \\frac{y}{a}$; the mean over $m$ examples adds $\\frac{1}{m}$",
    },
  },
  templates: {
    kind: "loss",
    term: ({ A, Y }) => `-Math.log(${A}) * ${Y} + -Math.log(1 - ${A}) * (1 - ${Y})`,
    skipNaN: true,
    reduce: (sum, invM) => `${invM} * ${sum}`,
    gradient: ({ A, Y, invM }) => `${invM} * ((1 - ${Y}) / (1 - ${A}) - ${Y} / ${A})`,
  },
});
