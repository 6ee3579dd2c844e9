// The interpreter: StepKernels over a Workspace (runtime/workspace.ts) for every graph the generated
// code does not run, and for every hand-written backward block. The forward pass and the cost are
// the workspace's; the gradients come from the generated backward graph, or from the learner's
// equations (runtime/hand-backward.ts) over the same forward values; a step applies them with gd's
// update (runtime/optimizers/gd.ts), the rule the mini-batch loop applies too.
//
// One workspace per batch size m, made on first use; a generated step allocates nothing. A
// hand-written block's equations allocate (mathjs-style matrices), which is fine: it is for
// learning, not for speed.
//
// When the program plans the first-layer rewrite (compiler/rewrite.ts) and `rewrite` is on, a
// generated training step skips the first layer's two products with X: runtime/first-layer-rewrite.ts
// keeps W·X up to date instead, and writes W back on sync() (and before gradients or
// predictions, which need it).
import type { HandWrittenBackward, Program, StepKernels } from "./program.js";
import { FirstLayerRewrite } from "./first-layer-rewrite.js";
import { HeldOutEvaluator } from "./held-out.js";
import { parameterGradients, parseEquations, runEquations, formulaValues } from "./hand-backward.js";
import { gd } from "./optimizers/gd.js";
import { Workspace, type FirstLayerSubstitute } from "./workspace.js";

export interface InterpretOptions {
  /** Carry out the program's first-layer rewrite when it plans one (default true). */
  rewrite?: boolean;
  /** Take the gradients from this hand-written block instead of the generated backward graph. */
  handWritten?: HandWrittenBackward;
}

const NO_STATE: readonly Float64Array[] = [];
const NO_SETTINGS = {};

export function interpretedKernels(
  program: Program,
  params: readonly Float64Array[],
  options: InterpretOptions = {},
): StepKernels {
  const plan = options.rewrite !== false && !options.handWritten && program.rewrite?.applies ? program.rewrite : null;
  const rewrite = plan
    ? new FirstLayerRewrite(
        params[plan.weight],
        program.params[plan.weight].shape[0],
        program.params[plan.weight].shape[1],
      )
    : null;
  const substitute: FirstLayerSubstitute | null = plan
    ? {
        node: plan.node,
        weight: program.params[plan.weight].name,
        forward: (Z) => rewrite!.forward(params[plan.bias], Z),
      }
    : null;
  const rewrittenOutput = plan ? program.forward.nodes[plan.node].output : "";
  // Other data sets' costs while the rewrite holds W1 as P: their first layer from W1₀ and XᵀX₂.
  const heldOut = new HeldOutEvaluator(
    program,
    params,
    plan
      ? {
          active: () => rewrite!.isActive(),
          forData: (X2, m2) => ({
            node: plan.node,
            weight: program.params[plan.weight].name,
            forward: (Z) => rewrite!.forwardOn(X2, m2, params[plan.bias], Z),
          }),
        }
      : undefined,
  );
  const workspaces = new Map<number, Workspace>();
  const workspace = (m: number): Workspace => {
    let w = workspaces.get(m);
    if (!w) workspaces.set(m, (w = new Workspace(program, params, m, substitute)));
    return w;
  };

  const equations = options.handWritten ? parseEquations(options.handWritten) : null;
  /** The gradients of the latest forward pass, per parameter in `program.params` order (null: none reaches it). */
  const backward = (w: Workspace, rewritten: boolean): readonly (Float64Array | null)[] => {
    if (equations) return parameterGradients(program, runEquations(equations, formulaValues(w), program.source));
    w.backward(rewritten);
    return w.paramGradients;
  };

  return {
    step(X, Y, m, lr, wantCost, masks) {
      const w = workspace(m);
      w.bind(X, Y, masks);
      const rewritten = rewrite !== null;
      if (rewritten) rewrite.begin(X, m);
      const J = w.forward(0, rewritten);
      const grads = backward(w, rewritten);
      for (let i = 0; i < params.length; i++) {
        const dP = grads[i];
        if (dP && !(rewritten && i === plan!.weight)) gd.update(params[i], dP, NO_STATE, lr, NO_SETTINGS, 1);
      }
      if (rewritten) rewrite.update(w.gradients.get(rewrittenOutput)!, lr);
      return wantCost ? J : NaN;
    },
    sync() {
      rewrite?.sync();
    },
    gradients(X, Y, m, G, masks) {
      rewrite?.sync();
      const w = workspace(m);
      w.bind(X, Y, masks);
      const J = w.forward();
      const grads = backward(w, false);
      for (let i = 0; i < G.length; i++) {
        const dP = grads[i];
        if (dP) G[i].set(dP);
        else G[i].fill(0);
      }
      return J;
    },
    evaluate(X, Y, m) {
      return heldOut.cost(X, Y, m);
    },
    predict(X, m, out) {
      rewrite?.sync();
      const w = workspace(m);
      w.bind(X, null, null);
      out.set(w.predict());
    },
  };
}
