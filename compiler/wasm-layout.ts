// Where the SIMD per-example code (emit-wasm.ts) keeps everything in its memory, in bytes: 1/m,
// each parameter in the three forms its code reads (pairs of rows, pairs of columns, row-major),
// the dW accumulators, the leaf's buffers and sums, then X and Y. The glue (emit-js.ts) writes
// parameters and data in and reads the sums out by the same description.
import { opOf } from "../runtime/ops/index.js";
import { BLOCK } from "../runtime/ops/sum.js";
import type { BackwardGraph, ForwardGraph, ParamSpec } from "../runtime/program.js";

export interface ParamPlace {
  rows: number;
  cols: number;
  /** (W[2r][c], W[2r+1][c]) at rowPairs + 16·(r·cols + c); the odd row's partner is 0. */
  rowPairs: number;
  /** (W[r][2c], W[r][2c+1]) at colPairs + 16·(r·⌈cols/2⌉ + c). */
  colPairs: number;
  rowMajor: number;
}

export interface AccumulatorPlace {
  param: string;
  /** dW paired as W's rowPairs (rows ≥ 2), as its colPairs (one row), or one f64 (1 × 1). */
  along: "rows" | "cols" | "scalar";
  mode: "pair" | "scalar";
  offset: number;
  slots: number;
}

export interface SumPlace {
  /** "loss" for the loss terms, else the bias whose db this is. */
  of: string;
  mode: "pair" | "scalar";
  /** Where the leaf's values are, one per example `stride` bytes apart. */
  buffer: number;
  stride: number;
  /** Where the leaf's sum goes (pairs: 16 bytes per slot). */
  offset: number;
  slots: number;
}

/** The layout as plain data, for the glue. */
export interface WasmLayout {
  invM: number;
  params: Record<string, ParamPlace>;
  accumulators: AccumulatorPlace[];
  sums: SumPlace[];
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
  readonly lossTerms: number;
  readonly inputs: number;
  private readonly params = new Map<string, ParamPlace>();
  private readonly biasBuffers = new Map<string, { offset: number; stride: number }>();
  private readonly sumsFirst: number;
  private end = 16;

  constructor(forward: ForwardGraph, backward: BackwardGraph, params: readonly ParamSpec[]) {
    for (const p of params) {
      const [rows, cols] = p.shape;
      const rowPairs = this.take(16 * Math.ceil(rows / 2) * cols);
      const colPairs = this.take(16 * rows * Math.ceil(cols / 2));
      const rowMajor = this.take(8 * rows * cols);
      this.params.set(p.name, { rows, cols, rowPairs, colPairs, rowMajor });
    }
    const affineSteps = backward.steps
      .map((step) => ({ flags: step.inputs, node: forward.nodes[step.node] }))
      .filter(({ node }) => opOf(node).kind === "affine");
    for (const { flags, node } of affineSteps) {
      if (!flags[0]) continue;
      const { rows, cols } = this.param(node.inputs[0]);
      const along = rows >= 2 ? "rows" : cols >= 2 ? "cols" : "scalar";
      const slots = along === "rows" ? Math.ceil(rows / 2) * cols : along === "cols" ? Math.ceil(cols / 2) : 1;
      const mode = along === "scalar" ? "scalar" : "pair";
      const offset = this.take((mode === "pair" ? 16 : 8) * slots);
      this.accumulators.push({ param: node.inputs[0], along, mode, offset, slots });
    }
    this.lossTerms = this.take(8 * BLOCK);
    const leaves: Omit<SumPlace, "offset">[] = [
      { of: "loss", mode: "scalar", buffer: this.lossTerms, stride: 8, slots: 1 },
    ];
    for (const { flags, node } of affineSteps) {
      if (!flags[2]) continue;
      const rows = forward.values[node.output].shape[0];
      const mode = rows >= 2 ? "pair" : "scalar";
      const slots = mode === "pair" ? Math.ceil(rows / 2) : 1;
      const stride = mode === "pair" ? 16 * slots : 8;
      const buffer = this.take(stride * BLOCK);
      this.biasBuffers.set(node.inputs[2], { offset: buffer, stride });
      leaves.push({ of: node.inputs[2], mode, buffer, stride, slots });
    }
    this.sumsFirst = this.end;
    for (const leaf of leaves) this.sums.push({ ...leaf, offset: this.take(16 * leaf.slots) });
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

  biasBuffer(bias: string): { offset: number; stride: number } {
    return this.biasBuffers.get(bias)!;
  }

  describe(): WasmLayout {
    return {
      invM: this.invM,
      params: Object.fromEntries(this.params),
      accumulators: this.accumulators,
      sums: this.sums,
      sumsRegion: { first: this.sumsFirst / 8, count: (this.inputs - this.sumsFirst) / 8 },
      inputs: this.inputs,
    };
  }
}
