// exp on both lanes of an f64x2 at once, as V8's Math.exp computes it, for the SIMD per-example
// code (compiler/emit-wasm.ts): the sigmoid's exp called from WebAssembly was a fifth of the He
// lesson's step.
import { V128, type FunctionBuilder } from "../runtime/wasm/binary.js";
import { i64Pair, pairConst, simd } from "./wasm-ops.js";

/**
 * exp(x) lane by lane, bit for bit V8's Math.exp (src/base/ieee754.cc, fdlibm's e_exp.c with
 * V8's exp(1) = E): every branch of it computed for both lanes, the lane's branch picked by a
 * mask. x is on the stack; the result is left there. test/simd-exp.test.ts compares it with
 * Math.exp on special values and millions of arguments.
 */
export function emitPairExp(b: FunctionBuilder): void {
  const x = b.local(V128);
  b.set(x);
  const local = (emit: () => void): number => {
    const l = b.local(V128);
    emit();
    b.set(l);
    return l;
  };
  const op = (...code: number[]) => simd(b, code[0], ...code.slice(1));
  const fAdd = () => op(0xf0);
  const fSub = () => op(0xf1);
  const fMul = () => op(0xf2);
  const fDiv = () => op(0xf3);
  const and = () => op(0x4e);
  const or = () => op(0x50);
  const select = () => op(0x52); // bitselect(a, b, mask): a where mask, else b
  // hx: the high word of |x| (as an i64 lane); comparisons on it as fdlibm's on the int.
  const hx = local(() => {
    b.get(x);
    i64Pair(b, 0x7fffffffffffffffn);
    and();
    b.i32(32);
    op(0xcd); // i64x2.shr_u
  });
  const hxBelow = (bound: number) => {
    b.get(hx);
    i64Pair(b, BigInt(bound));
    op(0xd8); // i64x2.lt_s
  };
  const hxAbove = (bound: number) => {
    b.get(hx);
    i64Pair(b, BigInt(bound));
    op(0xd9); // i64x2.gt_s
  };
  const signOf = (magnitude: number) => {
    // copysign(magnitude, x)
    b.get(x);
    i64Pair(b, -0x8000000000000000n);
    and();
    pairConst(b, magnitude);
    or();
  };
  // Argument reduction: |x| in (0.5 ln2, 1.5 ln2): k = ±1; above: k = (int)(x/ln2 ± 0.5); t = k.
  const inner = local(() => hxBelow(0x3ff0a2b2));
  const t = local(() => {
    signOf(1);
    b.get(x);
    pairConst(b, 1.4426950408889634);
    fMul();
    signOf(0.5);
    fAdd();
    op(0x7a); // f64x2.trunc: C's (int) cast of a value well inside int range
    b.get(inner);
    select();
  });
  const hi = local(() => {
    b.get(x);
    b.get(t);
    pairConst(b, 6.9314718036912381649e-1);
    fMul();
    fSub();
  });
  const lo = local(() => {
    b.get(t);
    pairConst(b, 1.90821492927058770002e-10);
    fMul();
  });
  // k = 0 where |x| <= 0.5 ln2: x stays as it is.
  const reduced = local(() => hxAbove(0x3fd62e42));
  const r = local(() => {
    b.get(hi).get(lo);
    fSub();
    b.get(x);
    b.get(reduced);
    select();
  });
  const sq = local(() => {
    b.get(r).get(r);
    fMul();
  });
  const c = local(() => {
    // c = r - t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5)))), t = r·r
    b.get(r).get(sq);
    pairConst(b, 1.66666666666666019037e-1);
    b.get(sq);
    pairConst(b, -2.77777777770155933842e-3);
    b.get(sq);
    pairConst(b, 6.61375632143793436117e-5);
    b.get(sq);
    pairConst(b, -1.6533902205465251539e-6);
    b.get(sq);
    pairConst(b, 4.13813679705723846039e-8);
    fMul();
    fAdd();
    fMul();
    fAdd();
    fMul();
    fAdd();
    fMul();
    fAdd();
    fMul();
    fSub();
  });
  // k = 0: 1 - ((r·c)/(c - 2) - r)
  const whenZero = local(() => {
    pairConst(b, 1);
    b.get(r).get(c);
    fMul();
    b.get(c);
    pairConst(b, 2);
    fSub();
    fDiv();
    b.get(r);
    fSub();
    fSub();
  });
  // else y = 1 - ((lo - (r·c)/(2 - c)) - hi), scaled by 2^k
  const y = local(() => {
    pairConst(b, 1);
    b.get(lo);
    b.get(r).get(c);
    fMul();
    pairConst(b, 2);
    b.get(c);
    fSub();
    fDiv();
    fSub();
    b.get(hi);
    fSub();
    fSub();
  });
  const k = local(() => {
    b.get(t);
    op(0xfc); // i32x4.trunc_sat_f64x2_s_zero
    op(0xc7); // i64x2.extend_low_i32x4_s
  });
  const power = (bias: number) => {
    // 2^(k + bias) as its bits: (k + bias + 1023) << 52
    b.get(k);
    i64Pair(b, BigInt(bias + 1023));
    op(0xce); // i64x2.add
    b.i32(52);
    op(0xcb); // i64x2.shl
  };
  const kAtLeast = (bound: number) => {
    b.get(k);
    i64Pair(b, BigInt(bound));
    op(0xdb); // i64x2.ge_s
  };
  const scaled = local(() => {
    // k >= -1021: y·2^k (k = 1024: y·2·2^1023); below: y·2^(k+1000)·2^-1000
    b.get(y);
    pairConst(b, 2);
    fMul();
    pairConst(b, 8.988465674311579539e307);
    fMul();
    b.get(y);
    power(0);
    fMul();
    kAtLeast(1024);
    select();
    b.get(y);
    power(1000);
    fMul();
    pairConst(b, 9.3326361850321887899e-302);
    fMul();
    kAtLeast(-1021);
    select();
  });
  // k = 0 where |x| <= 0.5 ln2; then the cases fdlibm returns early, each over the last.
  b.get(scaled).get(whenZero).get(reduced);
  select();
  const pick = (alternative: () => void, mask: () => void) => {
    const current = b.local(V128);
    b.set(current);
    alternative();
    b.get(current);
    mask();
    select();
  };
  pick(
    () => {
      pairConst(b, 1);
      b.get(x);
      fAdd();
    },
    () => hxBelow(0x3e300000), // |x| < 2^-28: 1 + x
  );
  pick(
    () => pairConst(b, 2.718281828459045),
    () => {
      b.get(x);
      pairConst(b, 1);
      op(0x47); // f64x2.eq: V8 returns E for exp(1)
    },
  );
  pick(
    () => pairConst(b, Infinity),
    () => {
      b.get(x);
      pairConst(b, 7.09782712893383973096e2);
      op(0x4a); // f64x2.gt: overflow
    },
  );
  pick(
    () => pairConst(b, 0),
    () => {
      b.get(x);
      pairConst(b, -7.4513321910194110842e2);
      op(0x49); // f64x2.lt: underflow
    },
  );
  pick(
    () => {
      b.get(x).get(x);
      fAdd();
    },
    () => {
      b.get(x).get(x);
      op(0x48); // f64x2.ne: NaN
    },
  );
}
