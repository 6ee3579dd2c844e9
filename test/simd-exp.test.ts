// exp in WebAssembly SIMD (compiler/wasm-expression.ts, emitPairExp) against Math.exp, bit for
// bit: the special values, every branch's edges, and millions of arguments drawn with seedrandom.
import seedrandom from "seedrandom";
import { expect, test } from "vitest";
import { emitPairExp } from "../compiler/wasm-exp.js";
import { FunctionBuilder, I32, moduleBytes } from "../runtime/wasm/binary.js";

/** exp of the n doubles at 0 (n even) written after them. */
function pairExp(): (xs: Float64Array) => Float64Array {
  const b = new FunctionBuilder(1, [I32]);
  const at = b.local(I32);
  b.i32(0).set(at);
  b.loop(() => {
    b.get(at).get(0).geU().breakIf();
    b.get(at).get(0).add(); // destination: at + n (bytes)
    b.get(at).v128Load(0);
    emitPairExp(b);
    b.v128Store(0);
    b.advanceBy(at, 16);
  });
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes([{ name: "run", body: b }])), {
    env: { memory },
  });
  return (xs) => {
    const bytes = xs.length * 16;
    if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
    const heap = new Float64Array(memory.buffer);
    heap.set(xs);
    (instance.exports.run as (n: number) => void)(xs.length * 8);
    return heap.slice(xs.length, 2 * xs.length);
  };
}

function mismatches(xs: Float64Array): string[] {
  const got = pairExp()(xs);
  const bad: string[] = [];
  xs.forEach((x, i) => {
    const want = Math.exp(x);
    if (!(Object.is(got[i], want) || (Number.isNaN(want) && Number.isNaN(got[i]))))
      bad.push(`${x}: ${got[i]} vs ${want}`);
  });
  return bad.slice(0, 5);
}

const ulps = (x: number, n: number) => {
  const bits = new BigInt64Array(Float64Array.of(x).buffer)[0];
  return new Float64Array(BigInt64Array.of(bits + BigInt(n)).buffer)[0];
};

test("special values and each branch's edges", () => {
  const edges = [0.5 * Math.LN2, 1.5 * Math.LN2, 2 ** -28, 709.782712893384, -745.1332191019411, 1, 708.39, -708.39];
  const around = edges.flatMap((e) => [-4, -1, 0, 1, 4].flatMap((n) => [ulps(e, n), -ulps(e, n)]));
  const xs = [0, -0, 1, -1, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e-300, 709.7, 709.5, -744, -740, -720];
  const integers = Array.from({ length: 1501 }, (_, i) => i - 750);
  const all = [...xs, ...around, ...integers];
  if (all.length % 2) all.push(0.25);
  expect(mismatches(Float64Array.from(all))).toEqual([]);
});

test("four million arguments: uniform over [-750, 750], near zero, and random bit patterns", () => {
  const random = seedrandom("nnc simd exp");
  const n = 1 << 20;
  const uniform = Float64Array.from({ length: n }, () => 1500 * random() - 750);
  const small = Float64Array.from({ length: n }, () => (random() - 0.5) * 2 ** (-40 * random()));
  const moderate = Float64Array.from({ length: n }, () => (random() - 0.5) * 8);
  const bits = new Float64Array(n);
  const words = new Uint32Array(bits.buffer);
  for (let i = 0; i < words.length; i++) words[i] = Math.floor(random() * 2 ** 32);
  for (const xs of [uniform, small, moderate, bits]) expect(mismatches(xs)).toEqual([]);
});
