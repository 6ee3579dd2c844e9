// The `train` statement → TrainIR: the optimizer with its defaults filled in, the training length
// (`iterations` or `epochs`), and the options after it (`batch`, `shuffle`, `decay`), each checked
// once and against the others (mini-batches need epochs, a shuffle needs mini-batches).
import type { Statement, TrainOption } from "../grammar/ast.js";
import { suggest } from "../contracts/diagnostic.js";
import { foldConstant, checkRange } from "./bind-arguments.js";
import { Codes, alternatives } from "../contracts/codes.js";
import type { DecayIR, OptimizerIR, RegularizerIR, ShuffleIR, TrainIR } from "../contracts/ir.js";
import type { Reporter } from "./reporter.js";
import { resolveWord, kinds } from "./resolve-word.js";
import { Limits, decays, shuffles, trainOptions, trainUnits } from "./vocabulary.js";
import { withDefaults } from "../runtime/ops/index.js";

const batchSpec = {
  name: "batch",
  type: "integer",
  required: true,
  min: 1,
  limit: Limits.samples,
  doc: "examples per mini-batch",
} as const;

/**
 * The statement as far as it could be read: with an error (reported) the optimizer may be a
 * stand-in and options may be missing, but its data set and length are the writer's, which is
 * what the whole-model checks read. The reporter's errors keep it out of any IR returned.
 */
export function toTrain(s: Extract<Statement, { kind: "train" }>, report: Reporter): TrainIR {
  const r = resolveWord(s.optimizer, kinds.optimizer, report);
  const epochs = s.unit.name === "epochs" || s.unit.name === "epoch";
  if (!(trainUnits as readonly string[]).includes(s.unit.name)) {
    const close = suggest(s.unit.name, trainUnits);
    report.error(s.unit.span, Codes.unknownTrainUnit, `training length in '${s.unit.name}' is not supported`, {
      label: "unknown unit",
      expected:
        "`iterations` (one full-batch step each, like `for 15000 iterations`) " +
        "or `epochs` (one pass over the data, like `for 5000 epochs, batch 64`)",
      help: close ? `did you mean '${close}'?` : undefined,
    });
  }
  const lengthSpec = {
    name: epochs ? "epochs" : "iterations",
    type: "integer",
    required: true,
    min: 1,
    limit: Limits.iterations,
    doc: epochs ? "number of passes over the data" : "number of gradient steps",
  } as const;
  checkRange(s.iterations.value, lengthSpec, s.iterations.span, report, "`train`");
  let reportEvery = 0;
  if (s.reportEvery) {
    const everySpec = {
      name: "report cost every",
      type: "integer",
      required: true,
      min: 1,
      doc: `${epochs ? "epochs" : "iterations"} between two cost lines`,
    } as const;
    checkRange(s.reportEvery.value, everySpec, s.reportEvery.span, report, "");
    reportEvery = s.reportEvery.value;
  }
  const options = trainOptionsOf(s.options ?? [], report) ?? {};
  if (options.batch && !epochs) {
    report.error(options.batch.at.span, Codes.batchNeedsEpochs, "mini-batches need a training length in epochs", {
      label: "`batch` with `iterations`",
      expected: "a length such as `for 5000 epochs, batch 64`: each epoch is one pass over the data in batches",
      help: `write \`for ${s.iterations.value} epochs\`, or drop \`batch\` for full-batch steps`,
    });
  }
  if (options.shuffle && !options.batch) {
    report.error(options.shuffle.at.span, Codes.shuffleNeedsBatch, "`shuffle` needs mini-batches", {
      label: "no `batch` to shuffle into",
      expected: "a batch size before it, such as `, batch 64, shuffle lesson(seed: 10)`",
    });
  }
  // Settings in the order the optimizer declares them (learning_rate first), defaults filled in.
  const optimizer: OptimizerIR = r
    ? ({ name: r.callable.name, ...withDefaults(r.callable.params, r.args) } as OptimizerIR)
    : { name: "gd", learning_rate: Number.NaN };
  return {
    optimizer,
    data: s.data?.name ?? "",
    ...(s.data ? { data_at: { ...s.data.span } } : {}),
    iterations: s.iterations.value,
    ...(epochs ? { unit: "epochs" as const } : {}),
    ...(options.batch ? { batch: options.batch.value } : {}),
    ...(options.shuffle ? { shuffle: options.shuffle.value } : {}),
    ...(options.decay ? { decay: options.decay.value } : {}),
    report_every: reportEvery,
    ...(s.reportLast ? { report_last: true } : {}),
    at: { ...s.span },
  };
}

