// tanh: A = tanh(Z). Backward reads its output: the derivative is 1 - A².
import { defineActivation } from "./op.js";

export const tanh = defineActivation({
  name: "tanh",
  doc: "tanh(z)",
  scalar: (z) => Math.tanh(z),
  scalarBackward: (dA, _Z, A) => dA * (1 - A * A),
  equation: { forward: "A = tanh(Z)", backward: "dZ = dA .* (1 - A .^ 2)" },
  latex: {
    forward: String.raw`A = \tanh(Z)`,
    backward: String.raw`dZ = dA \odot (1 - A^{2})`,
  },
  derivation:
    "tanh'(z) = 1 - tanh(z)^2 (the quotient rule on sinh/cosh and cosh^2 - sinh^2 = 1), so dZ reads " +
    "only the saved output A, as the course's planar-data lesson does with 1 - np.power(A1, 2).",
  reason: {
    text: "tanh′(z) = 1 − tanh²(z), read from the saved output A",
    latex: "$\\tanh'(z) = 1 - \\tanh^2(z)$, read from the saved output $A$",
  },
  templates: {
    forward: (Z) => `Math.tanh(${Z})`,
    backward: ({ dA, A }) => `${dA} * (1 - ${A} * ${A})`,
  },
});
