// `nnc derive`: the derivation of every gradient of a model, from the backward graph it runs; with
// --numbers, one training iteration's equations with their values for one example.
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
import { nodeFiles } from "../node/files.js";
import type { ModelIR } from "../contracts/ir.js";
import type { ScalarModel } from "../runtime/gradcheck-scalar.js";

type Options = Record<string, string | boolean | undefined>;

export const derive: Command = {
  usage:
    "[--latex | --markdown] [-o FILE] <model.nnspec | model.ir.json>\n" +
    "       nnc derive --numbers [--example K] [--iteration N] [--markdown | --json] [-o FILE] <model.nnspec>",
  description:
    "Prints the forward pass, then each step of the generated backward pass in the course's\n" +
    "notation (`dZ[3] = 1/m (A[3] − Y)`, `dW[3] = dZ[3] A[2]ᵀ`, `dZ[2] = dA[2] ∗ 1{A[2] > 0}`),\n" +
    "each with its shape, the op that contributes it and why. It is read off the same backward\n" +
    "graph that training runs. --latex writes a LaTeX document, --markdown a page with the math in $…$.\n" +
    "--numbers shows one training iteration with its values: every equation beside the numbers it\n" +
    "takes for example K (its column of Z, A, dZ, ...; a parameter's gradient for the batch and K's\n" +
    "share of it), the cost and the update, after N updates of the same training `nnc run` does.",
  positionals: [1, 1],
  options: {
    latex: { type: "boolean", help: "A complete LaTeX document (amsmath, amssymb, bbm)" },
    markdown: { type: "boolean", help: "A Markdown page with the math in $…$" },
    numbers: { type: "boolean", help: "One training iteration with the values of one example" },
    example: { type: "string", argName: "K", help: "With --numbers: the example's column, from 0 (default 0)" },
    iteration: {
      type: "string",
      argName: "N",
      help: "With --numbers: show the iteration after N updates (default 0: the initial parameters)",
    },
    json: { type: "boolean", help: "With --numbers: every value at full precision, as JSON" },
    output: { type: "string", short: "o", argName: "FILE", help: "Write to FILE (atomically) instead of stdout" },
  },
  async run([file], options, io) {
    if (options.latex && options.markdown) {
      usageError("--latex and --markdown exclude each other", "pick one format");
    }
    if (!options.numbers) {
      for (const flag of ["example", "iteration", "json"])
        if (options[flag] !== undefined) usageError(`--${flag} goes with --numbers`, `add --numbers`);
    }
    const { ir, scalar, baseDir } = loadAnyModel(file, io);
    const text = options.numbers
      ? await numbersText(file, ir, scalar, baseDir, options)
      : derivationText(file, ir, scalar, options);
    writeOutput(options.output as string | undefined, text, io);
    return 0;
  },
};

function derivationText(file: string, ir: ModelIR | undefined, scalar: ScalarModel | undefined, options: Options) {
  if (!scalar) {
    const render = options.latex
      ? renderDerivationLatex
      : options.markdown
        ? renderDerivationMarkdown
        : renderDerivationText;
    return render(deriveModel(ir!));
  }
  if (options.latex || options.markdown) {
    throw new DiagnosticError([
      {
        severity: "error",
        code: Codes.usage,
        message:
          `scalar model '${scalar.model}' derives as text ` + `only, not as ${options.latex ? "LaTeX" : "Markdown"}`,
        help: `run \`nnc derive ${file}\` without --latex or --markdown`,
      },
    ]);
  }
  return scalarDerivationText(scalar);
}

/** `--example 3`: a whole number from 0, or a usage error that says what was given. */
function count(text: string | boolean | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (typeof text !== "string" || text.trim() === "" || !Number.isInteger(value) || value < 0)
    usageError(`--${flag} needs a whole number from 0, got '${String(text)}'`, `for example --${flag} 0`);
  return value;
}

async function numbersText(
  file: string,
  ir: ModelIR | undefined,
  scalar: ScalarModel | undefined,
  baseDir: string,
  options: Options,
): Promise<string> {
  if (options.latex) usageError("--numbers writes text, Markdown or JSON, not LaTeX", "use --markdown or --json");
  if (options.json && options.markdown) usageError("--json and --markdown exclude each other", "pick one format");
  const chosen = { example: count(options.example, "example"), iteration: count(options.iteration, "iteration") };
  // The numbers' code (and its training loop) loads only when asked for.
  const [{ deriveNumbers, scalarNumbers }, render] = await Promise.all([
    import("../drivers/derive-numbers.js"),
    import("./derive-numbers.js"),
  ]);
  if (scalar) {
    if (options.markdown) usageError(`scalar model '${scalar.model}' shows its numbers as text or JSON`, "use --json");
    const numbers = scalarNumbers(scalar, chosen);
    return options.json ? `${JSON.stringify(numbers, null, 1)}\n` : render.renderScalarNumbersText(numbers);
  }
  const numbers = await deriveNumbers(ir!, { ...chosen, files: nodeFiles(baseDir) });
  if (options.json) return `${JSON.stringify(numbers, null, 1)}\n`;
  return options.markdown ? render.renderNumbersMarkdown(numbers) : render.renderNumbersText(numbers);
}
