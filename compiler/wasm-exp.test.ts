// The f64x2 exp of the per-example code (compiler/wasm-exp.ts) gives Math.exp's bits on every
// lane: each range's edges, the special values, and millions of arguments across the ranges.
import { expect, test } from "vitest";
import { FunctionBuilder, I32, moduleBytes } from "../runtime/wasm/binary.js";
import { emitPairExp } from "./wasm-exp.js";
import { MathImports } from "./wasm-expression.js";

/** exp over `values` (an even count) by the emitted code, a pair at a time, in place. */
function pairExp(values: Float64Array): Float64Array {
  const b = new FunctionBuilder(1);
  const math = new MathImports();
  const end = b.local(I32);
  const at = b.local(I32);
  b.get(0).i32(16).mul().set(end);
  b.i32(0).set(at);
  b.loop(() => {
    b.get(at).get(end).geU().breakIf();
    b.get(at);
    b.get(at).v128Load(0);
    emitPairExp(b, math.index("exp", 1));
    b.v128Store(0);
    b.advanceBy(at, 16);
  });
  const memory = new WebAssembly.Memory({ initial: Math.ceil((values.length * 8) / 65536) + 1 });
  const module = new WebAssembly.Module(
    moduleBytes([{ name: "run", body: b }], undefined, math.imports) as BufferSource,
  );
  const instance = new WebAssembly.Instance(module, { env: { memory }, Math });
  new Float64Array(memory.buffer).set(values);
  (instance.exports.run as (pairs: number) => void)(values.length / 2);
  return new Float64Array(memory.buffer, 0, values.length).slice();
}

function expectMathExp(values: number[] | Float64Array): void {
  const input = Float64Array.from(values.length % 2 ? [...values, 0] : values);
  const actual = pairExp(input);
  const differing = Array.from(input).findIndex((x, i) => !Object.is(actual[i], Math.exp(x)));
  expect(
    differing === -1 ? "none" : `exp(${input[differing]}) = ${actual[differing]}, not ${Math.exp(input[differing])}`,
  ).toBe("none");
}

const bits = (hi: number, lo = 0) => new Float64Array(new Uint32Array([lo, hi]).buffer)[0];

test("each range's edges and the special values", () => {
  const edges = [0x3e300000, 0x3fd62e42, 0x3ff0a2b2, 0x40862000, 0x40862e42, 0x7ff00000].flatMap((hi) =>
    [-1, 0, 1].flatMap((d) => [bits(hi + d), bits(hi + d, 0xffffffff), bits(hi + d, 1)]),
  );
  expectMathExp([
    ...edges,
    ...edges.map((x) => -x),
    0,
    -0,
    1,
    -1,
    2,
    0.5,
    Math.LN2 / 2,
    Math.LN2 * 1.5,
    709.782712893384,
    709.7827128933841,
    709.79,
    -745.1332191019411,
    -745.1332191019412,
    -708.39,
    // 2^k at its ends: k = −1021 down to x ≈ −708.04, k = 1023 up to x ≈ 709.44.
    -708.03,
    -708.04,
    -707.99,
    707.99,
    709.43,
    709.44,
    -708.4,
    -720,
    -1000,
    1000,
    NaN,
    -NaN,
    Infinity,
    -Infinity,
    5e-324,
    -5e-324,
    2 ** -28,
    -(2 ** -28),
    2 ** -1022,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
  ]);
});

test("millions of arguments across the ranges", () => {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const width of [1e-7, 1, 2, 8, 40, 200, 1416, 1500]) {
    const values = Float64Array.from({ length: 400_000 }, () => (random() - 0.5) * width);
    expectMathExp(values);
  }
});
