// The per-example code of emit-js.ts as one WebAssembly function with SIMD, for the same graphs:
// `leaf(start, count, wantCost, m, labels)` runs forward, loss and backward for examples start ..
// start + count - 1 (at most BLOCK of them), adding each example's dW into accumulators kept in
// memory between calls and leaving the leaf's pairwise sums of db and of the loss terms.
//
// Two examples go through at once, one in each lane of an f64x2: every value of the network is
// one f64x2 per unit, and each lane computes the JavaScript template's expression in the same
// order (compiler/wasm-expression.ts), so each example's numbers are the JavaScript code's to the
// bit. Measured: the per-example code is bound by the latency of one example's chain (Z1 → A1 →
// … → dZ1, some 200 cycles), not by its arithmetic; two examples per chain halve it, while
// pairing two units of one example (tried first) gained nothing.
//
// The sums over the examples (dW, db, the cost) keep their order, example after example, so that
// SIMD or not, any thread count and the interpreter give the same bits (spec/semantics.md): dW
// adds the first example's products, then the second's (each as pairs of W's elements, from the
// two lanes turned into one example's pair of units); db and the cost are summed per unit below.
//
// Why blocks of BLOCK examples: numpy's pairwise sum (runtime/ops/sum.ts) sums leaves of at most
// BLOCK elements with eight running sums and adds the leaves up a tree; the leaf here is the
// same leaf, computed while its examples' dZ are still in the cache, and the glue (emit-js.ts)
// adds the leaves up the same tree. Nothing per example leaves the cache, at any m.
import { range } from "./emit-js-support.js";
import { opOf, type AffineTemplates, type ElementwiseTemplates, type LossTemplates } from "../runtime/ops/index.js";
import { BLOCK } from "../runtime/ops/sum.js";
import type { BackwardGraph, ForwardGraph, GraphNode, ParamSpec } from "../runtime/program.js";
import { F64, FunctionBuilder, I32, moduleBytes, V128 } from "../runtime/wasm/binary.js";
import { emitExpression, MathImports, UnsupportedExpression, type Operand } from "./wasm-expression.js";
import { emitLeafSum } from "./wasm-leaf-sum.js";
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

