// The data the runtime executes: a compiled program is plain JSON-shaped data (graphs,
// parameter specs, generated source text), so the runtime never imports the compiler. The
// compiler builds these (compiler/forward-graph.ts, compiler/backward-graph.ts, compiler/emit-js.ts,
// compiler/compile-program.ts); runtime/train.ts runs them.
//
// Names follow the course: X (features × m), Y (1 × m), W1 b1 Z1 A1 ... J, and gradients dW1 ...
// Shapes are [rows, cols]; per-example values have m columns, where m is the training set's size
// when the graph was built (the kernels take m from the data they are given).
import type { DecayIR, InitIR, OptimizerIR, ShuffleIR, SourceSpan } from "../contracts/ir.js";
import type { OpAttrs, Shape } from "./ops/index.js";
import type { FormulaSpec } from "./ops/formula-activation.js";

export type { Shape } from "./ops/index.js";

/** `mask`: a dropout mask the runtime draws before each training pass; `penalty`: a cost term. */
export type ValueRole = "input" | "label" | "param" | "activation" | "loss" | "mask" | "penalty";

/** A dropout mask of the graph: value `D1` (units × m, 0 or 1) over layer `h1`'s activations. */
export interface MaskSpec {
  value: string;
  layer: string;
  keep: number;
  rows: number;
}

export interface GraphValue {
  name: string;
  shape: Shape;
  role: ValueRole;
  /** Layer (as named in the .nnspec) this value belongs to, for messages. */
  layer?: string;
}

export interface GraphNode {
  id: number;
  /** Registry name of the op (runtime/ops/index.ts). */
  op: string;
  /** Value names, in the op's input order. */
  inputs: string[];
  output: string;
  attrs: OpAttrs;
  layer?: string;
  /** For a custom activation (`activation swish(z) = ...`): its formula and derivative. */
  formula?: FormulaSpec;
}

export interface ForwardGraph {
  values: Record<string, GraphValue>;
  /** In evaluation order: every input of a node is produced by an earlier node or is X, Y, a parameter. */
  nodes: GraphNode[];
  input: string;
  label: string;
  /** The network's output (probabilities for a sigmoid output layer). */
  prediction: string;
  loss: string;
  /** Cost terms added to the loss (regularization penalties, 1×1 each); the cost is loss + Σ penalties. */
  penalties?: string[];
  /** Dropout masks, in drawing order (layer by layer, as the lesson draws D1 before D2). */
  masks?: MaskSpec[];
  /** m of the data the shapes were computed for. */
  samples: number;
}

/** One consumer's contribution to a gradient: node `node`'s backward rule for its input `input`. */
export interface GradientTerm {
  node: number;
  input: number;
  /** The right-hand side, mathjs text in the graph's names (`W3' * dZ3`). */
  expression: string;
}

/** dV = the sum of the terms from every consumer of V. */
export interface GradientEquation {
  /** `dW3` */
  name: string;
  /** `W3` */
  of: string;
  shape: Shape;
  terms: GradientTerm[];
  /** Full mathjs text, `dA2 = W3' * dZ3`. */
  equation: string;
}

/** One step of the backward pass: run node `node`'s backward rule for the inputs flagged true. */
export interface BackwardStep {
  node: number;
  inputs: boolean[];
}

export interface BackwardGraph {
  /** The value whose gradient is seeded with 1 (the cost J). */
  seed: string;
  /** Every value seeded with 1: the loss and each penalty (the cost is their sum). */
  seeds?: string[];
  /** In execution order: reverse evaluation order, active nodes only. */
  steps: BackwardStep[];
  /** One per gradient, in the order they become complete (the lessons' order: dZ3, dW3, db3, dA2, ...). */
  equations: GradientEquation[];
}

export interface ParamSpec {
  /** `W1`, `b1`, ... */
  name: string;
  shape: Shape;
  kind: "weight" | "bias";
  /** Layer name as written in the .nnspec. */
  layer: string;
  /** How it is drawn; biases are zeros unless the layer gives a `bias` scheme. */
  init: InitIR;
  fanIn: number;
  fanOut: number;
}

/**
 * Generated JS (compiler/emit-js.ts). The runtime calls
 * `new Function("P", "lib", source)(paramArrays, { pairwiseSum })` and gets StepKernels.
 */
