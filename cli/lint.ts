// `nnc lint`: compile a model and say whether it is sound, without training it.
import type { Command } from "./command.js";
import { loadAnyModel } from "./load-model.js";
import { scalarLintLine } from "./scalar-commands.js";
import { printShapes } from "./shapes.js";
import { modelShapes } from "../compiler/model-shapes.js";

export const lint: Command = {
  usage: "[--shapes [--json]] <model.nnspec | model.ir.json>",
  positionals: [1, 1],
  options: {
    shapes: { type: "boolean", help: "Also print every layer's shapes, parameters and init (as `nnc shapes`)" },
    json: { type: "boolean", help: "With --shapes: print the shapes table as JSON" },
  },
  run([file], options, io) {
    const { ir, scalar } = loadAnyModel(file, io);
    if (scalar) {
      io.out(scalarLintLine(file, scalar));
      return 0;
    }
    if (!ir) return 1;
    const params = modelShapes(ir).totalParameters;
    if (options.shapes) {
      printShapes(ir, Boolean(options.json), io);
      if (options.json) return 0;
    }
    io.out(`${file}: ok — model '${ir.model}', ${ir.layers.length} layers, ${params} parameters`);
    return 0;
  },
};
