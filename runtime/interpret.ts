// The generic path: runs a program's forward graph node by node through each op's Float64Array
// kernel, and its backward graph step by step through each op's backward kernel (accumulating
// into zeroed gradients, so values used twice get both contributions). It covers every graph and
// is the reference the generated code is tested against: the kernels sum in the same order as
// the emitted code, so the two agree to the bit.
//
// Buffers are allocated once per batch size m, on first use; a training step allocates nothing.
//
// When the program plans the first-layer rewrite (compiler/rewrite.ts) and `rewrite` is on, a
// training step skips the first layer's two products with X: runtime/first-layer-rewrite.ts
// keeps W·X up to date instead, and writes W back on sync() (and before gradients or
// predictions, which need it).
import { opOf, type OpDefinition, type Shape } from "./ops/index.js";
import type { BackwardContext } from "./ops/index.js";
import type { ForwardGraph, GraphNode, Program, StepKernels } from "./program.js";
import { FirstLayerRewrite } from "./first-layer-rewrite.js";

interface NodeRun {
  node: GraphNode;
  op: OpDefinition;
  ctx: BackwardContext;
  /** Gradient buffers per input for this node's backward step; null where none is needed. */
  grads: (Float64Array | null)[] | null;
  /** The same without the weight's gradient, for the rewritten first layer. */
  gradsWithoutWeight: (Float64Array | null)[] | null;
}

interface Workspace {
  runs: NodeRun[];
  /** Every gradient buffer, for zeroing (and all but the rewritten weight's, which it never writes). */
  gradientList: Float64Array[];
  gradientListRewritten: Float64Array[];
  /** Per parameter (in params order) its gradient, or null. */
  paramGradients: (Float64Array | null)[];
  values: Map<string, Float64Array>;
  gradients: Map<string, Float64Array>;
  X: Float64Array | null;
  Y: Float64Array | null;
}

/** Shapes of every value for a batch of m examples (params keep theirs). */
function shapesFor(graph: ForwardGraph, m: number): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  for (const [name, value] of Object.entries(graph.values)) {
    if (value.role === "param") shapes.set(name, value.shape);
    if (value.role === "input" || value.role === "label" || value.role === "mask")
      shapes.set(name, [value.shape[0], m]);
  }
  for (const node of graph.nodes) {
    shapes.set(
      node.output,
      opOf(node).shape(
        node.inputs.map((i) => shapes.get(i)!),
        node.attrs,
      ),
    );
  }
  return shapes;
}

export interface InterpretOptions {
  /** Carry out the program's first-layer rewrite when it plans one (default true). */
  rewrite?: boolean;
}

