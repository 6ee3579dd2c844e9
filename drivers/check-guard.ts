// `check gradient(...)` in a model: the check runs on the initial parameters before the first
// training step, and a failure stops the run with a diagnostic that points at the `check` line,
// names the failing tensors with their ratios and the first wrong equation.
import { DiagnosticError } from "../contracts/diagnostic.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { checkGradients } from "../runtime/gradcheck.js";
import { localise } from "../runtime/gradcheck-localise.js";
import { programProblem } from "../runtime/gradcheck-program.js";
import type { Program } from "../runtime/program.js";
import { Codes } from "../contracts/codes.js";
import type { ModelIR } from "../contracts/ir.js";

export function guardWithGradientCheck(
  ir: ModelIR,
  program: Program,
  params: readonly Float64Array[],
  data: Dataset,
): void {
  const check = ir.check!;
  const copies = params.map((p) => Float64Array.from(p));
  const problem = programProblem(program, copies, data);
  const report = checkGradients(problem, { epsilon: check.epsilon, threshold: check.threshold });
  if (report.passed) return;
  const failing = report.parameters.filter((p) => p.verdict === "FAIL");
  const where = localise(problem, { epsilon: check.epsilon, threshold: check.threshold });
  const first = where.firstWrong;
  throw new DiagnosticError([
    {
      severity: "error",
      code: Codes.checkFailed,
      message: `the gradient check failed (difference ${report.difference.toPrecision(6)}), so training did not start`,
      file: ir.source,
      span: check.at,
      label: "this check failed",
      notes: [
        ...failing.map(
          (p) => `d${p.name} is wrong: difference ${p.difference.toPrecision(3)}, analytic/numeric = ${p.ratioText}`,
        ),
        ...(first
          ? [`the first wrong equation is \`${first.equation}\`${first.at ? ` at line ${first.at.line}` : ""}`]
          : []),
      ],
      help: "fix that equation; `nnc check FILE` prints the whole table",
    },
  ]);
}
