// A compiled network as a gradient-checking problem: the cost is one forward pass through the
// ops' kernels over the training set at the current parameters; the analytic gradient is the
// program's hand-written backward block when it has one, else its generated backward pass, both
// over the same workspace (runtime/workspace.ts) the interpreter trains with.
import type { Dataset } from "./data/dataset.js";
import type { CheckedTensor, GradientProblem } from "./gradcheck.js";
import type { Program } from "./program.js";
import { formulaValues, parameterGradients, parseEquations, runEquations } from "./hand-backward.js";
import { drawDropoutMasks } from "./regularize.js";
import { RandomState } from "./rng/index.js";
import { Workspace } from "./workspace.js";

export interface ProgramProblem extends GradientProblem {
  /** Bound to the training set (and the held dropout masks): its values are those of the latest pass. */
  workspace: Workspace;
  program: Program;
  /** "hand-written" when a backward block is checked, else "generated". */
  backward: "hand-written" | "generated";
}

export function programProblem(program: Program, params: readonly Float64Array[], data: Dataset): ProgramProblem {
  // Dropout masks are drawn once, as a training pass would draw them, and held fixed for every cost
  // and gradient compared (runtime/regularize.ts): two different masks would be two different functions.
  const masks = drawDropoutMasks(program, new RandomState(program.dropout?.reseed ?? program.seed ?? 0), data.samples);
  const workspace = new Workspace(program, params, data.samples);
  workspace.bind(data.X, data.Y, masks);
  const tensors: CheckedTensor[] = program.params.map((p, i) => ({
    name: p.name,
    layer: p.layer,
    shape: p.shape,
    data: params[i],
  }));
  const equations = program.handBackward ? parseEquations(program.handBackward) : null;
  const gradients = (): Float64Array[] => {
    workspace.forward();
    if (equations)
      return parameterGradients(program, runEquations(equations, formulaValues(workspace), program.source));
    workspace.backward();
    return workspace.paramGradients.map((g, i) => (g ? Float64Array.from(g) : new Float64Array(params[i].length)));
  };
  return {
    params: tensors,
    cost: () => workspace.forward(),
    gradients,
    kinkSides: () => workspace.kinkSides(),
    workspace,
    program,
    backward: equations ? "hand-written" : "generated",
  };
}
