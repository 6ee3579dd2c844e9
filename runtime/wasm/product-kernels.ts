// The SIMD product kernels, emitted as WebAssembly at run time (runtime/wasm/binary.ts).
//
// Every kernel computes full 4 × 4 tiles of one shape of sum,
//
//   out(y, x) = Σ_k S(y, k) · V(k, x)      k = 0 .. kCount-1, in order
//
// with x the vectorized index: V(k, x..x+1) is one f64x2 load, S(y, k) one load-and-splat, and
// each lane of each accumulator is one output's running sum. A lane adds its products one at a
// time in the same order as the JavaScript kernels in runtime/ops/products.ts (f64x2.mul then
// f64x2.add, rounded per operation like JavaScript's `s += a * b`; WebAssembly has no fused
// multiply-add here), so the results are the same to the bit. Four rows by two vectors of x are
// eight accumulators, with two V vectors and one splat live: eleven of the sixteen SIMD registers.
//
// Addresses are bytes into the imported memory: V(k, x) at vPtr + k·vStride + 8x,
// S(y, k) at sPtr + y·sRow + k·sCol, out(y, x) at cPtr + y·cY + x·cX; S's pointers also jump
// sJump bytes after every kRun k, for an S stored in blocks of kRun k (the data in dW = dZ·Xᵀ,
// runtime/wasm/simd-kernels.ts): one call still runs each sum through every block.
//   "rows":      cX = 8, out's x runs along a row of C: vector loads and stores.
//   "columns":   out's x runs down a column of C, stored lane by lane.
// "accumulate" starts each sum from C (the panels of a long sum, C zeroed first); otherwise a
// sum starts from 0 and is added to C at the end (C += Σ), as productNT does.
import { FunctionBuilder, I32, moduleBytes, V128 } from "./binary.js";

export const KERNEL_PARAMS = [
  "vPtr",
  "vStride",
  "sPtr",
  "sRow",
  "sCol",
  "cPtr",
  "cY",
  "cX",
  "yCount",
  "xCount",
  "kCount",
  "kRun",
  "sJump",
] as const;
const P = Object.fromEntries(KERNEL_PARAMS.map((name, i) => [name, i])) as Record<
  (typeof KERNEL_PARAMS)[number],
  number
>;

export interface KernelShape {
  /** Output's x along C's rows (vector stores) or down its columns (lane stores). */
  readonly along: "rows" | "columns";
  /** Sums start from C's values instead of 0 (and are stored, not added). */
  readonly accumulate: boolean;
}

function emitKernel({ along, accumulate }: KernelShape): FunctionBuilder {
  const f = new FunctionBuilder(KERNEL_PARAMS.length);
  const y = f.local(I32),
    x = f.local(I32),
    k = f.local(I32),
    vp = f.local(I32),
    cp = f.local(I32),
    kEnd = f.local(I32);
  const s = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const out = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const acc = [0, 1, 2, 3].map(() => [f.local(V128), f.local(V128)]);
  const v = [f.local(V128), f.local(V128)];
  const splat = f.local(V128);
  const outStride = along === "rows" ? P.cY : P.cX;
  // Where accumulator (row, half) lane `lane` lives: pointer out[·] + static offset.
  const place = (row: number, half: number, lane: number): [number, number] =>
    along === "rows" ? [out[row], 16 * half + 8 * lane] : [out[2 * half + lane], 8 * row];

  f.i32(0)
    .set(y)
    .loop(() => {
      f.get(y).get(P.yCount).geU().breakIf();
      f.i32(0)
        .set(x)
        .loop(() => {
          f.get(x).get(P.xCount).geU().breakIf();
          f.get(P.sPtr).get(y).get(P.sRow).mul().add().set(s[0]);
          for (let i = 1; i < 4; i++)
            f.get(s[i - 1])
              .get(P.sRow)
              .add()
              .set(s[i]);
          f.get(P.vPtr).get(x).i32(8).mul().add().set(vp);
          f.get(P.cPtr).get(y).get(P.cY).mul().add().get(x).get(P.cX).mul().add().set(cp);
          f.get(cp).set(out[0]);
          for (let i = 1; i < 4; i++)
            f.get(out[i - 1])
              .get(outStride)
              .add()
              .set(out[i]);
          for (let row = 0; row < 4; row++) {
            for (let half = 0; half < 2; half++) {
              if (accumulate)
                f.get(out[row])
                  .v128Load(16 * half)
                  .set(acc[row][half]); // "rows" only
              else f.zero().set(acc[row][half]);
            }
          }
          f.i32(0)
            .set(k)
            .loop(() => {
              f.get(k).get(P.kCount).geU().breakIf();
              // kEnd = min(k + kRun, kCount)
              f.get(P.kCount).get(k).get(P.kRun).add().tee(kEnd).get(kEnd).get(P.kCount).gtU().select().set(kEnd);
              f.loop(() => {
                f.get(k).get(kEnd).geU().breakIf();
                f.get(vp).v128Load(0).set(v[0]);
                f.get(vp).v128Load(16).set(v[1]);
                for (let row = 0; row < 4; row++) {
                  f.get(acc[row][0])
                    .get(v[0])
                    .get(s[row])
                    .loadSplat()
                    .tee(splat)
                    .f64x2Mul()
                    .f64x2Add()
                    .set(acc[row][0]);
                  f.get(acc[row][1]).get(v[1]).get(splat).f64x2Mul().f64x2Add().set(acc[row][1]);
                  f.advance(s[row], P.sCol);
                }
                f.advance(vp, P.vStride).advanceBy(k, 1);
              });
              for (let row = 0; row < 4; row++) f.advance(s[row], P.sJump);
            });
          for (let row = 0; row < 4; row++) {
            for (let half = 0; half < 2; half++) {
              if (along === "rows") {
                const [pointer, offset] = place(row, half, 0);
                f.get(pointer);
                if (accumulate) f.get(acc[row][half]);
                else f.get(pointer).v128Load(offset).get(acc[row][half]).f64x2Add();
                f.v128Store(offset);
              } else {
                for (let lane = 0; lane < 2; lane++) {
                  const [pointer, offset] = place(row, half, lane);
                  f.get(pointer)
                    .get(pointer)
                    .f64Load(offset)
                    .get(acc[row][half])
                    .extractLane(lane)
                    .f64Add()
                    .f64Store(offset);
                }
              }
            }
          }
          f.advanceBy(x, 4);
        });
      f.advanceBy(y, 4);
    });
  return f;
}

/** panel: one panel of Z = W·X or of Wᵀ·dZ; nt: dZ·Xᵀ with dZ given transposed (see simd-kernels.ts). */
export const KERNELS = {
  panel: { along: "rows", accumulate: true },
  nt: { along: "columns", accumulate: false },
} as const satisfies Record<string, KernelShape>;

export type KernelName = keyof typeof KERNELS;
/** The kernels in the module's export order (a helper thread's slice names its kernel by index). */
export const KERNEL_NAMES = Object.keys(KERNELS) as KernelName[];

/** The kernels' module; with `sharedMaximum` (pages), over a shared memory of that maximum. */
export function productModuleBytes(sharedMaximum?: number): Uint8Array {
  return moduleBytes(
    Object.entries(KERNELS).map(([name, shape]) => ({ name, body: emitKernel(shape) })),
    sharedMaximum,
  );
}
