// The whole run of a validated model, as one call: build its data (in declaration order, from
// the model's stream or their own seeds), compile the IR into a program whose backward pass is
// generated, draw the parameters from the same stream, train, and measure. The CLI and the
// library's `train()` both come through here, so they give the same numbers.
import type { Diagnostic } from "../grammar/diagnostic.js";
import { DiagnosticError } from "../grammar/diagnostic.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { loadDataset } from "../runtime/load-data.js";
import { RandomState } from "../runtime/rng/index.js";
import { initParams } from "../runtime/init.js";
import { guardWithGradientCheck } from "./check-guard.js";
import { train, type CostPoint, type Engine, type TrainedParam } from "../runtime/train.js";
import type { EarlyStopReport } from "../runtime/regularize.js";
import { Codes } from "./diagnostics/messages.js";
import type { DataIR, ModelIR } from "./ir.js";
import { compileProgram } from "./program.js";

export interface RunOptions {
  /** Folder that relative data paths are resolved against: the .nnspec's (or IR file's) folder. */
  baseDir: string;
  onCost?: (iteration: number, cost: number) => void;
  onProgress?: (iteration: number, total: number) => void;
  /** "interpreted" runs the ops' generic kernels instead of the generated code (for checks). */
  engine?: "auto" | Engine;
}

export interface RunResult {
  costs: CostPoint[];
  accuracy: Record<string, number>;
  params: TrainedParam[];
  engine: Engine;
  /** What early stopping did, when the model asks for it. */
  earlyStop?: EarlyStopReport;
  /** Wall-clock seconds of the training loop and the accuracy measurement. */
  seconds: number;
}

/** Loads one data set; a data error also names the declaration in the model that asked for it. */
function loadDeclared(ir: ModelIR, spec: DataIR, stream: RandomState, baseDir: string): Dataset {
  try {
    return loadDataset(spec, stream, baseDir);
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

export function loadModelData(ir: ModelIR, stream: RandomState, baseDir: string): Map<string, Dataset> {
  return new Map(ir.data.map((spec) => [spec.name, loadDeclared(ir, spec, stream, baseDir)]));
}

export function trainModel(ir: ModelIR, options: RunOptions): RunResult {
  const stream = new RandomState(ir.seed ?? 0);
  const datasets = loadModelData(ir, stream, options.baseDir);
  const trainingSet = datasets.get(ir.train.data)!;
  for (const [name, d] of datasets) {
    if (d.features !== ir.input.units) {
      const spec = ir.data.find((s) => s.name === name)!;
      throw new DiagnosticError([
        {
          severity: "error",
          code: Codes.inputSizeMismatch,
          message: `data set '${name}' has ${d.features} features, but input '${ir.input.name}' has ${ir.input.units} units`,
          file: ir.source,
          span: spec.at,
          help: `write \`input ${ir.input.name}[${d.features}]\``,
        },
      ]);
    }
  }
  const program = compileProgram(ir, { samples: trainingSet.samples });
  const initialParams = initParams(program.params, stream);
  if (ir.check) guardWithGradientCheck(ir, program, initialParams, trainingSet);
  const started = performance.now();
  const result = train(program, Object.fromEntries(datasets), {
    initialParams,
    engine: options.engine,
    onCost: options.onCost,
    onProgress: options.onProgress,
  });
  return { ...result, seconds: (performance.now() - started) / 1000 };
}
