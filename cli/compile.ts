// `nnc compile`: check a model and write its IR; `nnc run model.ir.json` trains it with the same numbers.
import { dirname, isAbsolute, relative, resolve } from "node:path";
import type { ModelIR } from "../contracts/ir.js";
import type { Command } from "./command.js";
import { writeOutput } from "./files.js";
import { loadAnyModel } from "./load-model.js";

/** File paths (CSV, HDF5, MAT) are relative to the file that names them; re-anchor them on the IR's own folder. */
function reanchorPaths(ir: ModelIR, fromDir: string, toDir: string): ModelIR {
  return {
    ...ir,
    data: ir.data.map((d) =>
      (d.kind === "csv" || d.kind === "hdf5" || d.kind === "mat") && !isAbsolute(d.file)
        ? { ...d, file: relative(toDir, resolve(fromDir, d.file)) || "." }
        : d,
    ),
  };
}

export const compile: Command = {
  usage: "<model.nnspec> [-o model.ir.json]",
  description:
    "Without -o the IR is printed on stdout. The output is written atomically.\n" +
    "`nnc run model.ir.json` trains it with the same numbers as the .nnspec.\n" +
    "A scalar model (params and a cost) compiles to {scalar_model: ...}: its values, cost and\n" +
    "derivatives, for reading.",
  positionals: [1, 1],
  options: {
    output: { type: "string", short: "o", argName: "FILE", help: "Write the IR to FILE instead of stdout" },
  },
  run([file], options, io) {
    const { ir, scalar, baseDir } = loadAnyModel(file, io);
    const out = options.output as string | undefined;
    const target = out ? dirname(resolve(out)) : process.cwd();
    // A scalar model has no IR (the IR describes networks): its compiled form is its checked
    // parameters, constants, cost and derivatives, which is what `nnc check` runs.
    const compiled = scalar ? { scalar_model: scalar } : reanchorPaths(ir!, baseDir, target);
    const text = `${JSON.stringify(compiled, null, 2)}\n`;
    writeOutput(out, text, io);
    return 0;
  },
};
