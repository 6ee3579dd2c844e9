// `nnc run`: train a model and print what the lesson prints; optionally draw its plots
// (--plot DIR) and keep the run (--save-run FILE) for `nnc plot` and `nnc report`.
import { dirname, resolve } from "node:path";
import { loadModelData, trainModel, type RunResult } from "../drivers/train-model.js";
import type { CostPoint } from "../runtime/train.js";
import { RandomState } from "../runtime/rng/index.js";
import { savedRun, serializeRun } from "../report/run-file.js";
import type { Command } from "./command.js";
import { loadModel } from "./load-model.js";
import { readTextFile, writeFileAtomic } from "./files.js";
import { pythonRepr } from "./python-repr.js";
import { writeParamsFile } from "./params-file.js";
import { costScaleOptions, requestedCostScale } from "./cost-scale.js";
import { progressBar } from "./progress.js";
import { nodeFiles } from "../node/files.js";
import { describeKernels, describeThreads, requestedThreads, threadsOption } from "./threads.js";

/** `--json --history`: the cost curves, each point keyed by the run's unit as `costs` are. */
function curvesJson(result: Pick<RunResult, "history" | "heldOutCosts">, unit: string) {
  const points = (curve: readonly CostPoint[]) => curve.map(({ iteration, cost }) => ({ [unit]: iteration, cost }));
  const heldOut = Object.entries(result.heldOutCosts ?? {}).map(([name, curve]) => [name, points(curve)]);
  return { history: points(result.history), held_out_costs: Object.fromEntries(heldOut) };
}

