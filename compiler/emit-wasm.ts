// The per-example code of emit-js.ts as one WebAssembly function with SIMD, for the same graphs:
// `leaf(start, count, wantCost, m, labels)` runs forward, loss and backward for examples start .. start +
// count - 1 (at most BLOCK of them), adding each example's dW into accumulators kept in memory
// between calls and leaving the block's pairwise sums of db and of the loss terms.
//
// Why pairs of units and not pairs of examples: the sums over the examples (dW, db, the cost) must
// keep their order, example after example, so that every thread count, SIMD or not, and the
// interpreter give the same bits (spec/semantics.md). So the two lanes of an f64x2 hold two units
// of one example: Z(k, k+1) = Σᵢ W(k..k+1, i)·A(i) + b(k..k+1), dW(k..k+1, i) += dZ(k..k+1)·A(i),
// dA(i, i+1) = Σₖ W(k, i..i+1)·dZ(k). Every lane computes the JavaScript template's expression
// in the same order (compiler/wasm-expression.ts); a value with one row is computed as one f64.
//
// Why blocks of BLOCK examples: numpy's pairwise sum (runtime/ops/sum.ts) sums leaves of at most
// BLOCK elements with eight running sums and adds the leaves up a tree; the leaf here is the
// same leaf, computed while its examples' dZ are still in the cache, and the glue (emit-js.ts)
// adds the leaves up the same tree. Nothing per example leaves the cache, at any m.
import { opOf, type AffineTemplates, type ElementwiseTemplates, type LossTemplates } from "../runtime/ops/index.js";
import { BLOCK } from "../runtime/ops/sum.js";
import type { BackwardGraph, ForwardGraph, GraphNode, ParamSpec } from "../runtime/program.js";
import { F64, FunctionBuilder, I32, moduleBytes, V128 } from "../runtime/wasm/binary.js";
import {
  emitExpression,
  extractLane,
  f64Const,
  MathImports,
  replaceLane,
  splat,
  UnsupportedExpression,
  type Mode,
  type Operand,
} from "./wasm-expression.js";
import { PackedLayout, type WasmLayout } from "./wasm-layout.js";

export type WasmEmitResult = { ok: true; bytes: Uint8Array; layout: WasmLayout } | { ok: false; reason: string };

export function emitWasm(forward: ForwardGraph, backward: BackwardGraph, params: readonly ParamSpec[]): WasmEmitResult {
  if ((forward.masks ?? []).length > 0) return { ok: false, reason: "dropout masks are not in the SIMD code" };
  try {
    const layout = new PackedLayout(forward, backward, params);
    const math = new MathImports();
    const body = new LeafFunction(forward, backward, layout, math).build();
    const bytes = moduleBytes([{ name: "leaf", body }], undefined, math.imports);
    return { ok: true, bytes, layout: layout.describe() };
  } catch (error) {
    if (error instanceof UnsupportedExpression) return { ok: false, reason: error.message };
    throw error;
  }
}

/** One value's storage for the current example: a local per pair of units, or one f64. */
type Stored = { pairs: number[] } | { scalar: number } | { units: number[] };

type Slot = { mode: "pair"; index: number } | { mode: "scalar"; index: number };

/** A backward term for one slot of the value it flows into: template text and its operands. */
type Term = (slot: Slot, prefix: string) => { text: string; operands: Map<string, Operand> };

class LeafFunction {
  private readonly b = new FunctionBuilder(5);
  private readonly start = 0;
  private readonly count = 1;
  private readonly wantCost = 2;
  private readonly m = 3;
  /** Where Y starts (it follows X, whose size depends on m). */
  private readonly labels = 4;
  private readonly i = this.b.local(I32);
  private readonly end = this.b.local(I32);
  /** i - start: the example's place in the leaf's buffers. */
  private readonly inLeaf = this.b.local(I32);
  private readonly rowBytes = this.b.local(I32);
  private readonly invM = this.b.local(F64);
  private readonly values = new Map<string, Stored>();
  private readonly gradients = new Map<string, Stored>();
  private readonly accumulators = new Map<string, number[]>();
  /** Splats made so far in this example's code: "A1:3" (or "dZ2:0" for a gradient) → local. */
  private splats = new Map<string, number>();

