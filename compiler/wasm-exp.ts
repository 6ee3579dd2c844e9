// Math.exp of both lanes of an f64x2, in WebAssembly, to the bit.
//
// The SIMD leaf code called Math.exp lane by lane (an import V8 calls directly). Its branches,
// taken by the argument's range, are predicted well on a data set seen step after step when it is
// small (3,000 examples) and badly on a large one (300,000), so a step's time per example grew
// with m (the ladder's 300,000 row 1.2–1.25× of 100 × the 3,000 row). V8's Math.exp is fdlibm's
// e_exp.c (base::ieee754::exp); this is the same algorithm for both lanes at once, every operation
// in fdlibm's order and rounding, so each lane is Math.exp's value to the bit (wasm-exp.test.ts
// compares millions of arguments and every range's edges). For a lane's x, hx the high word of |x|:
//   |x| ≤ ½ ln 2 (hx ≤ 0x3fd62e42):          k = 0, r = 1 − ((x·c)/(c − 2) − x)
//   ½ ln 2 < |x| < 1½ ln 2:                  k = ±1, hi = x ∓ ln2HI, lo = ±ln2LO
//   otherwise:                               k = trunc(x/ln 2 ± ½), hi = x − k·ln2HI, lo = k·ln2LO
//   then x' = hi − lo, t = x'², c = x' − t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5)))),
//   y = 1 − ((lo − (x'·c)/(2 − c)) − hi), and r = y · 2^k (2^k built from k's bits).
// The three reductions are one computation (below), so no branch depends on the data. What fdlibm
// does apart — |x| < 2^-28, |x| ≥ 708 (overflow, underflow, 2^k out of range, ±∞, NaN) and x = 1
// — goes to Math.exp itself, lane by lane, behind one branch that ordinary data never takes.
// Measured on the He lesson and on 3,000 to 300,000 circles: faster than the two calls at every
// size, and the time per example no longer depends on m.
import { V128, type FunctionBuilder } from "../runtime/wasm/binary.js";
import { pairConst } from "./wasm-ops.js";

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P = [
  1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5, -1.6533902205465251539e-6,
  4.13813679705723846039e-8,
];

// SIMD opcodes (after the 0xfd prefix).
const V128_AND = 0x4e,
  V128_OR = 0x50,
  ANY_TRUE = 0x53,
  F64X2_EQ = 0x47,
  ADD = 0xf0,
  SUB = 0xf1,
  MUL = 0xf2,
  DIV = 0xf3,
  I64X2_SHL = 0xcb,
  I64X2_SHR_U = 0xcd,
  I64X2_ADD = 0xce,
  I64X2_LT_S = 0xd8,
  I64X2_GT_S = 0xd9,
  I64X2_GE_S = 0xdb,
  I64X2_EXTEND_LOW_I32X4_S = 0xc7,
  I32X4_TRUNC_SAT_F64X2_S_ZERO = 0xfc,
  F64X2_CONVERT_LOW_I32X4_S = 0xfe;

/** Both lanes of a v128 holding `value` as a 64-bit integer. */
function i64Pair(b: FunctionBuilder, value: number): void {
  b.simd(0x0c, ...new Uint8Array(BigInt64Array.of(BigInt(value), BigInt(value)).buffer));
}

/**
 * Replaces the f64x2 on the stack by Math.exp of each lane; `exp` is the index of the imported
 * Math.exp, called lane by lane when either lane is outside the common range (below).
 */
