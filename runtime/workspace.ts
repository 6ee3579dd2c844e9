// The one place a program's graph runs through the ops' Float64Array kernels. A workspace lays out
// every value and gradient of the graph for a batch of m examples once, and then runs, allocating
// nothing:
//   - forward: every node in evaluation order, or from any node on, so the gradient checker can
//     nudge an intermediate value such as Z2 in place and see what the cost does;
//   - cost: the loss plus the regularization penalties, in graph order (as training sums it);
//   - backward: the generated backward graph, each op's backward kernel accumulating into zeroed
//     gradients, so a value used twice gets both contributions.
// The interpreter's training step (runtime/interpret.ts), a hand-written backward block (its
// equations read the forward values here, runtime/hand-backward.ts) and the gradient checker
// (runtime/gradcheck-program.ts, gradcheck-localise.ts) all run on it. The kernels sum in the same
// order as the generated per-example code, so the two agree to the bit.
import { opOf, type BackwardContext, type OpDefinition, type Shape } from "./ops/index.js";
import type { MaskSpec, Program } from "./program.js";

/**
 * The first layer's forward pass done another way while training (runtime/first-layer-rewrite.ts):
 * node `node` writes its output through `forward`, and the backward pass leaves the gradient of
 * `weight` alone (the rewrite updates the weight from that node's dZ itself).
 */
export interface FirstLayerSubstitute {
  node: number;
  weight: string;
  forward(output: Float64Array): void;
}

interface NodeRun {
  op: OpDefinition;
  /** Value names of the node's inputs, rebound when X, Y or a mask changes. */
  inputNames: readonly string[];
  ctx: BackwardContext;
  /** Gradient buffers per input for this node's backward step; null where none is needed. */
  grads: (Float64Array | null)[] | null;
  /** The same without the substituted weight's gradient. */
  gradsWithoutWeight: (Float64Array | null)[] | null;
}

const NONE = new Float64Array(0);
const NO_MASKS: readonly MaskSpec[] = [];

export class Workspace {
  /** Every value of the graph by name: the live parameter arrays, X, Y, masks and node outputs. */
  readonly values = new Map<string, Float64Array>();
  readonly shapes = new Map<string, Shape>();
  /** Gradient of each value the backward graph reaches (and of the loss and penalties), by value name. */
  readonly gradients = new Map<string, Float64Array>();
  /** Per parameter (in `program.params` order) its gradient buffer, or null when nothing reaches it. */
  readonly paramGradients: readonly (Float64Array | null)[];
  private readonly runs: NodeRun[];
  /** Every gradient buffer, for zeroing; and all but the substituted weight's. */
  private readonly gradientList: Float64Array[];
  private readonly gradientListSubstituted: Float64Array[];
  /** Node index that produces each value (absent for X, Y, masks and parameters). */
  private readonly producers = new Map<string, number>();
  /** The loss and penalty values (1 × 1 each), and their gradients, seeded with 1 by backward. */
  private readonly costTerms: Float64Array[];
  private readonly costSeeds: Float64Array[];
  /** Inputs of the ops with a kink (relu's Z), by value name, found on the first kinkSides(). */
  private kinked: { value: string; at: number }[] | null = null;
  private sides = new Uint8Array(0);
  private X: Float64Array | null = null;
  private Y: Float64Array | null = null;
  /** Stand-ins for the labels and masks when a prediction pass is given none (it reads neither). */
  private unusedLabel: Float64Array | null = null;
  private unusedMasks: Float64Array[] | null = null;

