// `nnc check` as one call: build the model's data and parameters exactly as training would (one
// stream, declaration order), then check the gradient its backward pass computes (hand-written
// block or generated) against centred differences, at those initial parameters.
import { DiagnosticError } from "../contracts/diagnostic.js";
import { checkGradients, type CheckOptions, type CheckReport } from "../runtime/gradcheck.js";
import { programProblem, type ProgramProblem } from "../runtime/gradcheck-program.js";
import { initParams } from "../runtime/init.js";
import { RandomState } from "../runtime/rng/index.js";
import type { Program } from "../runtime/program.js";
import { Codes } from "../contracts/codes.js";
import type { ModelIR } from "../contracts/ir.js";
import type { ModelFiles } from "../contracts/files.js";
import { loadModelData } from "./train-model.js";
import { compileProgram } from "../compiler/compile-program.js";

export interface ModelCheck {
  report: CheckReport;
  problem: ProgramProblem;
  program: Program;
}

/** Parameters past this many elements need `--sample` (each element costs four forward passes). */
export const FULL_CHECK_LIMIT = 50_000;

/** `files`: where the model's data files come from (see RunOptions); not needed for generated data. */
export async function checkModel(ir: ModelIR, options: CheckOptions & { files?: ModelFiles }): Promise<ModelCheck> {
  const stream = new RandomState(ir.seed ?? 0);
  const datasets = await loadModelData(ir, stream, options.files);
  const data = datasets.get(ir.train.data)!;
  const program = compileProgram(ir, { samples: data.samples, emit: false });
  const params = initParams(program.params, stream);
  const size = params.reduce((n, p) => n + p.length, 0);
  const checked = options.sample === undefined ? size : Math.min(size, options.sample * params.length);
  if (checked > FULL_CHECK_LIMIT) {
    throw new DiagnosticError([
      {
        severity: "error",
        code: Codes.checkTooLarge,
        message:
          `model '${ir.model}' has ${size} parameters; checking ` + `each one takes four forward passes over the data`,
        file: ir.source,
        help: `check a sample: \`nnc check --sample 20\` checks 20 random elements per tensor`,
      },
    ]);
  }
  const problem = programProblem(program, params, data);
  const report = checkGradients(problem, {
    epsilon: options.epsilon ?? ir.check?.epsilon,
    threshold: options.threshold ?? ir.check?.threshold,
    sample: options.sample,
  });
  return { report, problem, program };
}