  constructor(
    private readonly forward: ForwardGraph,
    private readonly backward: BackwardGraph,
    private readonly layout: PackedLayout,
    private readonly math: MathImports,
  ) {}

  private rows(value: string): number {
    return this.forward.values[value].shape[0];
  }

  build(): FunctionBuilder {
    const b = this.b;
    b.i32(0).f64Load(this.layout.invM).set(this.invM);
    b.get(this.m).i32(8).mul().set(this.rowBytes);
    b.get(this.start).get(this.count).add().set(this.end);
    for (const acc of this.layout.accumulators) {
      const locals = range(acc.slots).map(() => b.local(acc.mode === "pair" ? V128 : F64));
      locals.forEach((local, s) => {
        b.i32(0);
        if (acc.mode === "pair") b.v128Load(acc.offset + 16 * s);
        else b.f64Load(acc.offset + 8 * s);
        b.set(local);
      });
      this.accumulators.set(acc.param, locals);
    }
    b.get(this.start).set(this.i);
    b.i32(0).set(this.inLeaf);
    b.loop(() => {
      b.get(this.i).get(this.end).geU().breakIf();
      this.example();
      b.advanceBy(this.i, 1).advanceBy(this.inLeaf, 1);
    });
    for (const acc of this.layout.accumulators)
      this.accumulators.get(acc.param)!.forEach((local, s) => {
        b.i32(0).get(local);
        if (acc.mode === "pair") b.v128Store(acc.offset + 16 * s);
        else b.f64Store(acc.offset + 8 * s);
      });
    for (const sum of this.layout.sums) {
      if (sum.of === "loss") {
        b.get(this.wantCost).op(0x04, 0x40);
        this.leafSum(sum.buffer, sum.stride, sum.mode, sum.offset);
        b.op(0x0b);
      } else {
        for (let s = 0; s < sum.slots; s++)
          this.leafSum(sum.buffer + 16 * s, sum.stride, sum.mode, sum.offset + 16 * s);
      }
    }
    return b;
  }

  /** One example: read X and Y, forward, the loss term when asked, backward. */
  private example(): void {
    const b = this.b;
    const f = this.forward;
    const xUnits = Array.from({ length: this.rows(f.input) }, (_, k) => {
      const local = b.local(F64);
      b.get(this.i).i32(8).mul();
      if (k > 0) b.get(this.rowBytes).i32(k).mul().add();
      b.f64Load(this.layout.inputs).set(local);
      return local;
    });
    this.values.set(f.input, { units: xUnits });
    const y = b.local(F64);
    b.get(this.i).i32(8).mul().get(this.labels).add().f64Load(0).set(y);
    this.values.set(f.label, { units: [y] });
    this.gradients.clear();
    this.splats.clear();
    for (const node of f.nodes) this.forwardNode(node);
    this.cost();
    this.backwardPass();
  }

  private forwardNode(node: GraphNode): void {
    const op = opOf(node);
    if (op.kind === "loss" || op.kind === "penalty") return;
    const n = this.rows(node.output);
    if (op.kind === "affine") {
      const t = op.templates as AffineTemplates;
      const [W, A, bias] = node.inputs;
      const p = this.rows(A);
      const text = t.forward(
        range(p).map((i) => t.product(`$W${i}`, `$A${i}`)),
        "$b",
      );
      this.store(this.values, node.output, n, (slot) => {
        const operands = new Map<string, Operand>();
        for (let i = 0; i < p; i++) {
          operands.set(`$W${i}`, this.weight(W, slot, "rows", i));
          operands.set(`$A${i}`, this.unit(this.values, A, i));
        }
        operands.set("$b", this.weight(bias, slot, "rows", 0));
        return { text, operands };
      });
    } else if (op.kind === "elementwise") {
      const t = op.templates as ElementwiseTemplates;
      const text = t.forward("$Z", node.attrs);
      this.store(this.values, node.output, n, (slot) => ({
        text,
        operands: new Map([["$Z", this.slotOf(this.values, node.inputs[0], slot)]]),
      }));
    } else {
      throw new UnsupportedExpression(`${node.op} is not in the SIMD code`);
    }
  }

