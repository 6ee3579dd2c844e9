// The whole run of a validated model, as one call: build its data (in declaration order, from
// the model's stream or their own seeds), compile the IR into a program whose backward pass is
// generated, draw the parameters from the same stream, train, and measure. The CLI and the
// library's `train()` both come through here, so they give the same numbers.
import type { Diagnostic } from "../contracts/diagnostic.js";
import { DiagnosticError } from "../contracts/diagnostic.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { noFiles, type ModelFiles } from "../contracts/files.js";
import { loadDataset, splitDataset } from "./load-data.js";
import { describeSource, sizesMismatch } from "../compiler/validate/data-split.js";
import { RandomState } from "../runtime/rng/index.js";
import { initParams } from "../runtime/init.js";
import { guardWithGradientCheck } from "./check-guard.js";
import { train, type CostPoint, type Engine, type TrainedParam } from "../runtime/train.js";
import type { EarlyStopReport } from "../runtime/regularize.js";
import type { TrainingCallbacks } from "../runtime/training-log.js";
import type { Program } from "../runtime/program.js";
import { Codes } from "../contracts/codes.js";
import type { DataIR, ModelIR } from "../contracts/ir.js";
import { compileProgram } from "../compiler/compile-program.js";
import type { ParallelExecutor } from "../runtime/parallel.js";

export interface RunOptions {
  /**
   * Where the model's data files come from, paths relative to the .nnspec's (or IR file's) folder:
   * node/files.ts for the disk, contracts/files.ts's memoryFiles or fetchFiles in a page.
   * Not needed when every data set is generated.
   */
  files?: ModelFiles;
  onCost?: (iteration: number, cost: number, learningRate?: number) => void;
  onProgress?: (iteration: number, total: number) => void;
  /** Each cost of the cost curve as it is computed (runtime/training-log.ts): a live curve. */
  onHistory?: TrainingCallbacks["onHistory"];
  /** The parameters every so often while training: a live decision boundary. */
  onParams?: TrainingCallbacks["onParams"];
  /** Told which training loop runs and why, for `--verbose`. */
  onNote?: (note: string) => void;
  /** "interpreted" runs the ops' generic kernels instead of the generated code (for checks). */
  engine?: "auto" | Engine;
  /** false: no first-layer rewrite (compiler/rewrite.ts), the brute-force products. Default true. */
  rewrite?: boolean;
  /**
   * Also measure the cost on each reported data set other than the training set while training
   * (a forward pass over it at the reported iterations and every so often), for its cost curve.
   */
  heldOutCurves?: boolean;
  /** false: no cost curve beyond the reported costs is wanted (see TrainOptions.costHistory). */
  costHistory?: boolean;
  /** Threads the large products may split across (node/worker-pool.ts in Node); default one. */
  parallel?: ParallelExecutor;
}

export interface RunResult {
  /** The reported costs: the lines `nnc run` prints. */
  costs: CostPoint[];
  /** The cost curve: every computed cost, the reported ones among them (runtime/training-log.ts). */
  history: CostPoint[];
  /** With heldOutCurves: each other reported data set's cost curve. */
  heldOutCosts?: Record<string, CostPoint[]>;
  accuracy: Record<string, number>;
  params: TrainedParam[];
  engine: Engine;
  /** What early stopping did, when the model asks for it. */
  earlyStop?: EarlyStopReport;
  /** Wall-clock seconds of the training loop and the accuracy measurement. */
  seconds: number;
  /** Whether the first-layer rewrite ran, and why not when it did not (for `nnc run --verbose`). */
  rewrite: string;
}

/** One line on the first-layer rewrite: what it did, or why it did not apply. */
function describeRewrite(program: Program, engine: Engine): string {
  const plan = program.rewrite;
  if (engine === "emitted" || engine === "simd")
    return "first-layer rewrite: not needed, the generated per-example code runs this model (it is small)";
  if (!plan) return "first-layer rewrite: not planned";
  return plan.applies ? plan.explanation : `first-layer rewrite: does not apply: ${plan.reason}`;
}

