// `nnc compare a.nnspec b.nnspec ...`: trains each model and prints one table — the last cost
// line, the accuracy on each reported data set, and the training time — so a lesson's conclusion
// ("L2 and dropout trade training accuracy for test accuracy") is one command away.
import { requestedThreads, threadsOption } from "./threads.js";
import { trainModel } from "../drivers/train-model.js";
import type { Command } from "./command.js";
import { loadModel } from "./load-model.js";
import { pythonRepr } from "./python-repr.js";
import { progressBar } from "./progress.js";
import { nodeFiles } from "../node/files.js";

export interface ComparedRun {
  file: string;
  model: string;
  /**
   * The last cost computed: the last reported line, or the cost at the step where early stopping
   * stopped; labelled `epoch` when the model trains in epochs. Null when the model reports none.
   */
  final_cost: (({ iteration: number } | { epoch: number }) & { cost: number }) | null;
  accuracy: Record<string, number>;
  seconds: number;
  early_stop?: { iterations: number; bestIteration: number };
}

export const compare: Command = {
  usage: "[--json] [--threads N] <a.nnspec> <b.nnspec> ...",
  description:
    "Every file is checked before any is trained. Columns: the last cost computed (the last `report cost every`\n" +
    "line, or the cost where early stopping stopped; `@epoch N` for a model trained in epochs),\n" +
    "the accuracy on each data set a model reports (train, test, ...) and the seconds it trained.",
  positionals: [1, 64],
  options: {
    ...threadsOption,
    json: {
      type: "boolean",
      help: "Print a JSON array: [{file, model, final_cost: {iteration | epoch, cost}, accuracy, seconds}]",
    },
  },
  async run(files, options, io) {
    const models = files.map((file) => ({ file, ...loadModel(file, io, undefined, "compare") }));
    // One after another: each trains alone, so its time is not shared with the next.
    const runs: ComparedRun[] = [];
    const parallel = requestedThreads(options);
    for (const { file, ir, baseDir } of models) {
      const progress = progressBar(`training ${ir.model}`, io.stderr);
      const result = await trainModel(ir, {
        files: nodeFiles(baseDir),
        parallel,
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.finish();
      const reported = result.costs[result.costs.length - 1];
      const last = result.earlyStop?.stopCost ?? reported;
      const step = ir.train.unit === "epochs" ? "epoch" : "iteration";
      runs.push({
        file,
        model: ir.model,
        final_cost: last ? ({ [step]: last.iteration, cost: last.cost } as ComparedRun["final_cost"]) : null,
        accuracy: result.accuracy,
        seconds: result.seconds,
        ...(result.earlyStop
          ? { early_stop: { iterations: result.earlyStop.iterations, bestIteration: result.earlyStop.bestIteration } }
          : {}),
      });
    }
    if (options.json) io.out(JSON.stringify(runs, null, 2));
    else for (const line of table(runs)) io.out(line);
    return 0;
  },
};

/** `@4000` after an iteration, `@epoch 4000` after an epoch, so the two kinds are not read as one. */
function finalStep(final: NonNullable<ComparedRun["final_cost"]>): string {
  return "epoch" in final ? `@epoch ${final.epoch}` : `@${final.iteration}`;
}

/** Rows aligned in columns: text left, numbers right; every data set any model reports. */
export function table(runs: readonly ComparedRun[]): string[] {
  const sets = [...new Set(runs.flatMap((r) => Object.keys(r.accuracy)))];
  const header = ["file", "final cost", ...sets.map((s) => `${s} accuracy`), "time"];
  const rows = runs.map((r) => [
    r.file,
    r.final_cost ? `${pythonRepr(r.final_cost.cost)} ${finalStep(r.final_cost)}` : "—",
    ...sets.map((s) => (s in r.accuracy ? pythonRepr(r.accuracy[s]) : "—")),
    `${r.seconds.toFixed(2)} s`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}
