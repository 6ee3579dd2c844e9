// `nnc predict model.nnspec --params params.json INPUT`: the trained model's prediction for a
// data set the model declares (one line per example, then the accuracy) or for one PNG/JPEG
// picture (decoded, resized to the model's square input, scaled as its training data).
import { existsSync } from "node:fs";
import { DiagnosticError } from "../contracts/diagnostic.js";
import { Codes } from "../contracts/codes.js";
import type { ModelIR } from "../contracts/ir.js";
import { checkInputSizes, loadModelData } from "../drivers/train-model.js";
import { compileProgram } from "../compiler/compile-program.js";
import { imageFeatures, readImage } from "./image.js";
import { RandomState } from "../runtime/rng/index.js";
import { accuracy, instantiateKernels, predictedClasses } from "../runtime/train.js";
import { usageError, type Command } from "./command.js";
import { loadModel } from "./load-model.js";
import { pythonRepr } from "./python-repr.js";
import { readParamsFile } from "./params-file.js";
import { DataCodes } from "../contracts/codes.js";
import { nodeFiles } from "../node/files.js";

/** The side of the square RGB picture a model's input takes (64 for 12288 units), if any. */
function pictureSide(units: number): number | undefined {
  const side = Math.round(Math.sqrt(units / 3));
  return side * side * 3 === units ? side : undefined;
}

/** What the training data's pixels were divided by (`scale` of an hdf5 source), else 255. */
function pixelScale(ir: ModelIR): number {
  const spec = ir.data.find((d) => d.name === ir.train.data);
  return spec?.kind === "hdf5" ? (spec.scale ?? 1) : 255;
}

function inputProblem(ir: ModelIR, input: string, message: string, expected: string): DiagnosticError {
  return new DiagnosticError([
    {
      severity: "error",
      code: DataCodes.predictInput,
      message,
      file: input,
      expected,
      help: ir.data.length ? `the model's data sets are: ${ir.data.map((d) => d.name).join(", ")}` : undefined,
    },
  ]);
}

/** The first line of predict's output: what the class and the probability of each line are. */
export function predictionHeader(ir: ModelIR, outputs: number): string {
  return outputs === 1
    ? `Predictions of model ${ir.model}: class (1 when the output is above 0.5) and the probability of class 1`
    : `Predictions of model ${ir.model}: class (the most probable of ${outputs}) and the probability of that class`;
}

/** The features typed after --x (`0.5,0.2`), checked against the model's input size. */
function typedFeatures(ir: ModelIR, file: string, typed: string): Float64Array {
  const items = typed.split(",").map((item) => item.trim());
  items.forEach((item, i) => {
    if (item === "" || !Number.isFinite(Number(item))) {
      throw new DiagnosticError([
        {
          severity: "error",
          code: Codes.usage,
          message: `--x item ${i + 1} ('${item}') is not a number`,
          expected: `${ir.input.units} comma-separated numbers, one per input feature`,
          help: `for example --x ${Array.from({ length: ir.input.units }, (_, k) => (k % 2 ? "0.2" : "0.5"))}`,
        },
      ]);
    }
  });
  if (items.length !== ir.input.units) {
    throw new DiagnosticError([
      {
        severity: "error",
        code: DataCodes.predictInput,
        message:
          `--x gives ${items.length} feature${items.length === 1 ? "" : "s"}, ` +
          `but model '${ir.model}' takes ${ir.input.units}`,
        file,
        span: ir.input.at,
        label: `${ir.input.units} feature${ir.input.units === 1 ? "" : "s"} per example`,
        expected: `${ir.input.units} comma-separated numbers after --x`,
        help: "give one number per unit of the input layer, as the training data's features are scaled",
      },
    ]);
  }
  return Float64Array.from(items, Number);
}