const SHUFFLE = 0x0d;

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
  private readonly invM = this.b.local(V128);
  /** Each value's units, one f64x2 local each (lane 0: example i, lane 1: example i + 1). */
  private readonly values = new Map<string, number[]>();
  private readonly gradients = new Map<string, number[]>();
  private readonly accumulators = new Map<string, number[]>();
  /** Lane rearrangements made so far for the current pair of examples, by key → local. */
  private shuffles = new Map<string, number>();

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
    b.i32(0).loadSplat(this.layout.invM).set(this.invM);
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
    // Pairs of examples while there are two left, then the odd one (lane 1 then computes a value
    // nobody reads, and its dW products are not added).
    b.loop(() => {
      b.get(this.i).i32(1).add().get(this.end).geU().breakIf(); // i + 1 >= end
      this.examples(2);
      b.advanceBy(this.i, 2).advanceBy(this.inLeaf, 2);
    });
    b.get(this.i).get(this.end).op(0x49).op(0x04, 0x40); // i < end
    this.examples(1);
    b.op(0x0b);
    for (const acc of this.layout.accumulators)
      this.accumulators.get(acc.param)!.forEach((local, s) => {
        b.i32(0).get(local);
        if (acc.mode === "pair") b.v128Store(acc.offset + 16 * s);
        else b.f64Store(acc.offset + 8 * s);
      });
    for (const sum of this.layout.sums)
      if (sum.of !== "loss")
        for (let k = 0; k < sum.units; k++)
          emitLeafSum(b, this.count, sum.buffer + UNIT_STRIDE * k, sum.offset + 8 * k);
    return b;
  }

  /** Examples i and i + 1 (or i alone): read X and Y, forward, the loss terms when asked, backward. */
  private examples(count: 1 | 2): void {
    const b = this.b;
    const f = this.forward;
    const load = (address: () => void) => {
      const local = b.local(V128);
      address();
      b.v128Load(0).set(local);
      return local;
    };
    this.values.set(
      f.input,
      range(this.rows(f.input)).map((k) =>
        load(() => {
          b.get(this.i).i32(8).mul().i32(this.layout.inputs).add();
          if (k > 0) b.get(this.rowBytes).i32(k).mul().add();
        }),
      ),
    );
    this.values.set(f.label, [load(() => b.get(this.i).i32(8).mul().get(this.labels).add())]);
    this.gradients.clear();
    this.shuffles.clear();
    for (const node of f.nodes) this.forwardNode(node);
    this.cost();
    this.backwardPass(count);
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
      this.store(this.values, node.output, (k) => {
        const operands = new Map<string, Operand>();
        for (let i = 0; i < p; i++) {
          operands.set(`$W${i}`, this.weight(W, k, i));
          operands.set(`$A${i}`, this.unit(this.values, A, i));
        }
        operands.set("$b", this.weight(bias, k, 0));
        return { text, operands };
      });
    } else if (op.kind === "elementwise") {
      const t = op.templates as ElementwiseTemplates;
      const text = t.forward("$Z", node.attrs);
      this.store(this.values, node.output, (k) => ({
        text,
        operands: new Map([["$Z", this.unit(this.values, node.inputs[0], k)]]),
      }));
    } else {
      throw new UnsupportedExpression(`${node.op} is not in the SIMD code`);
    }
  }

  /** Computes each unit of a value with `expression` (two examples at once) into new locals. */
  private store(
    into: Map<string, number[]>,
    value: string,
    expression: (unit: number) => { text: string; operands: Map<string, Operand> },
  ): void {
    const locals = range(this.rows(value)).map((k) => {
      const { text, operands } = expression(k);
      emitExpression(this.b, text, "pair", operands, this.math);
      const local = this.b.local(V128);
      this.b.set(local);
      return local;
    });
    into.set(value, locals);
  }

  /** Unit k of a value for both examples. */
  private unit(from: Map<string, number[]>, value: string, k: number): Operand {
    const locals = from.get(value);
    if (!locals) throw new Error(`${value} is used before it is computed`);
    return { pair: (b) => b.get(locals[k]), scalar: undefined };
  }

  /** One example's (lane's) unit k as one f64. */
  private lane(from: Map<string, number[]>, value: string, k: number, example: number): Operand {
    const locals = from.get(value)!;
    return {
      scalar: (b) => {
        b.get(locals[k]);
        b.extractLane(example);
      },
    };
  }

  /**
   * One example's units 2s and 2s + 1 as a pair (two units' lanes `example` side by side), or its
   * unit s in both lanes (`splat`). Shuffles, made once per pair of examples and kept in locals.
   */
  private rearranged(
    from: Map<string, number[]>,
    value: string,
    s: number,
    example: number,
    how: "pair" | "splat",
  ): Operand {
    const locals = from.get(value)!;
    const key = `${from === this.values ? "" : "d"}${value}:${how}:${s}:${example}`;
    return {
      pair: (b) => {
        const cached = this.shuffles.get(key);
        if (cached !== undefined) return void b.get(cached);
        const [first, second] =
          how === "splat" ? [locals[s], locals[s]] : [locals[2 * s], locals[Math.min(2 * s + 1, locals.length - 1)]];
        const half = range(8).map((byte) => 8 * example + byte);
        b.get(first).get(second);
        b.simd(SHUFFLE, ...half, ...half.map((byte) => byte + 16));
        const local = b.local(V128);
        b.tee(local);
        this.shuffles.set(key, local);
      },
    };
  }

  /** W[row][col] in both lanes. */
  private weight(param: string, row: number, col: number): Operand {
    const place = this.layout.param(param);
    const offset = place.splats + 16 * (row * place.cols + col);
    return { pair: (b) => b.i32(0).v128Load(offset) };
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
      operands.set(`${prefix}${input.name}`, this.unit(this.values, node.inputs[i], 0));
    });
    operands.set("invM", { pair: (b) => b.get(this.invM) });
    return { names, operands };
  }

  /**
   * When the cost is wanted, each example's loss inputs (Z, A, Y) go to the leaf's buffers: the
   * glue computes the terms with the loss's JavaScript template and sums them (emit-wasm-glue.ts).
   */
  private cost(): void {
    const b = this.b;
    const node = this.lossNode();
    b.get(this.wantCost).op(0x04, 0x40);
    this.layout.lossInputs.forEach(({ offset }, i) => {
      const locals = this.values.get(node.inputs[i])!;
      b.get(this.inLeaf).i32(8).mul().get(locals[0]).v128Store(offset);
    });
    b.op(0x0b);
  }

  private backwardPass(count: 1 | 2): void {
    const terms = new Map<string, Term[]>();
    const push = (value: string, term: Term) => terms.set(value, [...(terms.get(value) ?? []), term]);
    const materialise = (value: string) => {
      const list = terms.get(value);
      if (!list) throw new Error(`no gradient flows into ${value}`);
      this.store(this.gradients, value, (k) => {
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
            [`${prefix}dA`, this.unit(this.gradients, node.output, k)],
            [`${prefix}Z`, this.unit(this.values, node.inputs[0], k)],
            [`${prefix}A`, this.unit(this.values, node.output, k)],
          ]),
        }));
      } else if (op.kind === "affine") {
        materialise(node.output);
        this.affineBackward(node, step.inputs, push, count);
      } else {
        throw new UnsupportedExpression(`${node.op} is not in the SIMD code`);
      }
    }
  }

  private affineBackward(
    node: GraphNode,
    flags: readonly boolean[],
    push: (value: string, term: Term) => void,
    count: 1 | 2,
  ): void {
    const b = this.b;
    const t = opOf(node).templates as AffineTemplates;
    const [W, A, bias] = node.inputs;
    const [flagW, flagA, flagB] = flags;
    const n = this.rows(node.output);
    const p = this.rows(A);
    const dZ = node.output;
    if (flagW) this.accumulate(W, A, dZ, p, t.weightGradient("$dZ", "$A"), count);
    if (flagB) {
      const buffer = this.layout.biasBuffer(bias);
      this.gradients.get(dZ)!.forEach((local, k) => {
        b.get(this.inLeaf)
          .i32(8)
          .mul()
          .get(local)
          .v128Store(buffer + UNIT_STRIDE * k);
      });
    }
    if (flagA) {
      const text = t.inputGradient(range(n).map((k) => t.product(`$W${k}`, `$dZ${k}`)));
      push(A, (i, prefix) => {
        const operands = new Map<string, Operand>();
        for (let k = 0; k < n; k++) {
          operands.set(`${prefix}W${k}`, this.weight(W, k, i));
          operands.set(`${prefix}dZ${k}`, this.unit(this.gradients, dZ, k));
        }
        return { text: text.replace(/\$(W|dZ)(\d+)/g, `${prefix}$1$2`), operands };
      });
    }
  }

  /** dW += the first example's dZ·Aᵀ, then the second's: pairs of dW's elements as layout.accumulator says. */
  private accumulate(W: string, A: string, dZ: string, p: number, text: string, count: 1 | 2): void {
    const b = this.b;
    const acc = this.layout.accumulator(W);
    const locals = this.accumulators.get(W)!;
    const halfCols = Math.ceil(p / 2);
    for (let s = 0; s < locals.length; s++) {
      b.get(locals[s]);
      for (let example = 0; example < count; example++) {
        const operands = new Map<string, Operand>();
        if (acc.along === "rows") {
          operands.set("$dZ", this.rearranged(this.gradients, dZ, Math.floor(s / p), example, "pair"));
          operands.set("$A", this.rearranged(this.values, A, s % p, example, "splat"));
        } else if (acc.along === "cols") {
          operands.set("$dZ", this.rearranged(this.gradients, dZ, Math.floor(s / halfCols), example, "splat"));
          operands.set("$A", this.rearranged(this.values, A, s % halfCols, example, "pair"));
        } else {
          operands.set("$dZ", this.lane(this.gradients, dZ, 0, example));
          operands.set("$A", this.lane(this.values, A, 0, example));
        }
        emitExpression(b, text, acc.mode, operands, this.math);
        if (acc.mode === "pair") b.f64x2Add();
        else b.f64Add();
      }
      b.set(locals[s]);
    }
  }
}
