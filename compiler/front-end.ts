// The compiler's front end: a .nnspec text (or an IR JSON text) in, a validated IR and every
// diagnostic out, sorted by position. Each stage runs as far as it can so that all mistakes are
// reported together: the compiler reads the statements the parser could read, the whole-model
// checks read the parts of them that had no error (gaps.ts), and when something had to wait, a
// note says that more may follow once these are fixed.
import type { Diagnostic, Span } from "../contracts/diagnostic.js";
import type { ModelFile, Statement } from "../grammar/ast.js";
import { parse } from "../grammar/index.js";
import { Codes } from "../contracts/codes.js";
import type { ModelIR } from "../contracts/ir.js";
import { IR_VERSION } from "../contracts/ir.js";
import { MAX_JSON_DEPTH, scanJson } from "./json-locate.js";
import { checkIrFormulas } from "./ir-formulas.js";
import { Reporter } from "./reporter.js";
import { toIR } from "./to-ir.js";
import { Gaps } from "./gaps.js";
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
  const { ir, scalar, diagnostics } = analyzeSource(text, file);
  return scalar ? { scalar, diagnostics } : ir ? { ir, diagnostics } : { diagnostics };
}

/**
 * What an editor needs besides the result (language/): the syntax tree the parser recovered and the
 * model as far as it could be read (the draft IR, with stand-ins for the parts that had errors).
 */
export interface SourceAnalysis extends FrontEndResult {
  ast?: ModelFile;
  draft?: ModelIR;
}

/** compileSource, keeping the syntax tree and the draft IR: the same checks, the same diagnostics. */
export function analyzeSource(text: string, file?: string): SourceAnalysis {
  const parsed = parse(text, file);
  if (!parsed.ast) return { diagnostics: parsed.diagnostics };
  const ast = parsed.ast;
  const syntaxErrors = hasErrors(parsed.diagnostics);
  const report = new Reporter(file);
  const gaps = new Gaps(parsed.lost);
  if (isScalarModel(parsed.ast)) {
    // A scalar model's checks follow its formulas from line to line: with a line unread they would guess.
    if (syntaxErrors) gaps.postpone("the scalar model's formulas");
    const scalar = syntaxErrors ? undefined : compileScalarModel(parsed.ast, file, report);
    const diagnostics = inOrder([...parsed.diagnostics, ...report.diagnostics], gaps, file);
    return scalar && !hasErrors(diagnostics) ? { scalar, diagnostics, ast } : { diagnostics, ast };
  }
  const { ir, draft } = toIR(parsed.ast, file, report, gaps);
  if (ir && !syntaxErrors) {
    const schemaErrors = checkSchema(ir, file);
    if (schemaErrors.length) {
      // The compiler made an IR its own schema rejects: a bug in nnc, said plainly.
      const bug = "this is a bug in nnc's compiler, not in your file; please report it";
      for (const d of schemaErrors) d.notes = [...(d.notes ?? []), bug];
      return { diagnostics: [...report.diagnostics, ...schemaErrors], ast, draft };
    }
  }
  const checked = ir ?? draft;
  if (checked) checkSemantics(checked, report, gaps);
  const compiled = withoutEchoes(report.diagnostics, parsed.diagnostics, parsed.ast.model.statements, gaps);
  const diagnostics = inOrder([...parsed.diagnostics, ...compiled], gaps, file);
  return hasErrors(diagnostics) ? { diagnostics, ast, draft: checked } : { ir, diagnostics, ast, draft: checked };
}

/**
 * The compiler's diagnostics minus those inside a statement with a syntax error. A statement the
 * grammar kept by a guess (`noise 0.05` read as two arguments, for a missing comma) would otherwise
 * be reported again in the compiler's words, for a mistake the writer did not make; as the parser
 * does with its own echoes, such a statement keeps its syntax error, and the rest of it waits.
 */
function withoutEchoes(
  compiled: Diagnostic[],
  syntax: Diagnostic[],
  statements: readonly Statement[],
  gaps: Gaps,
): Diagnostic[] {
  const errors = syntax.filter((d) => d.severity === "error" && d.span).map((d) => d.span!);
  const repaired = statements.filter((s) => errors.some((span) => within(span, s.span)));
  const kept = compiled.filter((d) => !d.span || !repaired.some((s) => within(d.span!, s.span)));
  const waiting = repaired.filter((s) => compiled.some((d) => !kept.includes(d) && within(d.span!, s.span)));
  for (const s of waiting) gaps.postpone(`the rest of the \`${s.kind}\` statement at line ${s.span.line}`);
  return kept;
}

/** Does `inner` start inside `outer` (whose end column is inclusive)? */
function within(inner: Span, outer: Span): boolean {
  const notAfter = (line: number, column: number, endLine: number, endColumn: number) =>
    line < endLine || (line === endLine && column <= endColumn);
  return (
    notAfter(outer.line, outer.column, inner.line, inner.column) &&
    notAfter(inner.line, inner.column, outer.endLine, outer.endColumn)
  );
}

/**
 * Every diagnostic by position (those without one last), then, if there are errors and some
 * check had to wait for them, one note saying what waits: more errors may follow.
 */
function inOrder(diagnostics: Diagnostic[], gaps: Gaps, file: string | undefined): Diagnostic[] {
  const sorted = diagnostics
    .map((d, index) => ({ d, index }))
    .sort(
      (a, b) =>
        (a.d.span?.line ?? Infinity) - (b.d.span?.line ?? Infinity) ||
        (a.d.span?.column ?? 0) - (b.d.span?.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ d }) => d);
  const waiting = gaps.postponed;
  if (!hasErrors(sorted) || waiting.length === 0) return sorted;
  const note: Diagnostic = {
    severity: "note",
    code: Codes.checksPostponed,
    message: "more errors may follow once these are fixed",
    file,
    notes: waiting.map((what) => `not checked yet: ${what}`),
  };
  return [...sorted, note];
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
  const gaps = new Gaps();
  checkSemantics(ir, report, gaps);
  const diagnostics = inOrder(report.diagnostics, gaps, ir.source ?? file);
  return hasErrors(diagnostics) ? { diagnostics } : { ir, diagnostics };
}

/** Chooses by content: an IR file is a JSON object; anything else is .nnspec source. */
export function compileAny(text: string, file?: string): FrontEndResult {
  const isIR = file?.endsWith(".json") || (!file?.endsWith(".nnspec") && /^\s*\{/.test(text));
  return isIR ? loadIR(text, file) : compileSource(text, file);
}
