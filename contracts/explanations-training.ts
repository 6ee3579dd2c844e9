// The compiler's codes for custom activations, regularizers, training options and softmax models
// (NNC2050–NNC2142) explained, each with an example and its fix. Form and testing:
// explanation-format.ts.
import type { Code } from "./codes.js";
import type { Explanation } from "./explanation-format.js";

const swish = (formula: string, name = "swish") => `activation ${name}(z) = ${formula}\ndense h1[10] ${name} init he`;
const epochs = (options: string, optimizer = "adam(learning_rate: 0.0007)") =>
  `train ${optimizer} on train for 100 epochs${options}, report cost every 10`;
/** Three classes of blobs and a softmax output layer, with `out` as given. */
const blobs = (out: string, centers = 3) =>
  [
    `data train = blobs(samples: 300, centers: ${centers}, seed: 1)`,
    `data test  = blobs(samples: 100, centers: ${centers}, seed: 2)`,
    out,
  ].join("\n");

/** Train and test sets split from one source of 400 blobs, `split` as given. */
const split = (how: string) =>
  [
    `data train, held_out = blobs(samples: 400, centers: 3, seed: 1)${how ? ` ${how}` : ""}`,
    "dense out[3] softmax init he",
  ].join("\n");

export const trainingExplanations = {
  NNC2050: {
    summary:
      "A custom activation's formula uses a name that is neither its variable nor a function activations may call.",
    form: "model",
    mistake: swish("z * sigmod(z)"),
    fix: swish("z * sigmoid(z)"),
  },
  NNC2051: {
    summary: "A custom activation's formula is not differentiable everywhere (abs, min, max or a comparison).",
    form: "model",
    mistake: swish("max(z, 0) + 0.1 * z", "hinge"),
    fix: swish("log(1 + exp(z)) + 0.1 * z", "hinge"),
  },
  NNC2052: {
    summary: "A custom activation's formula does not depend on its variable, or is not a number.",
    form: "model",
    mistake: swish("2 * sigmoid(1)", "flat"),
    fix: swish("2 * sigmoid(z)", "flat"),
  },
  NNC2053: {
    summary: "A custom activation takes the name of a built-in one.",
    form: "model",
    mistake: swish("z * sigmoid(z)", "relu"),
    fix: swish("z * sigmoid(z)"),
  },
  NNC2060: {
    summary: "A regularizer that nnc does not know (l2, l1, dropout and early_stop are built in).",
    form: "model",
    mistake: "regularize dropuot(keep: 0.86, on: [h1, h2])",
    fix: "regularize dropout(keep: 0.86, on: [h1, h2])",
  },
  NNC2061: {
    summary: "Dropout on a layer that is not hidden: the input or the output layer.",
    form: "model",
    mistake: "regularize dropout(keep: 0.86, on: [h1, out])",
    fix: "regularize dropout(keep: 0.86, on: [h1, h2])",
  },
  NNC2062: {
    summary: "A regularizer names a layer that is not declared.",
    form: "model",
    mistake: "regularize dropout(keep: 0.86, on: [h1, hidden2])",
    fix: "regularize dropout(keep: 0.86, on: [h1, h2])",
  },
  NNC2063: {
    summary: "Dropout gives a different number of keep probabilities than layers.",
    form: "model",
    mistake: "regularize dropout(keep: [0.8, 0.9, 0.95], on: [h1, h2])",
    fix: "regularize dropout(keep: [0.8, 0.9], on: [h1, h2])",
  },
  NNC2064: {
    summary: "The same regularizer is given twice (or one layer is dropped out twice).",
    form: "model",
    mistake: "regularize l2(lambda: 0.7)\nregularize l2(lambda: 0.1)",
    fix: "regularize l2(lambda: 0.7)",
  },
  NNC2065: {
    summary: "Early stopping watches a metric it cannot watch (cost and accuracy are known).",
    form: "model",
    mistake: "regularize early_stop(patience: 3, on: test, metric: acuracy)",
    fix: "regularize early_stop(patience: 3, on: test, metric: accuracy)",
  },
  NNC2110: {
    summary: "A training option that nnc does not know (batch, shuffle and decay are built in).",
    form: "model",
    mistake: epochs(", bach 64"),
    fix: epochs(", batch 64"),
  },
  NNC2111: {
    summary: "A training option given twice in one `train` statement.",
    form: "model",
    mistake: epochs(", batch 64, batch 32"),
    fix: epochs(", batch 64"),
  },
  NNC2112: {
    summary: "Mini-batches (`batch`) need a training length in epochs: `for 5000 epochs, batch 64`.",
    form: "model",
    mistake: "train adam(learning_rate: 0.0007) on train for 100 iterations, batch 64",
    fix: "train adam(learning_rate: 0.0007) on train for 100 epochs, batch 64",
  },
  NNC2113: {
    summary: "`shuffle` orders the examples before they are cut into mini-batches, so it needs `batch`.",
    form: "model",
    mistake: epochs(", shuffle lesson(seed: 10)"),
    fix: epochs(", batch 64, shuffle lesson(seed: 10)"),
  },
  NNC2114: {
    summary: "A shuffle order that nnc does not know (stream, lesson(seed) and none are built in).",
    form: "model",
    mistake: epochs(", batch 64, shuffle lessons(seed: 10)"),
    fix: epochs(", batch 64, shuffle lesson(seed: 10)"),
  },
  NNC2115: {
    summary: "A learning-rate decay that nnc does not know (inverse(rate) and scheduled(rate, interval) are built in).",
    form: "model",
    mistake: epochs(", batch 64, decay schedule(rate: 0.3, interval: 1000)", "gd(learning_rate: 0.1)"),
    fix: epochs(", batch 64, decay scheduled(rate: 0.3, interval: 1000)", "gd(learning_rate: 0.1)"),
  },
  NNC2116: {
    summary: "Dropout or early stopping with mini-batches, an optimizer other than gd or a decay (not supported yet).",
    form: "model",
    mistake: `regularize dropout(keep: 0.86, on: [h1, h2])\n${epochs(", batch 64")}`,
    fix: "regularize dropout(keep: 0.86, on: [h1, h2])\ntrain gd(learning_rate: 0.3) on train for 1000 iterations",
  },
  NNC2130: {
    summary: "softmax on a layer other than the output layer (it turns the output into class probabilities).",
    form: "model",
    mistake: blobs("dense out[3] softmax init he\ndense h1[10] softmax init he"),
    fix: blobs("dense out[3] softmax init he\ndense h1[10] relu init he"),
  },
  NNC2131: {
    summary: "A softmax output layer with fewer than 2 units (one class is no choice; use one sigmoid unit for two).",
    form: "model",
    mistake: "dense out[1] softmax init he",
    fix: "dense out[1] sigmoid init he",
  },
  NNC2132: {
    summary:
      "`cross_entropy(form: naive)` with a softmax output: the categorical loss is computed from the logits only.",
    form: "model",
    mistake: blobs('dense out[3] softmax init he\nloss cross_entropy(form: "naive")'),
    fix: blobs("dense out[3] softmax init he\nloss cross_entropy"),
  },
  NNC2133: {
    summary: "Early stopping with a softmax output (it measures the binary cost and accuracy; not supported yet).",
    form: "model",
    mistake: blobs("dense out[3] softmax init he\nregularize early_stop(patience: 3, on: test, metric: cost)"),
    fix: blobs("dense out[3] softmax init he"),
  },
  NNC2134: {
    summary:
      "Generated data with more classes than the output layer tells " +
      "apart (blobs' centers > softmax units, or > 2 with a sigmoid).",
    form: "model",
    mistake: blobs("dense out[3] softmax init he", 4),
    fix: blobs("dense out[4] softmax init he", 4),
  },
  NNC2140: {
    summary: "The sizes after `split` do not add up to the number of examples of the data source.",
    form: "model",
    mistake: split("split 300, 50"),
    fix: split("split 300, 100"),
  },
  NNC2141: {
    summary: "A `data` statement's names and `split` sizes do not pair up: one size per name, a split for several.",
    form: "model",
    mistake: split(""),
    fix: split("split 300, 100"),
  },
  NNC2142: {
    summary: "An order before a `split` that nnc does not know (`shuffled` and `shuffled(seed: s)` are built in).",
    form: "model",
    mistake: split("split 300, 100 shuffle"),
    fix: split("split 300, 100 shuffled"),
  },
} satisfies Partial<Record<Code, Explanation>>;
