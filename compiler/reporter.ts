// Collects diagnostics for one file, so every check can report and go on: a learner sees all
// their mistakes at once, not one per run.
import type { Span } from "../grammar/ast.js";
import type { Diagnostic } from "../contracts/diagnostic.js";

export interface Details {
  label?: string;
  expected?: string;
  help?: string;
  notes?: string[];
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly file: string | undefined) {}

  error(span: Span | undefined, code: string, message: string, details: Details = {}): void {
    this.add("error", span, code, message, details);
  }

  warning(span: Span | undefined, code: string, message: string, details: Details = {}): void {
    this.add("warning", span, code, message, details);
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  /** Compared before and after reading a statement, it tells whether the statement had an error. */
  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === "error").length;
  }

  private add(
    severity: Diagnostic["severity"],
    span: Span | undefined,
    code: string,
    message: string,
    details: Details,
  ) {
    const d: Diagnostic = { severity, code, message, file: this.file, span };
    if (details.label) d.label = details.label;
    if (details.expected) d.expected = details.expected;
    if (details.help) d.help = details.help;
    if (details.notes?.length) d.notes = details.notes;
    this.diagnostics.push(d);
  }
}
