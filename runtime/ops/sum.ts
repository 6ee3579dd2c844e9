// numpy's pairwise summation (numpy/core/src/umath/loops_utils.h.src, `pairwise_sum`), which
// np.sum and np.nansum use on contiguous data. The lessons' cost is `1./m * np.nansum(logprobs)`,
// so summing the m loss terms in the same order prints the lessons' cost digits: with zero
// weights, 300 terms of ln 2 sum sequentially to 0.69314718055994674 but pairwise, as numpy
// does, to exactly 0.6931471805599453.
//
// Below 8 terms: a plain loop. Up to 128: eight running sums over strides of 8, combined as
// ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the leftover terms. Above: split at
// half rounded down to a multiple of 8 and recurse.
export const BLOCK = 128;

export function pairwiseSum(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= BLOCK) {
    let r0 = a[start],
      r1 = a[start + 1],
      r2 = a[start + 2],
      r3 = a[start + 3];
    let r4 = a[start + 4],
      r5 = a[start + 5],
      r6 = a[start + 6],
      r7 = a[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = start + i;
      r0 += a[p];
      r1 += a[p + 1];
      r2 += a[p + 2];
      r3 += a[p + 3];
      r4 += a[p + 4];
      r5 += a[p + 5];
      r6 += a[p + 6];
      r7 += a[p + 7];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, n - half);
}

/** A grow-only scratch buffer, so kernels that need room for m terms allocate once, not per step. */
export function scratch(): (n: number) => Float64Array {
  let buffer = new Float64Array(0);
  return (n) => {
    if (buffer.length < n) buffer = new Float64Array(n);
    return buffer;
  };
}
