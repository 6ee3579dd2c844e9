// Where the SIMD per-example code (emit-wasm.ts) keeps everything in its memory, in bytes: 1/m,
// each parameter element twice (both lanes of an f64x2: the code multiplies two examples by it),
// the dW accumulators, the leaf's buffers and sums, then X and Y. The glue (emit-js.ts) writes
// parameters and data in and reads the sums out by the same description.
import { opOf } from "../runtime/ops/index.js";
import { BLOCK } from "../runtime/ops/sum.js";
import type { BackwardGraph, ForwardGraph, ParamSpec } from "../runtime/program.js";

export interface ParamPlace {
  rows: number;
  cols: number;
  /** (W[r][c], W[r][c]) at splats + 16·(r·cols + c). */
  splats: number;
}

export interface AccumulatorPlace {
  param: string;
  /**
   * dW as pairs of rows, (dW[2r][c], dW[2r+1][c]) in slot r·cols + c; as pairs of columns,
   * (dW[r][2c], dW[r][2c+1]) in slot r·⌈cols/2⌉ + c; or one f64 (1 × 1).
   */
  along: "rows" | "cols" | "scalar";
  mode: "pair" | "scalar";
  offset: number;
  slots: number;
}

export interface SumPlace {
  /** "loss" for the loss terms, else the bias whose db this is. */
  of: string;
  /** Unit k's values for the leaf's examples, one after another, at buffer + k·UNIT_STRIDE. */
  buffer: number;
  units: number;
  /** Where unit k's leaf sum goes: offset + 8·k. */
  offset: number;
}

export interface LossInputPlace {
  name: string;
  offset: number | "labels";
}

/** Bytes between two units' rows in a leaf buffer: BLOCK examples and the odd example's partner. */
export const UNIT_STRIDE = 8 * (BLOCK + 2);

/** The layout as plain data, for the glue. */
export interface WasmLayout {
  invM: number;
  params: Record<string, ParamPlace>;
  accumulators: AccumulatorPlace[];
  sums: SumPlace[];
  /** Where each loss input's unit 0 lies for the leaf's examples: a leaf buffer (bytes), or "labels" (Y). */
  lossInputs: LossInputPlace[];
  /** The sums' region, in doubles: [first, first + count). */
  sumsRegion: { first: number; count: number };
  /** X (features × m, row-major) starts here; Y follows it, 16-aligned. */
  inputs: number;
}

const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

export class PackedLayout {
  readonly invM = 0;
  readonly accumulators: AccumulatorPlace[] = [];
  readonly sums: SumPlace[] = [];
  /** Where each loss input's unit 0 (Z, A, Y: the loss op's names) lies per example, for the glue. */
  readonly lossInputs: LossInputPlace[] = [];
  readonly inputs: number;
  private readonly params = new Map<string, ParamPlace>();
  private readonly valueBuffers = new Map<string, number>();
  private readonly gradientBuffers = new Map<string, number>();
  private readonly sumsFirst: number;
  private end = 16;

  constructor(forward: ForwardGraph, backward: BackwardGraph, params: readonly ParamSpec[]) {
    for (const p of params) {
      const [rows, cols] = p.shape;
      this.params.set(p.name, { rows, cols, splats: this.take(16 * rows * cols) });
    }
    const affineSteps = backward.steps
      .map((step) => ({ flags: step.inputs, node: forward.nodes[step.node] }))
      .filter(({ node }) => opOf(node).kind === "affine");
    for (const { flags, node } of affineSteps) {
      if (!flags[0]) continue;
      const { rows, cols } = this.param(node.inputs[0]);
      // Pairs of rows or of columns, whichever needs fewer (an odd count wastes a lane per pair).
      const byRows = Math.ceil(rows / 2) * cols;
      const byCols = rows * Math.ceil(cols / 2);
      const along = rows * cols === 1 ? "scalar" : rows >= 2 && byRows <= byCols ? "rows" : "cols";
      const slots = along === "rows" ? byRows : along === "cols" ? byCols : 1;
      const mode = along === "scalar" ? "scalar" : "pair";
      const offset = this.take((mode === "pair" ? 16 : 8) * slots);
      this.accumulators.push({ param: node.inputs[0], along, mode, offset, slots });
    }
    // The loss terms are computed and summed by the glue (JavaScript calls Math.log1p faster than
    // WebAssembly can); the region keeps a place for their leaf sum beside the db sums.
    const leaves: Omit<SumPlace, "offset">[] = [{ of: "loss", buffer: -1, units: 1 }];
    const biasBuffers = new Map<string, number>();
    for (const { flags, node } of affineSteps) {
      if (!flags[2]) continue;
      const units = forward.values[node.output].shape[0];
      const buffer = this.take(UNIT_STRIDE * units);
      biasBuffers.set(node.inputs[2], buffer);
      leaves.push({ of: node.inputs[2], buffer, units });
    }
    // Every node's output and its gradient, unit after unit, for the leaf's examples (an affine
    // node's dZ is its bias's db buffer, summed from there).
    for (const node of forward.nodes) {
      const kind = opOf(node).kind;
      if (kind !== "affine" && kind !== "elementwise") continue;
      const units = forward.values[node.output].shape[0];
      this.valueBuffers.set(node.output, this.take(UNIT_STRIDE * units));
      const bias = kind === "affine" ? biasBuffers.get(node.inputs[2]) : undefined;
      this.gradientBuffers.set(node.output, bias ?? this.take(UNIT_STRIDE * units));
    }
    // The loss's inputs are read where they already are: Z and A in their leaf buffers, Y in the data.
    const lossNode = forward.nodes.find((n) => n.output === forward.loss)!;
    opOf(lossNode).inputs.forEach((input, i) => {
      const value = lossNode.inputs[i];
      this.lossInputs.push({ name: input.name, offset: value === forward.label ? "labels" : this.valueBuffer(value) });
    });
    this.sumsFirst = this.end;
    for (const leaf of leaves) this.sums.push({ ...leaf, offset: this.take(8 * leaf.units) });
    this.inputs = this.end;
  }

  private take(bytes: number): number {
    const at = this.end;
    this.end += align(bytes);
    return at;
  }

  param(name: string): ParamPlace {
    const place = this.params.get(name);
    if (!place) throw new Error(`no parameter ${name}`);
    return place;
  }

  accumulator(param: string): AccumulatorPlace {
    return this.accumulators.find((a) => a.param === param)!;
  }

  /** Where a node's output (or its gradient) keeps unit k of the leaf's examples: + k·UNIT_STRIDE. */
  valueBuffer(value: string): number {
    const at = this.valueBuffers.get(value);
    if (at === undefined) throw new Error(`${value} has no leaf buffer`);
    return at;
  }

  gradientBuffer(value: string): number {
    const at = this.gradientBuffers.get(value);
    if (at === undefined) throw new Error(`${value} has no gradient buffer`);
    return at;
  }

  describe(): WasmLayout {
    return {
      invM: this.invM,
      params: Object.fromEntries(this.params),
      accumulators: this.accumulators,
      sums: this.sums,
      lossInputs: this.lossInputs,
      sumsRegion: { first: this.sumsFirst / 8, count: (this.inputs - this.sumsFirst) / 8 },
      inputs: this.inputs,
    };
  }
}
