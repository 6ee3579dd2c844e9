// numpy's legacy global generator (`np.random.seed`, `np.random.randn`, ...), bit for bit.
//
// Every method draws from MT19937 in the same order as numpy 1.24's RandomState
// (numpy/random/mtrand.pyx, _bounded_integers.pyx.in, src/distributions/distributions.c,
// src/legacy/legacy-distributions.c), so a lesson that seeds numpy and draws weights, data and
// dropout masks gets the same numbers here. The one C-library dependency, log() inside the
// gaussian, is glibc's algorithm ported in glibc-log.ts. spec/random.md documents each draw.
import { glibcLog } from "./glibc-log.js";
import { MT19937 } from "./mt19937.js";

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** Anything indexable with a length: arrays and typed arrays alike. */
export interface Shuffleable {
  length: number;
  [index: number]: any;
}

export class RandomState {
  private readonly generator: MT19937;
  // The polar method makes gaussians in pairs; numpy hands out one and keeps the other here.
  private hasCachedGaussian = false;
  private cachedGaussian = 0;

  /**
   * `np.random.RandomState(seed)`. Unlike numpy, which seeds from the operating system when no
   * seed is given, a missing seed means 0: nnc runs are reproducible by default.
   */
  constructor(seed = 0) {
    this.generator = new MT19937(seed);
  }

  /** `np.random.seed(seed)`: restarts the stream and forgets any cached gaussian. */
  seed(seed: number): void {
    this.generator.seed(seed);
    this.hasCachedGaussian = false;
    this.cachedGaussian = 0;
  }

  /** One raw 32-bit output of MT19937 (numpy's `next_uint32`). */
  nextUint32(): number {
    return this.generator.nextUint32();
  }

  /** `np.random.random_sample()`: a double in [0, 1) with 53 random bits from two draws. */
  randomSample(): number {
    const a = this.generator.nextUint32() >>> 5;
    const b = this.generator.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /**
   * `legacy_gauss`: Marsaglia's polar method. Draws points in the square until one falls strictly
   * inside the unit circle (and not at its centre), returns `f * x2` and caches `f * x1` for the
   * next call. The log is glibc's, so the values match numpy on Linux bit for bit.
   */
  standardNormal(): number {
    if (this.hasCachedGaussian) {
      this.hasCachedGaussian = false;
      const cached = this.cachedGaussian;
      this.cachedGaussian = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.randomSample() - 1.0;
      x2 = 2.0 * this.randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * glibcLog(r2)) / r2);
    this.cachedGaussian = f * x1;
    this.hasCachedGaussian = true;
    return f * x2;
  }

  /** `np.random.rand(*shape)` flattened row-major (pass the product of the shape). */
  rand(size: number): Float64Array {
    const out = new Float64Array(checkedSize(size));
    for (let i = 0; i < out.length; i++) out[i] = this.randomSample();
    return out;
  }

  /** `np.random.randn(*shape)` flattened row-major. */
  randn(size: number): Float64Array {
    const out = new Float64Array(checkedSize(size));
    for (let i = 0; i < out.length; i++) out[i] = this.standardNormal();
    return out;
  }

  /** `np.random.normal(loc, scale, size)`: `loc + scale * gauss` (legacy_normal), one draw each. */
  normal(loc: number, scale: number, size: number): Float64Array {
    if (!(scale >= 0)) throw new RangeError(`normal: scale must be non-negative, got ${scale}`);
    const out = new Float64Array(checkedSize(size));
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.standardNormal();
    return out;
  }

  /** `np.random.uniform(low, high, size)`: `low + (high - low) * random_sample()`. */
  uniform(low: number, high: number, size: number): Float64Array {
    const range = high - low;
    if (!Number.isFinite(range)) throw new RangeError("uniform: high - low must be finite");
    const out = new Float64Array(checkedSize(size));
    for (let i = 0; i < out.length; i++) out[i] = low + range * this.randomSample();
    return out;
  }

  /**
   * `np.random.randint(low, high, size)` with numpy's default dtype (int64 on Linux): integers in
   * [low, high). numpy draws `off + v` with v in [0, rng], rng = high - 1 - low, by masked
   * rejection: v = draw & mask (the smallest all-ones mask covering rng), redrawn while v > rng.
   * The draw is one 32-bit output when rng < 2^32 - 1, the raw 32-bit output when rng is exactly
   * 2^32 - 1, and a 64-bit output (first draw high, second low) above that. Nothing is drawn when
   * low = high - 1. Values must stay within ±2^53 so they are exact in a double.
   */
  randint(low: number, high: number, size: number): Float64Array {
    // Every value in [low, high - 1] must be a safe integer; high itself may be 2^53.
    if (!Number.isInteger(low) || !Number.isInteger(high) || low < -Number.MAX_SAFE_INTEGER || high > TWO_POW_53) {
      throw new RangeError(`randint: low and high must be integers within ±2^53, got ${low}, ${high}`);
    }
    if (low >= high) throw new RangeError(`randint: low >= high (${low} >= ${high})`);
    const range = high - 1 - low;
    if (!Number.isSafeInteger(range)) throw new RangeError("randint: high - low must be at most 2^53");
    const out = new Float64Array(checkedSize(size));
    if (range === 0) {
      out.fill(low);
    } else if (range === 0xffffffff) {
      for (let i = 0; i < out.length; i++) out[i] = low + this.generator.nextUint32();
    } else if (range < 0xffffffff) {
      const mask = smallestMaskCovering(range);
      for (let i = 0; i < out.length; i++) out[i] = low + this.boundedUint32(range, mask);
    } else {
      for (let i = 0; i < out.length; i++) out[i] = low + this.boundedUint53(range);
    }
    return out;
  }

  /**
   * `np.random.shuffle(x)` for a 1-D array: Fisher–Yates from the end, swapping x[i] with
   * x[j], j drawn uniformly from [0, i] by `random_interval` (masked rejection on 32-bit draws).
   */
  shuffle(array: Shuffleable): void {
    const n = array.length;
    if (n > TWO_POW_32) throw new RangeError("shuffle: arrays longer than 2^32 are not supported");
    for (let i = n - 1; i >= 1; i--) {
      const j = this.boundedUint32(i, smallestMaskCovering(i));
      const held = array[i];
      array[i] = array[j];
      array[j] = held;
    }
  }

  /** `np.random.permutation(n)`: `arange(n)` shuffled. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new RangeError(`permutation: n must be a non-negative integer below 2^31, got ${n}`);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /** A value in [0, max] by masked rejection on 32-bit draws (max < 2^32). */
  private boundedUint32(max: number, mask: number): number {
    let value: number;
    do {
      value = (this.generator.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /**
   * A value in [0, max] for 2^32 <= max < 2^53 by masked rejection on 64-bit draws. The mask's
   * low 32 bits are all ones there, so only the high word needs masking.
   */
  private boundedUint53(max: number): number {
    const highMask = smallestMaskCovering(Math.floor(max / TWO_POW_32));
    let value: number;
    do {
      const high = this.generator.nextUint32() & highMask;
      const low = this.generator.nextUint32();
      value = high * TWO_POW_32 + low;
    } while (value > max);
    return value;
  }
}

/** The smallest 2^b - 1 that is >= value (numpy's `gen_mask`), for value < 2^32. */
function smallestMaskCovering(value: number): number {
  let mask = value >>> 0;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

function checkedSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`size must be a non-negative integer, got ${size}`);
  }
  return size;
}