  constructor(
    readonly program: Program,
    params: readonly Float64Array[],
    readonly m: number,
    private readonly substitute: FirstLayerSubstitute | null = null,
  ) {
    const graph = program.forward;
    for (const [name, value] of Object.entries(graph.values)) {
      if (value.role === "input" || value.role === "label" || value.role === "mask")
        this.shapes.set(name, [value.shape[0], m]);
    }
    program.params.forEach((p, i) => {
      this.values.set(p.name, params[i]);
      this.shapes.set(p.name, p.shape);
    });
    graph.nodes.forEach((node, index) => {
      const shape = opOf(node).shape(
        node.inputs.map((i) => this.shapes.get(i)!),
        node.attrs,
      );
      this.shapes.set(node.output, shape);
      this.values.set(node.output, new Float64Array(shape[0] * shape[1]));
      this.producers.set(node.output, index);
    });
    const size = (name: string) => this.shapes.get(name)![0] * this.shapes.get(name)![1];
    for (const equation of program.backward.equations)
      this.gradients.set(equation.of, new Float64Array(size(equation.of)));
    const costNames = [graph.loss, ...(graph.penalties ?? [])];
    for (const name of costNames) this.gradients.set(name, new Float64Array(1));
    this.costTerms = costNames.map((name) => this.values.get(name)!);
    this.costSeeds = costNames.map((name) => this.gradients.get(name)!);

    const steps = new Map(program.backward.steps.map((s) => [s.node, s.inputs]));
    const weight = substitute?.weight;
    this.runs = graph.nodes.map((node): NodeRun => {
      const flags = steps.get(node.id);
      const gradsFor = (skip?: string) =>
        flags ? node.inputs.map((input, i) => (flags[i] && input !== skip ? this.gradients.get(input)! : null)) : null;
      return {
        op: opOf(node),
        inputNames: node.inputs,
        ctx: {
          inputs: node.inputs.map((i) => this.values.get(i) ?? NONE),
          inputShapes: node.inputs.map((i) => this.shapes.get(i)!),
          output: this.values.get(node.output)!,
          outputShape: this.shapes.get(node.output)!,
          attrs: node.attrs,
          m,
          dOutput: this.gradients.get(node.output) ?? NONE,
        },
        grads: gradsFor(),
        gradsWithoutWeight: weight === undefined ? null : gradsFor(weight),
      };
    });
    this.gradientList = [...this.gradients.values()];
    this.gradientListSubstituted = [...this.gradients].filter(([name]) => name !== weight).map(([, g]) => g);
    this.paramGradients = program.params.map((p) => this.gradients.get(p.name) ?? null);
  }

  /**
   * Binds the data of the next passes: X and Y (features × m, 1 × m) and one mask per
   * `ForwardGraph.masks` (rows × m, 0 or 1). A prediction pass reads neither labels nor masks and
   * may leave them out; a training pass needs both.
   */
  bind(X: Float64Array, Y: Float64Array | null, masks?: readonly Float64Array[] | null): void {
    const graph = this.program.forward;
    const label = Y ?? this.Y ?? (this.unusedLabel ??= new Float64Array(this.shapes.get(graph.label)![0] * this.m));
    let changed = this.X !== X || this.Y !== label;
    const maskSpecs = graph.masks ?? NO_MASKS;
    for (let i = 0; i < maskSpecs.length; i++) {
      const spec = maskSpecs[i];
      let given = masks?.[i];
      if (!given && masks === null) given = this.values.get(spec.value) ?? this.unusedMask(i);
      if (!given) throw new Error(`the graph drops out ${spec.layer}: a training pass needs its mask ${spec.value}`);
      if (given.length !== spec.rows * this.m)
        throw new Error(`dropout mask ${spec.value} must have ${spec.rows} × ${this.m} values, given ${given.length}`);
      if (this.values.get(spec.value) !== given) changed = true;
      this.values.set(spec.value, given);
    }
    if (!changed) return;
    this.values.set(graph.input, X);
    this.values.set(graph.label, label);
    for (const run of this.runs) run.ctx.inputs = run.inputNames.map((i) => this.values.get(i) ?? NONE);
    this.X = X;
    this.Y = label;
  }

  private unusedMask(i: number): Float64Array {
    this.unusedMasks ??= (this.program.forward.masks ?? []).map((mask) => new Float64Array(mask.rows * this.m));
    return this.unusedMasks[i];
  }

