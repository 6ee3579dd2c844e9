// A compiled network as a gradient-checking problem: the cost is one forward pass through the
// ops' kernels over the training set at the current parameters; the analytic gradient is the
// program's hand-written backward block when it has one, else its generated backward pass (run
// by the interpreter, the reference the generated code is tested against).
import type { Dataset } from "./data/dataset.js";
import { ForwardRunner } from "./forward-runner.js";
import type { CheckedTensor, GradientProblem } from "./gradcheck.js";
import type { Program } from "./program.js";
import { formulaValues, parameterGradients, parseEquations, runEquations } from "./hand-backward.js";
import { interpretedKernels } from "./interpret.js";
import { drawDropoutMasks } from "./regularize.js";
import { RandomState } from "./rng/index.js";

export interface ProgramProblem extends GradientProblem {
  runner: ForwardRunner;
  program: Program;
  /** "hand-written" when a backward block is checked, else "generated". */
  backward: "hand-written" | "generated";
}

export function programProblem(program: Program, params: readonly Float64Array[], data: Dataset): ProgramProblem {
  // Dropout masks are drawn once, as a training pass would draw them, and held fixed for every cost
  // and gradient compared (runtime/regularize.ts).
  const masks = drawDropoutMasks(program, new RandomState(program.dropout?.reseed ?? program.seed ?? 0), data.samples);
  const runner = new ForwardRunner(program, params, data.X, data.Y, data.samples, masks);
  runner.run();
  // Stochastic ops (dropout) drew their masks in that first pass; every later pass reuses them.
  runner.holdRandom();
  const tensors: CheckedTensor[] = program.params.map((p, i) => ({ name: p.name, layer: p.layer, shape: p.shape, data: params[i] }));
  const equations = program.handBackward ? parseEquations(program.handBackward) : null;
  const gradients = (): Float64Array[] => {
    if (equations) {
      runner.run();
      return parameterGradients(program, runEquations(equations, formulaValues(runner), program.source));
    }
    const G = program.params.map((p) => new Float64Array(p.shape[0] * p.shape[1]));
    interpretedKernels(program, params).gradients(data.X, data.Y, data.samples, G, masks);
    return G;
  };
  return {
    params: tensors,
    cost: () => runner.run(),
    gradients,
    kinkSides: () => runner.kinkSides(),
    runner,
    program,
    backward: equations ? "hand-written" : "generated",
  };
}
