// The compiler's front end: a .nnspec text (or an IR JSON text) in, a validated IR and every
// diagnostic out. Each stage runs as far as it can so that all mistakes are reported together;
// a later stage runs only on what the earlier one could make sense of.
import type { Diagnostic } from "../contracts/diagnostic.js";
import { parse } from "../grammar/index.js";
import { Codes } from "../contracts/codes.js";
import type { ModelIR } from "../contracts/ir.js";
import { IR_VERSION } from "../contracts/ir.js";
import { MAX_JSON_DEPTH, scanJson } from "./json-locate.js";
import { checkIrFormulas } from "./ir-formulas.js";
import { Reporter } from "./reporter.js";
import { toIR } from "./to-ir.js";
import { compileScalarModel, isScalarModel } from "./scalar-model.js";
import type { ScalarModel } from "../runtime/gradcheck-scalar.js";
import { checkSchema } from "./validate/schema.js";
import { checkSemantics } from "./validate/semantic.js";

export interface FrontEndResult {
  ir?: ModelIR;
  /** A scalar model (`param theta = 4`, `loss J = theta * x`): checked by `nnc check`, not trained. */
  scalar?: ScalarModel;
  diagnostics: Diagnostic[];
}

const hasErrors = (ds: Diagnostic[]) => ds.some((d) => d.severity === "error");

/** .nnspec text → validated IR. `file` is used in messages only. */
export function compileSource(text: string, file?: string): FrontEndResult {
  const parsed = parse(text, file);
  if (!parsed.ast || hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const report = new Reporter(file);
  if (isScalarModel(parsed.ast)) {
    const scalar = compileScalarModel(parsed.ast, file, report);
    return scalar && !hasErrors(report.diagnostics) ? { scalar, diagnostics: report.diagnostics } : { diagnostics: report.diagnostics };
  }
  const { ir } = toIR(parsed.ast, file, report);
  if (!ir) return { diagnostics: report.diagnostics };
  const schemaErrors = checkSchema(ir, file);
  if (schemaErrors.length) {
    // The compiler made an IR its own schema rejects: a bug in nnc, said plainly.
    for (const d of schemaErrors) d.notes = [...(d.notes ?? []), "this is a bug in nnc's compiler, not in your file; please report it"];
    return { diagnostics: [...report.diagnostics, ...schemaErrors] };
  }
  checkSemantics(ir, report);
  return hasErrors(report.diagnostics) ? { diagnostics: report.diagnostics } : { ir, diagnostics: report.diagnostics };
}

/** IR JSON text (as written by `nnc compile`) → validated IR. */
export function loadIR(text: string, file?: string): FrontEndResult {
  const scanned = scanJson(text);
  if (scanned.error) {
    const { span, expected, found } = scanned.error;
    return {
      diagnostics: [
        {
          severity: "error",
          code: Codes.irNotJson,
          message: `this IR file is not valid JSON: expected ${expected}, found ${found}`,
          file,
          span,
          label: "JSON breaks here",
          expected: "the JSON that `nnc compile model.nnspec -o model.ir.json` writes",
        },
      ],
    };
  }
  if (scanned.tooDeep) {
    const message = `this IR file nests more than ${MAX_JSON_DEPTH} levels deep, which no IR does`;
    const expected = "the JSON that `nnc compile model.nnspec -o model.ir.json` writes";
    const label = `level ${MAX_JSON_DEPTH + 1}`;
    const span = scanned.tooDeep;
    return { diagnostics: [{ severity: "error", code: Codes.irSchema, message, file, span, label, expected }] };
  }
  const value: unknown = JSON.parse(text);
  const version = (value as { nnc_ir?: unknown } | null)?.nnc_ir;
  if (typeof value === "object" && value !== null && version !== undefined && version !== IR_VERSION) {
    return {
      diagnostics: [
        {
          severity: "error",
          code: Codes.irVersion,
          message: `this IR file has version ${JSON.stringify(version)}, and this nnc reads version ${IR_VERSION}`,
          file,
          help: "compile the .nnspec file again with this nnc",
        },
      ],
    };
  }
  const schemaErrors = checkSchema(value, file, (pointer) => scanned.spans.get(pointer));
  if (schemaErrors.length) return { diagnostics: schemaErrors };
  const ir = value as ModelIR;
  const formulaErrors = checkIrFormulas(ir, file, (pointer) => scanned.spans.get(pointer));
  if (formulaErrors.length) return { diagnostics: formulaErrors };
  // Spans inside the IR point into the .nnspec it came from.
  const report = new Reporter(ir.source ?? file);
  checkSemantics(ir, report);
  return hasErrors(report.diagnostics) ? { diagnostics: report.diagnostics } : { ir, diagnostics: report.diagnostics };
}

/** Chooses by content: an IR file is a JSON object; anything else is .nnspec source. */
export function compileAny(text: string, file?: string): FrontEndResult {
  const isIR = file?.endsWith(".json") || (!file?.endsWith(".nnspec") && /^\s*\{/.test(text));
  return isIR ? loadIR(text, file) : compileSource(text, file);
}
