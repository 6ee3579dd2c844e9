// One training iteration of a model with its numbers: every equation `nnc derive` prints
// (compiler/derivation.ts) beside the values it takes for one chosen example, as the playground's
// step-through pane and `nnc derive --numbers` show them. Nothing is computed a second way: the
// parameters at iteration N come from the training loop itself (runtime/train.ts, or the mini-batch
// loop paused before its update N + 1, runtime/train-epochs.ts), the batch's values and gradients
// from the interpreter's workspace (runtime/workspace.ts) on that batch and its dropout masks, the
// example's own share of a parameter gradient from a one-column workspace, and the update from the
// optimizer's registry entry (runtime/optimizers/).
import { DiagnosticError } from "../contracts/diagnostic.js";
import { Codes } from "../contracts/codes.js";
import { noFiles, type ModelFiles } from "../contracts/files.js";
import type { ModelIR, SourceSpan } from "../contracts/ir.js";
import { compileProgram } from "../compiler/compile-program.js";
import { deriveModel, type Derivation } from "../compiler/derivation.js";
import { RandomState } from "../runtime/rng/index.js";
import { initParams } from "../runtime/init.js";
import { instantiateKernels, train, type Engine } from "../runtime/train.js";
import { needsGeneralLoop, trainGeneral, type PausedStep } from "../runtime/train-epochs.js";
import { TrainingLog } from "../runtime/training-log.js";
import { maskSupply } from "../runtime/regularize.js";
import { optimizerOf } from "../runtime/optimizers/index.js";
import type { Program } from "../runtime/program.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { scalarProblem, type ScalarModel } from "../runtime/gradcheck-scalar.js";
import { checkInputSizes, loadModelData } from "./train-model.js";
import {
  batchDescription,
  forwardNumbers,
  stepNumbers,
  updateNumbers,
  type DerivationNumbers,
  type IterationBatch,
} from "./numbers-values.js";

export type { DerivationNumbers, ForwardNumbers, ShownValue, StepNumbers, UpdateNumbers } from "./numbers-values.js";

export interface NumbersOptions {
  /** The example shown: its column in the batch of the iteration (default 0). */
  example?: number;
  /** Updates done before the iteration shown (default 0: the first step, from the initial parameters). */
  iteration?: number;
  /** Where the model's data files come from (contracts/files.ts), as for trainModel. */
  files?: ModelFiles;
  /** The engine that trains the first N steps, as `nnc run --engine` (default: as `nnc run`). */
  engine?: "auto" | Engine;
}

/** How many updates the whole training makes: steps, or epochs × the batches of an epoch. */
export function trainingSteps(program: Program, samples: number): number {
  const t = program.train;
  const batches = t.unit === "epochs" && t.batch !== undefined ? Math.ceil(samples / Math.min(t.batch, samples)) : 1;
  return t.iterations * batches;
}

function numbersError(code: string, message: string, help: string, ir: ModelIR, span = ir.train.at): never {
  throw new DiagnosticError([{ severity: "error", code, message, help, file: ir.source, span }]);
}

export async function deriveNumbers(ir: ModelIR, options: NumbersOptions = {}): Promise<DerivationNumbers> {
  const example = options.example ?? 0;
  const iteration = options.iteration ?? 0;
  if (!Number.isInteger(example) || example < 0)
    numbersError(Codes.numbersExample, `example ${example} is not a column index`, "give 0, 1, 2, ...", ir);
  if (!Number.isInteger(iteration) || iteration < 0)
    numbersError(Codes.numbersIteration, `iteration ${iteration} is not a count of steps`, "give 0, 1, 2, ...", ir);

  const stream = new RandomState(ir.seed ?? 0);
  const datasets = await loadModelData(ir, stream, options.files ?? noFiles);
  const data = datasets.get(ir.train.data)!;
  checkInputSizes(ir, datasets);
  const program = compileProgram(ir, { samples: data.samples });
  const total = trainingSteps(program, data.samples);
  if (iteration >= total) {
    const unit = total === program.train.iterations ? "" : ` (${program.train.iterations} epochs)`;
    numbersError(
      Codes.numbersIteration,
      `iteration ${iteration} is past the training: it makes ${total} updates${unit}, iterations 0 to ${total - 1}`,
      `give --iteration ${total - 1} or less`,
      ir,
    );
  }
  const params = initParams(program.params, stream);
  const batch = needsGeneralLoop(program)
    ? pausedBatch(program, params, data, stream, iteration, options.engine)
    : fullBatch(program, datasets, params, stream, iteration, options.engine);
  if (example >= batch.size) {
    const what =
      batch.size === data.samples
        ? `data set '${data.name}' holds ${data.samples} examples`
        : `the mini-batch of iteration ${iteration} holds ${batch.size} examples`;
    numbersError(
      Codes.numbersExample,
      `example ${example} is out of range: ${what}, 0 to ${batch.size - 1}`,
      `give --example ${batch.size - 1} or less`,
      ir,
      ir.data.find((d) => d.name === ir.train.data)?.at ?? ir.train.at,
    );
  }
  return iterationNumbers(ir, program, deriveModel(ir), batch, example, iteration, data);
}

/**
 * Full-batch training: the first N steps run by `train` itself (the fused step `nnc run` runs),
 * from the same stream, so the parameters and the dropout masks drawn so far are the run's; the
 * masks of step N + 1 are then the stream's next.
 */
