// A saved run (`nnc run --save-run run.json`): everything needed to redraw its plots or report
// without training again — the model's IR (the boundary needs the model to predict; the gradient
// check rebuilds the initial parameters and data from it), the cost points, the accuracies, the
// trained parameters and the .nnspec text the report shows (absent in files saved before it was
// kept, and for models given as IR; such files still read). JSON has no Infinity or NaN, and a cost can
// be either (the lessons' naive loss prints `inf`), so non-finite numbers are stored as the
// strings "Infinity", "-Infinity" and "NaN". Doubles round-trip exactly through JSON text.
// `history` (the cost curve) and `held_out_costs` (test sets' curves) came later; a run file
// without them is still read, and its plots draw the reported points.
import { isAbsolute, relative, resolve } from "node:path";
import { DiagnosticError, type Diagnostic } from "../contracts/diagnostic.js";
import { loadIR } from "../compiler/front-end.js";
import type { ModelIR } from "../contracts/ir.js";
import type { RunResult } from "../drivers/train-model.js";
import { ReportCodes } from "../contracts/codes.js";

const RUN_FILE_VERSION = 1;

type StoredNumber = number | "Infinity" | "-Infinity" | "NaN";
type CostPoints = { iteration: number; cost: number }[];

export interface SavedRun {
  nnc_run: typeof RUN_FILE_VERSION;
  model: string;
  ir: ModelIR;
  costs: CostPoints;
  /** The cost history (every computed cost); absent in runs saved before nnc kept one. */
  history?: CostPoints;
  /** Test sets' costs measured while training, by data set. */
  heldOutCosts?: Record<string, CostPoints>;
  accuracy: Record<string, number>;
  params: { name: string; shape: [number, number]; data: Float64Array }[];
  seconds?: number;
  /** The model's source as given to `nnc run`: its path (as typed) and its text. */
  source?: { file: string; text: string };
}

const store = (x: number): StoredNumber =>
  Number.isFinite(x) ? x : Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
const restore = (x: unknown): number =>
  typeof x === "number"
    ? x
    : x === "Infinity"
      ? Infinity
      : x === "-Infinity"
        ? -Infinity
        : x === "NaN"
          ? NaN
          : Number.NaN;

/**
 * File paths (CSV, HDF5, MAT) in the IR are relative to its model's folder; the run file keeps them
 * relative to its own.
 */
function reanchor(ir: ModelIR, modelDir: string, runDir: string): ModelIR {
  return {
    ...ir,
    data: ir.data.map((d) => {
      if (d.kind !== "csv" && d.kind !== "hdf5" && d.kind !== "mat") return d;
      const { base, ...rest } = d;
      const absolute = isAbsolute(d.file) ? d.file : resolve(base ?? modelDir, d.file);
      return { ...rest, file: relative(runDir, absolute) || "." };
    }),
  };
}

const points = (costs: readonly { iteration: number; cost: number }[]): CostPoints =>
  costs.map(({ iteration, cost }) => ({ iteration, cost }));

export function savedRun(
  ir: ModelIR,
  result: Pick<RunResult, "costs" | "accuracy" | "params" | "seconds"> &
    Partial<Pick<RunResult, "history" | "heldOutCosts">>,
  modelDir: string,
  runDir: string,
  source?: SavedRun["source"],
): SavedRun {
  const heldOut = result.heldOutCosts;
  return {
    nnc_run: RUN_FILE_VERSION,
    model: ir.model,
    ir: reanchor(ir, modelDir, runDir),
    costs: points(result.costs),
    ...(result.history ? { history: points(result.history) } : {}),
    ...(heldOut ? { heldOutCosts: Object.fromEntries(Object.entries(heldOut).map(([k, v]) => [k, points(v)])) } : {}),
    accuracy: { ...result.accuracy },
    params: result.params.map((p) => ({ name: p.name, shape: [p.shape[0], p.shape[1]], data: p.data })),
    seconds: result.seconds,
    ...(source ? { source } : {}),
  };
}

const storePoints = (costs: CostPoints) => costs.map(({ iteration, cost }) => ({ iteration, cost: store(cost) }));

