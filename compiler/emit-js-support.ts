// Which graphs the per-example code of emit-js.ts can run: plain identifiers only (the names reach
// the generated source), few enough weights for the unrolled code to pay off, and every node of a
// kind the scalar templates cover. Anything else is trained by the interpreter instead.
import { opOf } from "../runtime/ops/index.js";
import type { ForwardGraph, ParamSpec } from "../runtime/program.js";

/** Above this many weights the unrolled code gets too large to pay off; the interpreter runs instead. */
const MAX_UNROLLED_WEIGHTS = 4000;

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

/** Why the graph cannot be emitted as per-example code, or undefined when it can. */
export function whyNotEmittable(forward: ForwardGraph, params: readonly ParamSpec[]): string | undefined {
  for (const name of Object.keys(forward.values))
    if (!IDENTIFIER.test(name)) return `value name '${name}' is not a plain identifier`;
  const weights = params.reduce((n, p) => n + p.shape[0] * p.shape[1], 0);
  if (weights > MAX_UNROLLED_WEIGHTS)
    return `${weights} parameters is more than the ${MAX_UNROLLED_WEIGHTS} the unrolled code handles`;
  const perExample = (v: string) => ["input", "label", "activation", "mask"].includes(forward.values[v].role);
  const isParam = (v: string) => forward.values[v].role === "param";
  for (const node of forward.nodes) {
    const { kind, columnwise } = opOf(node);
    if (columnwise) return `${node.op} reads whole columns, which the per-example code does not do`;
    if (kind === "affine" && !(isParam(node.inputs[0]) && perExample(node.inputs[1]) && isParam(node.inputs[2]))) {
      return `${node.op} node ${node.output} does not take (parameter, activation, parameter)`;
    }
    if (kind === "elementwise" && !perExample(node.inputs[0]))
      return `${node.op} node ${node.output} is not applied to an activation`;
    if (kind === "mask" && !(perExample(node.inputs[0]) && forward.values[node.inputs[1]].role === "mask"))
      return `${node.op} node ${node.output} does not take (activation, mask)`;
    if (kind === "penalty" && !(isParam(node.inputs[0]) && (forward.penalties ?? []).includes(node.output)))
      return `${node.op} node ${node.output} is not a penalty on a parameter`;
    if (
      kind === "loss" &&
      (node.output !== forward.loss || node.inputs.some((v) => !perExample(v) || forward.values[v].shape[0] !== 1))
    ) {
      return `loss ${node.op} must be the graph's loss over 1-row activations`;
    }
  }
  if (!forward.nodes.some((n) => n.output === forward.loss)) return "the graph has no loss node";
  return undefined;
}

/** 0, 1, …, n − 1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
