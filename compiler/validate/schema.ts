// The IR's structural check: spec/ir.schema.json through ajv. For IR compiled from a .nnspec
// this is a guard on the compiler itself; for an IR file a user wrote or edited it is the first
// line of defence, so its errors are turned into located, readable diagnostics.
//
// A layer's activation is checked against the op registry as it is now, not against the file's
// copy of it: the definition is built from the registry (an op registered at run time is valid
// IR), and a test holds spec/ir.schema.json's copy equal to the one built from the built-in ops.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import schema from "../../spec/ir.schema.json" with { type: "json" };
import { activationWords, type AttributeSpec } from "../../runtime/ops/index.js";
import type { Span } from "../../grammar/ast.js";
import type { Diagnostic } from "../../contracts/diagnostic.js";
import { Codes } from "../../contracts/codes.js";
import type { ModelIR } from "../../contracts/ir.js";

/** An attribute's JSON Schema: its type and bounds. */
export function attributeSchema(p: AttributeSpec): Record<string, unknown> {
  if (p.values) return { enum: [...p.values] };
  const type = p.type === "integer" || p.type === "number" ? p.type : "string";
  const s: Record<string, unknown> = { type };
  if (p.min !== undefined) s[p.minExclusive ? "exclusiveMinimum" : "minimum"] = p.min;
  if (p.max !== undefined) s[p.maxExclusive ? "exclusiveMaximum" : "maximum"] = p.max;
  if (p.limit !== undefined) s.maximum = p.limit;
  return s;
}

/**
 * The IR's `activation` definition from the registry: one branch for the activations without
 * attributes, one per activation with attributes (each one required: the compiler fills in the
 * defaults), and the file's branch for the model's own activations.
 */
export function activationDefinition(): Record<string, unknown> {
  const words = activationWords();
  const custom = schema.definitions.activation.oneOf.filter((branch) => "custom" in branch.properties);
  return {
    oneOf: [
      {
        type: "object",
        required: ["name"],
        additionalProperties: false,
        properties: { name: { enum: words.filter((w) => w.params.length === 0).map((w) => w.name) } },
      },
      ...words
        .filter((w) => w.params.length > 0)
        .map((w) => ({
          type: "object",
          required: ["name", ...w.params.filter((p) => p.required || p.default !== undefined).map((p) => p.name)],
          additionalProperties: false,
          properties: {
            name: { const: w.name },
            ...Object.fromEntries(w.params.map((p) => [p.name, attributeSchema(p)])),
          },
        })),
      ...custom,
    ],
  };
}

let compiled: { activation: string; validate: ValidateFunction<ModelIR> } | undefined;

/** The validator for the schema with the registry's activations; compiled again when they change. */
function validator(): ValidateFunction<ModelIR> {
  const activation = activationDefinition();
  const key = JSON.stringify(activation);
  if (compiled?.activation !== key) {
    const current = { ...schema, definitions: { ...schema.definitions, activation } };
    compiled = { activation: key, validate: new Ajv({ allErrors: true, strict: true }).compile<ModelIR>(current) };
  }
  return compiled.validate;
}

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
  const validateIR = validator();
  if (validateIR(ir)) return [];
  return mostSpecific(validateIR.errors ?? []).map((e) => {
    const { message, expected } = describe(e);
    const d: Diagnostic = { severity: "error", code: Codes.irSchema, message, file, span: locate?.(e.instancePath) };
    if (expected) d.expected = expected;
    d.notes = ["the IR format is described in spec/ir.schema.json"];
    return d;
  });
}