  /** Computes a value's every slot with `expression` and keeps it in new locals. */
  private store(
    into: Map<string, Stored>,
    value: string,
    n: number,
    expression: (slot: Slot) => { text: string; operands: Map<string, Operand> },
  ): void {
    const mode: Mode = n >= 2 ? "pair" : "scalar";
    const slots = mode === "pair" ? Math.ceil(n / 2) : 1;
    const locals = range(slots).map((index) => {
      const { text, operands } = expression({ mode, index });
      emitExpression(this.b, text, mode, operands, this.math);
      const local = this.b.local(mode === "pair" ? V128 : F64);
      this.b.set(local);
      return local;
    });
    into.set(value, mode === "pair" ? { pairs: locals } : { scalar: locals[0] });
  }

  /**
   * Unit k of a value as one f64, or as a pair of it (splat): each splat is made once per example,
   * at its first use, and kept in a local. Shuffles have one port on x86, so repeating them (a
   * unit of A1 meets every pair of Z2 and of dW2) was what bounded the code.
   */
  private unit(from: Map<string, Stored>, value: string, k: number): Operand {
    const stored = from.get(value);
    if (!stored) throw new Error(`${value} is used before it is computed`);
    const scalar = (b: FunctionBuilder) => {
      if ("units" in stored) b.get(stored.units[k]);
      else if ("scalar" in stored) b.get(stored.scalar);
      else {
        b.get(stored.pairs[k >> 1]);
        extractLane(b, k & 1);
      }
    };
    const key = `${from === this.values ? "" : "d"}${value}:${k}`;
    return {
      scalar,
      pair: (b) => {
        const cached = this.splats.get(key);
        if (cached !== undefined) return void b.get(cached);
        const local = b.local(V128);
        scalar(b);
        splat(b);
        b.tee(local);
        this.splats.set(key, local);
      },
    };
  }

  /** The value's own slot: its pair of units (index), or its one f64. */
  private slotOf(from: Map<string, Stored>, value: string, slot: Slot): Operand {
    const stored = from.get(value);
    if (!stored) throw new Error(`${value} is used before it is computed`);
    if (slot.mode === "scalar") return this.unit(from, value, slot.index);
    if ("pairs" in stored) return { pair: (b) => b.get(stored.pairs[slot.index]) };
    // Units kept one by one (X): build the pair.
    const first = this.unit(from, value, 2 * slot.index);
    const second = 2 * slot.index + 1 < this.rows(value) ? this.unit(from, value, 2 * slot.index + 1) : undefined;
    return {
      pair: (b) => {
        first.scalar!(b);
        splat(b);
        if (second) {
          second.scalar!(b);
          replaceLane(b, 1);
        }
      },
    };
  }

  /** A parameter's element for a slot: `rows` pairs W(k..k+1, i), `cols` pairs W(k, i..i+1). */
  private weight(param: string, slot: Slot, along: "rows" | "cols", fixed: number): Operand {
    const place = this.layout.param(param);
    if (slot.mode === "scalar") {
      const [row, col] = along === "rows" ? [slot.index, fixed] : [fixed, slot.index];
      const offset = place.rowMajor + 8 * (row * place.cols + col);
      return { scalar: (b) => b.i32(0).f64Load(offset) };
    }
    const offset =
      along === "rows"
        ? place.rowPairs + 16 * (slot.index * place.cols + fixed)
        : place.colPairs + 16 * (fixed * Math.ceil(place.cols / 2) + slot.index);
    return { pair: (b) => b.i32(0).v128Load(offset) };
  }

  private lossNode(): GraphNode {
    return this.forward.nodes.find((n) => n.output === this.forward.loss)!;
  }

  /** The loss template's names (Z, A, Y) bound to unit 0 of the node's inputs. */
  private lossOperands(node: GraphNode): { names: Record<string, string>; operands: Map<string, Operand> } {
    const names: Record<string, string> = {};
    const operands = new Map<string, Operand>();
    opOf(node).inputs.forEach((input, i) => {
      names[input.name] = `$${input.name}`;
      operands.set(`$${input.name}`, this.unit(this.values, node.inputs[i], 0));
    });
    operands.set("invM", { scalar: (b) => b.get(this.invM) });
    return { names, operands };
  }

