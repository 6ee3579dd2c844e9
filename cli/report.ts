// `nnc report MODEL -o report.html`: trains the model (or reads a run saved with --save-run) and
// writes one self-contained HTML page about it (report/html.ts).
import { requestedThreads, threadsOption } from "./threads.js";
import { loadModelData, trainModel } from "../drivers/train-model.js";
import { RandomState } from "../runtime/rng/index.js";
import { buildReport, reportDerivation, type ReportInput } from "../report/html.js";
import type { Command } from "./command.js";
import { readTextFile, writeOutput } from "./files.js";
import { loadModel } from "./load-model.js";
import { loadRun } from "./plot.js";
import { gradientCheckForReport } from "./check.js";
import { progressBar } from "./progress.js";
import { nodeFiles } from "../node/files.js";
import { dirname, resolve } from "node:path";

/** A run file is JSON with an `nnc_run` field; anything else is read as a model. */
function isRunFile(text: string): boolean {
  if (!text.trimStart().startsWith("{")) return false;
  try {
    const doc = JSON.parse(text) as Record<string, unknown>;
    return typeof doc === "object" && doc !== null && "nnc_run" in doc;
  } catch {
    return false;
  }
}

export const report: Command = {
  usage: "[--threads N] <model.nnspec | model.ir.json | run.json> [-o report.html]",
  description:
    "One page that opens offline: the layers with their shapes and parameter counts, a diagram\n" +
    "of the network, its equations, the data, the cost curve, the decision boundary (2-D data),\n" +
    "the accuracies, the gradient check and the derivation when available, and the source.\n" +
    "Given a run saved by `nnc run MODEL --save-run run.json`, it reports that run without\n" +
    "training again. Without -o the page is printed on stdout. The file is written atomically.",
  positionals: [1, 1],
  options: {
    ...threadsOption,
    output: { type: "string", short: "o", argName: "FILE", help: "Write the page to FILE instead of stdout" },
  },
  async run([file], options, io) {
    const text = readTextFile(file);
    let input: ReportInput;
    if (isRunFile(text)) {
      const { run, params, datasets } = await loadRun(file);
      const { costs, history, heldOutCosts, accuracy, seconds } = run;
      input = { ir: run.ir, costs, history, heldOutCosts, accuracy, params, datasets, seconds };
      if (run.source) Object.assign(input, { source: run.source.text, sourceFile: run.source.file });
      // The check is of the backward pass at the initial parameters, which the stored model rebuilds
      // (its data files are relative to the run file).
      input.check = await gradientCheckForReport(run.ir, dirname(resolve(file)));
    } else {
      const { ir, baseDir } = loadModel(file, io, text, "report");
      const progress = progressBar(`training ${ir.model}`, io.stderr);
      const result = await trainModel(ir, {
        files: nodeFiles(baseDir),
        parallel: requestedThreads(options),
        onProgress: (done, total) => progress.update(done, total),
        heldOutCurves: true,
      });
      progress.finish();
      const datasets = await loadModelData(ir, new RandomState(ir.seed ?? 0), nodeFiles(baseDir));
      const source = text.trimStart().startsWith("{") ? undefined : text;
      const { costs, history, heldOutCosts, accuracy, seconds } = result;
      const params = result.params.map((p) => p.data);
      input = { ir, source, sourceFile: file, costs, history, heldOutCosts, accuracy, params, datasets, seconds };
      // Every report audits the backward pass it trained with (sampled on large models).
      input.check = await gradientCheckForReport(ir, baseDir);
    }
    input.derivation = reportDerivation(input.ir);
    const html = await buildReport(input);
    const out = options.output as string | undefined;
    writeOutput(out, html, io);
    return 0;
  },
};
