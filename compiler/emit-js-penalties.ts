// The generated code's lines after its per-example pass (compiler/emit-js.ts, in both its
// JavaScript and its SIMD form): the cost with the penalties, and each penalty's gradient term.
import { opOf, type PenaltyTemplates } from "../runtime/ops/index.js";
import type { BackwardGraph, ForwardGraph } from "../runtime/program.js";
import { instantiateEquation } from "./backward-graph.js";

/**
 * The cost (`lossCost`, the loss's reduced sum, then each penalty added in graph order, as the
 * interpreter sums them) before any parameter moves, and each penalty's gradient term added once
 * to the summed dW.
 */
export function costAndPenaltyLines(forward: ForwardGraph, backward: BackwardGraph, lossCost: string): string[] {
  const rows = (v: string) => forward.values[v].shape[0];
  const cols = (v: string) => forward.values[v].shape[1];
  const penaltyNodes = (forward.penalties ?? []).map((name) => forward.nodes.find((n) => n.output === name)!);
  const lines = [`const cost = wantCost ? ${lossCost} : NaN;`];
  if (penaltyNodes.length === 0) return lines;
  lines[0] = lines[0].replace("const cost", "let cost");
  lines.push("if (wantCost) {");
  for (const node of penaltyNodes) {
    const t = opOf(node).templates as PenaltyTemplates;
    const W = node.inputs[0];
    const size = rows(W) * cols(W);
    lines.push(
      `  cost += ${t.cost(W, size, "m", node.attrs)}; // ${instantiateEquation(node, opOf(node).equation.forward)}`,
    );
  }
  lines.push("}");
  // The interpreter's backward steps meet a layer's penalties before its Z (reverse graph order)
  // and add dZ·A_prevᵀ last: dW = (pen₁ + pen₂ …) + Σⱼ …, reproduced here to the bit.
  const trained = [...penaltyNodes]
    .reverse()
    .filter((node) => backward.steps.some((s) => s.node === node.id && s.inputs[0]));
  for (const W of [...new Set(trained.map((node) => node.inputs[0]))]) {
    const nodes = trained.filter((node) => node.inputs[0] === W);
    for (const node of nodes)
      lines.push(`// ${instantiateEquation(node, opOf(node).equation.backward.W)}  (added once per pass)`);
    for (let k = 0; k < rows(W); k++)
      for (let i = 0; i < cols(W); i++) {
        const element = `${W}_${k}_${i}`;
        const terms = nodes.map(
          (node) => `(${(opOf(node).templates as PenaltyTemplates).gradient(element, "m", node.attrs)})`,
        );
        lines.push(`d${element} = ${terms.join(" + ")} + d${element};`);
      }
  }
  return lines;
}
