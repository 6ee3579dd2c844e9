// The commands of `nnc`: each one's summary, and a loader that imports it only when it runs (or
// shows its own help), so `nnc --version` and `nnc --help` load no compiler, no mathjs, no vega.
// The order is the order of `nnc --help`. Results go to stdout, diagnostics and progress to
// stderr, so `nnc run --json f > out.json` always yields clean JSON.
import type { Command } from "./command.js";

export type { Command, IO, OptionSpec } from "./command.js";

export interface CommandEntry {
  summary: string;
  load(): Promise<Command>;
}

export const commands: Record<string, CommandEntry> = {
  run: {
    summary: "Train a model and print its cost lines and accuracies",
    load: async () => (await import("./run.js")).run,
  },
  check: {
    summary: "Check the model's backward pass against numerical gradients",
    load: async () => (await import("./check.js")).check,
  },
  predict: {
    summary: "Predict with trained parameters, for a data set of the model or a PNG/JPEG picture",
    load: async () => (await import("./predict.js")).predict,
  },
  compile: {
    summary: "Check a model and write its IR (JSON, see spec/ir.schema.json)",
    load: async () => (await import("./compile.js")).compile,
  },
  lint: {
    summary: "Check a model for errors without training it",
    load: async () => (await import("./lint.js")).lint,
  },
  shapes: {
    summary: "Print every layer's units, W and b shapes, parameters, activation and init formula",
    load: async () => (await import("./shapes.js")).shapes,
  },
  new: {
    summary: "Write a commented starter model (or a copy of a shipped example) that runs as is",
    load: async () => (await import("./new.js")).newModel,
  },
  watch: {
    summary: "Lint a model on every save and print what changed (--run: train it too)",
    load: async () => (await import("./watch.js")).watch,
  },
  compare: {
    summary: "Train several models and print one table: final cost, accuracies, time",
    load: async () => (await import("./compare.js")).compare,
  },
  fmt: {
    summary: "Format .nnspec files in the canonical layout",
    load: async () => (await import("./fmt.js")).fmt,
  },
  plot: {
    summary: "Redraw the plots of saved runs (cost curves, decision boundaries)",
    load: async () => (await import("./plot.js")).plot,
  },
  report: {
    summary: "Train a model and write a self-contained HTML report about it",
    load: async () => (await import("./report.js")).report,
  },
  derive: {
    summary: "Print how every gradient is derived, from the cost back to each parameter",
    load: async () => (await import("./derive.js")).derive,
  },
  playground: {
    summary: "Serve the playground, an editor that trains in the browser, on 127.0.0.1 and print its URL",
    load: async () => (await import("./playground.js")).playground,
  },
  emit: {
    summary: "Write the model for another tool: standalone JavaScript by default, other forms with --target",
    load: async () => (await import("./emit-command.js")).emit,
  },
  import: {
    summary: "Read an ONNX graph of dense layers into a .nnspec and its parameters file",
    load: async () => (await import("./onnx-command.js")).importCommand,
  },
  lsp: {
    summary: "Run the language server for editors (LSP over stdio; see spec/editor.md)",
    load: async () => (await import("./lsp.js")).lsp,
  },
};
