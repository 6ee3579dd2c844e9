// The built-in words of the language that take arguments: activations, init schemes, data
// sources, losses and optimizers, each with the parameters it accepts. One table drives argument
// binding, did-you-mean suggestions, `expected:` lists and the reference in spec/language.md.

import { trainOptionWords } from "../grammar/tokens.js";

export type ParamType = "number" | "integer" | "string" | "names" | "name" | "condition" | "labels" | "layers" | "numbers";

export interface ParamSpec {
  name: string;
  type: ParamType;
  required: boolean;
  /** Inclusive/exclusive bounds checked at compile time, with the wording used in messages. */
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  /** Largest value allowed before anything is allocated (sizes). */
  limit?: number;
  doc: string;
}

export interface Callable {
  name: string;
  params: ParamSpec[];
  doc: string;
  /** Another accepted spelling, resolved to `name`. */
  aliases?: string[];
}

const num = (name: string, doc: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({
  name,
  type: "number",
  required: true,
  doc,
  ...extra,
});

/** The largest sizes nnc accepts: checked before any allocation (a shared file is untrusted). */
export const Limits = {
  units: 1_000_000,
  samples: 10_000_000,
  parameters: 100_000_000,
  iterations: 1_000_000_000,
} as const;

export const activations: Callable[] = [
  { name: "relu", params: [], doc: "max(0, z)" },
  { name: "sigmoid", params: [], doc: "1 / (1 + exp(-z))" },
  { name: "tanh", params: [], doc: "tanh(z)" },
  { name: "linear", params: [], doc: "z (no activation)" },
  {
    name: "leaky_relu",
    params: [num("slope", "the slope for z < 0", { required: false, min: 0, max: 1, maxExclusive: true })],
    doc: "z if z > 0, else slope · z (slope 0.01 unless given)",
  },
];

export const initSchemes: Callable[] = [
  { name: "zeros", params: [], doc: "all zeros (every unit stays the same: symmetry is never broken)" },
  {
    name: "random",
    params: [num("scale", "the factor each standard normal draw is multiplied by", { min: 0, minExclusive: true })],
    doc: "randn · scale",
  },
  { name: "randn", params: [], doc: "randn, unscaled: the gradient-checking lesson's `np.random.randn(n, fan_in)` (same as `random(scale: 1)`)" },
  { name: "he", params: [], doc: "randn · sqrt(2 / fan_in) (He et al. 2015)" },
  {
    name: "lecun",
    params: [],
    doc: "randn · sqrt(1 / fan_in): what the deeplearning.ai lesson calls \"Xavier\"; Keras's LeCun normal",
  },
  {
    name: "xavier",
    aliases: ["glorot"],
    params: [],
    doc: "randn · sqrt(2 / (fan_in + fan_out)): Glorot & Bengio 2010, Keras's Glorot/Xavier normal",
  },
  { name: "deep", params: [], doc: "randn / sqrt(fan_in): the deep-network lesson's scheme (a division)" },
  {
    name: "uniform",
    params: [num("low", "the lower bound"), num("high", "the upper bound")],
    doc: "uniform draws in [low, high)",
  },
];

export const dataSources: Callable[] = [
  {
    name: "circles",
    params: [
      { name: "samples", type: "integer", required: true, min: 1, limit: Limits.samples, doc: "number of points" },
      num("noise", "standard deviation of the gaussian noise", { min: 0 }),
      { name: "seed", type: "integer", required: false, min: 0, max: 2 ** 32 - 1, doc: "np.random.seed before drawing" },
      num("factor", "inner circle radius / outer (sklearn: 0.8)", { required: false, min: 0, max: 1, maxExclusive: true }),
    ],
    doc: "sklearn's make_circles: two concentric circles, labels 0 (outer) and 1 (inner)",
  },
  {
    name: "moons",
    params: [
      { name: "samples", type: "integer", required: true, min: 1, limit: Limits.samples, doc: "number of points" },
      num("noise", "standard deviation of the gaussian noise", { min: 0 }),
      { name: "seed", type: "integer", required: false, min: 0, max: 2 ** 32 - 1, doc: "np.random.seed before drawing" },
    ],
    doc: "sklearn's make_moons: two interleaving half circles",
  },
  {
    name: "randn",
    params: [
      { name: "features", type: "integer", required: true, min: 1, limit: Limits.units, doc: "rows of X" },
      { name: "samples", type: "integer", required: true, min: 1, limit: Limits.samples, doc: "columns of X (examples)" },
      { name: "labels", type: "labels", required: true, doc: "one 0/1 label per example: `[1, 1, 0]`" },
      { name: "seed", type: "integer", required: false, min: 0, max: 2 ** 32 - 1, doc: "np.random.seed before drawing; without, the model's stream" },
    ],
    doc: "X = randn(features, samples), drawn in declaration order from the model's stream (the gradient-checking lesson's `x = np.random.randn(4, 3)`)",
  },
  {
    name: "csv",
    params: [
      { name: "file", type: "string", required: true, doc: "path, relative to the .nnspec file" },
      { name: "features", type: "names", required: true, doc: "the columns that form X, in order" },
      { name: "label", type: "name", required: true, doc: "the column holding the 0/1 label" },
      { name: "where", type: "condition", required: false, doc: "keep rows where `column == \"value\"`" },
    ],
    doc: "a CSV file with a header row",
  },
  {
    name: "hdf5",
    params: [
      { name: "file", type: "string", required: true, doc: "path, relative to the .nnspec file" },
      { name: "features", type: "name", required: true, doc: "the dataset of examples (first axis), flattened in C order" },
      { name: "label", type: "name", required: true, doc: "the dataset holding one 0/1 label per example" },
      num("scale", "every feature is divided by this (255 for 8-bit pixels)", { required: false, min: 0, minExclusive: true }),
    ],
    doc: "an HDF5 file (such as the deep-network lesson's cat pictures)",
  },
];

// A mat source after csv: both take `file`, `features`, `label`, so the order sets the did-you-mean.
dataSources.push({
  name: "mat",
  params: [
    { name: "file", type: "string", required: true, doc: "path of a MATLAB level 5 MAT file, relative to the .nnspec file" },
    { name: "features", type: "name", required: true, doc: "the variable holding one example per row (the lesson's X or Xval)" },
    { name: "label", type: "name", required: true, doc: "the variable holding the 0/1 labels (y or yval)" },
  ],
  doc: "a MATLAB MAT file (the regularization lesson's data.mat), used transposed as the lesson does",
});

export const regularizers: Callable[] = [
  {
    name: "l2",
    params: [num("lambda", "the penalty's weight: cost + lambda/(2m)·Σ‖W‖²", { min: 0 })],
    doc: "L2 (weight decay): cost + λ/(2m)·Σ‖W‖², dW += λ/m·W",
  },
  {
    name: "l1",
    params: [num("lambda", "the penalty's weight: cost + lambda/m·Σ|W|", { min: 0 })],
    doc: "L1: cost + λ/m·Σ|W|, dW += λ/m·sign(W)",
  },
  {
    name: "dropout",
    params: [
      { name: "keep", type: "numbers", required: true, min: 0, minExclusive: true, max: 1, doc: "probability of keeping a unit, in (0, 1]; one number, or one per layer of `on`" },
      { name: "on", type: "layers", required: true, doc: "the hidden layers dropped out: `h1` or `[h1, h2]`" },
      { name: "reseed", type: "integer", required: false, min: 0, max: 2 ** 32 - 1, doc: "re-seed the mask generator with this at every forward pass, as the lesson does" },
    ],
    doc: "inverted dropout: A = A·D/keep with D = (rand < keep), in training only",
  },
  {
    name: "early_stop",
    params: [
      { name: "patience", type: "integer", required: true, min: 1, doc: "evaluations without improvement before training stops" },
      { name: "on", type: "name", required: true, doc: "the data set watched (a validation or test split)" },
      { name: "metric", type: "name", required: false, doc: "`cost` (default) or `accuracy`" },
      { name: "every", type: "integer", required: false, min: 1, doc: "iterations between evaluations (default: the cost report interval, else 100)" },
    ],
    doc: "stop when the metric on a data set stops improving, and keep the best parameters",
  },
];

export const earlyStopMetrics = ["cost", "accuracy"] as const;

export const losses: Callable[] = [
  {
    name: "cross_entropy",
    params: [{ name: "form", type: "string", required: false, doc: '"logit" (default: stable, from the logit) or "naive" (the lessons\' -y log a - (1-y) log(1-a), digit for digit)' }],
    doc: "binary cross-entropy, mean over the examples, computed stably from the logit",
  },
];

export const checks: Callable[] = [
  {
    name: "gradient",
    params: [
      num("epsilon", "the step of the centred difference", { required: false, min: 0, minExclusive: true, max: 1 }),
      num("threshold", "the largest difference that passes", { required: false, min: 0, minExclusive: true, max: 1 }),
    ],
    doc: "numerical gradient check before training (epsilon 1e-7 and threshold 2e-7 unless given)",
  },
];

const learningRate = num("learning_rate", "the step size", { min: 0, minExclusive: true });
const averaging = (name: string, doc: string) => num(name, doc, { required: false, min: 0, max: 1, maxExclusive: true });
const epsilon = num("epsilon", "added to the square root so the division stays finite (1e-8 unless given)", {
  required: false,
  min: 0,
  minExclusive: true,
});

/** Settings an optimizer takes that may be left out, with the value used then (the lesson's). */
export const optimizerDefaults: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  gd: {},
  momentum: { beta: 0.9 },
  rmsprop: { beta: 0.9, epsilon: 1e-8 },
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
};

