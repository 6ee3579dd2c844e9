// The per-example code of emit-js.ts as one WebAssembly function with SIMD, for the same graphs:
// `leaf(start, count, m, labels)` runs forward and backward for examples start .. start + count - 1
// (at most BLOCK of them), adding each example's dW into accumulators kept in memory between
// calls and leaving the leaf's pairwise sums of db; the glue reads the loss's inputs (Z and A in
// the leaf buffers, Y in the data) for the cost.
//
// Layer by layer over the leaf: each node's output (and, going back, each gradient) is computed
// for all the leaf's examples in one loop, two examples at once (one in each lane of an f64x2),
// into a leaf buffer a unit after another (wasm-layout.ts). Each lane computes the JavaScript
// template's expression in the same order (compiler/wasm-expression.ts), so each example's
// numbers are the JavaScript code's to the bit. Why layers and not examples: carried through the
// whole network one pair at a time (the first form of this code), an example's chain Z1 → A1 → …
// → dZ1 kept every value live at once — some 40 f64x2 for the He lesson's [2, 10, 5, 1] against
// x64's 16 vector registers, so a third of the instructions moved values to and from the stack,
// and the chain's latency (some 200 cycles) bounded the time. A loop over one layer holds a few
// values and its pairs are independent, so the processor overlaps them: the He lesson's 15000
// steps 0.33 → 0.27 s, 300,000 circles 25 → 16 ms a step.
//
// The sums over the examples (dW, db, the cost) keep their order, example after example, so that
// SIMD or not, any thread count and the interpreter give the same bits (spec/semantics.md): each
// pair of dW's elements (two rows or two columns, wasm-layout.ts) adds one example's products after
// another, eight such accumulators in registers per loop over the leaf; db and the cost are summed
// per unit below.
//
// Why blocks of BLOCK examples: numpy's pairwise sum (runtime/ops/sum.ts) sums leaves of at most
// BLOCK elements with eight running sums and adds the leaves up a tree; the leaf here is the
// same leaf, computed while its examples' values are still in the cache, and the glue
// (emit-js.ts) adds the leaves up the same tree. Nothing per example leaves the cache, at any m.
import { range } from "./emit-js-support.js";
import { opOf, type AffineTemplates, type ElementwiseTemplates, type LossTemplates } from "../runtime/ops/index.js";
import { BLOCK } from "../runtime/ops/sum.js";
import type { BackwardGraph, ForwardGraph, GraphNode, ParamSpec } from "../runtime/program.js";
import { F64, FunctionBuilder, I32, moduleBytes, V128 } from "../runtime/wasm/binary.js";
import { emitExpression, MathImports, UnsupportedExpression, type Operand } from "./wasm-expression.js";
import { emitLeafSum } from "./wasm-leaf-sum.js";
import { LEAF_PARAMS, LeafReads } from "./wasm-leaf-reads.js";
import { PackedLayout, UNIT_STRIDE, type WasmLayout } from "./wasm-layout.js";

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

/** A backward term for one unit of the value it flows into: template text and its operands. */
type Term = (unit: number, prefix: string) => { text: string; operands: Map<string, Operand> };

/** dW's accumulators a loop over the leaf's examples keeps in registers at once. */
const ACCUMULATORS_AT_ONCE = 8;

class LeafFunction {
  private readonly b = new FunctionBuilder(4);
  private readonly reads: LeafReads;
  private readonly invM = this.b.local(V128);

  constructor(
    private readonly forward: ForwardGraph,
    private readonly backward: BackwardGraph,
    private readonly layout: PackedLayout,
    private readonly math: MathImports,
  ) {
    this.reads = new LeafReads(this.b, forward, layout);
  }

  private rows(value: string): number {
    return this.forward.values[value].shape[0];
  }

  build(): FunctionBuilder {
    const b = this.b;
    b.i32(0).loadSplat(this.layout.invM).set(this.invM);
    for (const node of this.forward.nodes) this.forwardNode(node);
    this.backwardPass();
    for (const sum of this.layout.sums)
      if (sum.of !== "loss")
        for (let k = 0; k < sum.units; k++)
          emitLeafSum(b, LEAF_PARAMS.count, sum.buffer + UNIT_STRIDE * k, sum.offset + 8 * k);
    return b;
  }

  /** Computes each unit of `value` (or its gradient) with `expression`, a pair of examples at a time. */
  private store(
    value: string,
    gradient: boolean,
    expression: (unit: number) => { text: string; operands: Map<string, Operand> },
  ): void {
    const b = this.b;
    const buffer = gradient ? this.layout.gradientBuffer(value) : this.layout.valueBuffer(value);
    this.reads.overPairs(() => {
      for (let k = 0; k < this.rows(value); k++) {
        const { text, operands } = expression(k);
        this.reads.offset();
        emitExpression(b, text, "pair", operands, this.math);
        b.v128Store(buffer + UNIT_STRIDE * k);
      }
    });
  }

  private forwardNode(node: GraphNode): void {
    const op = opOf(node);
    if (op.kind === "loss" || op.kind === "penalty") return;
    if (op.kind === "affine") {
      const t = op.templates as AffineTemplates;
      const [W, A, bias] = node.inputs;
      const p = this.rows(A);
      const text = t.forward(
        range(p).map((i) => t.product(`$W${i}`, `$A${i}`)),
        "$b",
      );
      this.store(node.output, false, (k) => {
        const operands = new Map<string, Operand>();
        for (let i = 0; i < p; i++) {
          operands.set(`$W${i}`, this.reads.weight(W, k, i));
          operands.set(`$A${i}`, this.reads.unit(A, i));
        }
        operands.set("$b", this.reads.weight(bias, k, 0));
        return { text, operands };
      });
    } else if (op.kind === "elementwise") {
      const t = op.templates as ElementwiseTemplates;
      const text = t.forward("$Z", node.attrs);
      this.store(node.output, false, (k) => ({
        text,
        operands: new Map([["$Z", this.reads.unit(node.inputs[0], k)]]),
      }));
    } else {
      throw new UnsupportedExpression(`${node.op} is not in the SIMD code`);
    }
  }

