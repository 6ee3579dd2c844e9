// Training and predicting with a hand-written backward block: the forward pass through the ops'
// kernels (ForwardRunner), the gradients from the learner's equations. Slower than generated code
// (the equations allocate), which is fine: a hand-written block is for learning, not for speed.
import { ForwardRunner } from "./forward-runner.js";
import type { Program, StepKernels } from "./program.js";
import { formulaValues, parameterGradients, parseEquations, runEquations, type HandWrittenBackward } from "./hand-backward.js";

export function handWrittenKernels(program: Program, params: readonly Float64Array[], block: HandWrittenBackward): StepKernels {
  const equations = parseEquations(block);
  let cached: { X: Float64Array; Y: Float64Array; runner: ForwardRunner } | null = null;
  const runnerFor = (X: Float64Array, Y: Float64Array, m: number) => {
    if (cached && cached.X === X && cached.Y === Y) return cached.runner;
    cached = { X, Y, runner: new ForwardRunner(program, params, X, Y, m) };
    return cached.runner;
  };
  const gradients = (X: Float64Array, Y: Float64Array, m: number) => {
    const runner = runnerFor(X, Y, m);
    const cost = runner.run();
    return { cost, grads: parameterGradients(program, runEquations(equations, formulaValues(runner), program.source)) };
  };
  return {
    step(X, Y, m, lr, wantCost) {
      const { cost, grads } = gradients(X, Y, m);
      params.forEach((P, i) => {
        for (let e = 0; e < P.length; e++) P[e] = P[e] - lr * grads[i][e];
      });
      return wantCost ? cost : NaN;
    },
    gradients(X, Y, m, G) {
      const { cost, grads } = gradients(X, Y, m);
      grads.forEach((g, i) => G[i].set(g));
      return cost;
    },
    predict(X, m, out) {
      const runner = new ForwardRunner(program, params, X, new Float64Array(m), m);
      runner.run();
      out.set(runner.values.get(program.forward.prediction)!);
    },
  };
}