function fullBatch(
  program: Program,
  datasets: ReadonlyMap<string, Dataset>,
  initial: Float64Array[],
  stream: RandomState,
  iteration: number,
  engine: NumbersOptions["engine"],
): IterationBatch {
  let params = initial;
  if (iteration > 0) {
    const truncated: Program = { ...program, train: { ...program.train, iterations: iteration }, earlyStop: undefined };
    const result = train(truncated, Object.fromEntries(datasets), { initialParams: initial, rng: stream, engine });
    params = result.params.map((p) => p.data);
  }
  const data = datasets.get(program.train.data)!;
  const masks = maskSupply(program, stream, data.samples).next();
  return {
    params,
    X: data.X,
    Y: data.Y,
    size: data.samples,
    examples: Int32Array.from({ length: data.samples }, (_, j) => j),
    masks: masks ?? undefined,
    learningRate: program.train.learningRate,
    settings: { learning_rate: program.train.learningRate },
    state: params.map(() => []),
  };
}

/** Mini-batches, another optimizer or decay: the general loop, paused before update N + 1. */
function pausedBatch(
  program: Program,
  initial: Float64Array[],
  data: Dataset,
  stream: RandomState,
  iteration: number,
  engine: NumbersOptions["engine"],
): IterationBatch {
  const params = initial.map((p) => Float64Array.from(p));
  const { kernels } = instantiateKernels(program, params, engine);
  const log = new TrainingLog(program.train, {}, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  let paused: PausedStep | undefined;
  trainGeneral(program, kernels, params, data, stream, log, { step: iteration, paused: (at) => (paused = at) });
  if (!paused) throw new Error(`the training loop never reached update ${iteration + 1}`);
  return { params, ...paused };
}

function iterationNumbers(
  ir: ModelIR,
  program: Program,
  derivation: Derivation,
  batch: IterationBatch,
  example: number,
  iteration: number,
  data: Dataset,
): DerivationNumbers {
  const forward = forwardNumbers(program, derivation, batch, example);
  const optimizer = program.train.optimizer?.name ?? "gd";
  const notes: string[] = [];
  if (program.earlyStop)
    notes.push(
      "early stopping is left out: the numbers follow every iteration, where `nnc run` may stop sooner " +
        "and keep its best parameters",
    );
  if (program.handBackward)
    notes.push(
      "the model trains with its hand-written backward block; the gradients shown are the generated " +
        "backward pass's, the derivation's",
    );
  return {
    derivation,
    model: ir.model,
    example,
    exampleInData: batch.examples[example],
    iteration,
    data: { name: data.name, samples: data.samples },
    batch: batchDescription(program, batch, example, iteration, data),
    cost: forward.cost,
    forward: forward.lines,
    steps: stepNumbers(program, derivation, forward.workspace, forward.single, example),
    update: updateNumbers(
      program,
      derivation,
      forward.workspace,
      batch,
      optimizerOf(optimizer),
      iteration + 1,
      derivation.update?.source,
    ),
    notes,
  };
}

/** A scalar model's numbers: the cost and each derivative at the parameters' values, no data, no training. */
export interface ScalarNumbers {
  model: string;
  cost: { name: string; expression: string; value: number; span?: SourceSpan };
  constants: { name: string; value: number; span?: SourceSpan }[];
  params: {
    name: string;
    value: number;
    span?: SourceSpan;
    /** The compiler's symbolic derivative, and the backward block's when the model writes one. */
    derivative: { expression: string; value: number };
    written?: { expression: string; value: number; span?: SourceSpan };
  }[];
}

/** Evaluated by the gradient checker's own scalar problem (runtime/gradcheck-scalar.ts), as `nnc check` does. */
export function scalarNumbers(
  model: ScalarModel,
  options: Pick<NumbersOptions, "example" | "iteration"> = {},
): ScalarNumbers {
  const at = model.cost.at;
  if ((options.example ?? 0) !== 0) {
    const message = `scalar model '${model.model}' has no data: --example ${options.example} names no example`;
    throw new DiagnosticError([
      {
        severity: "error",
        code: Codes.numbersExample,
        message,
        help: "leave out --example",
        file: model.source,
        span: at,
      },
    ]);
  }
  if ((options.iteration ?? 0) !== 0) {
    const message = `scalar model '${model.model}' does not train: only iteration 0 exists, its parameters as written`;
    const help = "leave out --iteration";
    throw new DiagnosticError([
      { severity: "error", code: Codes.numbersIteration, message, help, file: model.source, span: at },
    ]);
  }
  const symbolic = scalarProblem({ ...model, backward: undefined });
  const derived = symbolic.gradients();
  const written = model.backward ? scalarProblem(model).gradients() : undefined;
  const numbers: ScalarNumbers = {
    model: model.model,
    cost: { name: model.cost.name, expression: model.cost.expression, value: symbolic.cost(), span: at },
    constants: model.constants.map((c) => ({ name: c.name, value: c.value, span: c.at })),
    params: model.params.map((p, i) => {
      const equation = model.backward?.find((e) => e.name === `d${p.name}`);
      const derivative = model.derived.find((e) => e.name === `d${p.name}`);
      return {
        name: p.name,
        value: p.value,
        span: p.at,
        derivative: { expression: derivative?.expression ?? "", value: derived[i][0] },
        ...(equation && written
          ? { written: { expression: equation.expression, value: written[i][0], span: equation.at } }
          : {}),
      };
    }),
  };
  return numbers;
}
