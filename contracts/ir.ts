// The intermediate representation: plain JSON, the contract between the compiler and the
// runtime. spec/ir.schema.json is its JSON Schema; these types mirror it. Every object that came
// from source may carry `at`, the span it came from, so semantic errors and runtime errors can
// still point into the .nnspec file.

export interface SourceSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export const IR_VERSION = 1;

export interface ModelIR {
  nnc_ir: typeof IR_VERSION;
  model: string;
  /** The .nnspec file this IR was compiled from, as given to the compiler (for messages). */
  source?: string;
  /** Seed of the model's stream (numpy's np.random.seed); draws are taken in declaration order. */
  seed?: number;
  data: DataIR[];
  input: InputIR;
  /** Custom activations, in declaration order; absent when the model defines none. */
  activations?: CustomActivationIR[];
  layers: LayerIR[];
  loss: LossIR;
  train: TrainIR;
  report: ReportIR;
  /** Regularizers, in the order written; absent or empty = none. */
  regularize?: RegularizerIR[];
  /** Hand-written gradient equations, run instead of the generated backward pass. */
  backward?: BackwardIR;
  /** `check gradient(...)`: checked before training, which stops when the check fails. */
  check?: CheckIR;
}

export interface EquationIR {
  /** The gradient computed: `dW3`. */
  name: string;
  /** Its right-hand side, mathjs text exactly as written: `1/m * dZ3 * A2'`. */
  expression: string;
  at?: SourceSpan;
}

export interface BackwardIR {
  equations: EquationIR[];
  at?: SourceSpan;
}

export interface CheckIR {
  epsilon: number;
  threshold: number;
  at?: SourceSpan;
}

export type DataIR = (SyntheticDataIR | BlobsDataIR | CsvDataIR | RandnDataIR | Hdf5DataIR | MatDataIR) & {
  /** Present when this data set is one part of a source cut into parts (`... split 300, 100`). */
  split?: SplitIR;
};

/**
 * `data train, test = circles(samples: 400, ...) split 300, 100`: each part is its own entry of
 * `ModelIR.data`, in order, carrying the whole source's fields (`samples` counts all of its
 * examples) and this. The source is built once, where its first part is declared; then, when
 * `shuffle` says so, its examples are permuted; then part k takes the next `sizes[k]` of them.
 */
export interface SplitIR {
  /** Every part's name, in order (this entry's `name` is one of them). */
  parts: string[];
  /** Where each of those names was written. */
  parts_at?: SourceSpan[];
  /** Examples per part, in the same order; they add up to the source's examples. */
  sizes: number[];
  /**
   * Absent: the source's own order (the generators' is already random). `stream`: permutation(m)
   * from the model's stream right after the source is built; `seed`: from RandomState(seed).
   */
  shuffle?: { kind: "stream" } | { kind: "seed"; seed: number };
  at?: SourceSpan;
}

/**
 * How many examples a data set holds when the compiler can know it before loading: a generated
 * set's `samples` (circles, moons, randn), or its part's size when that is split. Undefined otherwise.
 */
export function knownExamples(data: DataIR | undefined): number | undefined {
  if (!data || !(data.kind === "circles" || data.kind === "moons" || data.kind === "randn")) return undefined;
  if (!data.split) return data.samples;
  return data.split.sizes[data.split.parts.indexOf(data.name)];
}

/** The gradient-checking lesson's data: X = randn(features, samples), Y as written. */
export interface RandnDataIR {
  name: string;
  kind: "randn";
  features: number;
  samples: number;
  /** One 0/1 label per example. */
  labels: number[];
  /** Drawn from a fresh RandomState(seed); without, from the model's stream in declaration order. */
  seed?: number;
  at?: SourceSpan;
}

/** sklearn's make_blobs in two features: `centers` gaussian clusters, labels 0..centers-1. */
export interface BlobsDataIR {
  name: string;
  kind: "blobs";
  samples: number;
  centers: number;
  /** Standard deviation of each cluster (sklearn's cluster_std, default 1.0). */
  std: number;
  seed?: number;
  at?: SourceSpan;
}

export interface SyntheticDataIR {
  name: string;
  kind: "circles" | "moons";
  samples: number;
  noise: number;
  /** Data with its own seed are drawn from a fresh RandomState(seed); without, from the model's stream. */
  seed?: number;
  /** make_circles' scale factor between inner and outer circle (sklearn default 0.8). */
  factor?: number;
  at?: SourceSpan;
}

export interface CsvDataIR {
  name: string;
  kind: "csv";
  /** Path as written, relative to the directory of the file that declares it (`base`). */
  file: string;
  /** Absolute directory that `file` is relative to; filled in when the IR is loaded or compiled. */
  base?: string;
  features: string[];
  label: string;
  /** Keep only rows whose `column` equals `equals` (string compare). */
  where?: { column: string; equals: string };
  at?: SourceSpan;
}

/** An HDF5 file: `features` (examples on the first axis) flattened in C order and divided by `scale`. */
export interface Hdf5DataIR {
  name: string;
  kind: "hdf5";
  /** Path as written, relative to the directory of the file that declares it (`base`). */
  file: string;
  base?: string;
  /** Dataset holding the examples, e.g. train_set_x (209, 64, 64, 3). */
  features: string;
  /** Dataset holding one 0/1 label per example, e.g. train_set_y (209,). */
  label: string;
  /** Every feature is divided by this (255 for 8-bit pixels); default 1. */
  scale?: number;
  at?: SourceSpan;
}

