// `nnc emit`: the model's forward and backward pass as a standalone JavaScript module.
import { compileProgram } from "../compiler/compile-program.js";
import { emitModule } from "../compiler/emit-module.js";
import { Codes } from "../contracts/codes.js";
import { DiagnosticError } from "../contracts/diagnostic.js";
import { knownExamples } from "../contracts/ir.js";
import type { Command } from "./command.js";
import { writeOutput } from "./files.js";
import { loadModel } from "./load-model.js";

export const emit: Command = {
  usage: "[--target js|onnx] [--params FILE] [--float32] [-o FILE] <model.nnspec | model.ir.json>",
  description:
    "Writes an ES module that imports nothing: `createModel(P)` takes the parameters (one\n" +
    "Float64Array each, in the order of its exported `parameters`) and returns step, gradients\n" +
    "and predict; the API is documented at the top of the file. It is the code `nnc run` trains\n" +
    "with, formatted with prettier, and gives the same gradients to the bit. Written atomically.\n" +
    "--target onnx --params params.json -o model.onnx: the trained model as an ONNX graph (IR 8,\n" +
    "opset 17; float64, or float32 with --float32) for ONNX Runtime and other servers (spec/emit.md).",
  positionals: [1, 1],
  options: {
    output: { type: "string", short: "o", argName: "FILE", help: "Write the module to FILE instead of stdout" },
    target: { type: "string", argName: "TARGET", help: "js (default) or onnx (the trained model as an ONNX graph)" },
    params: { type: "string", argName: "FILE", help: "onnx: the trained parameters, from `nnc run --save FILE`" },
    float32: { type: "boolean", help: "onnx: float32 tensors instead of float64" },
  },
  async run([file], options, io) {
    if (options.target === "onnx") return (await import("./onnx-command.js")).emitOnnxFile(file, options, io);
    const { ir } = loadModel(file, io, undefined, "emit");
    const data = ir.data.find((d) => d.name === ir.train.data);
    // The generated code takes m at run time; the graph needs some m to be built.
    const samples = knownExamples(data) ?? 1;
    const program = compileProgram(ir, { samples });
    if (!program.emitted) {
      throw new DiagnosticError([
        {
          severity: "error",
          code: Codes.notEmittable,
          file: ir.source ?? file,
          message: `model '${ir.model}' cannot be emitted as JavaScript: ${program.emitSkipped}`,
          help: "`nnc run` trains it with the interpreter; `nnc derive` prints its equations",
        },
      ]);
    }
    const text = await emitModule(program, ir.source ?? file);
    const out = options.output as string | undefined;
    writeOutput(out, text, io);
    return 0;
  },
};
