// relu: A = max(0, Z). Backward reads its output: A > 0 exactly where Z > 0, so dZ needs only A
// (as tinygrad's Relu keeps `self.ret`).
import { defineActivation } from "./op.js";

export const relu = defineActivation({
  name: "relu",
  doc: "max(0, z)",
  kinkAt: 0,
  scalar: (z) => (z > 0 ? z : 0),
  // relu'(0) = 0: the lessons zero dZ where Z <= 0 (`dZ[Z <= 0] = 0`, `np.int64(A > 0)`).
  scalarBackward: (dA, _Z, A) => (A > 0 ? dA : 0),
  equation: { forward: "A = max(Z, 0)", backward: "dZ = dA .* (A > 0)" },
  latex: {
    forward: String.raw`A = \max(0, Z)`,
    backward: String.raw`dZ = dA \odot \mathbb{1}[A > 0]`,
  },
  derivation:
    "relu(z) is z for z > 0 and 0 for z < 0, so its slope is 1 where z > 0 and 0 where z < 0. " +
    "At the kink z = 0 any value in [0, 1] is a subgradient; nnc takes 0, as the lessons do when they " +
    "zero dZ wherever Z <= 0. Since A > 0 exactly where Z > 0, the rule reads the saved output A.",
  reason: {
    text: "g′(z) = 1 where z > 0 and 0 where z ≤ 0 (0 at the kink, as the lessons); A > 0 exactly where Z > 0",
    latex:
      "$g'(z) = 1$ where $z > 0$ and $0$ where $z \\le 0$ (0 at " +
      "the kink, as the lessons); $A > 0$ exactly where $Z > 0$",
  },
  templates: {
    forward: (Z) => `${Z} > 0 ? ${Z} : 0`,
    backward: ({ dA, A }) => `${A} > 0 ? ${dA} : 0`,
  },
});
