// linear: A = Z, the identity, for output layers that produce a raw score.
import { defineActivation } from "./op.js";

export const linear = defineActivation({
  name: "linear",
  doc: "z (no activation)",
  scalar: (z) => z,
  scalarBackward: (dA) => dA,
  equation: { forward: "A = Z", backward: "dZ = dA" },
  latex: { forward: "A = Z", backward: "dZ = dA" },
  derivation: "The identity's derivative is 1 everywhere, so the upstream gradient passes through unchanged.",
  reason: { text: "the identity's derivative is 1", latex: "the identity's derivative is $1$" },
  templates: {
    forward: (Z) => Z,
    backward: ({ dA }) => dA,
  },
});
