// Random draws that are nnc's own business, not the lesson's: which elements `nnc check --sample`
// checks, the direction a failing tensor is bisected along, made-up test problems. They come from
// seedrandom, never from numpy's generator, so they cannot shift (or be shifted by) a single draw of
// the model's stream: the weights, data, masks and shuffles stay the lesson's (spec/random.md).
import seedrandom from "seedrandom";

export class IndependentStream {
  private readonly prng: seedrandom.PRNG;

  /**
   * Each stream is seeded by its own name (`nnc check --sample W1`), so its draws depend on nothing
   * else: adding a stream, or drawing more from another, changes none of them.
   */
  constructor(readonly name: string) {
    this.prng = seedrandom(name);
  }

  /** A double in [0, 1) with 53 random bits. */
  uniform(): number {
    return this.prng.double();
  }

  /** `count` doubles in [0, 1). */
  uniforms(count: number): Float64Array {
    return Float64Array.from({ length: count }, () => this.prng.double());
  }

  /** An integer in [0, bound); the bias of scaling 53 bits is below bound / 2^53. */
  below(bound: number): number {
    return Math.floor(this.prng.double() * bound);
  }

  /** `count` distinct integers of [0, n), ascending: the first `count` steps of a Fisher–Yates shuffle. */
  choose(n: number, count: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new RangeError(`choose: n must be a non-negative integer below 2^31, got ${n}`);
    }
    if (!Number.isInteger(count) || count < 0 || count > n) {
      throw new RangeError(`choose: count must be a whole number from 0 to ${n}, got ${count}`);
    }
    const indices = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + this.below(n - i);
      const held = indices[i];
      indices[i] = indices[j];
      indices[j] = held;
    }
    return indices.slice(0, count).sort();
  }
}
