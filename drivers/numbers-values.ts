// The values of one iteration, read off the interpreter's workspaces (runtime/workspace.ts) and
// put beside the derivation's lines and steps: the column of the chosen example for per-example
// values and gradients, whole matrices for parameters, 1×1 for the loss and the penalties. What
// drivers/derive-numbers.ts returns.
import type { Derivation, DerivationStep, ForwardLine, SourceLink } from "../compiler/derivation.js";
import { symbol } from "../compiler/notation.js";
import type { OptimizerDefinition, OptimizerSettings } from "../runtime/optimizers/index.js";
import type { Program } from "../runtime/program.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { Workspace } from "../runtime/workspace.js";

/** The batch an iteration trains on, the parameters it starts from and the optimizer's state then. */
export interface IterationBatch {
  params: Float64Array[];
  X: Float64Array;
  Y: Float64Array;
  size: number;
  /** The training set's index of each column. */
  examples: Int32Array;
  masks?: readonly Float64Array[];
  /** Epoch and batch in it (from 0), for mini-batches. */
  epoch?: number;
  batch?: number;
  learningRate: number;
  settings: OptimizerSettings;
  state: Float64Array[][];
}

/** A value as shown: the example's column of a per-example value, or a whole matrix. */
export interface ShownValue {
  /** The graph's name (`Z1`, `dW1`) and the course's symbol (`Z[1]`, `dW^{[1]}`). */
  name: string;
  text: string;
  latex: string;
  rows: number;
  cols: number;
  /** "example": the chosen example's column of a rows × m value; "whole": every entry. */
  part: "example" | "whole";
  /** Row-major. */
  values: number[];
}

export interface ForwardNumbers {
  line: ForwardLine;
  value: ShownValue;
  /** The values the line reads: parameters whole, per-example values as the example's column. */
  inputs: ShownValue[];
}

export interface StepNumbers {
  step: DerivationStep;
  /**
   * A per-example gradient: the example's column. A parameter's: the batch's gradient, the mean of
   * every example's loss gradient plus the penalties' terms: what the update uses.
   */
  value: ShownValue;
  /**
   * Parameters only: the chosen example's share of `value`, the gradient of its own loss divided
   * by the batch's m (the penalties' terms belong to no example); summed over the batch, the loss part.
   */
  contribution?: ShownValue;
}

export interface UpdateNumbers {
  parameter: string;
  before: ShownValue;
  gradient: ShownValue;
  after: ShownValue;
}

export interface BatchInfo {
  size: number;
  epoch?: number;
  index?: number;
  /** Which batch, which column, which masks: one sentence each. */
  text: string;
  masks?: string;
}

export interface CostNumbers {
  /** The batch's cost J: the mean loss plus the penalties, the workspace's sum. */
  value: number;
  /** The mean loss alone (equals value without penalties), and each penalty. */
  loss: number;
  penalties: { name: string; value: number }[];
  /** The chosen example's own loss (a one-column pass). */
  exampleLoss: number;
}

export interface DerivationNumbers {
  derivation: Derivation;
  model: string;
  /** The chosen column of the batch, and which example of the training set it is. */
  example: number;
  exampleInData: number;
  /** Updates made before this one. */
  iteration: number;
  data: { name: string; samples: number };
  batch: BatchInfo;
  cost: CostNumbers;
  forward: ForwardNumbers[];
  steps: StepNumbers[];
  update: {
    optimizer: string;
    learningRate: number;
    /** The update's count from 1 (Adam's t). */
    t: number;
    source?: SourceLink;
    parameters: UpdateNumbers[];
  };
  notes: string[];
}

function column(values: Float64Array, rows: number, m: number, j: number): number[] {
  return Array.from({ length: rows }, (_, r) => values[r * m + j]);
}

function shown(
  program: Program,
  w: Workspace,
  name: string,
  example: number,
  values: Float64Array,
  display = name,
): ShownValue {
  const [rows, cols] = w.shapes.get(name)!;
  const role = program.forward.values[name]?.role;
  const perExample = role === "input" || role === "label" || role === "activation" || role === "mask";
  const base = { name: display, text: symbol(display, "text"), latex: symbol(display, "latex"), rows };
  if (perExample && cols === w.m)
    return { ...base, cols: 1, part: "example", values: column(values, rows, w.m, example) };
  return { ...base, cols, part: "whole", values: Array.from(values) };
}

function gradientName(name: string): string {
  return `d${name}`;
}

/** Column `j` of a rows × m array, as a rows × 1 array. */
function columnArray(values: Float64Array, m: number, j: number): Float64Array {
  const rows = values.length / m;
  return Float64Array.from({ length: rows }, (_, r) => values[r * m + j]);
}

/**
 * The batch's forward and backward passes, and the chosen example's alone (one column, only its
 * loss seeded), then every forward line with its value and the values it reads.
 */
