// What a word of the language takes in parentheses (`leaky_relu(slope: 0.1)`, `adam(beta1: 0.9)`):
// each argument's kind, range, default and doc. The ops, optimizers and regularizers declare
// theirs here in runtime/, beside their kernels, and everything else reads them from there: the
// compiler binds and range-checks arguments with them (compiler/bind-arguments.ts), fills the
// defaults into the IR, and builds its did-you-mean and `expected:` lists; tests hold the IR
// schema, contracts/ir.ts and the spec's tables to them.

export type AttributeType =
  "number" | "integer" | "string" | "names" | "name" | "condition" | "labels" | "layers" | "numbers";

export interface AttributeSpec {
  name: string;
  type: AttributeType;
  /** Required in the source; an attribute with a default is not. */
  required: boolean;
  /** Inclusive/exclusive bounds checked at compile time, with the wording used in messages. */
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  /** Largest value allowed before anything is allocated (sizes). */
  limit?: number;
  /** The value used when the argument is left out; the compiler writes it into the IR. */
  default?: number | string;
  /** The only values a `string` or `name` attribute may take (`form: "naive"`). */
  values?: readonly string[];
  doc: string;
}

/** A word of the language that takes attributes: an activation, loss, optimizer, regularizer... */
export interface WordSpec {
  name: string;
  params: readonly AttributeSpec[];
  /** One line: what the word means. */
  doc: string;
  /** Other accepted spellings, resolved to `name`. */
  aliases?: readonly string[];
}

/** A required number attribute. */
export function numberAttribute(name: string, doc: string, bounds: Partial<AttributeSpec> = {}): AttributeSpec {
  return { name, type: "number", required: true, doc, ...bounds };
}

/** An attribute that may be left out: its doc says the value used then (`(0.9 unless given)`). */
export function optionalAttribute(spec: AttributeSpec & { default: number | string }): AttributeSpec {
  const shown = typeof spec.default === "string" ? JSON.stringify(spec.default) : String(spec.default);
  return { ...spec, required: false, doc: `${spec.doc} (${shown} unless given)` };
}

/** The attribute named `name` of a word or op; throws when it has none (a bug in a registry). */
export function attributeOf(
  owner: { name: string; attributes?: readonly AttributeSpec[] },
  name: string,
): AttributeSpec {
  const found = owner.attributes?.find((a) => a.name === name);
  if (!found) throw new Error(`${owner.name} has no attribute '${name}'`);
  return found;
}

/** The attributes' values as written, with each default filled in for one left out. */
export function withDefaults(
  params: readonly AttributeSpec[],
  given: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const filled: Record<string, unknown> = {};
  for (const p of params) {
    const value = given[p.name] ?? p.default;
    if (value !== undefined) filled[p.name] = value;
  }
  return filled;
}