interface Checked<T> {
  value: T;
  at: TrainOption;
}

interface TrainOptions {
  batch?: Checked<number>;
  shuffle?: Checked<ShuffleIR>;
  decay?: Checked<DecayIR>;
}

/** Each option checked on its own; undefined when any of them had an error (already reported). */
function trainOptionsOf(options: readonly TrainOption[], report: Reporter): TrainOptions | undefined {
  const result: TrainOptions = {};
  const seen = new Map<string, TrainOption>();
  let ok = true;
  for (const option of options) {
    const name = option.name.name;
    if (!(trainOptions as readonly string[]).includes(name)) {
      const close = suggest(name, trainOptions);
      report.error(option.name.span, Codes.unknownTrainOption, `unknown training option '${name}'`, {
        label: "not a training option",
        expected:
          `${alternatives([...trainOptions])}, as in ` +
          `\`for 5000 epochs, batch 64, shuffle lesson(seed: 10), decay inverse(rate: 1)\``,
        help: close ? `did you mean '${close}'?` : undefined,
      });
      ok = false;
      continue;
    }
    const first = seen.get(name);
    if (first) {
      report.error(option.name.span, Codes.repeatedTrainOption, `\`${name}\` is given twice`, {
        label: "second one",
        notes: [`the first is at line ${first.span.line}, column ${first.name.span.column}`],
        help: "remove one of them",
      });
      ok = false;
      continue;
    }
    seen.set(name, option);
    if (name === "batch") {
      const value = foldConstant(option.value, report, "`batch`");
      if (value === undefined || !checkRange(value, batchSpec, option.value.span, report, "")) ok = false;
      else result.batch = { value, at: option };
    } else if (name === "shuffle") {
      const r = resolveWord(
        option.value,
        { table: shuffles, what: "shuffle order", code: Codes.unknownShuffle },
        report,
      );
      if (!r) ok = false;
      else {
        const value: ShuffleIR =
          r.callable.name === "lesson"
            ? { kind: "lesson", seed: r.args.seed as number }
            : { kind: r.callable.name as "stream" | "none" };
        result.shuffle = { value, at: option };
      }
    } else {
      const r = resolveWord(
        option.value,
        { table: decays, what: "learning-rate decay", code: Codes.unknownDecay },
        report,
      );
      if (!r) ok = false;
      else {
        const rate = r.args.rate as number;
        const value: DecayIR =
          r.callable.name === "inverse"
            ? { kind: "inverse", rate }
            : { kind: "scheduled", rate, interval: r.args.interval as number };
        result.decay = { value, at: option };
      }
    }
  }
  return ok ? result : undefined;
}

/**
 * Dropout masks and early stopping are built into the full-batch loop (runtime/train.ts) only:
 * with mini-batches, another optimizer or a decay the mini-batch loop runs, which has neither.
 */
export function checkRegularizersWithTraining(
  train: TrainIR,
  regularize: readonly RegularizerIR[],
  report: Reporter,
): void {
  const why =
    train.unit === "epochs" && train.batch !== undefined
      ? `mini-batches (\`batch ${train.batch}\`)`
      : train.optimizer.name !== "gd"
        ? `\`${train.optimizer.name}\``
        : train.decay
          ? `learning-rate decay (\`${train.decay.kind}\`)`
          : undefined;
  if (!why) return;
  for (const r of regularize) {
    if (r.kind !== "dropout" && r.kind !== "early_stop") continue;
    const what = r.kind === "dropout" ? "dropout" : "early stopping";
    report.error(r.at ?? train.at!, Codes.regularizerNeedsFullBatch, `${what} cannot be combined with ${why} yet`, {
      label: `${what} with ${why}`,
      notes: [`the train statement is at line ${train.at?.line}`],
      expected:
        "full-batch `gd` at a fixed learning rate with dropout or " +
        "early stopping; L2 and L1 penalties work with every optimizer",
    });
  }
}