  private lossNode(): GraphNode {
    return this.forward.nodes.find((n) => n.output === this.forward.loss)!;
  }

  /** The loss template's names (Z, A, Y) bound to unit 0 of the node's inputs, with `prefix`. */
  private lossOperands(
    node: GraphNode,
    prefix: string,
  ): { names: Record<string, string>; operands: Map<string, Operand> } {
    const names: Record<string, string> = {};
    const operands = new Map<string, Operand>();
    opOf(node).inputs.forEach((input, i) => {
      names[input.name] = `${prefix}${input.name}`;
      operands.set(`${prefix}${input.name}`, this.reads.unit(node.inputs[i], 0));
    });
    operands.set("invM", { pair: (b) => b.get(this.invM) });
    return { names, operands };
  }

  private backwardPass(): void {
    const terms = new Map<string, Term[]>();
    const push = (value: string, term: Term) => terms.set(value, [...(terms.get(value) ?? []), term]);
    const materialise = (value: string) => {
      const list = terms.get(value);
      if (!list) throw new Error(`no gradient flows into ${value}`);
      this.store(value, true, (k) => {
        const parts = list.map((term, t) => term(k, `$t${t}`));
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
          push(node.inputs[i], (_unit, prefix) => {
            const { names, operands } = this.lossOperands(node, prefix);
            return { text: t.gradient({ ...names, invM: "invM" }), operands };
          });
        });
      } else if (op.kind === "elementwise") {
        const t = op.templates as ElementwiseTemplates;
        materialise(node.output);
        push(node.inputs[0], (k, prefix) => ({
          text: t.backward({ dA: `${prefix}dA`, Z: `${prefix}Z`, A: `${prefix}A` }, node.attrs),
          operands: new Map([
            [`${prefix}dA`, this.reads.unit(node.output, k, true)],
            [`${prefix}Z`, this.reads.unit(node.inputs[0], k)],
            [`${prefix}A`, this.reads.unit(node.output, k)],
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
    const t = opOf(node).templates as AffineTemplates;
    const [W, A] = node.inputs;
    const [flagW, flagA] = flags;
    const n = this.rows(node.output);
    const dZ = node.output;
    // db: dZ is already in the bias's buffer, summed by the leaf's end.
    if (flagW) this.accumulate(W, A, dZ, t.weightGradient("$dZ", "$A"));
    if (flagA) {
      const text = t.inputGradient(range(n).map((k) => t.product(`$W${k}`, `$dZ${k}`)));
      push(A, (i, prefix) => {
        const operands = new Map<string, Operand>();
        for (let k = 0; k < n; k++) {
          operands.set(`${prefix}W${k}`, this.reads.weight(W, k, i));
          operands.set(`${prefix}dZ${k}`, this.reads.unit(dZ, k, true));
        }
        return { text: text.replace(/\$(W|dZ)(\d+)/g, `${prefix}$1$2`), operands };
      });
    }
  }

  /**
   * dW += each example's dZ·Aᵀ, example after example: pairs of dW's elements as
   * layout.accumulator says, ACCUMULATORS_AT_ONCE of them per loop over the leaf (in registers).
   */
  private accumulate(W: string, A: string, dZ: string, text: string): void {
    const b = this.b;
    const acc = this.layout.accumulator(W);
    const p = this.rows(A);
    const n = this.rows(dZ);
    const halfCols = Math.ceil(p / 2);
    const bytes = acc.mode === "pair" ? 16 : 8;
    for (let first = 0; first < acc.slots; first += ACCUMULATORS_AT_ONCE) {
      const slots = range(Math.min(ACCUMULATORS_AT_ONCE, acc.slots - first)).map((s) => first + s);
      const locals = slots.map((s) => {
        const local = b.local(acc.mode === "pair" ? V128 : F64);
        b.i32(0);
        if (acc.mode === "pair") b.v128Load(acc.offset + bytes * s);
        else b.f64Load(acc.offset + bytes * s);
        b.set(local);
        return local;
      });
      this.reads.overExamples(1, () =>
        slots.forEach((s, j) => {
          const operands = new Map<string, Operand>();
          if (acc.along === "rows") {
            operands.set("$dZ", this.reads.unitPair(dZ, 2 * Math.floor(s / p), n, true));
            operands.set("$A", this.reads.splatUnit(A, s % p, false));
          } else if (acc.along === "cols") {
            operands.set("$dZ", this.reads.splatUnit(dZ, Math.floor(s / halfCols), true));
            operands.set("$A", this.reads.unitPair(A, 2 * (s % halfCols), p, false));
          } else {
            operands.set("$dZ", this.reads.unit(dZ, 0, true));
            operands.set("$A", this.reads.unit(A, 0));
          }
          b.get(locals[j]);
          emitExpression(b, text, acc.mode, operands, this.math);
          if (acc.mode === "pair") b.f64x2Add();
          else b.f64Add();
          b.set(locals[j]);
        }),
      );
      slots.forEach((s, j) => {
        b.i32(0).get(locals[j]);
        if (acc.mode === "pair") b.v128Store(acc.offset + bytes * s);
        else b.f64Store(acc.offset + bytes * s);
      });
    }
  }
}
