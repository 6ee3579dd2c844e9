// `nnc derive`: the derivation of every gradient of a model, from the backward graph it runs.
import { deriveModel } from "../compiler/derivation.js";
import {
  renderDerivationLatex,
  renderDerivationMarkdown,
  renderDerivationText,
} from "../compiler/render-derivation.js";
import { DiagnosticError } from "../contracts/diagnostic.js";
import { Codes } from "../contracts/codes.js";
import { usageError, type Command } from "./command.js";
import { loadAnyModel } from "./load-model.js";
import { scalarDerivationText } from "./scalar-commands.js";
import { writeOutput } from "./files.js";

export const derive: Command = {
  usage: "[--latex | --markdown] [-o FILE] <model.nnspec | model.ir.json>",
  description:
    "Prints the forward pass, then each step of the generated backward pass in the course's\n" +
    "notation (`dZ[3] = 1/m (A[3] − Y)`, `dW[3] = dZ[3] A[2]ᵀ`, `dZ[2] = dA[2] ∗ 1{A[2] > 0}`),\n" +
    "each with its shape, the op that contributes it and why. It is read off the same backward\n" +
    "graph that training runs. --latex writes a LaTeX document, --markdown a page with the math in $…$.",
  positionals: [1, 1],
  options: {
    latex: { type: "boolean", help: "A complete LaTeX document (amsmath, amssymb, bbm)" },
    markdown: { type: "boolean", help: "A Markdown page with the math in $…$" },
    output: { type: "string", short: "o", argName: "FILE", help: "Write to FILE (atomically) instead of stdout" },
  },
  run([file], options, io) {
    if (options.latex && options.markdown) {
      usageError("--latex and --markdown exclude each other", "pick one format");
    }
    const { ir, scalar } = loadAnyModel(file, io);
    let text: string;
    if (scalar) {
      if (options.latex || options.markdown) {
        throw new DiagnosticError([
          {
            severity: "error",
            code: Codes.usage,
            message:
              `scalar model '${scalar.model}' derives as text ` +
              `only, not as ${options.latex ? "LaTeX" : "Markdown"}`,
            help: `run \`nnc derive ${file}\` without --latex or --markdown`,
          },
        ]);
      }
      text = scalarDerivationText(scalar);
    } else {
      const render = options.latex
        ? renderDerivationLatex
        : options.markdown
          ? renderDerivationMarkdown
          : renderDerivationText;
      text = render(deriveModel(ir!));
    }
    const out = options.output as string | undefined;
    writeOutput(out, text, io);
    return 0;
  },
};