export const predict: Command = {
  usage:
    "--params params.json <model.nnspec | model.ir.json> " +
    "<data set name | picture.png | picture.jpg | --x 0.5,0.2>",
  description:
    "Prints a header, then for each example its class (1 when the output is above 0.5; the most probable of a\n" +
    "softmax's) and the probability of class 1 (of that class for a softmax); for a data set, then\n" +
    "its accuracy. A picture is resized to the model's square input (64×64 for input[12288]) and scaled\n" +
    "as the training data.\n" +
    "--x gives one example on the command line: one number per input feature, as the training data's.",
  positionals: [1, 2],
  options: {
    params: { type: "string", argName: "FILE", help: "Parameters written by `nnc run --save FILE` (required)" },
    x: { type: "string", argName: "V1,V2,...", help: "One example's features, comma-separated, instead of INPUT" },
  },
  async run([file, input], options, io) {
    const { ir, baseDir } = loadModel(file, io, undefined, "predict");
    const paramsFile = options.params as string | undefined;
    if (!paramsFile) {
      usageError("`nnc predict` needs --params FILE", "train with `nnc run --save params.json model.nnspec` first");
    }
    const program = compileProgram(ir, { samples: 1 });
    const params = readParamsFile(paramsFile, program.params);
    const { kernels } = instantiateKernels(program, params);
    const outputs = program.forward.values[program.forward.prediction].shape[0];
    const typed = options.x as string | undefined;
    if ((typed === undefined) === (input === undefined)) {
      throw new DiagnosticError([
        {
          severity: "error",
          code: Codes.usage,
          message:
            typed === undefined
              ? "`nnc predict` needs an INPUT or --x"
              : "`nnc predict` takes an INPUT or --x, not both",
          help: `usage: nnc predict ${predict.usage}`,
        },
      ]);
    }
    if (typed !== undefined) {
      const X = typedFeatures(ir, file, typed);
      const out = new Float64Array(outputs);
      kernels.predict(X, 1, out);
      const [predicted] = predictedClasses(out, outputs, 1);
      io.out(predictionHeader(ir, outputs));
      const shown = [...X].map(pythonRepr).join(", ");
      io.out(`x = [${shown}]: class ${predicted}, probability ${pythonRepr(outputs === 1 ? out[0] : out[predicted])}`);
      return 0;
    }

    if (ir.data.some((d) => d.name === input)) {
      const datasets = await loadModelData(ir, new RandomState(ir.seed ?? 0), nodeFiles(baseDir));
      checkInputSizes(ir, datasets);
      const data = datasets.get(input)!;
      const out = new Float64Array(outputs * data.samples);
      kernels.predict(data.X, data.samples, out);
      const classes = predictedClasses(out, outputs, data.samples);
      io.out(predictionHeader(ir, outputs));
      for (let j = 0; j < data.samples; j++) {
        // One unit: the probability of class 1; softmax: the probability of the predicted class.
        const probability = outputs === 1 ? out[j] : out[classes[j] * data.samples + j];
        io.out(`${input}[${j}]: class ${classes[j]}, probability ${pythonRepr(probability)}, label ${data.Y[j]}`);
      }
      io.out(`Accuracy on ${input}: ${pythonRepr(accuracy(program, kernels, data))}`);
      return 0;
    }
    if (!existsSync(input)) {
      throw inputProblem(
        ir,
        input,
        `'${input}' is neither a data set of model '${ir.model}' nor a file`,
        "a data set name declared with `data NAME = ...`, or a PNG/JPEG picture",
      );
    }
    const side = pictureSide(ir.input.units);
    if (side === undefined) {
      throw inputProblem(
        ir,
        input,
        `model '${ir.model}' takes ${ir.input.units} inputs, which is not a square RGB picture (side × side × 3)`,
        "a model whose input is a picture, such as input x[12288] for 64×64×3",
      );
    }
    const X = imageFeatures(readImage(input), side, pixelScale(ir));
    const out = new Float64Array(outputs);
    kernels.predict(X, 1, out);
    const [predicted] = predictedClasses(out, outputs, 1);
    io.out(predictionHeader(ir, outputs));
    io.out(`${input}: class ${predicted}, probability ${pythonRepr(outputs === 1 ? out[0] : out[predicted])}`);
    return 0;
  },
};
