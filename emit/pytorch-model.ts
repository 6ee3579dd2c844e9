// The PyTorch script's network: custom activations written out as functions of a tensor, one
// nn.Linear per dense layer (weight n_l × n_{l-1}, the lessons' W), dropout where the spec asks for
// it, and `draw_parameters`, which draws W and b of every layer from numpy's RandomState in nnc's
// order with nnc's arithmetic (runtime/init.ts), so the network starts where nnc's does.
import type { ActivationIR, InitIR, ModelIR } from "../contracts/ir.js";
import type { MaskSpec, ParamSpec } from "../runtime/program.js";
import { activationPython, initFormulaPython } from "./python-formula.js";
import { functionName, moduleAttribute, pyFloat, type SourceLines } from "./python-text.js";

/** Python for activation `activation` applied to the expression `z` (a hidden layer's, or the output's). */
function applyActivation(activation: ActivationIR, z: string): string {
  if ("custom" in activation) return `${functionName(activation.name)}(${z})`;
  switch (activation.name) {
    case "relu":
      return `torch.relu(${z})`;
    case "sigmoid":
      return `torch.sigmoid(${z})`;
    case "tanh":
      return `torch.tanh(${z})`;
    case "linear":
      return z;
    case "softmax":
      return `torch.softmax(${z}, dim=1)`;
    case "leaky_relu":
      return `F.leaky_relu(${z}, ${pyFloat(activation.slope)})`;
  }
  throw new Error(`no PyTorch form for activation ${JSON.stringify(activation)}`);
}

/** `def activation_swish(z): ...` for each custom activation. */
export function customActivations(ir: ModelIR, source: SourceLines): string[][] {
  return (ir.activations ?? []).map((custom) => [
    ...source.comment(custom.at),
    `def ${functionName(custom.name)}(z):`,
    `    """${custom.name}(${custom.parameter}) = ${custom.formula}; autograd differentiates it."""`,
    `    return ${activationPython(custom.formula, custom.parameter)}`,
  ]);
}

/** The output layer's activation applied to the logits `z`: the network's prediction. */
export function outputActivation(ir: ModelIR, z: string): string {
  return applyActivation(ir.layers[ir.layers.length - 1].activation, z);
}

/** `class Network(nn.Module)`: its forward pass returns the output layer's logits. */
export function networkClass(ir: ModelIR, masks: readonly MaskSpec[], source: SourceLines): string[] {
  const sizes = [ir.input.units, ...ir.layers.map((l) => l.units)];
  const init: string[] = [];
  const forward: string[] = [];
  let units = ir.input.units;
  ir.layers.forEach((layer, index) => {
    const attribute = moduleAttribute(layer.name);
    init.push(...source.comment(layer.at, "        "));
    init.push(`        self.${attribute} = nn.Linear(${units}, ${layer.units})`);
    units = layer.units;
    const last = index === ir.layers.length - 1;
    if (last) {
      forward.push(`        return self.${attribute}(${index === 0 ? "x" : "a"})`);
      return;
    }
    forward.push(`        a = ${applyActivation(layer.activation, `self.${attribute}(${index === 0 ? "x" : "a"})`)}`);
    const maskIndex = masks.findIndex((m) => m.layer === layer.name);
    if (maskIndex >= 0) {
      forward.push("        if masks is not None:");
      forward.push(
        `            a = a * masks[${maskIndex}] / ${pyFloat(masks[maskIndex].keep)}` +
          `  # inverted dropout on ${layer.name}`,
      );
    }
  });
  const dropoutDoc = masks.length
    ? `; while training, \`masks\` drop units of ${masks.map((m) => m.layer).join(", ")}`
    : "";
  return [
    "class Network(nn.Module):",
    `    """The dense layers [${sizes.join(", ")}], float64."""`,
    "",
    "    def __init__(self):",
    "        super().__init__()",
    ...init,
    "",
    "    def forward(self, x, masks=None):",
    `        """The output layer's logits for the examples x (one a row)${dropoutDoc}."""`,
    ...forward,
  ];
}

/** The expression that draws one parameter as runtime/init.ts does. */
function drawExpression(p: ParamSpec, init: InitIR): string {
  const [rows, cols] = p.shape;
  switch (init.scheme) {
    case "zeros":
      return `np.zeros((${rows}, ${cols}))`;
    case "he":
      return `stream.randn(${rows}, ${cols}) * np.sqrt(2 / ${p.fanIn})`;
    case "lecun":
      return `stream.randn(${rows}, ${cols}) * np.sqrt(1 / ${p.fanIn})`;
    case "xavier":
      return `stream.randn(${rows}, ${cols}) * np.sqrt(2 / (${p.fanIn} + ${p.fanOut}))`;
    case "random":
      return `stream.randn(${rows}, ${cols}) * ${pyFloat(init.scale)}`;
    case "deep":
      return `stream.randn(${rows}, ${cols}) / np.sqrt(${p.fanIn})`;
    case "uniform":
      return `stream.uniform(${pyFloat(init.low)}, ${pyFloat(init.high)}, (${rows}, ${cols}))`;
    case "formula":
      return `formula_${p.name}(stream, ${rows}, ${cols}, fan_in=${p.fanIn}, fan_out=${p.fanOut})`;
  }
}

/** `def formula_W1(rng, rows, cols, fan_in, fan_out)` for each parameter drawn by an init formula. */
export function initFormulas(params: readonly ParamSpec[]): string[][] {
  return params
    .filter((p) => p.init.scheme === "formula")
    .map((p) => [
      `def formula_${p.name}(rng, rows, cols, fan_in, fan_out):`,
      `    """${p.name}: \`init ${(p.init as { expression: string }).expression}\`, a weight at a time, by rows."""`,
      `    weight = lambda: ${initFormulaPython((p.init as { expression: string }).expression)}`,
      "    return np.array([[weight() for _ in range(cols)] for _ in range(rows)], dtype=np.float64)",
    ]);
}

/** `draw_parameters(stream)`: [(name, array)] in nnc's drawing order, W then b of each layer. */
export function drawParameters(ir: ModelIR, params: readonly ParamSpec[], source: SourceLines): string[] {
  const lines = [
    "def draw_parameters(stream):",
    '    """W then b of each layer, in declaration order, from the model\'s stream (runtime/init.ts)."""',
    "    return [",
  ];
  for (const p of params) {
    const layer = ir.layers.find((l) => l.name === p.layer);
    if (p.kind === "weight") lines.push(...source.comment(layer?.at, "        "));
    lines.push(`        (${JSON.stringify(p.name)}, ${drawExpression(p, p.init)}),`);
  }
  lines.push("    ]");
  return lines;
}

/** Which module attribute each parameter (W1, b1, ...) is: `h1.weight`, `h1.bias`. */
export function parameterTargets(ir: ModelIR, params: readonly ParamSpec[]): string[] {
  return params.map(
    (p) => `${JSON.stringify(p.name)}: "${moduleAttribute(p.layer)}.${p.kind === "weight" ? "weight" : "bias"}"`,
  );
}

/** The lessons' b is a column n_l × 1; nn.Linear's bias is a vector. */
export const BIAS_NOTE = "b is a column (n_l × 1) in nnc and the lessons, a vector in nn.Linear";

export { applyActivation };
