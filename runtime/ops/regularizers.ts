// The regularizers the language names (`regularize l2(lambda: 0.7)`), with their attributes. Each
// but early stopping puts an op of the registry into the forward graph; the attributes an op reads
// (lambda, keep) are the op's own, declared once in its file.
import { attributeOf, type WordSpec } from "./attributes.js";
import { dropout } from "./dropout.js";
import { l1Penalty } from "./l1-penalty.js";
import { l2Penalty } from "./l2-penalty.js";
import type { OpDefinition } from "./op.js";

export interface RegularizerDefinition extends WordSpec {
  /**
   * The op it adds to the forward graph: a penalty on every weight matrix, or a mask after each
   * hidden layer it names. None for early stopping, which changes the training loop instead.
   */
  op?: string;
}

const seed = { type: "integer", min: 0, max: 2 ** 32 - 1 } as const;

function penalty(name: string, op: OpDefinition): RegularizerDefinition {
  return { name, op: op.name, params: op.attributes ?? [], doc: op.doc };
}

const keep = attributeOf(dropout, "keep");

export const regularizerRegistry: readonly RegularizerDefinition[] = [
  penalty("l2", l2Penalty),
  penalty("l1", l1Penalty),
  {
    name: "dropout",
    op: dropout.name,
    params: [
      { ...keep, type: "numbers", doc: `${keep.doc}; one number, or one per layer of \`on\`` },
      { name: "on", type: "layers", required: true, doc: "the hidden layers dropped out: `h1` or `[h1, h2]`" },
      {
        name: "reseed",
        required: false,
        ...seed,
        doc: "re-seed the mask generator with this at every forward pass, as the lesson does",
      },
    ],
    doc: dropout.doc,
  },
  {
    name: "early_stop",
    params: [
      {
        name: "patience",
        type: "integer",
        required: true,
        min: 1,
        doc: "evaluations without improvement before training stops",
      },
      { name: "on", type: "name", required: true, doc: "the data set watched (a validation or test split)" },
      {
        name: "metric",
        type: "name",
        required: false,
        default: "cost",
        values: ["cost", "accuracy"],
        doc: "`cost` (default) or `accuracy`",
      },
      {
        name: "every",
        type: "integer",
        required: false,
        min: 1,
        doc: "iterations between evaluations (default: the cost report interval, else 100)",
      },
    ],
    doc: "stop when the metric on a data set stops improving, and keep the best parameters",
  },
];
