// The commands of `nnc`, each a summary, its options and what it does. Results go to stdout,
// diagnostics and progress to stderr, so `nnc run --json f > out.json` always yields clean JSON.
import { dirname, isAbsolute, relative, resolve } from "node:path";
import type { ModelIR } from "../contracts/ir.js";
import { writeFileAtomic } from "./files.js";
import { loadModel } from "./load-model.js";
import { fmt } from "./fmt.js";
import { plot } from "./plot.js";
import { report } from "./report.js";
import { predict } from "./predict.js";
import { run } from "./run.js";
import { check } from "./check.js";
import { derive } from "./derive.js";
import { emit } from "./emit-command.js";
import { compare } from "./compare.js";

export { loadModel };

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

/** File paths (CSV, HDF5, MAT) are relative to the file that names them; re-anchor them on the IR's own folder. */
function reanchorPaths(ir: ModelIR, fromDir: string, toDir: string): ModelIR {
  return {
    ...ir,
    data: ir.data.map((d) =>
      (d.kind === "csv" || d.kind === "hdf5" || d.kind === "mat") && !isAbsolute(d.file) ? { ...d, file: relative(toDir, resolve(fromDir, d.file)) || "." } : d,
    ),
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

export const commands: Record<string, Command> = { run, check, predict, compile, lint, compare, fmt, plot, report, derive, emit };