/** How many classes the model tells apart: a softmax output's units, else 2 (one sigmoid unit). */
export function classCount(ir: ModelIR): number {
  const out = ir.layers[ir.layers.length - 1];
  return out?.activation.name === "softmax" ? out.units : 2;
}

/** Loads one data set; a data error also names the declaration in the model that asked for it. */
async function loadDeclared(ir: ModelIR, spec: DataIR, stream: RandomState, files: ModelFiles): Promise<Dataset> {
  try {
    return await loadDataset(spec, stream, files, classCount(ir));
  } catch (error) {
    if (!(error instanceof DiagnosticError)) throw error;
    const where: Diagnostic = {
      severity: "note",
      code: Codes.unknownDataSource,
      message: `while loading data set '${spec.name}'`,
      file: ir.source,
      span: spec.at,
      label: "declared here",
    };
    throw new DiagnosticError([...error.diagnostics, where]);
  }
}

/**
 * The model's data sets, built in declaration order (the order they draw from the stream). The
 * parts of a split are built together, at the first of them (drivers/load-data.ts).
 */
export async function loadModelData(
  ir: ModelIR,
  stream: RandomState,
  files: ModelFiles = noFiles,
): Promise<Map<string, Dataset>> {
  const datasets = new Map<string, Dataset>();
  const splits = new Set<string>();
  for (const spec of ir.data) {
    if (!spec.split) {
      datasets.set(spec.name, await loadDeclared(ir, spec, stream, files));
      continue;
    }
    const key = spec.split.parts.join(",");
    if (splits.has(key)) continue;
    splits.add(key);
    const whole = await loadDeclared(ir, spec, stream, files);
    checkSplitSizes(ir, spec, whole.samples);
    for (const part of splitDataset(whole, spec.split, stream)) datasets.set(part.name, part);
  }
  return datasets;
}

/** A file's examples are counted once it is read: the split's sizes must add up to them (NNC2140). */
function checkSplitSizes(ir: ModelIR, spec: DataIR, examples: number): void {
  const split = spec.split!;
  if (split.sizes.reduce((a, b) => a + b, 0) === examples) return;
  const { message, details } = sizesMismatch(split, examples, describeSource(spec));
  throw new DiagnosticError([
    { severity: "error", code: Codes.splitSizes, message, file: ir.source, span: split.at ?? spec.at, ...details },
  ]);
}

/** Each data set must have as many features as the input layer has units (NNC2017). */
export function checkInputSizes(ir: ModelIR, datasets: ReadonlyMap<string, Dataset>): void {
  for (const [name, d] of datasets) {
    if (d.features !== ir.input.units) {
      const spec = ir.data.find((s) => s.name === name)!;
      throw new DiagnosticError([
        {
          severity: "error",
          code: Codes.inputSizeMismatch,
          message:
            `data set '${name}' has ${d.features} features, but ` +
            `input '${ir.input.name}' has ${ir.input.units} units`,
          file: ir.source,
          span: spec.at,
          help: `write \`input ${ir.input.name}[${d.features}]\``,
        },
      ]);
    }
  }
}

export async function trainModel(ir: ModelIR, options: RunOptions = {}): Promise<RunResult> {
  const stream = new RandomState(ir.seed ?? 0);
  const datasets = await loadModelData(ir, stream, options.files);
  const trainingSet = datasets.get(ir.train.data)!;
  checkInputSizes(ir, datasets);
  const program = compileProgram(ir, { samples: trainingSet.samples, rewrite: options.rewrite });
  const initialParams = initParams(program.params, stream);
  if (ir.check) guardWithGradientCheck(ir, program, initialParams, trainingSet);
  const started = performance.now();
  const result = train(program, Object.fromEntries(datasets), {
    initialParams,
    rng: stream,
    engine: options.engine,
    rewrite: options.rewrite,
    onCost: options.onCost,
    onProgress: options.onProgress,
    onHistory: options.onHistory,
    onParams: options.onParams,
    onNote: options.onNote,
    parallel: options.parallel,
    heldOut: options.heldOutCurves ? ir.report.accuracy.filter((name) => name !== ir.train.data) : undefined,
    costHistory: options.costHistory,
  });
  return { ...result, seconds: (performance.now() - started) / 1000, rewrite: describeRewrite(program, result.engine) };
}
