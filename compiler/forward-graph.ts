// IR → forward graph. A dense layer l becomes two nodes, Z_l = matmul_bias(W_l, A_{l-1}, b_l) and
// A_l = activation(Z_l) (A_0 is X), and the loss one more. Every value's shape is computed by its
// op's `shape` rule, so a mismatch surfaces here with the op's own message.
//
// Value names are the course's (W1, b1, Z1, A1, ...), numbered by layer, never taken from the
// .nnspec: they end up as identifiers in generated code, and the file's layer names are kept
// beside them (`layer`) for messages.
import type { LayerIR, ModelIR } from "../contracts/ir.js";
import { getOp, opOf, regularizerRegistry, type FormulaSpec, type OpAttrs, type Shape } from "../runtime/ops/index.js";
import { formulaSpec } from "./custom-activation.js";
import type { ForwardGraph, GraphNode, GraphValue, ParamSpec } from "../runtime/program.js";

export interface BuiltGraph {
  graph: ForwardGraph;
  /** In drawing order: per layer, W then b. */
  params: ParamSpec[];
}

/** Which registry op computes the IR's loss over the given output layer. */
export function lossOpFor(ir: ModelIR): string {
  const last = ir.layers[ir.layers.length - 1];
  if (ir.loss.name === "cross_entropy") {
    // A softmax output makes it the categorical loss over K classes, always from the logits.
    if (last?.activation.name === "softmax") return "categorical_cross_entropy";
    // From the logit when the output is a sigmoid (finite everywhere); otherwise the lessons'
    // formula on the output itself.
    return last?.activation.name === "sigmoid" && ir.loss.form !== "naive" ? "cross_entropy" : "cross_entropy_naive";
  }
  return ir.loss.name;
}

/** An op's attributes from the IR object that names it: its numbers (leaky_relu's slope, l2's lambda). */
function numbersOf(ir: object): OpAttrs {
  const attrs: Record<string, number> = {};
  for (const [key, value] of Object.entries(ir)) if (typeof value === "number") attrs[key] = value;
  return attrs;
}

function activationAttrs(layer: LayerIR): OpAttrs {
  return "custom" in layer.activation ? {} : numbersOf(layer.activation);
}

/** The formula a layer's custom activation runs, with g′ from mathjs (compiler/custom-activation.ts). */
function customFormula(ir: ModelIR, layer: LayerIR): FormulaSpec | undefined {
  if (!("custom" in layer.activation)) return undefined;
  const name = layer.activation.name;
  const definition = ir.activations?.find((a) => a.name === name);
  if (!definition) throw new Error(`layer ${layer.name} uses activation '${name}', which the model does not define`);
  return formulaSpec(definition);
}

export function buildForwardGraph(ir: ModelIR, samples: number): BuiltGraph {
  if (!Number.isSafeInteger(samples) || samples < 1)
    throw new Error(`the training set needs at least one example, got m = ${samples}`);
  if (ir.layers.length === 0) throw new Error(`model ${ir.model} has no layers`);
  const values: Record<string, GraphValue> = {};
  const nodes: GraphNode[] = [];
  const params: ParamSpec[] = [];
  const add = (value: GraphValue) => {
    values[value.name] = value;
    return value.name;
  };
  const addNode = (
    op: string,
    inputs: string[],
    output: string,
    role: GraphValue["role"],
    attrs: OpAttrs = {},
    layer?: string,
    formula?: FormulaSpec,
  ) => {
    const definition = opOf({ op, formula });
    if (definition.inputs.length !== inputs.length)
      throw new Error(`${op} takes ${definition.inputs.length} inputs, given ${inputs.length}`);
    const shape = definition.shape(
      inputs.map((name) => values[name].shape),
      attrs,
    );
    add({ name: output, shape, role, layer });
    nodes.push({ id: nodes.length, op, inputs, output, attrs, layer, ...(formula ? { formula } : {}) });
  };

  // Each penalty regularizer's op (l2 → l2_penalty) with its attributes, as the registry pairs them.
  const penaltyOps = (ir.regularize ?? []).flatMap((r) => {
    const op = regularizerRegistry.find((definition) => definition.name === r.kind)?.op;
    return op && getOp(op).kind === "penalty" ? [{ op, attrs: numbersOf(r) }] : [];
  });
  const dropped = new Map(
    (ir.regularize ?? []).flatMap((r) => (r.kind === "dropout" ? r.layers.map((l) => [l.name, l.keep] as const) : [])),
  );
  const penalties: string[] = [];
  const masks: ForwardGraph["masks"] = [];

  let previous = add({ name: "X", shape: [ir.input.units, samples], role: "input", layer: ir.input.name });
  const label = add({ name: "Y", shape: [1, samples], role: "label" });
  let fanIn = ir.input.units;
  ir.layers.forEach((layer, index) => {
    const l = index + 1;
    const weightShape: Shape = [layer.units, fanIn];
    const biasShape: Shape = [layer.units, 1];
    const W = add({ name: `W${l}`, shape: weightShape, role: "param", layer: layer.name });
    const b = add({ name: `b${l}`, shape: biasShape, role: "param", layer: layer.name });
    params.push({
      name: W,
      shape: weightShape,
      kind: "weight",
      layer: layer.name,
      init: layer.init,
      fanIn,
      fanOut: layer.units,
    });
    params.push({
      name: b,
      shape: biasShape,
      kind: "bias",
      layer: layer.name,
      init: layer.bias ?? { scheme: "zeros" },
      fanIn,
      fanOut: layer.units,
    });
    addNode("matmul_bias", [W, previous, b], `Z${l}`, "activation", {}, layer.name);
    // Penalty nodes right after the layer's Z, the last written first: the reverse walk meets them
    // in the order the regularize statements were written, just before Z, so dW is complete at Z's
    // step as without them (the lessons' order dW, db), and dW's equation lists dZ·A_prevᵀ first.
    [...penaltyOps.entries()].reverse().forEach(([p, { op, attrs }]) => {
      const name = `R${l}${penaltyOps.length > 1 ? String.fromCharCode(97 + p) : ""}`;
      addNode(op, [W], name, "penalty", attrs, layer.name);
      penalties.push(name);
    });
    const formula = customFormula(ir, layer);
    addNode(layer.activation.name, [`Z${l}`], `A${l}`, "activation", activationAttrs(layer), layer.name, formula);
    previous = `A${l}`;
    const keep = dropped.get(layer.name);
    if (keep !== undefined && index < ir.layers.length - 1) {
      const D = add({ name: `D${l}`, shape: [layer.units, samples], role: "mask", layer: layer.name });
      masks.push({ value: D, layer: layer.name, keep, rows: layer.units });
      addNode("dropout", [`A${l}`, D], `A${l}d`, "activation", { keep }, layer.name);
      previous = `A${l}d`;
    }
    fanIn = layer.units;
  });

  const L = ir.layers.length;
  const lossOp = lossOpFor(ir);
  const lossInputs = getOp(lossOp).inputs.map((input) => {
    // A loss names its inputs Z (logit), A (output) and Y (labels): bind them to the last layer's.
    switch (input.name) {
      case "Z":
        return `Z${L}`;
      case "A":
        return `A${L}`;
      case "Y":
        return label;
      default:
        throw new Error(`loss ${lossOp} has an input ${input.name} the graph builder cannot bind`);
    }
  });
  addNode(lossOp, lossInputs, "J", "loss");

  return {
    graph: { values, nodes, input: "X", label, prediction: `A${L}`, loss: "J", penalties, masks, samples },
    params,
  };
}
