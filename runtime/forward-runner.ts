// A forward pass over a program's graph through the ops' kernels that keeps every value, can
// restart from any node (so the gradient checker can perturb an intermediate value such as Z2 and
// see what the cost does), and records which side of its kink each kinked input lies on.
import { opOf, type OpDefinition, type Shape } from "./ops/index.js";
import type { ForwardContext } from "./ops/index.js";
import type { Program } from "./program.js";

interface Run {
  op: OpDefinition;
  ctx: ForwardContext;
}

export class ForwardRunner {
  readonly values = new Map<string, Float64Array>();
  readonly shapes = new Map<string, Shape>();
  private readonly runs: Run[];
  /** Node index that produces each value (absent for X, Y and parameters). */
  private readonly producers = new Map<string, number>();
  private readonly kinked: { values: Float64Array; at: number }[] = [];
  private readonly sides: Uint8Array;

  constructor(
    readonly program: Program,
    params: readonly Float64Array[],
    X: Float64Array,
    Y: Float64Array,
    readonly m: number,
    /** One per `program.forward.masks` (dropout), held fixed for every pass. */
    masks: readonly Float64Array[] = [],
  ) {
    const graph = program.forward;
    (graph.masks ?? []).forEach((mask, i) => {
      if (masks[i]?.length !== mask.rows * m) throw new Error(`the check needs dropout mask ${mask.value} (${mask.rows} × ${m})`);
      this.values.set(mask.value, masks[i]);
      this.shapes.set(mask.value, [mask.rows, m]);
    });
    program.params.forEach((p, i) => {
      this.values.set(p.name, params[i]);
      this.shapes.set(p.name, p.shape);
    });
    this.values.set(graph.input, X);
    this.shapes.set(graph.input, [graph.values[graph.input].shape[0], m]);
    this.values.set(graph.label, Y);
    this.shapes.set(graph.label, [graph.values[graph.label].shape[0], m]);
    this.runs = graph.nodes.map((node, index) => {
      const op = opOf(node);
      const inputShapes = node.inputs.map((i) => this.shapes.get(i)!);
      const shape = op.shape(inputShapes, node.attrs);
      const output = new Float64Array(shape[0] * shape[1]);
      this.values.set(node.output, output);
      this.shapes.set(node.output, shape);
      this.producers.set(node.output, index);
      if (op.kinkAt !== undefined) this.kinked.push({ values: this.values.get(node.inputs[0])!, at: op.kinkAt });
      return {
        op,
        ctx: { inputs: node.inputs.map((i) => this.values.get(i)!), inputShapes, output, outputShape: shape, attrs: node.attrs, m },
      };
    });
    this.sides = new Uint8Array(this.kinked.reduce((n, k) => n + k.values.length, 0));
  }

  /** Runs the nodes from `from` on (0: the whole pass) and returns the cost. */
  run(from = 0): number {
    for (let i = from; i < this.runs.length; i++) this.runs[i].op.forward(this.runs[i].ctx);
    // The cost is the loss plus the regularization penalties, in graph order (as training sums it).
    let cost = this.values.get(this.program.forward.loss)![0];
    for (const penalty of this.program.forward.penalties ?? []) cost += this.values.get(penalty)![0];
    return cost;
  }

  /** After the first pass, stochastic ops (dropout) keep their masks: every cost compared sees the same ones. */
  holdRandom(): void {
    for (const run of this.runs) run.ctx.holdRandom = true;
  }

  /** The node to restart from after changing `value` in place (0 for parameters and data). */
  restartAfter(value: string): number {
    const producer = this.producers.get(value);
    return producer === undefined ? 0 : producer + 1;
  }

  /**
   * The program's generated backward pass over the latest forward pass, through the ops' backward
   * kernels: every gradient it computes (dZ3, dW3, dA2, ...), keyed by the value it is the gradient of.
   */
  backward(): Map<string, Float64Array> {
    const graph = this.program.forward;
    const gradients = new Map<string, Float64Array>();
    const size = (name: string) => this.shapes.get(name)![0] * this.shapes.get(name)![1];
    for (const equation of this.program.backward.equations) gradients.set(equation.of, new Float64Array(size(equation.of)));
    gradients.set(graph.loss, Float64Array.of(1));
    for (const penalty of graph.penalties ?? []) gradients.set(penalty, Float64Array.of(1));
    for (const step of this.program.backward.steps) {
      const node = graph.nodes[step.node];
      const run = this.runs[step.node];
      const grads = node.inputs.map((input, i) => (step.inputs[i] ? gradients.get(input)! : null));
      run.op.backward({ ...run.ctx, dOutput: gradients.get(node.output) ?? new Float64Array(0) }, grads);
    }
    return gradients;
  }

  kinkSides(): Uint8Array | null {
    if (this.kinked.length === 0) return null;
    let k = 0;
    for (const { values, at } of this.kinked) for (let i = 0; i < values.length; i++) this.sides[k++] = values[i] > at ? 1 : 0;
    return this.sides;
  }
}
