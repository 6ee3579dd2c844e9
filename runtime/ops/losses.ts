// The losses the language names (`loss cross_entropy`), with their attributes. A loss word is
// computed by one of the registry's loss ops, chosen by the output layer: compiler/forward-graph.ts
// (lossOpFor) picks the categorical op over a softmax, the logit form over a sigmoid.
import type { WordSpec } from "./attributes.js";

export interface LossDefinition extends WordSpec {
  /** The loss ops (runtime/ops/index.ts) that compute it. */
  ops: readonly string[];
}

export const lossRegistry: readonly LossDefinition[] = [
  {
    name: "cross_entropy",
    params: [
      {
        name: "form",
        type: "string",
        required: false,
        default: "logit",
        values: ["logit", "naive"],
        doc:
          '"logit" (default: stable, from the logit) or ' +
          '"naive" (the lessons\' -y log a - (1-y) log(1-a), digit for digit)',
      },
    ],
    doc:
      "cross-entropy, mean over the examples: binary over a sigmoid output (stably, from the logit), " +
      "categorical over a softmax",
    ops: ["cross_entropy", "cross_entropy_naive", "categorical_cross_entropy"],
  },
];
