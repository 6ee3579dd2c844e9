// `nnc emit --target onnx` and `nnc import`: the files around emit/onnx/ (which runs in a browser
// too): the model and parameters read, the .onnx bytes written atomically; an .onnx file read,
// its .nnspec and parameters file written beside each other.
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { compileProgram } from "../compiler/compile-program.js";
import { compileSource } from "../compiler/front-end.js";
import { Codes } from "../contracts/codes.js";
import { DiagnosticError } from "../contracts/diagnostic.js";
import { emitOnnx } from "../emit/onnx/emit-onnx.js";
import { importOnnx } from "../emit/onnx/import-onnx.js";
import { usageError, type Command, type IO } from "./command.js";
import { readTextFile, writeFileAtomic } from "./files.js";
import { loadModel } from "./load-model.js";
import { readParamsFile, writeParamsFile } from "./params-file.js";

/** `nnc emit --target onnx FILE --params params.json -o model.onnx [--float32]`. */
export function emitOnnxFile(file: string, options: Record<string, string | boolean | undefined>, io: IO): number {
  const paramsFile = options.params as string | undefined;
  const out = options.output as string | undefined;
  if (!paramsFile)
    usageError(
      "`nnc emit --target onnx` needs --params FILE: the graph holds the trained weights",
      "train with `nnc run --save params.json model.nnspec` first",
    );
  if (!out) usageError("`nnc emit --target onnx` needs -o FILE: an .onnx file is binary", "add -o model.onnx");
  const text = readTextFile(file);
  const { ir } = loadModel(file, io, text, "emit");
  const program = compileProgram(ir, { samples: 1 });
  const values = readParamsFile(paramsFile, program.params);
  const params = program.params.map((spec, i) => ({ name: spec.name, shape: spec.shape, data: values[i] }));
  const isSpec = !text.trimStart().startsWith("{");
  const bytes = emitOnnx(ir, params, { float32: options.float32 === true, sourceText: isSpec ? text : undefined });
  writeFileAtomic(out, bytes);
  io.err(`wrote ${out} (${bytes.length} bytes, ${options.float32 ? "float32" : "float64"})`);
  return 0;
}

function readBinaryFile(file: string): Uint8Array {
  const fail = (code: string, message: string, help?: string): never => {
    throw new DiagnosticError([{ severity: "error", code, file, message, help }]);
  };
  try {
    if (statSync(file).isDirectory()) fail(Codes.fileIsDirectory, `'${file}' is a directory, not an .onnx file`);
    const bytes = readFileSync(file);
    if (bytes.length === 0) fail(Codes.fileEmpty, `'${file}' is empty`, "export the model again");
    return bytes;
  } catch (error) {
    if (error instanceof DiagnosticError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      fail(Codes.fileMissing, `no such file: '${file}'`, "check the path; paths are relative to the current directory");
    return fail(Codes.fileUnreadable, `cannot read '${file}': ${(error as Error).message}`);
  }
}

/** model.nnspec → model.params.json, beside it. */
function paramsBeside(spec: string): string {
  return join(dirname(spec), `${basename(spec).replace(/\.nnspec$/, "")}.params.json`);
}

export const importCommand: Command = {
  usage: "-o model.nnspec <model.onnx>",
  description:
    "Reads an ONNX graph of dense layers (as `nnc emit --target onnx` writes, or PyTorch exports for\n" +
    "nn.Linear layers and their activations) and writes a .nnspec with its layers, sizes and\n" +
    "activations, and the weights beside it as a parameters file (model.params.json for model.nnspec)\n" +
    "that `nnc predict --params` reads. A graph nnc wrote keeps its data and training lines; for\n" +
    "others they are placeholders to replace. Both files are written atomically.",
  positionals: [1, 1],
  options: {
    output: { type: "string", short: "o", argName: "FILE", help: "The .nnspec to write (required)" },
    params: { type: "string", argName: "FILE", help: "Where to write the weights (default: beside it, .params.json)" },
  },
  run([file], options, io) {
    const out = options.output as string | undefined;
    if (!out) usageError("`nnc import` needs -o FILE, the .nnspec to write", `nnc import ${file} -o model.nnspec`);
    const paramsFile = (options.params as string | undefined) ?? paramsBeside(out);
    const shownParams = relative(dirname(out), paramsFile) || paramsFile;
    const imported = importOnnx(readBinaryFile(file), file, basename(out), shownParams);
    // Refuse to write a model nnc itself would not accept (an error in this file is a bug here).
    const { diagnostics } = compileSource(imported.spec, out);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (errors.length) throw new DiagnosticError(errors);
    const params = imported.params.map((p) => ({ ...p, shape: [p.shape[0], p.shape[1]] as const }));
    writeParamsFile(paramsFile, imported.model, params);
    writeFileAtomic(out, imported.spec);
    io.err(`wrote ${out} and its weights ${paramsFile}`);
    return 0;
  },
};