export interface EmittedCode {
  source: string;
  /** Number of parameter arrays `P` the source expects, in `Program.params` order. */
  paramCount: number;
  /** Characters of its longest function: past LARGEST_OPTIMIZED_FUNCTION V8 will not optimize it. */
  longestFunction: number;
  /**
   * The same kernels with the per-example pass in WebAssembly SIMD (compiler/emit-wasm.ts): the
   * source wants `lib.simdModule`, the module compiled from `module`. Absent when the graph has
   * something that code does not cover (`simdSkipped` says what).
   */
  simd?: { source: string; module: Uint8Array };
  simdSkipped?: string;
}

/** What an emitted or interpreted program offers the training loop; nothing here allocates. */
export interface StepKernels {
  /**
   * One full-batch gradient-descent step on (X, Y): forward, backward, then P -= lr · dP.
   * Returns the cost of the forward pass before the update when `wantCost`, else NaN.
   */
  step(
    X: Float64Array,
    Y: Float64Array,
    m: number,
    lr: number,
    wantCost: boolean,
    masks?: readonly Float64Array[],
  ): number;
  /**
   * Gradients of the cost into `G` (same order and shapes as the params), no update; returns the cost.
   * `masks` (one per `ForwardGraph.masks`, rows × m, 0 or 1) are required when the graph has dropout:
   * a gradient check passes the same masks to every evaluation.
   */
  gradients(X: Float64Array, Y: Float64Array, m: number, G: Float64Array[], masks?: readonly Float64Array[]): number;
  /** The prediction (e.g. A3, rows × m row-major) for X into `out`. */
  predict(X: Float64Array, m: number, out: Float64Array): void;
  /** Brings the parameter arrays up to date (a rewrite may hold some in another form while training). */
  sync?(): void;
  /**
   * The cost of a prediction pass over (X, Y) with the current parameters (runtime/held-out.ts),
   * leaving training as it is; where absent, the parameter arrays are current and a workspace
   * over them measures it.
   */
  evaluate?(X: Float64Array, Y: Float64Array, m: number): number;
}

/** One equation of a hand-written backward block (runtime/hand-backward.ts runs them). */
export interface HandWrittenEquation {
  /** `dW3` */
  name: string;
  /** mathjs text of the right-hand side, as written. */
  expression: string;
  at?: SourceSpan;
}

export interface HandWrittenBackward {
  equations: HandWrittenEquation[];
  at?: SourceSpan;
}

/**
 * Whether the first-layer rewrite (compiler/rewrite.ts) applies: P = W·X kept and updated with
 * G = XᵀX instead of multiplying by X twice per step. The interpreter carries it out.
 */
export type RewritePlan =
  | { applies: false; reason: string }
  | {
      applies: true;
      /** The matmul_bias node that multiplies X. */
      node: number;
      /** Indices in Program.params of its weight and bias. */
      weight: number;
      bias: number;
      /** One line for `nnc run --verbose`. */
      explanation: string;
    };

/**
 * What the compiler hands the runtime: everything needed to initialise and train a model.
 */
export interface Program {
  model: string;
  /** Seed of the model's RandomState (numpy's np.random.seed); undefined = unseeded. */
  seed?: number;
  forward: ForwardGraph;
  backward: BackwardGraph;
  /** In drawing order: per layer in declaration order, the weights then the bias. */
  params: ParamSpec[];
  train: {
    data: string;
    learningRate: number;
    /** Gradient steps, or epochs when `unit` is "epochs". */
    iterations: number;
    reportEvery: number;
    unit?: "epochs";
    /** The update rule and its settings (absent: gd at `learningRate`). */
    optimizer?: OptimizerIR;
    /** Mini-batch size (epochs only; absent: the whole set). */
    batch?: number;
    shuffle?: ShuffleIR;
    decay?: DecayIR;
    /** The cost is also reported at the last iteration (`report cost every N and last`). */
    reportLast?: boolean;
  };
  report: { accuracy: string[] };
  /** How dropout masks are drawn: fresh from the model's stream, or re-seeded with `reseed` every pass. */
  dropout?: { reseed?: number };
  /** Early stopping, when the model asks for it. */
  earlyStop?: { patience: number; data: string; metric: "cost" | "accuracy"; every: number };
  /** Per-sample fused code for this exact graph, or null when the emitter does not cover it. */
  emitted: EmittedCode | null;
  /** Why `emitted` is null (the interpreter then runs the kernels). */
  emitSkipped?: string;
  /** The first-layer rewrite, when the interpreter runs (absent: not planned, as off). */
  rewrite?: RewritePlan;
  /** A hand-written backward block: runs instead of `backward` (which stays, for checking and localising). */
  handBackward?: HandWrittenBackward;
  /** The .nnspec file the program came from, for messages that cite its lines. */
  source?: string;
}
