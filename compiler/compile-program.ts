// IR → Program in one call: forward graph, generated backward graph, generated JS. The result is
// plain data that runtime/train.ts runs (see runtime/program.ts for the Program type).
import { knownExamples, type DataIR, type ModelIR } from "../contracts/ir.js";
import { buildForwardGraph } from "./forward-graph.js";
import { deriveBackward } from "./backward-graph.js";
import { emitJs, emitJsAroundWasm } from "./emit-js.js";
import { emitWasm } from "./emit-wasm.js";
import { planFirstLayerRewrite } from "./rewrite.js";
import type { BackwardGraph, EmittedCode, ForwardGraph, ParamSpec, Program } from "../runtime/program.js";

export interface CompileProgramOptions {
  /**
   * m, the number of training examples, for the graph's shapes. Defaults to the training data's
   * `samples` when it is synthetic; required for CSV data (known only once loaded).
   */
  samples?: number;
  /** false: skip the generated code and always interpret (the kernels are then the only path). */
  emit?: boolean;
  /** false: no first-layer rewrite (compiler/rewrite.ts); the brute-force products run. Default true. */
  rewrite?: boolean;
}

export function compileProgram(ir: ModelIR, opts: CompileProgramOptions = {}): Program {
  const samples = opts.samples ?? syntheticSamples(ir.data.find((d) => d.name === ir.train.data));
  if (samples === undefined)
    throw new Error(
      `compileProgram: the size of training set '${ir.train.data}' is not known before loading it; pass opts.samples`,
    );
  const { graph, params } = buildForwardGraph(ir, samples);
  const backward = deriveBackward(graph);
  const emitted =
    opts.emit === false
      ? ({ ok: false, reason: "generated code switched off" } as const)
      : emitJs(graph, backward, params);
  return {
    model: ir.model,
    seed: ir.seed,
    forward: graph,
    backward,
    params,
    train: {
      data: ir.train.data,
      learningRate: ir.train.optimizer.learning_rate,
      iterations: ir.train.iterations,
      reportEvery: ir.train.report_every,
      optimizer: ir.train.optimizer,
      ...(ir.train.unit ? { unit: ir.train.unit } : {}),
      ...(ir.train.batch !== undefined ? { batch: ir.train.batch } : {}),
      ...(ir.train.shuffle ? { shuffle: ir.train.shuffle } : {}),
      ...(ir.train.decay ? { decay: ir.train.decay } : {}),
      reportLast: ir.train.report_last ?? false,
    },
    report: { accuracy: [...ir.report.accuracy] },
    ...dropoutAndStopping(ir),
    emitted: emitted.ok ? withSimd(emitted.code, graph, backward, params) : null,
    rewrite: planFirstLayerRewrite(graph, params, opts.rewrite ?? true, ir.train),
    ...(emitted.ok ? {} : { emitSkipped: emitted.reason }),
    ...(ir.backward ? { handBackward: ir.backward } : {}),
    ...(ir.source ? { source: ir.source } : {}),
  };
}

function withSimd(
  code: EmittedCode,
  graph: ForwardGraph,
  backward: BackwardGraph,
  params: readonly ParamSpec[],
): EmittedCode {
  const simd = emitWasm(graph, backward, params);
  if (!simd.ok) return { ...code, simdSkipped: simd.reason };
  return { ...code, simd: { source: emitJsAroundWasm(graph, backward, params, simd.layout), module: simd.bytes } };
}

function dropoutAndStopping(ir: ModelIR): Pick<Program, "dropout" | "earlyStop"> {
  const result: Pick<Program, "dropout" | "earlyStop"> = {};
  for (const r of ir.regularize ?? []) {
    if (r.kind === "dropout" && r.reseed !== undefined) result.dropout = { reseed: r.reseed };
    if (r.kind === "early_stop")
      result.earlyStop = { patience: r.patience, data: r.data, metric: r.metric, every: r.every };
  }
  return result;
}

function syntheticSamples(data: DataIR | undefined): number | undefined {
  return knownExamples(data);
}