  /**
   * A training pass over the nodes from `from` on (0: the whole pass); returns the cost. With
   * `substituted`, the first layer is computed by the substitute instead of its kernel.
   */
  forward(from = 0, substituted = false): number {
    const runs = this.runs;
    const node = substituted ? this.substitute!.node : -1;
    for (let i = from; i < runs.length; i++) {
      if (i === node) this.substitute!.forward(runs[i].ctx.output);
      else runs[i].op.forward(runs[i].ctx);
    }
    return this.cost();
  }

  /** A prediction pass: no loss or penalties, dropout passes its input through. */
  predict(): Float64Array {
    for (const run of this.runs) {
      if (run.op.inference === "identity") run.ctx.output.set(run.ctx.inputs[0]);
      else if (run.op.kind !== "loss" && run.op.kind !== "penalty") run.op.forward(run.ctx);
    }
    return this.values.get(this.program.forward.prediction)!;
  }

  /**
   * The cost of a prediction pass (dropout passes its input through), as on data the model does
   * not train on; with `substituted`, the first layer is computed by the substitute.
   */
  evaluate(substituted = false): number {
    const runs = this.runs;
    const node = substituted ? this.substitute!.node : -1;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i];
      if (i === node) this.substitute!.forward(run.ctx.output);
      else if (run.op.inference === "identity") run.ctx.output.set(run.ctx.inputs[0]);
      else run.op.forward(run.ctx);
    }
    return this.cost();
  }

  /** The loss plus the penalties of the latest training pass, in graph order. */
  cost(): number {
    const terms = this.costTerms;
    let total = terms[0][0];
    for (let t = 1; t < terms.length; t++) total += terms[t][0];
    return total;
  }

  /**
   * The generated backward pass over the latest training pass, into `gradients`. With
   * `substituted`, the substituted weight's gradient is neither zeroed nor written. With
   * `penalties` false, only the loss is seeded: the gradients of the loss alone (what one
   * example contributes, for `nnc derive --numbers`), the penalties' terms adding zero.
   */
  backward(substituted = false, penalties = true): void {
    // Plain indexed loops: the step allocates nothing, not even iterators. dW1 (2 MB for the cat
    // lessons) is not zeroed while the first layer is substituted: it is never written then.
    const zeroed = substituted ? this.gradientListSubstituted : this.gradientList;
    for (let g = 0; g < zeroed.length; g++) zeroed[g].fill(0);
    const seeds = this.costSeeds;
    for (let t = 0; t < seeds.length; t++) seeds[t][0] = t === 0 || penalties ? 1 : 0;
    const steps = this.program.backward.steps;
    const node = substituted ? this.substitute!.node : -1;
    for (let s = 0; s < steps.length; s++) {
      const run = this.runs[steps[s].node];
      run.op.backward(run.ctx, steps[s].node === node ? run.gradsWithoutWeight! : run.grads!);
    }
  }

  /** The node to restart the forward pass from after changing `value` in place (0 for parameters and data). */
  restartAfter(value: string): number {
    const producer = this.producers.get(value);
    return producer === undefined ? 0 : producer + 1;
  }

  /**
   * Which side of its kink every kinked input (relu's Z) lay on in the latest pass, one byte per
   * element, or null when no op has a kink. The array is reused: copy it to keep it.
   */
  kinkSides(): Uint8Array | null {
    if (!this.kinked) {
      this.kinked = this.runs.flatMap((run) =>
        run.op.kinkAt !== undefined ? [{ value: run.inputNames[0], at: run.op.kinkAt }] : [],
      );
      this.sides = new Uint8Array(this.kinked.reduce((n, k) => n + this.values.get(k.value)!.length, 0));
    }
    if (this.kinked.length === 0) return null;
    let k = 0;
    for (const { value, at } of this.kinked) {
      const values = this.values.get(value)!;
      for (let i = 0; i < values.length; i++) this.sides[k++] = values[i] > at ? 1 : 0;
    }
    return this.sides;
  }
}
