// Where the SIMD leaf code (emit-wasm.ts) reads its operands, and its loops over the leaf's
// examples: X and Y where the data lies, every other value and gradient from the leaf buffers of
// wasm-layout.ts, the parameters from their splats. A loop body loads each operand once, into a
// local every unit of that body reads.
import { range } from "./emit-js-support.js";
import type { ForwardGraph } from "../runtime/program.js";
import { F64, I32, V128, type FunctionBuilder } from "../runtime/wasm/binary.js";
import type { Operand } from "./wasm-expression.js";
import { UNIT_STRIDE, type PackedLayout } from "./wasm-layout.js";

/** The leaf function's parameters: (start, count, m, labels). */
export const LEAF_PARAMS = { start: 0, count: 1, m: 2, labels: 3 } as const;

export class LeafReads {
  /** The current example's (or pair's) byte offset in the leaf's buffers: 8 · (i − start). */
  private readonly at: number;
  /** 8 · count: where the loops over the leaf end. */
  private readonly leafBytes: number;
  /** X's row k at the leaf's first example (X is features × m, row-major), and Y's. */
  private readonly xRows: number[];
  private readonly yRow: number;
  /** Operands loaded in the current loop body, by key → local. */
  private loaded = new Map<string, number>();

  /** Declares its locals and emits their set-up: call before any other code of the function. */
  constructor(
    private readonly b: FunctionBuilder,
    private readonly forward: ForwardGraph,
    private readonly layout: PackedLayout,
  ) {
    const { start, count, m, labels } = LEAF_PARAMS;
    this.at = b.local(I32);
    this.leafBytes = b.local(I32);
    this.xRows = range(forward.values[forward.input].shape[0]).map(() => b.local(I32));
    this.yRow = b.local(I32);
    b.get(count).i32(8).mul().set(this.leafBytes);
    this.xRows.forEach((row, k) => {
      b.get(start).i32(8).mul().i32(layout.inputs).add();
      if (k > 0)
        b.get(m)
          .i32(8 * k)
          .mul()
          .add();
      b.set(row);
    });
    b.get(start).i32(8).mul().get(labels).add().set(this.yRow);
  }

  /** Pushes the current example's byte offset in the leaf buffers. */
  offset(): void {
    this.b.get(this.at);
  }

  /**
   * `body` for each pair of the leaf's examples (an odd last example with a partner nobody reads:
   * the buffers have room for it). Each lane computes its example's numbers, in their order.
   */
  overPairs(body: () => void): void {
    this.overExamples(2, body);
  }

  /** `body` for each example of the leaf (step 1) or each pair (step 2). */
  overExamples(step: 1 | 2, body: () => void): void {
    const b = this.b;
    b.i32(0).set(this.at);
    b.loop(() => {
      b.get(this.at).get(this.leafBytes).geU().breakIf();
      this.loaded = new Map();
      body();
      b.advanceBy(this.at, 8 * step);
    });
  }

  /** Loads once per loop body: `load` pushes the operand, kept in a local of `type` after. */
  private once(key: string, type: number, load: () => void): void {
    const b = this.b;
    const cached = this.loaded.get(key);
    if (cached !== undefined) return void b.get(cached);
    load();
    const local = b.local(type);
    b.tee(local);
    this.loaded.set(key, local);
  }

  /**
   * Pushes the address of a value's unit k at the current example, less the load's constant
   * offset, which it returns: X and Y are read where the data lies, the rest from leaf buffers.
   */
  private address(value: string, k: number, gradient: boolean): number {
    const b = this.b;
    const dataRow = gradient ? undefined : this.dataRow(value, k);
    if (dataRow !== undefined) {
      b.get(dataRow).get(this.at).add();
      return 0;
    }
    b.get(this.at);
    return (gradient ? this.layout.gradientBuffer(value) : this.layout.valueBuffer(value)) + UNIT_STRIDE * k;
  }

  /** The local holding where X's row k (or Y) starts for the leaf, if `value` is X (or Y). */
  private dataRow(value: string, k: number): number | undefined {
    if (value === this.forward.input) return this.xRows[k];
    if (value === this.forward.label) return this.yRow;
    return undefined;
  }

  /** Unit k of a value (or of its gradient) at the current pair of examples, or example (scalar). */
  unit(value: string, k: number, gradient = false): Operand {
    return {
      pair: (b) => this.load(value, k, gradient, "pair", () => b.v128Load(this.address(value, k, gradient))),
      scalar: (b) => this.load(value, k, gradient, "scalar", () => b.f64Load(this.address(value, k, gradient))),
    };
  }

  /** The current example's unit k in both lanes. */
  splatUnit(value: string, k: number, gradient: boolean): Operand {
    return {
      pair: (b) => this.load(value, k, gradient, "splat", () => b.loadSplat(this.address(value, k, gradient))),
    };
  }

  /** The current example's units k and k + 1 side by side (k twice where k is the last). */
  unitPair(value: string, k: number, units: number, gradient: boolean): Operand {
    if (k + 1 >= units) return this.splatUnit(value, k, gradient);
    return {
      pair: (b) =>
        this.load(value, k, gradient, "units", () => {
          b.loadSplat(this.address(value, k, gradient));
          b.f64Load(this.address(value, k + 1, gradient));
          b.replaceLane(1);
        }),
    };
  }

  /** `once` for one form of a value's (or gradient's) unit k. */
  private load(value: string, k: number, gradient: boolean, form: string, emit: () => void): void {
    this.once(`${gradient ? "d" : ""}${value}:${k}:${form}`, form === "scalar" ? F64 : V128, emit);
  }

  /** W[row][col] in both lanes. */
  weight(param: string, row: number, col: number): Operand {
    const place = this.layout.param(param);
    const offset = place.splats + 16 * (row * place.cols + col);
    return { pair: (b) => b.i32(0).v128Load(offset) };
  }
}
