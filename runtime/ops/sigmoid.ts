// sigmoid: A = 1 / (1 + exp(-Z)). Backward reads its output: the derivative is A(1 - A).
import { defineActivation } from "./op.js";

export const sigmoid = defineActivation({
  name: "sigmoid",
  doc: "1 / (1 + exp(-z))",
  // The lessons' formula. At Z = -800, exp(800) overflows to inf and 1 / inf = 0: finite, no NaN.
  scalar: (z) => 1 / (1 + Math.exp(-z)),
  scalarBackward: (dA, _Z, A) => dA * A * (1 - A),
  equation: { forward: "A = 1 ./ (1 + exp(-Z))", backward: "dZ = dA .* A .* (1 - A)" },
  latex: {
    forward: String.raw`A = \sigma(Z) = \frac{1}{1 + e^{-Z}}`,
    backward: String.raw`dZ = dA \odot A \odot (1 - A)`,
  },
  derivation:
    "d/dz (1 + e^-z)^-1 = e^-z / (1 + e^-z)^2 = sigma(z) * (1 - sigma(z)), so dZ = dA * A * (1 - A) " +
    "from the saved output A, in the order the lessons multiply (dA * s * (1 - s)). When the sigmoid " +
    "feeds cross_entropy, that loss sends dZ = (A - Y) / m to Z directly and this rule is not used.",
  reason: {
    text: "σ′(z) = σ(z)(1 − σ(z)), read from the saved output A",
    latex: "$\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))$, read from the saved output $A$",
  },
  templates: {
    forward: (Z) => `1 / (1 + Math.exp(-${Z}))`,
    backward: ({ dA, A }) => `${dA} * ${A} * (1 - ${A})`,
  },
});
