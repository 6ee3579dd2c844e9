// The Mersenne Twister MT19937 exactly as numpy's legacy RandomState runs it
// (numpy/random/src/mt19937/mt19937.c and mt19937.h, numpy 1.17+; unchanged since numpy 1.x's
// randomkit). Every numpy stream the lessons print starts here.

const STATE_LENGTH = 624;
const SHIFT = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class MT19937 {
  private readonly key = new Uint32Array(STATE_LENGTH);
  private position = STATE_LENGTH;

  constructor(seed: number) {
    this.seed(seed);
  }

  /**
   * `np.random.seed(seed)` for an integer seed: numpy's `_legacy_seeding` calls `mt19937_seed`,
   * which is Matsumoto and Nishimura's `init_genrand` (Knuth's multiplier 1812433253). Seeding
   * with an array (`init_by_array`) is numpy's other path; nnc's seeds are integers.
   */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
    }
    let value = seed >>> 0;
    for (let index = 0; index < STATE_LENGTH; index++) {
      this.key[index] = value;
      value = (Math.imul(1812433253, value ^ (value >>> 30)) + index + 1) >>> 0;
    }
    this.position = STATE_LENGTH;
  }

  /** genrand_int32: the next 32-bit output, tempered. */
  nextUint32(): number {
    if (this.position === STATE_LENGTH) this.regenerate();
    let y = this.key[this.position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** The whole 624-word state advanced at once, as `mt19937_gen` does. */
  private regenerate(): void {
    const key = this.key;
    let index = 0;
    for (; index < STATE_LENGTH - SHIFT; index++) {
      const y = (key[index] & UPPER_MASK) | (key[index + 1] & LOWER_MASK);
      key[index] = key[index + SHIFT] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; index < STATE_LENGTH - 1; index++) {
      const y = (key[index] & UPPER_MASK) | (key[index + 1] & LOWER_MASK);
      key[index] = key[index + SHIFT - STATE_LENGTH] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (key[STATE_LENGTH - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[STATE_LENGTH - 1] = key[SHIFT - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.position = 0;
  }
}
