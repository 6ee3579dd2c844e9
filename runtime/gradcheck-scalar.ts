// A scalar model — the gradient-checking lesson's J(θ) = θ·x — as a gradient-checking problem:
// named scalar parameters, named constants, a cost formula, and the gradient either hand-written
// (`backward { dtheta = x }`) or derived symbolically by the compiler. Every formula runs through
// the same evaluator as the backward blocks (runtime/matrix-formula.ts) on 1×1 matrices, in the
// order written, so `theta * x` is numpy's `thetaplus * x` to the bit.
import type { SourceSpan } from "../contracts/ir.js";
import type { GradientProblem } from "./gradcheck.js";
import { evaluateFormula, parseFormula, scalar, type Matrix } from "./matrix-formula.js";

export interface ScalarEquation {
  name: string;
  expression: string;
  at?: SourceSpan;
}

export interface ScalarModel {
  model: string;
  source?: string;
  params: { name: string; value: number; at?: SourceSpan }[];
  constants: { name: string; value: number; at?: SourceSpan }[];
  cost: ScalarEquation;
  /** The learner's `backward { ... }` equations, when written. */
  backward?: ScalarEquation[];
  /** d<param> = the symbolic derivative of the cost (mathjs), used when there is no backward block. */
  derived: ScalarEquation[];
  check?: { epsilon: number; threshold: number; at?: SourceSpan };
}

export function scalarProblem(model: ScalarModel): GradientProblem & { backward: "hand-written" | "generated" } {
  const values = model.params.map((p) => Float64Array.of(p.value));
  const environment = () => {
    const env = new Map<string, Matrix>();
    for (const c of model.constants) env.set(c.name, scalar(c.value));
    model.params.forEach((p, i) => env.set(p.name, { rows: 1, cols: 1, data: values[i] }));
    return env;
  };
  const cost = parseFormula(model.cost.expression);
  const equations = (model.backward ?? model.derived).map((e) => ({ ...e, tree: parseFormula(e.expression) }));
  return {
    params: model.params.map((p, i) => ({ name: p.name, shape: [1, 1] as const, data: values[i] })),
    cost: () => evaluateFormula(cost, environment()).data![0],
    gradients: () => {
      const env = environment();
      env.set(model.cost.name, evaluateFormula(cost, env));
      for (const e of equations) env.set(e.name, evaluateFormula(e.tree, env));
      return model.params.map((p) => {
        const g = env.get(`d${p.name}`);
        if (!g?.data) throw new Error(`no equation computes d${p.name}`);
        return Float64Array.from(g.data);
      });
    },
    backward: model.backward ? "hand-written" : "generated",
  };
}
