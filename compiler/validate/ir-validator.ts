// The IR's schema (spec/ir.schema.json) compiled by ajv. In the `nnc` executable this module is
// replaced by the same validator generated ahead of time (ajv's standalone code, made by
// scripts/bundle-cli.js from the same schema and options): compiling the schema at start-up took
// longer than the rest of `nnc lint`, and generated code needs no `new Function` at run time.
import { Ajv } from "ajv";
import schema from "../../spec/ir.schema.json" with { type: "json" };
// allErrors: the most specific error is picked for the diagnostic (see schema.ts). inlineRefs
// false: each definition is one function instead of a copy at every place that refers to it, which
// halves the generated code V8 reads at start-up (only the errors' schemaPath, unused, differs).
import options from "./ir-validator-options.json" with { type: "json" };
import type { ModelIR } from "../../contracts/ir.js";

export const validateIR = new Ajv(options).compile<ModelIR>(schema);
