// The backward graph as plain text: one equation per line, in execution order, with the
// gradient's shape, e.g.
//
//   dZ3 = 1 / m * (A3 - Y)      [1×300]
//   dW3 = dZ3 * A2'             [1×5]
//
// Equations are mathjs text (`'` transposes, `.*` multiplies elementwise), so a learner can paste
// one into mathjs, and `nnc derive` prints exactly this.
import type { BackwardGraph, ForwardGraph, Shape } from "../runtime/program.js";
import { opOf } from "../runtime/ops/index.js";
import { instantiateEquation } from "./backward-graph.js";

export function shapeText(shape: Shape): string {
  return `[${shape[0]}×${shape[1]}]`;
}

function aligned(lines: readonly { text: string; shape: Shape; note?: string }[]): string {
  const width = Math.max(0, ...lines.map((l) => l.text.length));
  const shapeWidth = Math.max(0, ...lines.map((l) => shapeText(l.shape).length));
  return lines
    .map((l) => {
      const shape = l.note ? `${shapeText(l.shape).padEnd(shapeWidth)}   ${l.note}` : shapeText(l.shape);
      return `${l.text.padEnd(width)}   ${shape}`;
    })
    .join("\n");
}

/** The backward pass, one gradient per line. */
export function renderBackwardText(backward: BackwardGraph): string {
  return aligned(backward.equations.map((e) => ({ text: e.equation, shape: e.shape }))) + "\n";
}

/** The forward pass, one node per line: the op's equation in the graph's names, shape, op. */
export function renderForwardText(forward: ForwardGraph): string {
  const lines = forward.nodes.map((node) => {
    const op = opOf(node);
    return {
      text: instantiateEquation(node, op.equation.forward),
      shape: forward.values[node.output].shape,
      note: op.name,
    };
  });
  // With penalties the cost trained on is the loss plus each of them (each seeded with dJ/dR = 1).
  const penalties = forward.penalties ?? [];
  if (penalties.length)
    lines.push({ text: `cost = ${[forward.loss, ...penalties].join(" + ")}`, shape: [1, 1], note: "regularized cost" });
  return aligned(lines) + "\n";
}
