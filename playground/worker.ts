// The playground's Web Worker: compiles the page's model and trains it with the same driver,
// runtime and WebAssembly kernels as `nnc run` (drivers/train-model.ts), telling the page each cost
// of the curve as it is computed and the decision boundary every few hundred iterations; it also
// runs the gradient check (`nnc check`) and builds the HTML report (`nnc report`) off the page's
// thread. The page stops a run by terminating this worker and starting another.
import { compileSource } from "../compiler/front-end.js";
import { DiagnosticError } from "../contracts/diagnostic.js";
import { memoryFiles } from "../contracts/files.js";
import type { ModelIR } from "../contracts/ir.js";
import { loadModelData, trainModel } from "../drivers/train-model.js";
import { RandomState } from "../runtime/rng/index.js";
import { pythonRepr } from "../contracts/python-repr.js";
import { gradientCheckData } from "../report/check-data.js";
import { buildReport, reportDerivation } from "../report/html.js";
import { LiveBoundary } from "./live-boundary.js";
import { deriveNumbers } from "../drivers/derive-numbers.js";
import type { FromWorker, ModelJob, ToWorker } from "./protocol.js";

const post = (message: FromWorker) => (self as unknown as { postMessage(m: FromWorker): void }).postMessage(message);

/** The model's IR, or a DiagnosticError with the compiler's errors. */
function compile(job: ModelJob): ModelIR {
  const { ir, diagnostics } = compileSource(job.text, job.file);
  if (!ir) throw new DiagnosticError(diagnostics.filter((d) => d.severity === "error"));
  return ir;
}

async function run(job: Extract<ToWorker, { type: "run" }>): Promise<void> {
  const ir = compile(job);
  const files = memoryFiles(job.files);
  const datasets = await loadModelData(ir, new RandomState(ir.seed ?? 0), files);
  const shown = [ir.train.data, ...ir.report.accuracy.filter((name) => name !== ir.train.data)];
  const boundary = LiveBoundary.for(
    ir,
    shown.flatMap((name) => datasets.get(name) ?? []),
  );
  const unit = ir.train.unit === "epochs" ? "epoch" : "iteration";
  post({ type: "started", iterations: ir.train.iterations, unit, points: boundary?.points ?? [] });
  let shownRate = ir.train.optimizer.learning_rate;
  let pending: Array<{ iteration: number; cost: number }> = [];
  const flush = () => {
    if (pending.length) post({ type: "history", points: pending });
    pending = [];
  };
  const result = await trainModel(ir, {
    files,
    onHistory: (iteration, cost) => pending.push({ iteration, cost }),
    onCost: (iteration, cost, learningRate) => {
      // As cli/run.ts prints it: the learning rate beside the cost when a decay changed it.
      const rateChanged = learningRate !== undefined && learningRate !== shownRate;
      if (learningRate !== undefined) shownRate = learningRate;
      const rate = rateChanged ? ` (learning rate ${pythonRepr(learningRate)})` : "";
      post({ type: "cost", iteration, cost, line: `Cost after ${unit} ${iteration}: ${pythonRepr(cost)}${rate}` });
    },
    onProgress: (iteration, total) => {
      flush();
      post({ type: "progress", iteration, total });
    },
    onParams: boundary && {
      every: job.boundaryEvery,
      call: (done, params) => post({ type: "boundary", picture: boundary.picture(done, params) }),
    },
  });
  flush();
  if (boundary) {
    const picture = boundary.picture(
      ir.train.iterations,
      result.params.map((p) => p.data),
    );
    post({ type: "boundary", picture });
  }
  const costs = result.costs.map(({ iteration, cost }) => ({ iteration, cost }));
  post({ type: "done", costs, accuracy: result.accuracy, seconds: result.seconds, engine: result.engine });
}

async function report(job: ModelJob): Promise<void> {
  const ir = compile(job);
  const files = memoryFiles(job.files);
  const result = await trainModel(ir, { files, heldOutCurves: true });
  const datasets = await loadModelData(ir, new RandomState(ir.seed ?? 0), files);
  const { costs, history, heldOutCosts, accuracy, seconds } = result;
  const html = await buildReport({
    ir,
    source: job.text,
    sourceFile: job.file,
    costs,
    history,
    heldOutCosts,
    accuracy,
    params: result.params.map((p) => p.data),
    datasets,
    seconds,
    check: await gradientCheckData(ir, files),
    derivation: reportDerivation(ir),
  });
  post({ type: "report", html });
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const job = event.data;
  try {
    if (job.type === "run") await run(job);
    else if (job.type === "check") {
      post({ type: "checked", check: await gradientCheckData(compile(job), memoryFiles(job.files), true) });
    } else if (job.type === "numbers") {
      const { example, iteration } = job;
      const numbers = await deriveNumbers(compile(job), { example, iteration, files: memoryFiles(job.files) });
      post({ type: "numbers", numbers });
    } else await report(job);
  } catch (error) {
    const diagnostics = error instanceof DiagnosticError ? error.diagnostics : [];
    post({ type: "failed", job: job.type, diagnostics, message: diagnostics.length ? undefined : String(error) });
  }
};
