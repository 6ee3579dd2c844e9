// The IR's structural check: spec/ir.schema.json through ajv. For IR compiled from a .nnspec
// this is a guard on the compiler itself; for an IR file a user wrote or edited it is the first
// line of defence, so its errors are turned into located, readable diagnostics.
//
// The schema's copy of the activations is held equal to the op registry's built-in ones by a test,
// so the schema's validator (ajv's standalone code in the `nnc` executable, see ir-validator.ts)
// serves every model of built-in ops. An activation registered at run time is not in that copy: such
// a layer is checked against the registry's own definition of it (attributeSchema), and the rest of
// the IR against the schema.
import type { ErrorObject } from "ajv";
import schema from "../../spec/ir.schema.json" with { type: "json" };
import { activationWords, type AttributeSpec } from "../../runtime/ops/index.js";
import type { Span } from "../../grammar/ast.js";
import type { Diagnostic } from "../../contracts/diagnostic.js";
import { Codes } from "../../contracts/codes.js";
import { validateIR } from "./ir-validator.js";

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

/** The activation names the schema file knows (its enum branch and its `const` branches). */
const schemaActivations = new Set(
  schema.definitions.activation.oneOf.flatMap((branch) => {
    const name = (branch.properties as { name?: { enum?: string[]; const?: string } }).name;
    return name?.enum ?? (name?.const ? [name.const] : []);
  }),
);

type Bounds = {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

/** A registered activation's attributes checked as the schema would: required, typed, bounded, no others. */
function registeredActivationErrors(activation: Record<string, unknown>, path: string): ErrorObject[] {
  const word = activationWords().find((w) => w.name === activation.name);
  if (!word) return [];
  const errors: ErrorObject[] = [];
  const error = (keyword: string, instancePath: string, params: Record<string, unknown>, message?: string) =>
    errors.push({ keyword, instancePath, schemaPath: "#/definitions/activation", params, message });
  for (const key of Object.keys(activation)) {
    if (key !== "name" && !word.params.some((p) => p.name === key)) {
      error("additionalProperties", path, { additionalProperty: key });
    }
  }
  for (const p of word.params) {
    const value = activation[p.name];
    const at = `${path}/${p.name}`;
    if (value === undefined) {
      if (p.required || p.default !== undefined) error("required", path, { missingProperty: p.name });
      continue;
    }
    const b = attributeSchema(p) as Bounds;
    if (b.enum) {
      if (!b.enum.includes(value)) error("enum", at, { allowedValues: b.enum });
    } else if (b.type === "number" || b.type === "integer") {
      if (typeof value !== "number" || (b.type === "integer" && !Number.isInteger(value))) {
        error("type", at, {}, `must be ${b.type}`);
      } else if (b.minimum !== undefined && value < b.minimum) error("minimum", at, {}, `must be >= ${b.minimum}`);
      else if (b.exclusiveMinimum !== undefined && value <= b.exclusiveMinimum) {
        error("exclusiveMinimum", at, {}, `must be > ${b.exclusiveMinimum}`);
      } else if (b.maximum !== undefined && value > b.maximum) error("maximum", at, {}, `must be <= ${b.maximum}`);
      else if (b.exclusiveMaximum !== undefined && value >= b.exclusiveMaximum) {
        error("exclusiveMaximum", at, {}, `must be < ${b.exclusiveMaximum}`);
      }
    }
  }
  return errors;
}

/** The schema's errors, with the layers of run-time registered activations checked against the registry. */
function schemaErrors(ir: unknown): ErrorObject[] {
  const layers = (ir as { layers?: unknown } | null)?.layers;
  const registered = new Map<number, Record<string, unknown>>();
  if (Array.isArray(layers)) {
    layers.forEach((layer, index) => {
      const activation = (layer as { activation?: unknown } | null)?.activation;
      if (!activation || typeof activation !== "object" || "custom" in activation) return;
      const name = (activation as { name?: unknown }).name;
      if (typeof name === "string" && !schemaActivations.has(name) && activationWords().some((w) => w.name === name)) {
        registered.set(index, activation as Record<string, unknown>);
      }
    });
  }
  if (registered.size === 0) return validateIR(ir) ? [] : [...(validateIR.errors ?? [])];
  // The schema sees a built-in stand-in where a registered activation stands; the registry checks the real one.
  const standIn = {
    ...(ir as object),
    layers: (layers as unknown[]).map((layer, index) =>
      registered.has(index) ? { ...(layer as object), activation: { name: "linear" } } : layer,
    ),
  };
  const errors = validateIR(standIn) ? [] : [...(validateIR.errors ?? [])];
  for (const [index, activation] of registered) {
    errors.push(...registeredActivationErrors(activation, `/layers/${index}/activation`));
  }
  return errors;
}

function describe(e: ErrorObject): { message: string; expected?: string } {
  const where = e.instancePath || "the top level";
  switch (e.keyword) {
    case "required":
      return { message: `${where} is missing \`${(e.params as { missingProperty: string }).missingProperty}\`` };
    case "additionalProperties":
      return {
        message:
          `${where} has a field the IR does not define: ` +
          `\`${(e.params as { additionalProperty: string }).additionalProperty}\``,
      };
    case "enum":
      return {
        message: `${where} has a value the IR does not allow`,
        expected: (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", "),
      };
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

export function checkSchema(
  ir: unknown,
  file: string | undefined,
  locate?: (pointer: string) => Span | undefined,
): Diagnostic[] {
  const errors = schemaErrors(ir);
  if (errors.length === 0) return [];
  return mostSpecific(errors).map((e) => {
    const { message, expected } = describe(e);
    const d: Diagnostic = { severity: "error", code: Codes.irSchema, message, file, span: locate?.(e.instancePath) };
    if (expected) d.expected = expected;
    d.notes = ["the IR format is described in spec/ir.schema.json"];
    return d;
  });
}
