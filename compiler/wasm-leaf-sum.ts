// numpy's pairwise-sum leaf (runtime/ops/sum.ts) over one leaf's values in the SIMD per-example
// code's memory (compiler/emit-wasm.ts): the db rows and the loss terms of at most 128 examples.
import { range } from "./emit-js-support.js";
import { F64, I32, V128, type FunctionBuilder } from "../runtime/wasm/binary.js";
import { f64Const } from "./wasm-ops.js";

/**
 * numpy's pairwise leaf over the `count` values at `buffer` (runtime/ops/sum.ts): under 8, one
 * running sum from 0; else eight running sums started with the first eight (here four f64x2,
 * lane by lane the same sums), combined ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)),
 * then the rest added one by one. The result goes to `out`.
 */
export function emitLeafSum(b: FunctionBuilder, count: number, buffer: number, out: number): void {
  const k = b.local(I32);
  const sum = b.local(F64);
  const running = range(4).map(() => b.local(V128));
  const limit = b.local(I32);
  const oneByOne = () =>
    b.loop(() => {
      b.get(k).get(count).geU().breakIf();
      b.get(sum);
      b.get(k).i32(8).mul().f64Load(buffer);
      b.f64Add();
      b.set(sum);
      b.advanceBy(k, 1);
    });
  b.i32(0).set(k);
  b.get(count).i32(8).op(0x49); // i32.lt_u
  b.op(0x04, 0x40);
  f64Const(b, 0);
  b.set(sum);
  oneByOne();
  b.op(0x05); // else
  running.forEach((r, t) =>
    b
      .i32(0)
      .v128Load(buffer + 16 * t)
      .set(r),
  );
  b.get(count).get(count).i32(7).op(0x71).op(0x6b).set(limit); // count - count % 8
  b.i32(8).set(k);
  b.loop(() => {
    b.get(k).get(limit).geU().breakIf();
    running.forEach((r, t) => {
      b.get(r);
      b.get(k)
        .i32(8)
        .mul()
        .v128Load(buffer + 16 * t);
      b.f64x2Add();
      b.set(r);
    });
    b.advanceBy(k, 8);
  });
  const pairUp = (r: number) => {
    b.get(running[r]);
    b.extractLane(0);
    b.get(running[r]);
    b.extractLane(1);
    b.f64Add();
  };
  pairUp(0);
  pairUp(1);
  b.f64Add();
  pairUp(2);
  pairUp(3);
  b.f64Add();
  b.f64Add();
  b.set(sum);
  oneByOne();
  b.op(0x0b);
  b.i32(0).get(sum).f64Store(out);
}
