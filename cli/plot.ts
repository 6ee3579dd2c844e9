// `nnc plot run.json [-o DIR]`: redraws a saved run's plots without training again. The run file
// holds the model's IR, so the data are rebuilt from it (same seeds, same points) and the
// boundary is predicted with the saved parameters.
import { mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DiagnosticError } from "../contracts/diagnostic.js";
import { loadModelData } from "../drivers/train-model.js";
import { compileProgram } from "../compiler/compile-program.js";
import { RandomState } from "../runtime/rng/index.js";
import { ReportCodes } from "../contracts/codes.js";
import { runPlots, type PlotFile } from "../report/plot-files.js";
import { costScaleOptions, requestedCostScale } from "./cost-scale.js";
import { checkRunParams, parseRun, type SavedRun } from "../report/run-file.js";
import type { Command, IO } from "./command.js";
import { readTextFile, writeFileAtomic } from "./files.js";
import { nodeFiles } from "../node/files.js";

/** Creates `dir` if needed (a file in the way is an error), then writes each plot atomically. */
export function writePlots(dir: string, files: readonly PlotFile[], io: IO): void {
  if (statSync(dir, { throwIfNoEntry: false })?.isFile())
    throw new DiagnosticError([
      {
        severity: "error",
        code: ReportCodes.plotDirectory,
        file: dir,
        message: `'${dir}' is a file, not a folder to write plots into`,
        help: "name a folder (it is created when missing)",
      },
    ]);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new DiagnosticError([
      {
        severity: "error",
        code: ReportCodes.plotDirectory,
        file: dir,
        message: `cannot create the folder '${dir}': ${(error as Error).message}`,
      },
    ]);
  }
  for (const f of files) {
    const path = join(dir, f.name);
    writeFileAtomic(path, f.svg);
    io.err(`wrote ${path}`);
  }
}

/** A saved run, its data rebuilt and its parameters checked against its model. */
export async function loadRun(
  file: string,
): Promise<{ run: SavedRun; params: Float64Array[]; datasets: Awaited<ReturnType<typeof loadModelData>> }> {
  const run = parseRun(readTextFile(file, "run"), file);
  const baseDir = dirname(resolve(file));
  const datasets = await loadModelData(run.ir, new RandomState(run.ir.seed ?? 0), nodeFiles(baseDir));
  const samples = datasets.get(run.ir.train.data)?.samples ?? 1;
  const program = compileProgram(run.ir, { samples, emit: false });
  return { run, params: checkRunParams(run, program.params, file), datasets };
}

export const plot: Command = {
  usage: "<run.json>... [-o DIR] [--log | --linear]",
  description:
    "Reads a run saved by `nnc run MODEL --save-run run.json` and writes DIR/cost.svg and, for a\n" +
    "model with two input features and one output or a softmax, DIR/boundary.svg (the plane\n" +
    "coloured by the predicted class, a colour per class, the train and test points on top, as\n" +
    "the lessons draw it). Files are\n" +
    "written atomically; DIR is created when missing. Given several runs, cost.svg overlays\n" +
    "their cost curves (for comparing them) and each gets boundary-<model>.svg. The curve is the\n" +
    "run's whole cost history, with its test sets' costs dashed beside it when the run measured them;\n" +
    "the cost axis is logarithmic when the costs span more than two decades (--log, --linear to choose).",
  positionals: [1, 16],
  options: {
    output: {
      type: "string",
      short: "o",
      argName: "DIR",
      help: "Folder to write the plots into (default: the current folder)",
    },
    ...costScaleOptions,
  },
  async run(files, options, io) {
    const scale = requestedCostScale(options);
    const runs = [];
    for (const file of files) {
      const { run, params, datasets } = await loadRun(file);
      const { ir, costs, history, heldOutCosts } = run;
      runs.push({ ir, costs, history, heldOutCosts, params, datasets });
    }
    const { files: plots, skipped } = await runPlots(runs, { scale });
    for (const why of skipped) io.err(`note: no ${why}`);
    writePlots((options.output as string | undefined) ?? ".", plots, io);
    return 0;
  },
};
