// Reading the model a command names: a .nnspec or an IR file, compiled, its warnings printed.
import { dirname, resolve } from "node:path";
import { DiagnosticError, type Diagnostic } from "../contracts/diagnostic.js";
import { compileAny } from "../compiler/front-end.js";
import type { ModelIR } from "../contracts/ir.js";
import { Codes } from "../contracts/codes.js";
import { scalarRefusal } from "./scalar-commands.js";
import type { ScalarModel } from "../runtime/gradcheck-scalar.js";
import type { IO } from "./command.js";
import { readTextFile } from "./files.js";
import { printDiagnostics } from "./print.js";

/**
 * Reads and compiles a .nnspec or IR file of a network; prints warnings, throws on errors. A scalar
 * model is refused at its cost line, naming `command` (the commands that read one use loadAnyModel).
 */
export function loadModel(
  file: string,
  io: IO,
  text = readTextFile(file),
  command?: string,
): { ir: ModelIR; baseDir: string } {
  const loaded = loadAnyModel(file, io, text);
  if (loaded.scalar) throw new DiagnosticError([scalarRefusal(file, loaded.scalar, command)]);
  return { ir: loaded.ir!, baseDir: loaded.baseDir };
}

/** Reads and compiles a network (IR) or a scalar model; prints warnings, throws on errors. */
export function loadAnyModel(
  file: string,
  io: IO,
  text = readTextFile(file),
): { ir?: ModelIR; scalar?: ScalarModel; baseDir: string } {
  const { ir, scalar, diagnostics } = compileAny(text, file);
  if (scalar) {
    printDiagnostics(diagnostics, io.stderr, new Map([[file, text]]));
    return { scalar, baseDir: dirname(resolve(file)) };
  }
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (!ir || errors.length)
    throw new DiagnosticError(errors.length ? diagnostics : [...diagnostics, internalNoIR(file)]);
  printDiagnostics(diagnostics, io.stderr, new Map([[file, text]]));
  return { ir, baseDir: dirname(resolve(file)) };
}

function internalNoIR(file: string): Diagnostic {
  return {
    severity: "error",
    code: Codes.irSchema,
    file,
    message: "the compiler produced no IR and no error; this is a bug in nnc",
  };
}
