// The commands of `nnc`, each a summary, its options and what it does. Results go to stdout,
// diagnostics and progress to stderr, so `nnc run --json f > out.json` always yields clean JSON.
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { DiagnosticError, type Diagnostic } from "../grammar/diagnostic.js";
import { compileAny } from "../compiler/front-end.js";
import type { ModelIR } from "../compiler/ir.js";
import { trainModel } from "../compiler/pipeline.js";
import { readTextFile, writeFileAtomic } from "./files.js";
import { fmt } from "./fmt.js";
import { pythonRepr } from "./format.js";
import { printDiagnostics } from "./print.js";
import { progressBar } from "./progress.js";
import { compare } from "./compare.js";

export interface OptionSpec {
  type: "boolean" | "string";
  short?: string;
  argName?: string;
  help: string;
}

/** Where a command writes: results to stdout, diagnostics and progress to stderr. */
export interface IO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  summary: string;
  usage: string;
  description?: string;
  options: Record<string, OptionSpec>;
  /** [fewest, most] positional arguments. */
  positionals: [number, number];
  run(positionals: string[], options: Record<string, string | boolean | undefined>, io: IO): Promise<number> | number;
}

/** Reads and compiles a .nnspec or IR file; prints warnings, throws on errors. */
export function loadModel(file: string, io: IO): { ir: ModelIR; baseDir: string } {
  const text = readTextFile(file);
  const { ir, diagnostics } = compileAny(text, file);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (!ir || errors.length) throw new DiagnosticError(errors.length ? diagnostics : [...diagnostics, internalNoIR(file)]);
  printDiagnostics(diagnostics, io.stderr, new Map([[file, text]]));
  return { ir, baseDir: dirname(resolve(file)) };
}

function internalNoIR(file: string): Diagnostic {
  return { severity: "error", code: "NNC2024", file, message: "the compiler produced no IR and no error; this is a bug in nnc" };
}

const run: Command = {
  summary: "Train a model and print its cost lines and accuracies",
  usage: "[--json] [--quiet] <model.nnspec | model.ir.json>",
  description:
    "Compiles the model (or reads an IR file from `nnc compile`), builds its data, draws its\n" +
    "parameters from its seed, trains it and reports as the lesson does:\n" +
    "`Cost after iteration 1000: 0.6879825919728063`, then the accuracy on each reported data set.",
  positionals: [1, 1],
  options: {
    json: { type: "boolean", help: "Print one JSON document: {costs:[{iteration,cost}], accuracy:{...}}" },
    quiet: { type: "boolean", short: "q", help: "Print only the accuracies (no cost lines, no progress)" },
  },
  run([file], options, io) {
    const { ir, baseDir } = loadModel(file, io);
    const json = Boolean(options.json);
    const quiet = Boolean(options.quiet);
    const progress = progressBar(`training ${ir.model}`, quiet ? undefined : io.stderr);
    const result = trainModel(ir, {
      baseDir,
      onCost: json || quiet ? undefined : (iteration, cost) => {
        progress.finish();
        io.out(`Cost after iteration ${iteration}: ${pythonRepr(cost)}`);
      },
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.finish();
    if (json) {
      const doc = {
        model: ir.model,
        costs: result.costs.map(({ iteration, cost }) => ({ iteration, cost })),
        accuracy: result.accuracy,
        ...(result.earlyStop ? { early_stop: result.earlyStop } : {}),
        seconds: result.seconds,
      };
      io.out(JSON.stringify(doc, null, 2));
      return 0;
    }
    const stop = result.earlyStop;
    if (stop) {
      const how = stop.stopped ? `stopped after iteration ${stop.iterations}` : `ran all ${stop.iterations} iterations`;
      io.out(`Early stopping: ${how}; kept the parameters of iteration ${stop.bestIteration} (${stop.metric} on ${stop.data}: ${pythonRepr(stop.best)})`);
    }
    for (const [name, value] of Object.entries(result.accuracy)) io.out(`Accuracy on ${name}: ${pythonRepr(value)}`);
    return 0;
  },
};

/** CSV paths are relative to the file that names them; re-anchor them on the IR's own folder. */
function reanchorPaths(ir: ModelIR, fromDir: string, toDir: string): ModelIR {
  return {
    ...ir,
    data: ir.data.map((d) => ((d.kind === "csv" || d.kind === "mat") && !isAbsolute(d.file) ? { ...d, file: relative(toDir, resolve(fromDir, d.file)) || "." } : d)),
  };
}

const compile: Command = {
  summary: "Check a model and write its IR (JSON, see spec/ir.schema.json)",
  usage: "<model.nnspec> [-o model.ir.json]",
  description: "Without -o the IR is printed on stdout. The output is written atomically.\n`nnc run model.ir.json` trains it with the same numbers as the .nnspec.",
  positionals: [1, 1],
  options: {
    output: { type: "string", short: "o", argName: "FILE", help: "Write the IR to FILE instead of stdout" },
  },
  run([file], options, io) {
    const { ir, baseDir } = loadModel(file, io);
    const out = options.output as string | undefined;
    const target = out ? dirname(resolve(out)) : process.cwd();
    const text = `${JSON.stringify(reanchorPaths(ir, baseDir, target), null, 2)}\n`;
    if (out) {
      writeFileAtomic(out, text);
      io.err(`wrote ${out}`);
    } else io.stdout.write(text);
    return 0;
  },
};

const lint: Command = {
  summary: "Check a model for errors without training it",
  usage: "<model.nnspec | model.ir.json>",
  positionals: [1, 1],
  options: {},
  run([file], _options, io) {
    const { ir } = loadModel(file, io);
    const params = ir.layers.reduce((sum, l, i) => sum + l.units * ((ir.layers[i - 1]?.units ?? ir.input.units) + 1), 0);
    io.out(`${file}: ok — model '${ir.model}', ${ir.layers.length} layers, ${params} parameters`);
    return 0;
  },
};

export const commands: Record<string, Command> = { run, compile, lint, compare, fmt };
