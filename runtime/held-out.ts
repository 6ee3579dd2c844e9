// The cost on data the model does not train on (a test set), measured while it trains, for the
// test-set curve beside the training one. It is the cost J the training curve shows (the loss
// plus any penalties, each with that set's m) of a prediction pass: dropout passes values
// through, nothing is updated and no random number is drawn, so training gives the same numbers
// with or without it. Each measurement costs one forward pass over the set, so the training
// loops take it only at the reported iterations and every so often (TrainingLog's HELD_OUT_POINTS).
import type { Dataset } from "./data/dataset.js";
import type { Program, StepKernels } from "./program.js";
import type { CostPoint, HeldOutRecorder } from "./training-log.js";
import { Workspace, type FirstLayerSubstitute } from "./workspace.js";

/** The first layer's forward pass on data set X (m examples) done another way, while that is needed. */
export interface SubstituteSource {
  active(): boolean;
  forData(X: Float64Array, m: number): FirstLayerSubstitute;
}

/** Costs of prediction passes over other data sets with the current parameters, one workspace per set. */
export class HeldOutEvaluator {
  private readonly workspaces = new Map<Float64Array, Workspace>();

  constructor(
    private readonly program: Program,
    private readonly params: readonly Float64Array[],
    private readonly substitutes?: SubstituteSource,
  ) {}

  cost(X: Float64Array, Y: Float64Array, m: number): number {
    let workspace = this.workspaces.get(X);
    if (!workspace || workspace.m !== m) {
      const substitute = this.substitutes?.forData(X, m) ?? null;
      workspace = new Workspace(this.program, this.params, m, substitute);
      this.workspaces.set(X, workspace);
    }
    workspace.bind(X, Y, null);
    return workspace.evaluate(this.substitutes?.active() ?? false);
  }
}

/** Records the held-out sets' costs at the iterations the TrainingLog asks for. */
export class HeldOutCosts implements HeldOutRecorder {
  readonly costs: Record<string, CostPoint[]>;
  private readonly evaluate: (X: Float64Array, Y: Float64Array, m: number) => number;

  constructor(
    program: Program,
    kernels: StepKernels,
    params: readonly Float64Array[],
    private readonly sets: readonly Dataset[],
  ) {
    this.costs = Object.fromEntries(sets.map((set) => [set.name, []]));
    // Generated code keeps the parameter arrays current; the interpreter's rewrite needs its own pass.
    const evaluator = kernels.evaluate ? null : new HeldOutEvaluator(program, params);
    this.evaluate = kernels.evaluate ? kernels.evaluate.bind(kernels) : evaluator!.cost.bind(evaluator);
  }

  record(iteration: number): void {
    for (const set of this.sets) {
      this.costs[set.name].push({ iteration, cost: this.evaluate(set.X, set.Y, set.samples) });
    }
  }
}