export function interpretedKernels(
  program: Program,
  params: readonly Float64Array[],
  options: InterpretOptions = {},
): StepKernels {
  const graph = program.forward;
  const paramIndex = new Map(program.params.map((p, i) => [p.name, i]));
  const plan = options.rewrite !== false && program.rewrite?.applies ? program.rewrite : null;
  const rewrite = plan
    ? new FirstLayerRewrite(params[plan.weight], program.params[plan.weight].shape[0], program.params[plan.weight].shape[1])
    : null;
  const rewrittenWeight = plan ? program.params[plan.weight].name : "";
  const workspaces = new Map<number, Workspace>();

  const workspace = (m: number): Workspace => {
    let w = workspaces.get(m);
    if (w) return w;
    const shapes = shapesFor(graph, m);
    const values = new Map<string, Float64Array>();
    const gradients = new Map<string, Float64Array>();
    const size = (name: string) => shapes.get(name)![0] * shapes.get(name)![1];
    for (const [name, i] of paramIndex) values.set(name, params[i]);
    for (const node of graph.nodes) values.set(node.output, new Float64Array(size(node.output)));
    for (const equation of program.backward.equations) gradients.set(equation.of, new Float64Array(size(equation.of)));
    gradients.set(graph.loss, new Float64Array(1));
    for (const penalty of graph.penalties ?? []) gradients.set(penalty, new Float64Array(1));
    const steps = new Map(program.backward.steps.map((s) => [s.node, s.inputs]));
    const runs = graph.nodes.map((node): NodeRun => {
      const flags = steps.get(node.id);
      return {
        node,
        op: opOf(node),
        ctx: {
          inputs: [],
          inputShapes: node.inputs.map((i) => shapes.get(i)!),
          output: values.get(node.output)!,
          outputShape: shapes.get(node.output)!,
          attrs: node.attrs,
          m,
          dOutput: gradients.get(node.output) ?? new Float64Array(0),
        },
        grads: flags ? node.inputs.map((input, i) => (flags[i] ? gradients.get(input)! : null)) : null,
        gradsWithoutWeight: flags
          ? node.inputs.map((input, i) => (flags[i] && input !== rewrittenWeight ? gradients.get(input)! : null))
          : null,
      };
    });
    const gradientList = [...gradients.values()];
    const gradientListRewritten = [...gradients].filter(([name]) => name !== rewrittenWeight).map(([, g]) => g);
    const paramGradients = program.params.map((p) => gradients.get(p.name) ?? null);
    w = { runs, gradientList, gradientListRewritten, paramGradients, values, gradients, X: null, Y: null };
    workspaces.set(m, w);
    return w;
  };

  const bind = (w: Workspace, X: Float64Array, Y: Float64Array | null, masks?: readonly Float64Array[]) => {
    let changed = !(w.X === X && w.Y === Y);
    (graph.masks ?? []).forEach((mask, i) => {
      const given = masks?.[i];
      if (!given) throw new Error(`the graph drops out ${mask.layer}: a training pass needs its mask ${mask.value}`);
      if (w.values.get(mask.value) !== given) changed = true;
      w.values.set(mask.value, given);
    });
    if (!changed) return;
    w.values.set(graph.input, X);
    if (Y) w.values.set(graph.label, Y);
    for (const run of w.runs) run.ctx.inputs = run.node.inputs.map((i) => w.values.get(i) ?? new Float64Array(0));
    w.X = X;
    w.Y = Y;
  };

  /**
   * Training passes run every node (the rewritten first layer through the rewrite); prediction
   * skips the loss and penalties and passes dropout through.
   */
  const forward = (w: Workspace, training: boolean, rewritten: boolean) => {
    for (const run of w.runs) {
      if (rewritten && run.node.id === plan!.node) rewrite!.forward(params[plan!.bias], run.ctx.output);
      else if (training) run.op.forward(run.ctx);
      else if (run.op.inference === "identity") run.ctx.output.set(run.ctx.inputs[0]);
      else if (run.op.kind !== "loss" && run.op.kind !== "penalty") run.op.forward(run.ctx);
    }
  };
  const cost = (w: Workspace) => {
    let total = w.values.get(graph.loss)![0];
    for (const penalty of graph.penalties ?? []) total += w.values.get(penalty)![0];
    return total;
  };

  const backward = (w: Workspace, rewritten: boolean) => {
    // Plain indexed loops: the step allocates nothing, not even iterators.
    // dW1 (2 MB for the cat lessons) is not zeroed while the rewrite runs: it is never written then.
    const zeroed = rewritten ? w.gradientListRewritten : w.gradientList;
    for (let g = 0; g < zeroed.length; g++) zeroed[g].fill(0);
    w.gradients.get(graph.loss)![0] = 1;
    for (const penalty of graph.penalties ?? []) w.gradients.get(penalty)![0] = 1;
    for (const step of program.backward.steps) {
      const run = w.runs[step.node];
      run.op.backward(run.ctx, rewritten && step.node === plan!.node ? run.gradsWithoutWeight! : run.grads!);
    }
  };

  return {
    step(X, Y, m, lr, wantCost, masks) {
      const w = workspace(m);
      bind(w, X, Y, masks);
      const rewritten = rewrite !== null;
      if (rewritten) rewrite.begin(X, m);
      forward(w, true, rewritten);
      const J = cost(w);
      backward(w, rewritten);
      for (let i = 0; i < params.length; i++) {
        if (rewritten && i === plan!.weight) continue;
        const P = params[i];
        const dP = w.paramGradients[i];
        if (!dP) continue;
        for (let e = 0; e < P.length; e++) P[e] = P[e] - lr * dP[e];
      }
      if (rewritten) rewrite.update(w.gradients.get(w.runs[plan!.node].node.output)!, lr);
      return wantCost ? J : NaN;
    },
    sync() {
      rewrite?.sync();
    },
    gradients(X, Y, m, G, masks) {
      rewrite?.sync();
      const w = workspace(m);
      bind(w, X, Y, masks);
      forward(w, true, false);
      backward(w, false);
      for (const [name, i] of paramIndex) {
        const dP = w.gradients.get(name);
        if (dP) G[i].set(dP);
        else G[i].fill(0);
      }
      return cost(w);
    },
    predict(X, m, out) {
      rewrite?.sync();
      const w = workspace(m);
      const ones = (graph.masks ?? []).map((mask) => new Float64Array(mask.rows * m));
      bind(w, X, w.Y ?? new Float64Array(m), w.X === X ? (graph.masks ?? []).map((mask) => w.values.get(mask.value)!) : ones);
      forward(w, false, false);
      out.set(w.values.get(graph.prediction)!);
    },
  };
}