export function emitPairExp(b: FunctionBuilder, exp: number): void {
  const [x, hx, reducedRange, k32, kFloat, hi, lo, reduced, t, c, q, y, result] = Array.from({ length: 13 }, () =>
    b.local(V128),
  );
  const f64 = (value: number) => pairConst(b, value);

  b.set(x);
  b.get(x).i32(32).simd(I64X2_SHR_U);
  i64Pair(b, 0x7fffffff);
  b.simd(V128_AND).set(hx);
  // k = static_cast<int>(invln2 · x + halF[xsb]) where |x| > ½ ln 2, else 0. Between ½ and 1½ ln 2
  // fdlibm takes k = ±1, hi = x ∓ ln2HI, lo = ±ln2LO directly: the same numbers (invln2 · x ± ½
  // lies in (1, 2) there, and ±1 · ln2HI is exact); with k = 0 the lines below give hi = x,
  // lo = +0 and x' = x, fdlibm's k = 0 case. halF[xsb] is ½ with x's sign.
  b.get(hx);
  i64Pair(b, 0x3fd62e42);
  b.simd(I64X2_GT_S).set(reducedRange);
  f64(INV_LN2);
  b.get(x).simd(MUL);
  b.get(x);
  f64(-0);
  b.simd(V128_AND);
  f64(0.5);
  b.simd(V128_OR).simd(ADD).simd(I32X4_TRUNC_SAT_F64X2_S_ZERO).set(k32);
  // k as a double (+0 where k = 0: its bits are all zero).
  b.get(k32).simd(F64X2_CONVERT_LOW_I32X4_S).get(reducedRange).simd(V128_AND).set(kFloat);
  // hi = x − k·ln2HI, lo = k·ln2LO, x' = hi − lo.
  b.get(x).get(kFloat);
  f64(LN2_HI);
  b.simd(MUL).simd(SUB).set(hi);
  b.get(kFloat);
  f64(LN2_LO);
  b.simd(MUL).set(lo);
  b.get(hi).get(lo).simd(SUB).set(reduced);

  b.get(reduced).get(reduced).simd(MUL).set(t);
  // c = x' − t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5)))), innermost first.
  b.get(reduced).get(t);
  for (let i = 0; i < 4; i++) {
    f64(P[i]);
    b.get(t);
  }
  f64(P[4]);
  for (let i = 0; i < 4; i++) b.simd(MUL).simd(ADD);
  b.simd(MUL).simd(SUB).set(c);
  // q = (x'·c)/(c − 2). fdlibm divides by 2 − c where k ≠ 0: that is −q exactly (rounding is
  // symmetric), so lo − (x'·c)/(2 − c) is lo + q, and y = 1 − ((lo + q) − hi); with k = 0
  // (lo = +0, hi = x) this is fdlibm's 1 − ((x·c)/(c − 2) − x).
  b.get(reduced).get(c).simd(MUL).get(c);
  f64(2);
  b.simd(SUB).simd(DIV).set(q);
  f64(1);
  b.get(lo).get(q).simd(ADD).get(hi).simd(SUB).simd(SUB).set(y);
  // y · 2^k, 2^k built from k's bits (exactly 1 for k = 0): k lies in [−1021, 1023] wherever
  // |x| < 708.
  b.get(y).get(k32).simd(I64X2_EXTEND_LOW_I32X4_S).get(reducedRange).simd(V128_AND);
  i64Pair(b, 1023);
  b.simd(I64X2_ADD).i32(52).simd(I64X2_SHL).simd(MUL).set(result);

  // Either lane with |x| ≥ 708 (overflow, 2^k out of range, ±∞, NaN), |x| < 2^-28 (1 + x) or
  // x = 1 (e): both lanes from Math.exp itself. A branch almost never taken, so well predicted.
  b.get(hx);
  i64Pair(b, 0x40862000);
  b.simd(I64X2_GE_S).get(hx);
  i64Pair(b, 0x3e300000);
  b.simd(I64X2_LT_S).simd(V128_OR).get(x);
  f64(1);
  b.simd(F64X2_EQ).simd(V128_OR).simd(ANY_TRUE);
  b.op(0x04, 0x40);
  b.get(x).extractLane(0).op(0x10, exp).splat();
  b.get(x).extractLane(1).op(0x10, exp).replaceLane(1).set(result);
  b.op(0x0b);
  b.get(result);
}
