// What the ONNX tests share: a model trained briefly by `nnc run --save`, its predictions by nnc
// (the same kernels `nnc predict` runs), and a graph's predictions by ONNX Runtime (onnxruntime-web
// in Node, its wasm CPU backend, one thread).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-web";
import { compileSource } from "../../compiler/front-end.js";
import { compileProgram } from "../../compiler/compile-program.js";
import type { ModelIR } from "../../contracts/ir.js";
import { loadModelData } from "../../drivers/train-model.js";
import { RandomState } from "../../runtime/rng/index.js";
import { instantiateKernels } from "../../runtime/train.js";
import { readParamsFile } from "../../cli/params-file.js";
import { nodeFiles } from "../../node/files.js";
import { nnc } from "./run-cli.js";

ort.env.wasm.numThreads = 1;

export const workDir = mkdtempSync(join(tmpdir(), "nnc-onnx-"));

export interface TrainedModel {
  spec: string;
  params: string;
  ir: ModelIR;
  /** The training set, features × examples. */
  X: Float64Array;
  samples: number;
}

/** Writes `text` as NAME.nnspec, trains it with `nnc run --save`, loads its training set. */
export async function trained(name: string, text: string): Promise<TrainedModel> {
  const spec = join(workDir, `${name}.nnspec`);
  const params = join(workDir, `${name}.params.json`);
  writeFileSync(spec, text);
  const run = await nnc("run", "--quiet", "--save", params, spec);
  if (run.code !== 0) throw new Error(run.stderr);
  const { ir } = compileSource(text, spec);
  const data = await loadModelData(ir!, new RandomState(ir!.seed ?? 0), nodeFiles(workDir));
  const train = data.get(ir!.train.data)!;
  return { spec, params, ir: ir!, X: train.X, samples: train.samples };
}

/** nnc's predictions for X (features × m): outputs × m, row-major. */
export function nncPredictions(specFile: string, paramsFile: string, X: Float64Array, m: number): Float64Array {
  const { ir } = compileSource(readFileSync(specFile, "utf8"), specFile);
  const program = compileProgram(ir!, { samples: 1 });
  const { kernels } = instantiateKernels(program, readParamsFile(paramsFile, program.params));
  const outputs = program.forward.values[program.forward.prediction].shape[0];
  const out = new Float64Array(outputs * m);
  kernels.predict(X, m, out);
  return out;
}

/** ONNX Runtime's outputs for X (features × m), transposed back to outputs × m. */
export async function onnxPredictions(
  bytes: Uint8Array,
  X: Float64Array,
  m: number,
  float32 = false,
): Promise<{ values: Float64Array; type: string; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  const features = X.length / m;
  const rows = float32 ? new Float32Array(m * features) : new Float64Array(m * features);
  for (let f = 0; f < features; f++) for (let j = 0; j < m; j++) rows[j * features + f] = X[f * m + j];
  const feeds = { [session.inputNames[0]]: new ort.Tensor(float32 ? "float32" : "float64", rows, [m, features]) };
  const result = (await session.run(feeds))[session.outputNames[0]];
  const units = result.dims[1];
  const data = result.data as Float64Array | Float32Array;
  const values = new Float64Array(units * m);
  for (let j = 0; j < m; j++) for (let u = 0; u < units; u++) values[u * m + j] = data[j * units + u];
  await session.release();
  return { values, type: result.type, dims: result.dims };
}

/** The largest |a − b|. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
