// `nnc emit --target pytorch`: the PyTorch script (emit/pytorch.ts), its data paths made relative
// to where the script is written, and with --data-out DIR the loaded data sets as .npy files.
import { mkdirSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { compileProgram } from "../compiler/compile-program.js";
import { Codes } from "../contracts/codes.js";
import { DiagnosticError } from "../contracts/diagnostic.js";
import { knownExamples } from "../contracts/ir.js";
import { loadModelData } from "../drivers/train-model.js";
import { examplesByRow, npyFloat64 } from "../emit/npy.js";
import { emitPytorch, pytorchRefusal } from "../emit/pytorch.js";
import { nodeFiles } from "../node/files.js";
import { RandomState } from "../runtime/rng/index.js";
import type { IO } from "./command.js";
import { readTextFile, writeFileAtomic, writeOutput } from "./files.js";
import { loadModel } from "./load-model.js";

/** `path` as the script should name it: relative to the script's folder, or absolute for stdout. */
function fromScript(path: string, scriptDir: string | undefined): string {
  return scriptDir === undefined ? resolve(path) : relative(scriptDir, resolve(path)) || ".";
}

export async function emitPytorchTarget(
  file: string,
  options: Record<string, string | boolean | undefined>,
  io: IO,
): Promise<number> {
  const text = readTextFile(file);
  const { ir, baseDir } = loadModel(file, io, text, "emit");
  const refusal = pytorchRefusal(ir);
  if (refusal)
    throw new DiagnosticError([
      {
        severity: "error",
        code: Codes.noPytorchForm,
        file: ir.source ?? file,
        span: ir.backward?.at,
        message: `model '${ir.model}' cannot be emitted as a PyTorch script: ${refusal}`,
        help: "`nnc check` checks those equations; without the backward block the script trains the model",
      },
    ]);
  const data = ir.data.find((d) => d.name === ir.train.data);
  const program = compileProgram(ir, { samples: knownExamples(data) ?? 1 });
  const out = options.output as string | undefined;
  const scriptDir = out === undefined ? undefined : dirname(resolve(out));
  const dataOut = options["data-out"] as string | undefined;
  if (dataOut !== undefined) {
    mkdirSync(dataOut, { recursive: true });
    const datasets = await loadModelData(ir, new RandomState(ir.seed ?? 0), nodeFiles(baseDir));
    for (const [name, d] of datasets) {
      const X = npyFloat64([d.samples, d.features], examplesByRow(d.X, d.features, d.samples));
      writeFileAtomic(join(dataOut, `${name}_X.npy`), X);
      writeFileAtomic(join(dataOut, `${name}_y.npy`), npyFloat64([d.samples], d.Y));
    }
    io.err(`wrote ${datasets.size * 2} .npy files to ${dataOut}`);
  }
  const script = emitPytorch(ir, program, {
    sourceName: basename(file),
    sourceText: text.trimStart().startsWith("{") ? undefined : text,
    dataDir: fromScript(baseDir, scriptDir),
    npyDir: dataOut === undefined ? undefined : fromScript(dataOut, scriptDir),
  });
  writeOutput(out, script, io);
  return 0;
}