export function serializeRun(run: SavedRun): string {
  const { heldOutCosts, ...rest } = run;
  const doc = {
    ...rest,
    costs: storePoints(run.costs),
    ...(run.history ? { history: storePoints(run.history) } : {}),
    ...(heldOutCosts
      ? { held_out_costs: Object.fromEntries(Object.entries(heldOutCosts).map(([k, v]) => [k, storePoints(v)])) }
      : {}),
    accuracy: Object.fromEntries(Object.entries(run.accuracy).map(([k, v]) => [k, store(v)])),
    params: run.params.map((p) => ({ name: p.name, shape: p.shape, data: Array.from(p.data, store) })),
  };
  return `${JSON.stringify(doc)}\n`;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const restorePoints = (costs: unknown[]): CostPoints =>
  costs.map((c) => {
    const point = (isRecord(c) ? c : {}) as { iteration?: unknown; cost?: unknown };
    return { iteration: Number(point.iteration), cost: restore(point.cost) };
  });

function fail(code: string, file: string, message: string, help?: string): never {
  const d: Diagnostic = { severity: "error", code, file, message };
  if (help) d.help = help;
  throw new DiagnosticError([d]);
}

function sourceOf(stored: unknown): Pick<SavedRun, "source"> {
  const s = stored as { file?: unknown; text?: unknown } | null | undefined;
  return typeof s?.file === "string" && typeof s.text === "string" ? { source: { file: s.file, text: s.text } } : {};
}

/** Reads a run file's text, or throws a DiagnosticError that says what is wrong with it. */
export function parseRun(text: string, file: string): SavedRun {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    fail(
      ReportCodes.runNotJson,
      file,
      `'${file}' is not a run file: it is not valid JSON (${(error as Error).message})`,
      "run files are written by `nnc run MODEL --save-run run.json`",
    );
  }
  if (typeof doc !== "object" || doc === null || !("nnc_run" in doc)) {
    const isIR = typeof doc === "object" && doc !== null && "nnc_ir" in doc;
    fail(
      ReportCodes.notARun,
      file,
      `'${file}' is not a run file (it has no "nnc_run" field)`,
      isIR
        ? "this is an IR file; train it with `nnc run FILE --save-run run.json` first"
        : "run files are written by `nnc run MODEL --save-run run.json`",
    );
  }
  if (doc.nnc_run !== RUN_FILE_VERSION)
    fail(
      ReportCodes.runVersion,
      file,
      `'${file}' is a run file of version ${JSON.stringify(doc.nnc_run)}; this nnc reads version ${RUN_FILE_VERSION}`,
      "save the run again with this nnc",
    );
  const { ir, diagnostics } = loadIR(JSON.stringify(doc.ir ?? null), file);
  if (!ir)
    throw new DiagnosticError(
      diagnostics.map((d) => ({ ...d, span: undefined, message: `the model stored in the run file: ${d.message}` })),
    );
  const costs = Array.isArray(doc.costs) ? doc.costs : [];
  const accuracy =
    typeof doc.accuracy === "object" && doc.accuracy !== null ? (doc.accuracy as Record<string, unknown>) : {};
  const params = Array.isArray(doc.params) ? (doc.params as { name?: unknown; shape?: unknown; data?: unknown }[]) : [];
  const run: SavedRun = {
    nnc_run: RUN_FILE_VERSION,
    model: ir.model,
    ir,
    costs: restorePoints(costs),
    ...(Array.isArray(doc.history) ? { history: restorePoints(doc.history) } : {}),
    ...(isRecord(doc.held_out_costs)
      ? {
          heldOutCosts: Object.fromEntries(
            Object.entries(doc.held_out_costs).map(([k, v]) => [k, restorePoints(Array.isArray(v) ? v : [])]),
          ),
        }
      : {}),
    accuracy: Object.fromEntries(Object.entries(accuracy).map(([k, v]) => [k, restore(v)])),
    params: params.map((p) => ({
      name: String(p?.name),
      shape: (Array.isArray(p?.shape) ? p.shape.map(Number) : [0, 0]) as [number, number],
      data: Float64Array.from(Array.isArray(p?.data) ? p.data : [], restore),
    })),
    ...(typeof doc.seconds === "number" ? { seconds: doc.seconds } : {}),
    ...sourceOf(doc.source),
  };
  const curves = [run.costs, run.history ?? [], ...Object.values(run.heldOutCosts ?? {})];
  if (curves.some((curve) => curve.some((c) => !Number.isInteger(c.iteration))))
    fail(ReportCodes.runDoesNotFit, file, `the costs in '${file}' are not {iteration, cost} points`);
  return run;
}

/** The parameters in model order, checked against the shapes the model gives them. */
export function checkRunParams(
  run: SavedRun,
  expected: readonly { name: string; shape: readonly number[] }[],
  file: string,
): Float64Array[] {
  const byName = new Map(run.params.map((p) => [p.name, p]));
  return expected.map((spec) => {
    const p = byName.get(spec.name);
    const size = spec.shape[0] * spec.shape[1];
    if (!p)
      fail(
        ReportCodes.runDoesNotFit,
        file,
        `the run file has no parameter '${spec.name}', which model '${run.model}' needs`,
        "save the run again with `nnc run MODEL --save-run FILE`",
      );
    if (p.data.length !== size)
      fail(
        ReportCodes.runDoesNotFit,
        file,
        `parameter '${spec.name}' in the run file has ${p.data.length} values, ` +
          `not the ${spec.shape[0]} × ${spec.shape[1]} model '${run.model}' gives it`,
      );
    return p.data;
  });
}
