// `nnc shapes`: every layer's units, W and b shapes, parameter count, activation and init formula
// with its fan_in filled in, and the total; `--json` gives the same data (compiler/model-shapes.ts).
import type { Command, IO } from "./command.js";
import { loadModel } from "./load-model.js";
import { modelShapes, renderShapesTable } from "../compiler/model-shapes.js";
import type { ModelIR } from "../contracts/ir.js";

export function printShapes(ir: ModelIR, json: boolean, io: IO): void {
  const shapes = modelShapes(ir);
  if (json) io.out(JSON.stringify(shapes, null, 2));
  else for (const line of renderShapesTable(shapes)) io.out(line);
}

export const shapes: Command = {
  usage: "[--json] <model.nnspec | model.ir.json>",
  description: "Prints one row per layer: units, W and b shapes, parameters, activation, init formula; then the total.",
  positionals: [1, 1],
  options: {
    json: { type: "boolean", help: "Print the table as JSON" },
  },
  run([file], options, io) {
    const { ir } = loadModel(file, io);
    printShapes(ir, Boolean(options.json), io);
    return 0;
  },
};