  private cost(): void {
    const b = this.b;
    const node = this.lossNode();
    const t = opOf(node).templates as LossTemplates;
    const { names, operands } = this.lossOperands(node);
    // A splat first made inside the block would be unset after it: the block's splats are dropped.
    const splatsBefore = new Map(this.splats);
    b.get(this.wantCost).op(0x04, 0x40);
    const term = b.local(F64);
    emitExpression(b, t.term(names), "scalar", operands, this.math);
    b.set(term);
    b.get(this.inLeaf).i32(8).mul().get(term);
    if (t.skipNaN) {
      // numpy's nansum: a NaN term counts as 0 (term === term is false only for NaN).
      f64Const(b, 0);
      b.get(term).get(term).op(0x61, 0x1b);
    }
    b.f64Store(this.layout.lossTerms);
    b.op(0x0b);
    this.splats = splatsBefore;
  }

  private backwardPass(): void {
    const terms = new Map<string, Term[]>();
    const push = (value: string, term: Term) => terms.set(value, [...(terms.get(value) ?? []), term]);
    const materialise = (value: string) => {
      const list = terms.get(value);
      if (!list) throw new Error(`no gradient flows into ${value}`);
      this.store(this.gradients, value, this.rows(value), (slot) => {
        const parts = list.map((term, t) => term(slot, `$t${t}`));
        const operands = new Map(parts.flatMap((part) => [...part.operands]));
        const text = parts.length === 1 ? parts[0].text : parts.map((part) => `(${part.text})`).join(" + ");
        return { text, operands };
      });
    };
    for (const step of this.backward.steps) {
      const node = this.forward.nodes[step.node];
      const op = opOf(node);
      if (op.kind === "penalty") continue; // added once per pass by the glue
      if (op.kind === "loss") {
        const t = op.templates as LossTemplates;
        step.inputs.forEach((flag, i) => {
          if (!flag) return;
          push(node.inputs[i], (_slot, prefix) => {
            const { names, operands } = this.lossOperands(node);
            const renamed = rename(names, operands, prefix);
            return { text: t.gradient({ ...renamed.names, invM: "invM" }), operands: renamed.operands };
          });
        });
      } else if (op.kind === "elementwise") {
        const t = op.templates as ElementwiseTemplates;
        materialise(node.output);
        push(node.inputs[0], (slot, prefix) => ({
          text: t.backward({ dA: `${prefix}dA`, Z: `${prefix}Z`, A: `${prefix}A` }, node.attrs),
          operands: new Map([
            [`${prefix}dA`, this.slotOf(this.gradients, node.output, slot)],
            [`${prefix}Z`, this.slotOf(this.values, node.inputs[0], slot)],
            [`${prefix}A`, this.slotOf(this.values, node.output, slot)],
          ]),
        }));
      } else if (op.kind === "affine") {
        materialise(node.output);
        this.affineBackward(node, step.inputs, push);
      } else {
        throw new UnsupportedExpression(`${node.op} is not in the SIMD code`);
      }
    }
  }

  private affineBackward(node: GraphNode, flags: readonly boolean[], push: (value: string, term: Term) => void): void {
    const b = this.b;
    const t = opOf(node).templates as AffineTemplates;
    const [W, A, bias] = node.inputs;
    const [flagW, flagA, flagB] = flags;
    const n = this.rows(node.output);
    const p = this.rows(A);
    const dZ = node.output;
    if (flagW) {
      const acc = this.layout.accumulator(W);
      const locals = this.accumulators.get(W)!;
      const text = t.weightGradient("$dZ", "$A");
      for (let s = 0; s < locals.length; s++) {
        const operands = new Map<string, Operand>();
        if (acc.along === "rows") {
          // slot s = (pair of rows, column): dZ's pair times A's unit
          const [pair, col] = [Math.floor(s / p), s % p];
          operands.set("$dZ", this.slotOf(this.gradients, dZ, { mode: "pair", index: pair }));
          operands.set("$A", this.unit(this.values, A, col));
        } else if (acc.along === "cols") {
          operands.set("$dZ", this.unit(this.gradients, dZ, 0));
          operands.set("$A", this.slotOf(this.values, A, { mode: "pair", index: s }));
        } else {
          operands.set("$dZ", this.unit(this.gradients, dZ, 0));
          operands.set("$A", this.unit(this.values, A, 0));
        }
        b.get(locals[s]);
        emitExpression(b, text, acc.mode, operands, this.math);
        b.op(...(acc.mode === "pair" ? [0xfd, 0xf0, 0x01] : [0xa0]));
        b.set(locals[s]);
      }
    }
    if (flagB) {
      const buffer = this.layout.biasBuffer(bias);
      const stored = this.gradients.get(dZ)!;
      if ("pairs" in stored) {
        stored.pairs.forEach((local, s) => {
          b.get(this.inLeaf).i32(buffer.stride).mul().get(local).v128Store(buffer.offset + 16 * s);
        });
      } else if ("scalar" in stored) {
        b.get(this.inLeaf).i32(8).mul().get(stored.scalar).f64Store(buffer.offset);
      }
    }
    if (flagA) {
      const text = t.inputGradient(range(n).map((k) => t.product(`$W${k}`, `$dZ${k}`)));
      push(A, (slot, prefix) => {
        const operands = new Map<string, Operand>();
        for (let k = 0; k < n; k++) {
          operands.set(`${prefix}W${k}`, this.weight(W, slot, "cols", k));
          operands.set(`${prefix}dZ${k}`, this.unit(this.gradients, dZ, k));
        }
        return { text: text.replace(/\$(W|dZ)(\d+)/g, `${prefix}$1$2`), operands };
      });
    }
  }

