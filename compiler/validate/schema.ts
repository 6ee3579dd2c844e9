// The IR's structural check: spec/ir.schema.json through ajv. For IR compiled from a .nnspec
// this is a guard on the compiler itself; for an IR file a user wrote or edited it is the first
// line of defence, so its errors are turned into located, readable diagnostics.
import type { ErrorObject } from "ajv";
import type { Span } from "../../grammar/ast.js";
import type { Diagnostic } from "../../contracts/diagnostic.js";
import { Codes } from "../../contracts/codes.js";
import { validateIR } from "./ir-validator.js";

function describe(e: ErrorObject): { message: string; expected?: string } {
  const where = e.instancePath || "the top level";
  switch (e.keyword) {
    case "required":
      return { message: `${where} is missing \`${(e.params as { missingProperty: string }).missingProperty}\`` };
    case "additionalProperties":
      return { message: `${where} has a field the IR does not define: \`${(e.params as { additionalProperty: string }).additionalProperty}\`` };
    case "enum":
      return { message: `${where} has a value the IR does not allow`, expected: (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ") };
    case "const":
      return { message: `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}` };
    default:
      return { message: `${where} ${e.message ?? "does not match the IR schema"}` };
  }
}

/** ajv's oneOf reports every branch; keep the errors of the branch that got furthest. */
function mostSpecific(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    // "if": the failing "then" branch is reported by its own errors.
    if (e.keyword === "oneOf" || e.keyword === "if") continue;
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  const kept: ErrorObject[] = [];
  for (const list of byPath.values()) {
    const nonConst = list.filter((e) => e.keyword !== "const" && e.keyword !== "enum");
    const pick = nonConst.length && nonConst.length < list.length ? nonConst : list;
    kept.push(pick[0]);
  }
  return kept.length ? kept : errors.slice(0, 1);
}

export function checkSchema(ir: unknown, file: string | undefined, locate?: (pointer: string) => Span | undefined): Diagnostic[] {
  if (validateIR(ir)) return [];
  return mostSpecific(validateIR.errors ?? []).map((e) => {
    const { message, expected } = describe(e);
    const d: Diagnostic = { severity: "error", code: Codes.irSchema, message, file, span: locate?.(e.instancePath) };
    if (expected) d.expected = expected;
    d.notes = ["the IR format is described in spec/ir.schema.json"];
    return d;
  });
}
