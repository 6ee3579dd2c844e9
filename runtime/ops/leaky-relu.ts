// leaky_relu: A = Z where Z > 0, slope·Z elsewhere. Backward reads its input: with a slope of 0,
// the output alone no longer tells which side of the kink Z was on.
import { optionalAttribute } from "./attributes.js";
import { defineActivation } from "./op.js";

export const leakyRelu = defineActivation({
  name: "leaky_relu",
  doc: "z if z > 0, else slope · z",
  attributes: [
    optionalAttribute({
      name: "slope",
      type: "number",
      required: false,
      min: 0,
      max: 1,
      maxExclusive: true,
      default: 0.01,
      doc: "the slope for z < 0",
    }),
  ],
  kinkAt: 0,
  scalar: (z, { slope }) => (z > 0 ? 1 : slope) * z,
  // At the kink Z = 0 the slope side is taken, the same choice as relu'(0) = 0.
  scalarBackward: (dA, Z, _A, { slope }) => (Z > 0 ? 1 : slope) * dA,
  equation: {
    forward: "A = max(Z, 0) + slope * min(Z, 0)",
    backward: "dZ = dA .* ((Z > 0) + slope * (Z <= 0))",
  },
  latex: {
    forward: String.raw`A = \max(0, Z) + \alpha \min(0, Z)`,
    backward: String.raw`dZ = dA \odot \left(\mathbb{1}[Z > 0] + \alpha\, \mathbb{1}[Z \le 0]\right)`,
  },
  derivation:
    "leaky_relu is z for z > 0 and slope * z for z < 0, so its derivative is 1 on the right and slope " +
    "on the left. At z = 0 nnc takes slope (the Z <= 0 side), matching relu'(0) = 0 when slope = 0.",
  reason: {
    text: "g′(z) = 1 where z > 0 and the slope where z ≤ 0",
    latex: "$g'(z) = 1$ where $z > 0$ and $\\alpha$ (the slope) where $z \\le 0$",
  },
  templates: {
    // The factor is chosen, then multiplied (1 · x = x exactly): no arithmetic inside a branch.
    forward: (Z, { slope }) => `(${Z} > 0 ? 1 : ${num(slope)}) * ${Z}`,
    backward: ({ dA, Z }, { slope }) => `(${Z} > 0 ? 1 : ${num(slope)}) * ${dA}`,
  },
});

/** A number as JS source that reads back as the same double (negative ones parenthesised). */
function num(x: number): string {
  return x < 0 || Object.is(x, -0) ? `(${x})` : String(x);
}