  /**
   * numpy's pairwise leaf over `count` elements at `buffer` + i·stride (f64 or f64x2 lanes each
   * their own sum): under 8, one running sum from 0; else eight running sums started with the
   * first eight, combined ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the rest added
   * one by one (runtime/ops/sum.ts). The result goes to `out`.
   */
  private leafSum(buffer: number, stride: number, mode: Mode, out: number): void {
    const b = this.b;
    const type = mode === "pair" ? V128 : F64;
    const add = () => b.op(...(mode === "pair" ? [0xfd, 0xf0, 0x01] : [0xa0]));
    const load = (offset: number) => (mode === "pair" ? b.v128Load(offset) : b.f64Load(offset));
    const address = (k: number) => b.get(k).i32(stride).mul();
    const k = b.local(I32);
    const sum = b.local(type);
    const running = range(8).map(() => b.local(type));
    const limit = b.local(I32);
    const oneByOne = () =>
      b.loop(() => {
        b.get(k).get(this.count).geU().breakIf();
        b.get(sum);
        address(k);
        load(buffer);
        add();
        b.set(sum);
        b.advanceBy(k, 1);
      });
    b.i32(0).set(k);
    b.get(this.count).i32(8).op(0x49); // i32.lt_u
    b.op(0x04, 0x40);
    if (mode === "pair") b.zero();
    else f64Const(b, 0);
    b.set(sum);
    oneByOne();
    b.op(0x05); // else
    running.forEach((r, t) => {
      b.i32(0);
      load(buffer + t * stride);
      b.set(r);
    });
    b.get(this.count).get(this.count).i32(7).op(0x71).op(0x6b).set(limit); // count - count % 8
    b.i32(8).set(k);
    b.loop(() => {
      b.get(k).get(limit).geU().breakIf();
      running.forEach((r, t) => {
        b.get(r);
        b.get(k).i32(t).add().i32(stride).mul();
        load(buffer);
        add();
        b.set(r);
      });
      b.advanceBy(k, 8);
    });
    const pairUp = (x: number, y: number) => {
      b.get(running[x]).get(running[y]);
      add();
    };
    pairUp(0, 1);
    pairUp(2, 3);
    add();
    pairUp(4, 5);
    pairUp(6, 7);
    add();
    add();
    b.set(sum);
    oneByOne();
    b.op(0x0b);
    b.i32(0).get(sum);
    if (mode === "pair") b.v128Store(out);
    else b.f64Store(out);
  }
}

/** The same operands under names that start with `prefix` (terms of one sum must not collide). */
function rename(
  names: Record<string, string>,
  operands: Map<string, Operand>,
  prefix: string,
): { names: Record<string, string>; operands: Map<string, Operand> } {
  const renamedNames = Object.fromEntries(Object.entries(names).map(([k, v]) => [k, prefix + v.slice(1)]));
  const renamedOperands = new Map(
    [...operands].map(([name, operand]) => [name.startsWith("$") ? prefix + name.slice(1) : name, operand]),
  );
  return { names: renamedNames, operands: renamedOperands };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export { BLOCK };