export function forwardNumbers(
  program: Program,
  derivation: Derivation,
  batch: IterationBatch,
  example: number,
): { workspace: Workspace; single: Workspace; lines: ForwardNumbers[]; cost: CostNumbers } {
  const graph = program.forward;
  const w = new Workspace(program, batch.params, batch.size);
  w.bind(batch.X, batch.Y, batch.masks);
  const value = w.forward();
  w.backward();
  const single = new Workspace(program, batch.params, 1);
  single.bind(
    columnArray(batch.X, batch.size, example),
    columnArray(batch.Y, batch.size, example),
    batch.masks?.map((mask) => columnArray(mask, batch.size, example)),
  );
  single.forward();
  single.backward(false, false);

  // With penalties the graph's loss value is the loss L alone and the cost J its sum with them.
  const display = (name: string) => (name === graph.loss ? derivation.loss : name);
  const show = (name: string) => shown(program, w, name, example, w.values.get(name)!, display(name));
  const penalties = graph.penalties ?? [];
  const lines = derivation.forward.map((line, i): ForwardNumbers => {
    const node = graph.nodes[i];
    if (node) return { line, value: show(node.output), inputs: node.inputs.map(show) };
    const cost: ShownValue = {
      name: graph.loss,
      text: symbol(graph.loss, "text"),
      latex: symbol(graph.loss, "latex"),
      rows: 1,
      cols: 1,
      part: "whole",
      values: [value],
    };
    return { line, value: cost, inputs: [graph.loss, ...penalties].map(show) };
  });
  return {
    workspace: w,
    single,
    lines,
    cost: {
      value,
      loss: w.values.get(graph.loss)![0],
      penalties: penalties.map((name) => ({ name, value: w.values.get(name)![0] })),
      exampleLoss: single.values.get(graph.loss)![0],
    },
  };
}

export function stepNumbers(
  program: Program,
  derivation: Derivation,
  w: Workspace,
  single: Workspace,
  example: number,
): StepNumbers[] {
  return derivation.steps.map((step, i): StepNumbers => {
    const of = program.backward.equations[i].of;
    const value = shown(program, w, of, example, w.gradients.get(of)!, gradientName(of));
    if (!step.isParameter) return { step, value };
    const share = single.gradients.get(of)!.map((g) => g / w.m);
    return { step, value, contribution: { ...value, values: Array.from(share) } };
  });
}

/** Each parameter's update by the optimizer's own rule, on copies of the parameter and its state. */
export function updateNumbers(
  program: Program,
  derivation: Derivation,
  w: Workspace,
  batch: IterationBatch,
  optimizer: OptimizerDefinition,
  t: number,
  source: SourceLink | undefined,
): DerivationNumbers["update"] {
  const parameters = program.params.map((p, i): UpdateNumbers => {
    const before = batch.params[i];
    const gradient = w.paramGradients[i] ?? new Float64Array(before.length);
    const after = Float64Array.from(before);
    const state = batch.state[i].map((s) => Float64Array.from(s));
    optimizer.update(after, gradient, state, batch.learningRate, batch.settings, t);
    const whole = (name: string, values: Float64Array): ShownValue => ({
      name,
      text: symbol(name, "text"),
      latex: symbol(name, "latex"),
      rows: p.shape[0],
      cols: p.shape[1],
      part: "whole",
      values: Array.from(values),
    });
    return {
      parameter: p.name,
      before: whole(p.name, before),
      gradient: whole(gradientName(p.name), gradient),
      after: whole(p.name, after),
    };
  });
  return {
    optimizer: derivation.update?.optimizer ?? optimizer.name,
    learningRate: batch.learningRate,
    t,
    ...(source ? { source } : {}),
    parameters,
  };
}

/** Which batch the iteration trains on, which example the column is, which dropout masks. */
export function batchDescription(
  program: Program,
  batch: IterationBatch,
  example: number,
  iteration: number,
  data: Dataset,
): BatchInfo {
  const index = batch.examples[example];
  const whole = batch.size === data.samples && batch.examples.every((e, j) => e === j);
  const text = whole
    ? `the whole training set '${data.name}' (m = ${data.samples}); the example shown is column ${example}`
    : `mini-batch ${batch.batch! + 1} of epoch ${batch.epoch! + 1} (m = ${batch.size} of the ` +
      `${data.samples} examples of '${data.name}'); column ${example} is example ${index} of '${data.name}'`;
  const masks = program.forward.masks ?? [];
  const maskText = masks.length
    ? `dropout masks ${masks.map((m) => m.value).join(", ")}: ` +
      (program.dropout?.reseed !== undefined
        ? `drawn after reseeding with ${program.dropout.reseed}, the same at every step`
        : `those drawn from the model's stream for update ${iteration + 1}`) +
      `, their column ${example}`
    : undefined;
  return {
    size: batch.size,
    ...(batch.epoch !== undefined ? { epoch: batch.epoch, index: batch.batch } : {}),
    text,
    ...(maskText ? { masks: maskText } : {}),
  };
}