export const run: Command = {
  usage:
    "[--json [--history]] [--quiet] [--verbose] [--no-rewrite] [--threads N] [--save params.json] " +
    "[--plot DIR [--log | --linear]] [--save-run FILE] <model.nnspec | model.ir.json>",
  description:
    "Compiles the model (or reads an IR file from `nnc compile`), builds its data, draws its\n" +
    "parameters from its seed, trains it and reports as the lesson does:\n" +
    "`Cost after iteration 1000: 0.6879825919728063` (`Cost after epoch ...` when it trains in epochs,\n" +
    "with the learning rate beside it when a decay changed it), then the accuracy on each data set.\n" +
    "--plot writes DIR/cost.svg and, for 2-D data, DIR/boundary.svg; --save-run keeps the model,\n" +
    "costs, accuracies and trained parameters in one JSON file for `nnc plot` and `nnc report`.\n" +
    "The cost curve is the whole history (every cost the loop computed: every epoch, or about 150\n" +
    "points of a long full-batch run, the printed ones among them), with each test set's cost beside\n" +
    "it (a prediction pass at the printed iterations and about 100 more).",
  positionals: [1, 1],
  options: {
    json: {
      type: "boolean",
      help: "Print one JSON document: {costs:[{iteration|epoch,cost[,learning_rate]}], accuracy:{...}}",
    },
    history: {
      type: "boolean",
      help: "With --json: also {history:[...]}, the whole cost curve, and {held_out_costs:{SET:[...]}}",
    },
    ...costScaleOptions,
    quiet: { type: "boolean", short: "q", help: "Print only the accuracies (no cost lines, no progress)" },
    plot: { type: "string", argName: "DIR", help: "Write the cost curve and decision boundary as SVG into DIR" },
    "save-run": {
      type: "string",
      argName: "FILE",
      help: "Save the run (model, costs, accuracies, parameters) as JSON",
    },
    verbose: {
      type: "boolean",
      help:
        "Also say (on stderr) which engine and training loop ran, " +
        "whether the first-layer rewrite applied, and the time",
    },
    "no-rewrite": {
      type: "boolean",
      help: "Multiply by the data every step (no first-layer rewrite); same numbers within 1e-8",
    },
    ...threadsOption,
    save: {
      type: "string",
      argName: "FILE",
      help: "Write the trained parameters (names, shapes, values) to FILE as JSON, atomically",
    },
  },
  async run([file], options, io) {
    const scale = requestedCostScale(options);
    const threads = requestedThreads(options);
    // Options that change only an output not asked for: said, not refused.
    if (options.history && !options.json)
      io.err("note: `--history` adds the cost curve to `--json`'s output; without it, it does nothing");
    if (scale && !options.plot)
      io.err(`note: \`--${scale}\` sets the cost axis of \`--plot DIR\`'s picture; without it, it does nothing`);
    const text = readTextFile(file);
    const { ir, baseDir } = loadModel(file, io, text, "run");
    const json = Boolean(options.json);
    const quiet = Boolean(options.quiet);
    const progress = progressBar(`training ${ir.model}`, quiet ? undefined : io.stderr);
    const unit = ir.train.unit === "epochs" ? "epoch" : "iteration";
    let shownRate = ir.train.optimizer.learning_rate;
    const result = await trainModel(ir, {
      files: nodeFiles(baseDir),
      rewrite: !options["no-rewrite"],
      parallel: threads,
      onCost:
        json || quiet
          ? undefined
          : (iteration, cost, learningRate) => {
              progress.finish();
              const rateChanged = learningRate !== undefined && learningRate !== shownRate;
              if (learningRate !== undefined) shownRate = learningRate;
              io.out(
                `Cost after ${unit} ${iteration}: ${pythonRepr(cost)}` +
                  (rateChanged ? ` (learning rate ${pythonRepr(learningRate)})` : ""),
              );
            },
      onNote: options.verbose ? (note) => io.err(`note: ${note}`) : undefined,
      onProgress: (done, total) => progress.update(done, total),
      // Test sets' cost curves cost forward passes: only for what draws or keeps them.
      heldOutCurves: Boolean(options.plot || options["save-run"] || options.history),
      // Likewise the training set's curve: without a reader, the loop computes only the printed costs.
      costHistory: Boolean(options.plot || options["save-run"] || options.history),
    });
    progress.finish();
    if (options.verbose) {
      const engine =
        result.engine === "simd"
          ? "generated per-example code, its pass in WebAssembly SIMD"
          : result.engine === "emitted"
            ? "generated per-example code"
            : "interpreter over the blocked kernels";
      io.err(`engine: ${engine}`);
      io.err(result.rewrite);
      io.err(describeThreads(threads));
      io.err(describeKernels(threads));
      io.err(`trained in ${result.seconds.toFixed(3)} s`);
    }
    const paramsTo = options.save as string | undefined;
    if (paramsTo) {
      writeParamsFile(paramsTo, ir.model, result.params);
      io.err(`wrote ${paramsTo}`);
    }
    if (json) {
      const doc = {
        model: ir.model,
        costs: result.costs.map(({ iteration, cost, learningRate }) => ({
          [unit]: iteration,
          cost,
          ...(learningRate !== undefined ? { learning_rate: learningRate } : {}),
        })),
        accuracy: result.accuracy,
        ...(options.history ? curvesJson(result, unit) : {}),
        ...(result.earlyStop ? { early_stop: result.earlyStop } : {}),
        seconds: result.seconds,
      };
      io.out(JSON.stringify(doc, null, 2));
    } else {
      const stop = result.earlyStop;
      if (stop) {
        const how = stop.stopped
          ? `stopped after iteration ${stop.iterations}`
          : `ran all ${stop.iterations} iterations`;
        io.out(
          `Early stopping: ${how}; kept the parameters of iteration ${stop.bestIteration} ` +
            `(${stop.metric} on ${stop.data}: ${pythonRepr(stop.best)})`,
        );
      }
      for (const [name, value] of Object.entries(result.accuracy)) io.out(`Accuracy on ${name}: ${pythonRepr(value)}`);
    }
    const saveTo = options["save-run"] as string | undefined;
    if (saveTo) {
      // The .nnspec text goes with the run, for its report; an IR file (JSON) has none to keep.
      const source = text.trimStart().startsWith("{") ? undefined : { file, text };
      writeFileAtomic(saveTo, serializeRun(savedRun(ir, result, baseDir, dirname(resolve(saveTo)), source)));
      io.err(`wrote ${saveTo}`);
    }
    const plotDir = options.plot as string | undefined;
    if (plotDir) {
      // The same data trainModel drew: the model's stream replayed from its seed.
      const datasets = await loadModelData(ir, new RandomState(ir.seed ?? 0), nodeFiles(baseDir));
      // Plotting loads vega; only a run that draws pays for it.
      const [{ runPlots }, { writePlots }] = await Promise.all([
        import("../report/plot-files.js"),
        import("./plot.js"),
      ]);
      const { costs, history, heldOutCosts } = result;
      const input = { ir, costs, history, heldOutCosts, params: result.params.map((p) => p.data), datasets };
      const { files, skipped } = await runPlots([input], { scale });
      for (const why of skipped) io.err(`note: no ${why}`);
      writePlots(plotDir, files, io);
    }
    return 0;
  },
};