export const optimizers: Callable[] = [
  {
    name: "gd",
    params: [learningRate],
    doc: "gradient descent: W ← W − learning_rate · dW",
  },
  {
    name: "momentum",
    params: [learningRate, averaging("beta", "weight of the past in the velocity average (0.9 unless given)")],
    doc: "gradient descent with momentum: v ← β·v + (1 − β)·dW; W ← W − learning_rate · v",
  },
  {
    name: "rmsprop",
    params: [learningRate, averaging("beta", "weight of the past in the squared-gradient average (0.9 unless given)"), epsilon],
    doc: "RMSprop: s ← β·s + (1 − β)·dW²; W ← W − learning_rate · dW / (√s + ε)",
  },
  {
    name: "adam",
    params: [
      learningRate,
      averaging("beta1", "weight of the past in the gradient average (0.9 unless given)"),
      averaging("beta2", "weight of the past in the squared-gradient average (0.999 unless given)"),
      epsilon,
    ],
    doc: "Adam: bias-corrected averages of the gradient and its square; t counts mini-batch steps from 1",
  },
];

/** `, batch 64`, `, shuffle ...`, `, decay ...` after the training length (the grammar's list). */
export const trainOptions = trainOptionWords;

export const shuffles: Callable[] = [
  { name: "stream", params: [], doc: "each epoch, permutation(m) drawn from the model's stream after the parameters (the default)" },
  {
    name: "lesson",
    params: [{ name: "seed", type: "integer", required: true, min: 0, max: 2 ** 32 - 2, doc: "the seed before the first epoch's (which uses seed + 1)" }],
    doc: "the optimization lesson's: before epoch k (from 1) np.random.seed(seed + k), then permutation(m)",
  },
  { name: "none", params: [], doc: "the data's own order every epoch" },
];

export const decays: Callable[] = [
  {
    name: "inverse",
    params: [num("rate", "decay rate", { min: 0 })],
    doc: "after epoch i (from 0): learning_rate = learning_rate0 / (1 + rate · i)",
  },
  {
    name: "scheduled",
    params: [
      num("rate", "decay rate", { min: 0 }),
      { name: "interval", type: "integer", required: true, min: 1, doc: "epochs between two decreases" },
    ],
    doc: "after epoch i (from 0): learning_rate = learning_rate0 / (1 + rate · floor(i / interval))",
  },
];

export const metrics = ["accuracy"] as const;
export const trainUnits = ["iterations", "iteration", "epochs", "epoch"] as const;

export function findCallable(table: Callable[], name: string): Callable | undefined {
  return table.find((c) => c.name === name || c.aliases?.includes(name));
}

export function callableNames(table: Callable[]): string[] {
  return table.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
}
