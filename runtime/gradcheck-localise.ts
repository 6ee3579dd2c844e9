// Localisation: a failing tensor says that some equation upstream of it is wrong, not which.
// This walks the backward pass's equations in the order they run (dZ3, dW3, db3, dA2, dZ2, ...)
// and compares each adjoint dV with a numeric one, found by nudging V itself by ±ε and running
// the forward pass on from V's producer. Every input of an equation is computed above it, so the
// first equation whose adjoint disagrees is where the mistake enters: later ones only inherit it.
import type { SourceSpan } from "../contracts/ir.js";
import {
  judge,
  numericGradient,
  type CheckOptions,
  type TensorReport,
  DEFAULT_EPSILON,
  DEFAULT_THRESHOLD,
} from "./gradcheck.js";
import type { ProgramProblem } from "./gradcheck-program.js";
import { formulaValues, parseEquations, runEquations } from "./hand-backward.js";

export interface EquationVerdict {
  /** `dZ2` */
  name: string;
  /** The value it is the gradient of: `Z2`. */
  of: string;
  /** The equation as written (hand-written) or generated: `dZ2 = dA2 .* (A2 > 0)`. */
  equation: string;
  /** Where it is in the .nnspec: its own line (hand-written) or its layer's (generated). */
  at?: SourceSpan;
  report: TensorReport;
  /** 1, or m when the equation follows the course's convention dZ = m · ∂J/∂Z (1/m in dW and db). */
  scale: number;
}

export interface Localisation {
  equations: EquationVerdict[];
  /** The first equation whose adjoint is wrong, if any. */
  firstWrong: EquationVerdict | null;
}

export function localise(
  problem: ProgramProblem,
  options: CheckOptions & { generatedAt?: (of: string) => SourceSpan | undefined } = {},
): Localisation {
  const { workspace, program } = problem;
  const epsilon = options.epsilon ?? DEFAULT_EPSILON;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  workspace.forward();
  const values = program.forward.values;
  let adjoints: { name: string; of: string; equation: string; at?: SourceSpan; analytic: Float64Array }[];
  if (program.handBackward) {
    const equations = parseEquations(program.handBackward);
    const results = runEquations(equations, formulaValues(workspace), program.source);
    adjoints = equations.flatMap((e) => {
      const of = e.name.startsWith("d") ? e.name.slice(1) : "";
      const analytic = results.get(e.name)?.data;
      const known =
        values[of] && values[of].role !== "input" && values[of].role !== "label" && values[of].role !== "loss";
      return known && analytic
        ? [
            {
              name: e.name,
              of,
              equation: `${e.name} = ${e.expression}`,
              at: e.at,
              analytic: Float64Array.from(analytic),
            },
          ]
        : [];
    });
  } else {
    workspace.backward();
    adjoints = program.backward.equations.map((e) => ({
      name: e.name,
      of: e.of,
      equation: e.equation,
      at: options.generatedAt?.(e.of),
      analytic: Float64Array.from(workspace.gradients.get(e.of)!),
    }));
  }
  const verdicts: EquationVerdict[] = adjoints.map((adjoint) => {
    const data = workspace.values.get(adjoint.of)!;
    const from = workspace.restartAfter(adjoint.of);
    const tensor = { name: adjoint.name, shape: workspace.shapes.get(adjoint.of)!, data };
    const restarted = {
      params: [tensor],
      cost: () => workspace.forward(from),
      gradients: () => [],
      kinkSides: () => workspace.kinkSides(),
    };
    const numeric = numericGradient(restarted, tensor, epsilon);
    workspace.forward();
    let report = judge(tensor, adjoint.analytic, numeric, threshold);
    let scale = 1;
    if (report.verdict === "FAIL" && values[adjoint.of].role !== "param") {
      // The course's convention: dZ[l] and dA[l] are m times ∂J/∂Z[l] (the 1/m is written into dW and db).
      const m = workspace.m;
      const scaled = {
        ...numeric,
        numeric: numeric.numeric.map((x) => x * m),
        coarse: numeric.coarse.map((x) => x * m),
        resolution: numeric.resolution.map((x) => x * m),
      };
      const asCourse = judge(tensor, adjoint.analytic, scaled, threshold);
      if (asCourse.verdict !== "FAIL") {
        report = asCourse;
        scale = m;
      }
    }
    return { name: adjoint.name, of: adjoint.of, equation: adjoint.equation, at: adjoint.at, report, scale };
  });
  return { equations: verdicts, firstWrong: verdicts.find((v) => v.report.verdict === "FAIL") ?? null };
}
