// The built-in words of the language that take arguments, each with the parameters it accepts.
// One table per kind of word drives argument binding, did-you-mean suggestions and `expected:`
// lists. Activations, losses, regularizers and optimizers are not named here: their tables are
// built from the runtime's registries (runtime/ops/, runtime/optimizers/), the one list of them,
// so an op registered there is a word of the language. Init schemes, data sources, checks,
// shuffles and decays are the compiler's own words, listed below.

import { trainOptionWords } from "../grammar/tokens.js";
import {
  activationWords,
  lossRegistry,
  regularizerRegistry,
  type AttributeSpec,
  type AttributeType,
  type WordSpec,
} from "../runtime/ops/index.js";
import { optimizerList } from "../runtime/optimizers/index.js";

export type ParamType = AttributeType;
export type ParamSpec = AttributeSpec;
export type Callable = WordSpec;

const num = (name: string, doc: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({
  name,
  type: "number",
  required: true,
  doc,
  ...extra,
});

/** A generator's own seed: `np.random.seed(seed)` before it draws, as the lessons do. */
const generatorSeed: ParamSpec = {
  name: "seed",
  type: "integer",
  required: false,
  min: 0,
  max: 2 ** 32 - 1,
  doc: "np.random.seed before drawing",
};

/** The largest sizes nnc accepts: checked before any allocation (a shared file is untrusted). */
export const Limits = {
  units: 1_000_000,
  samples: 10_000_000,
  parameters: 100_000_000,
  iterations: 1_000_000_000,
} as const;

/** The registry's activations, read when asked: an op registered at run time is one too. */
export function activations(): Callable[] {
  return activationWords();
}

export const initSchemes: Callable[] = [
  { name: "zeros", params: [], doc: "all zeros (every unit stays the same: symmetry is never broken)" },
  {
    name: "random",
    params: [num("scale", "the factor each standard normal draw is multiplied by", { min: 0, minExclusive: true })],
    doc: "randn · scale",
  },
  {
    name: "randn",
    params: [],
    doc: "randn, unscaled: the gradient-checking lesson's `np.random.randn(n, fan_in)` (same as `random(scale: 1)`)",
  },
  { name: "he", params: [], doc: "randn · sqrt(2 / fan_in) (He et al. 2015)" },
  {
    name: "lecun",
    params: [],
    doc: 'randn · sqrt(1 / fan_in): what the deeplearning.ai lesson calls "Xavier"; Keras\'s LeCun normal',
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
      generatorSeed,
      num("factor", "inner circle radius / outer (sklearn: 0.8)", {
        required: false,
        min: 0,
        max: 1,
        maxExclusive: true,
      }),
    ],
    doc: "sklearn's make_circles: two concentric circles, labels 0 (outer) and 1 (inner)",
  },
  {
    name: "moons",
    params: [
      { name: "samples", type: "integer", required: true, min: 1, limit: Limits.samples, doc: "number of points" },
      num("noise", "standard deviation of the gaussian noise", { min: 0 }),
      generatorSeed,
    ],
    doc: "sklearn's make_moons: two interleaving half circles",
  },
  {
    name: "blobs",
    params: [
      { name: "samples", type: "integer", required: true, min: 1, limit: Limits.samples, doc: "number of points" },
      { name: "centers", type: "integer", required: true, min: 2, max: 1000, doc: "number of clusters (classes)" },
      num("std", "standard deviation of each cluster (sklearn: 1.0)", { required: false, min: 0 }),
      generatorSeed,
    ],
    doc: "sklearn's make_blobs in 2 features: gaussian clusters, labels 0..centers-1 (multi-class)",
  },
  {
    name: "randn",
    params: [
      { name: "features", type: "integer", required: true, min: 1, limit: Limits.units, doc: "rows of X" },
      {
        name: "samples",
        type: "integer",
        required: true,
        min: 1,
        limit: Limits.samples,
        doc: "columns of X (examples)",
      },
      { name: "labels", type: "labels", required: true, doc: "one 0/1 label per example: `[1, 1, 0]`" },
      {
        name: "seed",
        type: "integer",
        required: false,
        min: 0,
        max: 2 ** 32 - 1,
        doc: "np.random.seed before drawing; without, the model's stream",
      },
    ],
    doc:
      "X = randn(features, samples), drawn in declaration order from the model's " +
      "stream (the gradient-checking lesson's `x = np.random.randn(4, 3)`)",
  },
  {
    name: "csv",
    params: [
      { name: "file", type: "string", required: true, doc: "path, relative to the .nnspec file" },
      { name: "features", type: "names", required: true, doc: "the columns that form X, in order" },
      { name: "label", type: "name", required: true, doc: "the column holding the 0/1 label" },
      { name: "where", type: "condition", required: false, doc: 'keep rows where `column == "value"`' },
    ],
    doc: "a CSV file with a header row",
  },
  {
    name: "hdf5",
    params: [
      { name: "file", type: "string", required: true, doc: "path, relative to the .nnspec file" },
      {
        name: "features",
        type: "name",
        required: true,
        doc: "the dataset of examples (first axis), flattened in C order",
      },
      { name: "label", type: "name", required: true, doc: "the dataset holding one 0/1 label per example" },
      num("scale", "every feature is divided by this (255 for 8-bit pixels)", {
        required: false,
        min: 0,
        minExclusive: true,
      }),
    ],
    doc: "an HDF5 file (such as the deep-network lesson's cat pictures)",
  },
];

