// sin and cos as fdlibm 5.3 computes them (k_sin.c, k_cos.c, s_sin.c, s_cos.c, e_rem_pio2.c), for
// the data generators' angles: the same doubles on every JavaScript engine.
//
// Math.sin and Math.cos are not the same function everywhere. Node 20's V8 (11.3) runs fdlibm's;
// V8 12 and later (Node 22, Chromium) run a port of glibc's, which rounds differently on about one
// input in thirty. The circles of the initialization lesson would then move by an ulp, and its
// cost lines by a few ulp after 15000 steps, between a terminal and a browser. These are fdlibm's
// algorithms, so nnc's circles and moons are the ones it has always drawn, bit for bit, on any engine
// (test/golden/data/fdlibm-trig.json holds values written by Node 20's Math.sin and Math.cos).
//
// Only fdlibm's "medium" argument reduction is here: |x| up to 2^20 · π/2 (about 1.65 million). The
// generators' angles lie in [0, 2π]; a larger argument is refused rather than reduced wrongly.

// One scratch double viewed as two 32-bit words, for fdlibm's high-word tests.
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The high 32 bits of x, signed, as fdlibm's __HI(x). */
function highWord(x: number): number {
  scratch[0] = x;
  return words[HIGH] | 0;
}

/** A double from its high word and a zero low word, as fdlibm's INSERT_WORDS(qx, high, 0). */
function withHighWord(high: number): number {
  words[HIGH] = high;
  words[1 - HIGH] = 0;
  return scratch[0];
}

// k_sin.c: sin on [-π/4, π/4] by a degree-13 odd polynomial.
const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

/** sin(x + y) for |x + y| ≤ π/4, y the tail of a reduced argument (iy = 0: y is taken as 0). */
function kernelSin(x: number, y: number, iy: 0 | 1): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return x; // |x| < 2^-27: sin x rounds to x
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (iy === 0) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

// k_cos.c: cos on [-π/4, π/4] by a degree-14 even polynomial.
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.0875723212981748279e-9;
const C6 = -1.13596475577881948265e-11;

/** cos(x + y) for |x + y| ≤ π/4, y the tail of a reduced argument. */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1; // |x| < 2^-27: cos x rounds to 1
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  // 1 - z/2 loses bits past 0.3; fdlibm subtracts a quarter of x (or 0.28125) exactly first.
  const qx = ix > 0x3fe90000 ? 0.28125 : withHighWord(ix - 0x00200000);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

// e_rem_pio2.c: π/2 in pieces of 33 bits, each with the rest of π/2 after it.
const INVERSE_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.0771005063039659766e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.0222662487111664558e-21;
const PIO2_3T = 8.47842766036889956997e-32;
/** High words of n · π/2 for n = 1 … 32: arguments this close to one need the longer reduction. */
const NPIO2_HIGH = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a,
  0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a,
  0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c, 0x404534ac,
  0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
];

/** The reduced argument: x = n · π/2 + (head + tail), |head + tail| ≤ π/4. */
interface Reduced {
  n: number;
  head: number;
  tail: number;
}

function reduce(x: number): Reduced {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    // |x| < 3π/4: n is ±1. Near π/2 a second piece of π/2 is needed.
    const sign = hx > 0 ? 1 : -1;
    let z = x - sign * PIO2_1;
    if (ix !== 0x3ff921fb) {
      const head = z - sign * PIO2_1T;
      return { n: sign, head, tail: z - head - sign * PIO2_1T };
    }
    z -= sign * PIO2_2;
    const head = z - sign * PIO2_2T;
    return { n: sign, head, tail: z - head - sign * PIO2_2T };
  }
  if (ix > 0x413921fb) {
    throw new RangeError(`sin/cos: ${x} is beyond the reduction nnc carries out (|x| ≤ 2^20 · π/2)`);
  }
  const t = Math.abs(x);
  const n = Math.trunc(t * INVERSE_PIO2 + 0.5);
  let r = t - n * PIO2_1;
  let w = n * PIO2_1T; // first round, good to 85 bits
  let head = r - w;
  if (n >= 32 || ix === NPIO2_HIGH[n - 1]) {
    // Cancellation may have eaten bits: take further pieces of π/2 while it did.
    const j = ix >> 20;
    if (j - ((highWord(head) >> 20) & 0x7ff) > 16) {
      let before = r;
      w = n * PIO2_2;
      r = before - w;
      w = n * PIO2_2T - (before - r - w);
      head = r - w;
      if (j - ((highWord(head) >> 20) & 0x7ff) > 49) {
        before = r;
        w = n * PIO2_3;
        r = before - w;
        w = n * PIO2_3T - (before - r - w);
        head = r - w;
      }
    }
  }
  const tail = r - head - w;
  return hx < 0 ? { n: -n, head: -head, tail: -tail } : { n, head, tail };
}

/** fdlibm's sin(x), for |x| ≤ 2^20 · π/2. */
export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, 0);
  if (ix >= 0x7ff00000) return NaN;
  const { n, head, tail } = reduce(x);
  switch (n & 3) {
    case 0:
      return kernelSin(head, tail, 1);
    case 1:
      return kernelCos(head, tail);
    case 2:
      return -kernelSin(head, tail, 1);
    default:
      return -kernelCos(head, tail);
  }
}

/** fdlibm's cos(x), for |x| ≤ 2^20 · π/2. */
export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix >= 0x7ff00000) return NaN;
  const { n, head, tail } = reduce(x);
  switch (n & 3) {
    case 0:
      return kernelCos(head, tail);
    case 1:
      return -kernelSin(head, tail, 1);
    case 2:
      return -kernelCos(head, tail);
    default:
      return kernelSin(head, tail, 1);
  }
}
