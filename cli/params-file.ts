// The parameters file of `nnc run --save` and `nnc predict --params`: JSON naming each
// parameter with its shape and its values (row-major), in the model's drawing order:
//
//   { "nnc_params": 1, "model": "cat_deep",
//     "params": [ { "name": "W1", "shape": [20, 12288], "data": [ ... ] }, ... ] }
//
// JSON prints each double with the shortest text that reads back as the same double, so a saved
// model predicts bit for bit as the trained one did. Reading checks every name and shape
// against the model, and every value is a finite number (NNC3063).
import { DiagnosticError } from "../contracts/diagnostic.js";
import type { ParamSpec } from "../runtime/program.js";
import { readTextFile, writeFileAtomic } from "./files.js";
import { DataCodes } from "../contracts/codes.js";

const PARAMS_FORMAT = 1;

export interface SavedParam {
  name: string;
  shape: readonly [number, number];
  data: ArrayLike<number>;
}

export function writeParamsFile(file: string, model: string, params: readonly SavedParam[]): void {
  const doc = {
    nnc_params: PARAMS_FORMAT,
    model,
    params: params.map((p) => ({ name: p.name, shape: p.shape, data: Array.from(p.data) })),
  };
  writeFileAtomic(file, `${JSON.stringify(doc)}\n`);
}

function wrong(file: string, message: string, help?: string): DiagnosticError {
  return new DiagnosticError([
    {
      severity: "error",
      code: DataCodes.paramsFileMismatch,
      message,
      file,
      expected: "a parameters file written by `nnc run --save FILE` for this model",
      help,
    },
  ]);
}

/** The parameter arrays in `specs` order, from a file written by writeParamsFile for this model. */
export function readParamsFile(file: string, specs: readonly ParamSpec[]): Float64Array[] {
  const text = readTextFile(file, "parameters");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw wrong(file, `the parameters file is not JSON: ${(error as Error).message}`);
  }
  const params = (doc as { params?: unknown })?.params;
  if ((doc as { nnc_params?: unknown })?.nnc_params !== PARAMS_FORMAT || !Array.isArray(params))
    throw wrong(file, "this is not an nnc parameters file (no `nnc_params: 1` and `params` list)");
  const byName = new Map<string, { name?: unknown; shape?: unknown; data?: unknown }>();
  for (const p of params as { name?: unknown; shape?: unknown; data?: unknown }[])
    if (typeof p?.name === "string") byName.set(p.name, p);
  return specs.map((spec) => {
    const saved = byName.get(spec.name);
    if (!saved) {
      const present = [...byName.keys()].join(", ") || "none";
      throw wrong(
        file,
        `the parameters file has no '${spec.name}' (it has: ${present})`,
        "was it saved from another model?",
      );
    }
    const shape = saved.shape;
    if (!Array.isArray(shape) || shape[0] !== spec.shape[0] || shape[1] !== spec.shape[1]) {
      throw wrong(
        file,
        `'${spec.name}' has shape ${JSON.stringify(shape)} in the ` +
          `parameters file, but the model's is [${spec.shape.join(", ")}]`,
        "was it saved from another model, or before the layer sizes changed?",
      );
    }
    const data = saved.data;
    const count = spec.shape[0] * spec.shape[1];
    if (
      !Array.isArray(data) ||
      data.length !== count ||
      !data.every((v) => typeof v === "number" && Number.isFinite(v))
    )
      throw wrong(file, `'${spec.name}' should hold ${count} finite numbers`);
    return Float64Array.from(data as number[]);
  });
}
