// What follows a layer's Gemm up to the next layer (or the graph's output): one of nnc's
// activations, or elementwise arithmetic read back as a custom activation's formula.
import type { NodeProto } from "./proto.js";
import { toInt } from "./proto.js";
import { FORMULA_OPS, formulaText, type FormulaTree } from "./formula-text.js";
import { shortestFloat32 } from "./tensors.js";
import type { ImportContext, ImportedActivation } from "./import-context.js";

const SINGLE: Readonly<Record<string, string>> = { Relu: "relu", Sigmoid: "sigmoid", Tanh: "tanh" };
const BUILTIN_OPS = ["Relu", "Sigmoid", "Tanh", "Softmax", "LeakyRelu", "PRelu"];

interface ActivationRead {
  nodes: number[];
  output: string;
  activation: ImportedActivation;
}

/**
 * The nodes reachable from the layer's output `z` without passing a linear op; their one tensor
 * that a linear op or the graph's output reads is the activation's output.
 */
export function readActivation(
  ctx: ImportContext,
  z: string,
  consumers: Map<string, number[]>,
  linearOps: ReadonlySet<string>,
): ActivationRead {
  const produced = new Map<string, number>(); // tensor → the region's node that makes it
  const region: number[] = [];
  const frontier = [z];
  const ends = new Set<string>();
  while (frontier.length) {
    const tensor = frontier.pop()!;
    const users = consumers.get(tensor) ?? [];
    if (users.length === 0) ends.add(tensor);
    for (const index of users) {
      const node = ctx.nodes[index];
      if (linearOps.has(node.op_type)) {
        ends.add(tensor);
        continue;
      }
      if (region.includes(index)) continue;
      if (!BUILTIN_OPS.includes(node.op_type) && !FORMULA_OPS.includes(node.op_type))
        ctx.unsupported(
          index,
          "nnc has no activation with this op",
          "an activation is Relu, Sigmoid, Tanh, Softmax, LeakyRelu, PRelu or elementwise " +
            "Add, Sub, Mul, Div, Pow, Neg, Exp, Log, Sqrt, Tanh, Sinh, Cosh, Sigmoid, Softplus",
        );
      region.push(index);
      produced.set(node.output[0], index);
      frontier.push(node.output[0]);
    }
  }
  if (ends.size !== 1)
    ctx.fail(`the layer output '${z}' branches to ${[...ends].join(", ")}; an MLP's activation ends in one tensor`);
  const output = [...ends][0];
  const tree = (tensor: string): FormulaTree => {
    if (tensor === z) return { kind: "variable" };
    const constant = ctx.constants.get(tensor);
    if (constant) {
      if (constant.values.length !== 1)
        ctx.fail(`'${tensor}' holds ${constant.values.length} numbers; an activation's constants are single numbers`);
      const value = constant.values[0];
      return { kind: "number", value: constant.type === 1 ? shortestFloat32(value) : value };
    }
    let index = produced.get(tensor);
    if (index === undefined) {
      // Arithmetic on constants alone (`log(2)` in a formula) is not reachable from z.
      index = ctx.nodes.findIndex((n) => n.output[0] === tensor && FORMULA_OPS.includes(n.op_type));
      if (index >= 0) region.push(index);
      else index = undefined;
    }
    if (index === undefined) ctx.fail(`'${tensor}' is neither the layer's output, a constant nor made from them`);
    const node = ctx.nodes[index!];
    if (node.op_type === "Identity" || node.op_type === "Flatten") return tree(node.input[0]);
    if (BUILTIN_OPS.includes(node.op_type) && !SINGLE[node.op_type])
      ctx.unsupported(index!, "this activation can only be a layer's whole activation, not part of a formula");
    return { kind: "op", op: node.op_type, args: node.input.map(tree) };
  };
  const nodes = region;
  const whole = (op: string): NodeProto | undefined => {
    const only = nodes.map((i) => ctx.nodes[i]).filter((n) => n.op_type !== "Identity" && n.op_type !== "Flatten");
    return only.length === 1 && only[0].op_type === op && only[0].input[0] === passThrough(ctx, z, nodes)
      ? only[0]
      : undefined;
  };
  if (output === passThrough(ctx, z, nodes)) return { nodes, output, activation: { kind: "builtin", text: "linear" } };
  for (const [op, text] of Object.entries(SINGLE))
    if (whole(op)) return { nodes, output, activation: { kind: "builtin", text } };
  const softmax = whole("Softmax");
  if (softmax) {
    const axis = toInt(softmax.attribute?.find((a) => a.name === "axis")?.i) ?? -1;
    if (axis !== 1 && axis !== -1)
      ctx.unsupported(ctx.nodes.indexOf(softmax), `a softmax over axis ${axis}; nnc's is over the units (axis 1)`);
    return { nodes, output, activation: { kind: "builtin", text: "softmax" } };
  }
  const leaky = whole("LeakyRelu");
  if (leaky) {
    const alpha = leaky.attribute?.find((a) => a.name === "alpha")?.f ?? 0.01;
    return { nodes, output, activation: { kind: "builtin", text: `leaky_relu(slope: ${shortestFloat32(alpha)})` } };
  }
  const prelu = whole("PRelu");
  if (prelu) {
    const slope = ctx.constants.get(prelu.input[1]);
    if (!slope || slope.values.length !== 1)
      ctx.unsupported(ctx.nodes.indexOf(prelu), "a PRelu with one slope per unit; nnc's leaky_relu has one slope");
    const value = slope!.type === 1 ? shortestFloat32(slope!.values[0]) : slope!.values[0];
    return { nodes, output, activation: { kind: "builtin", text: `leaky_relu(slope: ${value})` } };
  }
  const read = tree(output);
  const last = ctx.nodes[produced.get(output)!];
  const name = last?.name?.match(/^[A-Za-z_]\w*\.([A-Za-z_]\w*)$/)?.[1];
  return { nodes, output, activation: { kind: "custom", formula: formulaText(read), name } };
}

/** The tensor the activation's op reads: z, after any Identity or Flatten. */
function passThrough(ctx: ImportContext, z: string, region: number[]): string {
  let tensor = z;
  for (;;) {
    const next = region
      .map((i) => ctx.nodes[i])
      .find((n) => n.input[0] === tensor && /^(Identity|Flatten)$/.test(n.op_type));
    if (!next) return tensor;
    tensor = next.output[0];
  }
}