// A mat source after csv: both take `file`, `features`, `label`, so the order sets the did-you-mean.
dataSources.push({
  name: "mat",
  params: [
    {
      name: "file",
      type: "string",
      required: true,
      doc: "path of a MATLAB level 5 MAT file, relative to the .nnspec file",
    },
    {
      name: "features",
      type: "name",
      required: true,
      doc: "the variable holding one example per row (the lesson's X or Xval)",
    },
    { name: "label", type: "name", required: true, doc: "the variable holding the 0/1 labels (y or yval)" },
  ],
  doc: "a MATLAB MAT file (the regularization lesson's data.mat), used transposed as the lesson does",
});

export const regularizers: readonly Callable[] = regularizerRegistry;

/** What early stopping may watch: its `metric` attribute's values. */
export const earlyStopMetrics: readonly string[] =
  regularizerRegistry.find((r) => r.name === "early_stop")?.params.find((p) => p.name === "metric")?.values ?? [];

export const losses: readonly Callable[] = lossRegistry;

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

export const optimizers: readonly Callable[] = optimizerList.map((o) => ({
  name: o.name,
  params: o.params,
  doc: o.summary,
}));

/** `, batch 64`, `, shuffle ...`, `, decay ...` after the training length (the grammar's list). */
export const trainOptions = trainOptionWords;

export const shuffles: Callable[] = [
  {
    name: "stream",
    params: [],
    doc: "each epoch, permutation(m) drawn from the model's stream after the parameters (the default)",
  },
  {
    name: "lesson",
    params: [
      {
        name: "seed",
        type: "integer",
        required: true,
        min: 0,
        max: 2 ** 32 - 2,
        doc: "the seed before the first epoch's (which uses seed + 1)",
      },
    ],
    doc: "the optimization lesson's: before epoch k (from 1) np.random.seed(seed + k), then permutation(m)",
  },
  { name: "none", params: [], doc: "the data's own order every epoch" },
];

/** The order of a source's examples before `split` cuts it (absent: the source's own order). */
export const splitOrders: Callable[] = [
  {
    name: "shuffled",
    params: [
      {
        name: "seed",
        type: "integer",
        required: false,
        min: 0,
        max: 2 ** 32 - 1,
        doc: "permutation(m) from a fresh np.random.seed(seed); without, from the model's stream",
      },
    ],
    doc: "permutes the examples before they are cut into parts: permutation(m) from the model's stream, or from seed",
  },
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

export function findCallable(table: readonly Callable[], name: string): Callable | undefined {
  return table.find((c) => c.name === name || c.aliases?.includes(name));
}

export function callableNames(table: readonly Callable[]): string[] {
  return table.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
}
