// `nnc emit`: the model in another form. `--target js` (the default): its forward and backward
// pass as a standalone JavaScript module; `--target pytorch`: a PyTorch training script
// (cli/emit-pytorch.ts); `--target onnx`: the trained model as an ONNX graph.
import { compileProgram } from "../compiler/compile-program.js";
import { emitModule } from "../compiler/emit-module.js";
import { Codes } from "../contracts/codes.js";
import { DiagnosticError } from "../contracts/diagnostic.js";
import { knownExamples } from "../contracts/ir.js";
import { usageError, type Command, type IO } from "./command.js";
import { writeOutput } from "./files.js";
import { loadModel } from "./load-model.js";

type Options = Record<string, string | boolean | undefined>;

const TARGETS = ["js", "pytorch", "onnx"] as const;

export const emit: Command = {
  usage: "[--target js|pytorch|onnx] [--data-out DIR] [-o FILE] <model.nnspec | model.ir.json>",
  description:
    "--target js (the default) writes an ES module that imports nothing: `createModel(P)` takes the\n" +
    "parameters (one Float64Array each, in the order of its exported `parameters`) and returns step,\n" +
    "gradients and predict; the API is documented at the top of the file. It is the code `nnc run`\n" +
    "trains with, in JavaScript (nnc run runs its pass in WebAssembly SIMD where it can), formatted\n" +
    "with prettier, and gives the same gradients to the bit.\n" +
    "--target pytorch writes a standalone PyTorch script (float64, numpy's RandomState drawn as nnc\n" +
    "draws) that trains to the costs `nnc run` prints, on one process or under\n" +
    "`torchrun --nproc_per_node N` with DistributedDataParallel; spec/emit.md describes it.\n" +
    "--target onnx --params params.json -o model.onnx: the trained model as an ONNX graph (IR 8,\n" +
    "opset 17; float64, or float32 with --float32) for ONNX Runtime and other servers (spec/emit.md).\n" +
    "Written atomically.",
  positionals: [1, 1],
  options: {
    output: { type: "string", short: "o", argName: "FILE", help: "Write to FILE instead of stdout" },
    target: { type: "string", argName: "js|pytorch|onnx", help: "What to write (default js)" },
    "data-out": {
      type: "string",
      argName: "DIR",
      help: "With --target pytorch: write the loaded data sets to DIR as .npy files, which the script reads",
    },
    params: { type: "string", argName: "FILE", help: "onnx: the trained parameters, from `nnc run --save FILE`" },
    float32: { type: "boolean", help: "onnx: float32 tensors instead of float64" },
  },
  async run([file], options, io) {
    const target = (options.target as string | undefined) ?? "js";
    if (!(TARGETS as readonly string[]).includes(target))
      usageError(`unknown --target '${target}'`, `write one of ${TARGETS.join(", ")}`);
    if (options["data-out"] !== undefined && target !== "pytorch")
      usageError("--data-out writes the data for the PyTorch script", "add `--target pytorch`");
    if (target === "pytorch") return (await import("./emit-pytorch.js")).emitPytorchTarget(file, options, io);
    if (target === "onnx") return (await import("./onnx-command.js")).emitOnnxFile(file, options, io);
    return emitJavaScript(file, options, io);
  },
};

async function emitJavaScript(file: string, options: Options, io: IO): Promise<number> {
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
  writeOutput(options.output as string | undefined, text, io);
  return 0;
}