/** A MATLAB (level 5) MAT file: `features` is an examples × features matrix, `label` a 0/1 vector. */
export interface MatDataIR {
  name: string;
  kind: "mat";
  /** Path as written, relative to the directory of the file that declares it (`base`). */
  file: string;
  base?: string;
  /** Variable names inside the file: the lesson's `X`/`y` (training) or `Xval`/`yval`. */
  features: string;
  label: string;
  at?: SourceSpan;
}

export type RegularizerIR = PenaltyIR | DropoutIR | EarlyStopIR;

/** A cost term on every weight matrix (biases are not penalised): L2 λ/(2m)·Σ‖W‖², L1 λ/m·Σ|W|. */
export interface PenaltyIR {
  kind: "l2" | "l1";
  lambda: number;
  at?: SourceSpan;
}

/** Inverted dropout on hidden layers' activations during training; never at prediction. */
export interface DropoutIR {
  kind: "dropout";
  /** Each hidden layer dropped out, with its keep probability in (0, 1]. */
  layers: { name: string; keep: number; at?: SourceSpan }[];
  /**
   * Absent: fresh masks from the model's stream every step. Present: the mask generator is
   * re-seeded with this seed at every forward pass (the lesson's `np.random.seed(1)`).
   */
  reseed?: number;
  at?: SourceSpan;
}

/** Stop when the metric on `data` has not improved for `patience` evaluations; keep the best parameters. */
export interface EarlyStopIR {
  kind: "early_stop";
  patience: number;
  data: string;
  metric: "cost" | "accuracy";
  /** Iterations between two evaluations. */
  every: number;
  at?: SourceSpan;
}

export interface InputIR {
  name: string;
  units: number;
  at?: SourceSpan;
}

/**
 * One member per activation of the op registry (runtime/ops/), its attributes defaults filled in;
 * contracts may not import the runtime, so test/one-list-of-ops.test.ts holds these to it, as it
 * does LossIR, RegularizerIR and OptimizerIR.
 */
export type ActivationIR =
  | { name: "relu" | "sigmoid" | "tanh" | "linear" | "softmax" }
  | { name: "leaky_relu"; slope: number }
  | CustomActivationRef;

/** A layer's activation defined by the model's own `activation NAME(z) = formula`. */
export interface CustomActivationRef {
  name: string;
  custom: true;
}

/** `activation swish(z) = z * sigmoid(z)`: the formula (mathjs text) in its one variable. */
export interface CustomActivationIR {
  name: string;
  parameter: string;
  formula: string;
  at?: SourceSpan;
}

export type InitIR =
  | { scheme: "zeros" }
  | { scheme: "random"; scale: number }
  | { scheme: "he" }
  | { scheme: "lecun" }
  | { scheme: "xavier" }
  | { scheme: "deep" }
  | { scheme: "uniform"; low: number; high: number }
  | { scheme: "formula"; expression: string };

export interface LayerIR {
  name: string;
  kind: "dense";
  units: number;
  activation: ActivationIR;
  init: InitIR;
  /** How the biases are drawn, right after the weights (zeros when absent, as in the lessons). */
  bias?: InitIR;
  at?: SourceSpan;
}

export interface LossIR {
  name: "cross_entropy";
  /** "naive": the lessons' formula on the output (their exact rounding, inf included); default "logit". */
  form?: "logit" | "naive";
  at?: SourceSpan;
}

/** An optimizer and its settings, defaults filled in (see runtime/optimizers/). */
export type OptimizerIR =
  | { name: "gd"; learning_rate: number }
  | { name: "momentum"; learning_rate: number; beta: number }
  | { name: "rmsprop"; learning_rate: number; beta: number; epsilon: number }
  | { name: "adam"; learning_rate: number; beta1: number; beta2: number; epsilon: number };

/**
 * How each epoch's examples are ordered before they are cut into mini-batches: `stream` draws
 * `permutation(m)` from the model's stream (after the parameters), `lesson` reseeds numpy with
 * seed + 1, seed + 2, ... before each epoch's permutation (the optimization lesson), `none` keeps
 * the data's order.
 */
export type ShuffleIR = { kind: "stream" } | { kind: "lesson"; seed: number } | { kind: "none" };

/** Learning-rate decay, applied after epoch i (from 0): lr = lr0 / (1 + rate · i), or · floor(i / interval). */
export type DecayIR = { kind: "inverse"; rate: number } | { kind: "scheduled"; rate: number; interval: number };

export interface TrainIR {
  optimizer: OptimizerIR;
  /** Name of the data set trained on. */
  data: string;
  /** Where that name was written (absent when defaulted). */
  data_at?: SourceSpan;
  /** The training length: gradient steps, or epochs when `unit` is "epochs". */
  iterations: number;
  /** "epochs": `iterations` counts passes over the data in mini-batches (absent: full-batch steps). */
  unit?: "epochs";
  /** Examples per mini-batch (epochs only; absent: the whole set). */
  batch?: number;
  /** Order of the examples in each epoch (epochs with a batch only; absent: `stream`). */
  shuffle?: ShuffleIR;
  decay?: DecayIR;
  /** Print the cost every this many iterations or epochs (0 = never). */
  report_every: number;
  /** Also report the cost at the last iteration (`report cost every 100 and last`). */
  report_last?: boolean;
  at?: SourceSpan;
}

export interface ReportIR {
  accuracy: string[];
  /** Where each of those names was written. */
  accuracy_at?: SourceSpan[];
  at?: SourceSpan;
}
