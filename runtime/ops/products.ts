// The three matrix products a dense layer needs, on row-major Float64Arrays, blocked for the
// cache and tiled 4×4 in registers (16 running sums in locals, 8 loads per 16 multiply-adds).
//
//   productNN: C[r, c]  = Σ_i A[r, i] · B[i, c]     (Z = W · A_prev)
//   productNT: C[r, c] += Σ_j A[r, j] · B[c, j]     (dW = dZ · A_prevᵀ)
//   productTN: C[r, c] += Σ_k A[k, r] · B[k, c]     (dA_prev = Wᵀ · dZ)
//
// Every sum runs over its index in increasing order, starting from the first product, exactly
// as the plain loops in matmul-bias.ts did before them: blocking only changes which sums are in
// flight at once, never the order of the additions inside one, so the results are the same to
// the bit as the unblocked loops and as the generated per-example code.
//
// productNN walks the shared index in panels of PANEL rows of B so that panel stays in cache
// while every tile of C passes over it (for the cat lessons' first layer B is X, 12288 × 209,
// 20 MB: unblocked, it would stream from memory once per 4 rows of W). The partial sums are
// kept in C between panels; adding 0 first is exact, so the order is still the plain one.

/** Rows of B per panel in productNN: 64 × 209 doubles ≈ 107 KB, inside the L2 cache. */
const PANEL = 64;

/** C (r × c) = A (r × n) · B (n × c). C is overwritten. */
export function productNN(A: Float64Array, B: Float64Array, C: Float64Array, r: number, n: number, c: number): void {
  C.fill(0, 0, r * c);
  for (let i0 = 0; i0 < n; i0 += PANEL) {
    const i1 = Math.min(n, i0 + PANEL);
    let k = 0;
    for (; k + 4 <= r; k += 4) {
      const a0 = k * n;
      const a1 = a0 + n;
      const a2 = a1 + n;
      const a3 = a2 + n;
      let j = 0;
      for (; j + 4 <= c; j += 4) {
        let s00 = C[k * c + j], s01 = C[k * c + j + 1], s02 = C[k * c + j + 2], s03 = C[k * c + j + 3];
        let s10 = C[(k + 1) * c + j], s11 = C[(k + 1) * c + j + 1], s12 = C[(k + 1) * c + j + 2], s13 = C[(k + 1) * c + j + 3];
        let s20 = C[(k + 2) * c + j], s21 = C[(k + 2) * c + j + 1], s22 = C[(k + 2) * c + j + 2], s23 = C[(k + 2) * c + j + 3];
        let s30 = C[(k + 3) * c + j], s31 = C[(k + 3) * c + j + 1], s32 = C[(k + 3) * c + j + 2], s33 = C[(k + 3) * c + j + 3];
        for (let i = i0; i < i1; i++) {
          const b = i * c + j;
          const b0 = B[b], b1 = B[b + 1], b2 = B[b + 2], b3 = B[b + 3];
          const w0 = A[a0 + i], w1 = A[a1 + i], w2 = A[a2 + i], w3 = A[a3 + i];
          s00 += w0 * b0; s01 += w0 * b1; s02 += w0 * b2; s03 += w0 * b3;
          s10 += w1 * b0; s11 += w1 * b1; s12 += w1 * b2; s13 += w1 * b3;
          s20 += w2 * b0; s21 += w2 * b1; s22 += w2 * b2; s23 += w2 * b3;
          s30 += w3 * b0; s31 += w3 * b1; s32 += w3 * b2; s33 += w3 * b3;
        }
        C[k * c + j] = s00; C[k * c + j + 1] = s01; C[k * c + j + 2] = s02; C[k * c + j + 3] = s03;
        C[(k + 1) * c + j] = s10; C[(k + 1) * c + j + 1] = s11; C[(k + 1) * c + j + 2] = s12; C[(k + 1) * c + j + 3] = s13;
        C[(k + 2) * c + j] = s20; C[(k + 2) * c + j + 1] = s21; C[(k + 2) * c + j + 2] = s22; C[(k + 2) * c + j + 3] = s23;
        C[(k + 3) * c + j] = s30; C[(k + 3) * c + j + 1] = s31; C[(k + 3) * c + j + 2] = s32; C[(k + 3) * c + j + 3] = s33;
      }
      for (; j < c; j++) {
        for (let q = k; q < k + 4; q++) {
          let s = C[q * c + j];
          for (let i = i0; i < i1; i++) s += A[q * n + i] * B[i * c + j];
          C[q * c + j] = s;
        }
      }
    }
    for (; k < r; k++) rowTimesPanel(A, k * n, B, C, k * c, i0, i1, c);
  }
}

/** C[row] += A[row, i0..i1) · B[i0..i1, :], 8 columns at a time in locals. */
function rowTimesPanel(A: Float64Array, a: number, B: Float64Array, C: Float64Array, row: number, i0: number, i1: number, c: number): void {
  let j = 0;
  for (; j + 8 <= c; j += 8) {
    const o = row + j;
    let s0 = C[o], s1 = C[o + 1], s2 = C[o + 2], s3 = C[o + 3], s4 = C[o + 4], s5 = C[o + 5], s6 = C[o + 6], s7 = C[o + 7];
    for (let i = i0; i < i1; i++) {
      const w = A[a + i];
      const b = i * c + j;
      s0 += w * B[b]; s1 += w * B[b + 1]; s2 += w * B[b + 2]; s3 += w * B[b + 3];
      s4 += w * B[b + 4]; s5 += w * B[b + 5]; s6 += w * B[b + 6]; s7 += w * B[b + 7];
    }
    C[o] = s0; C[o + 1] = s1; C[o + 2] = s2; C[o + 3] = s3; C[o + 4] = s4; C[o + 5] = s5; C[o + 6] = s6; C[o + 7] = s7;
  }
  for (; j < c; j++) {
    let s = C[row + j];
    for (let i = i0; i < i1; i++) s += A[a + i] * B[i * c + j];
    C[row + j] = s;
  }
}

/** C (r × c) += A (r × n) · Bᵀ, B being c × n: each C[r, c] one dot product of two rows. */
export function productNT(A: Float64Array, B: Float64Array, C: Float64Array, r: number, n: number, c: number): void {
  let q = 0;
  for (; q + 4 <= c; q += 4) {
    const b0 = q * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    let k = 0;
    for (; k + 4 <= r; k += 4) {
      const a0 = k * n;
      const a1 = a0 + n;
      const a2 = a1 + n;
      const a3 = a2 + n;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let j = 0; j < n; j++) {
        const x0 = B[b0 + j], x1 = B[b1 + j], x2 = B[b2 + j], x3 = B[b3 + j];
        const d0 = A[a0 + j], d1 = A[a1 + j], d2 = A[a2 + j], d3 = A[a3 + j];
        s00 += d0 * x0; s01 += d0 * x1; s02 += d0 * x2; s03 += d0 * x3;
        s10 += d1 * x0; s11 += d1 * x1; s12 += d1 * x2; s13 += d1 * x3;
        s20 += d2 * x0; s21 += d2 * x1; s22 += d2 * x2; s23 += d2 * x3;
        s30 += d3 * x0; s31 += d3 * x1; s32 += d3 * x2; s33 += d3 * x3;
      }
      C[k * c + q] += s00; C[k * c + q + 1] += s01; C[k * c + q + 2] += s02; C[k * c + q + 3] += s03;
      C[(k + 1) * c + q] += s10; C[(k + 1) * c + q + 1] += s11; C[(k + 1) * c + q + 2] += s12; C[(k + 1) * c + q + 3] += s13;
      C[(k + 2) * c + q] += s20; C[(k + 2) * c + q + 1] += s21; C[(k + 2) * c + q + 2] += s22; C[(k + 2) * c + q + 3] += s23;
      C[(k + 3) * c + q] += s30; C[(k + 3) * c + q + 1] += s31; C[(k + 3) * c + q + 2] += s32; C[(k + 3) * c + q + 3] += s33;
    }
    for (; k < r; k++) {
      for (let p = q; p < q + 4; p++) C[k * c + p] += dot(A, k * n, B, p * n, n);
    }
  }
  for (; q < c; q++) for (let k = 0; k < r; k++) C[k * c + q] += dot(A, k * n, B, q * n, n);
}

/** C (r × c) += Aᵀ · B, A being n × r and B n × c; each sum runs over k = 0..n-1 from A[0]·B[0]. */
export function productTN(A: Float64Array, B: Float64Array, C: Float64Array, r: number, n: number, c: number): void {
  let i = 0;
  for (; i + 4 <= r; i += 4) {
    let j = 0;
    for (; j + 4 <= c; j += 4) {
      let w0 = A[i], w1 = A[i + 1], w2 = A[i + 2], w3 = A[i + 3];
      let d0 = B[j], d1 = B[j + 1], d2 = B[j + 2], d3 = B[j + 3];
      let s00 = w0 * d0, s01 = w0 * d1, s02 = w0 * d2, s03 = w0 * d3;
      let s10 = w1 * d0, s11 = w1 * d1, s12 = w1 * d2, s13 = w1 * d3;
      let s20 = w2 * d0, s21 = w2 * d1, s22 = w2 * d2, s23 = w2 * d3;
      let s30 = w3 * d0, s31 = w3 * d1, s32 = w3 * d2, s33 = w3 * d3;
      for (let k = 1; k < n; k++) {
        const a = k * r + i;
        const b = k * c + j;
        w0 = A[a]; w1 = A[a + 1]; w2 = A[a + 2]; w3 = A[a + 3];
        d0 = B[b]; d1 = B[b + 1]; d2 = B[b + 2]; d3 = B[b + 3];
        s00 += w0 * d0; s01 += w0 * d1; s02 += w0 * d2; s03 += w0 * d3;
        s10 += w1 * d0; s11 += w1 * d1; s12 += w1 * d2; s13 += w1 * d3;
        s20 += w2 * d0; s21 += w2 * d1; s22 += w2 * d2; s23 += w2 * d3;
        s30 += w3 * d0; s31 += w3 * d1; s32 += w3 * d2; s33 += w3 * d3;
      }
      C[i * c + j] += s00; C[i * c + j + 1] += s01; C[i * c + j + 2] += s02; C[i * c + j + 3] += s03;
      C[(i + 1) * c + j] += s10; C[(i + 1) * c + j + 1] += s11; C[(i + 1) * c + j + 2] += s12; C[(i + 1) * c + j + 3] += s13;
      C[(i + 2) * c + j] += s20; C[(i + 2) * c + j + 1] += s21; C[(i + 2) * c + j + 2] += s22; C[(i + 2) * c + j + 3] += s23;
      C[(i + 3) * c + j] += s30; C[(i + 3) * c + j + 1] += s31; C[(i + 3) * c + j + 2] += s32; C[(i + 3) * c + j + 3] += s33;
    }
    for (; j < c; j++) for (let p = i; p < i + 4; p++) C[p * c + j] += columnDot(A, p, r, B, j, c, n);
  }
  for (; i < r; i++) for (let j = 0; j < c; j++) C[i * c + j] += columnDot(A, i, r, B, j, c, n);
}

/**
 * G (m × m) = Xᵀ · X for X of n × m: each G[i, j] = Σ_k X[k, i] · X[k, j], summed over k in
 * order. X is walked in panels of PANEL rows, each panel passed over by every tile of G while it
 * is in cache, and only the tiles on and above the diagonal are computed: G[j, i] is the same
 * sum in the same order, so it is copied.
 */
export function gram(X: Float64Array, G: Float64Array, n: number, m: number): void {
  G.fill(0, 0, m * m);
  const full = m - (m % 4);
  for (let k0 = 0; k0 < n; k0 += PANEL) {
    const k1 = Math.min(n, k0 + PANEL);
    for (let i = 0; i < full; i += 4) {
      for (let j = i; j < full; j += 4) {
        let s00 = G[i * m + j], s01 = G[i * m + j + 1], s02 = G[i * m + j + 2], s03 = G[i * m + j + 3];
        let s10 = G[(i + 1) * m + j], s11 = G[(i + 1) * m + j + 1], s12 = G[(i + 1) * m + j + 2], s13 = G[(i + 1) * m + j + 3];
        let s20 = G[(i + 2) * m + j], s21 = G[(i + 2) * m + j + 1], s22 = G[(i + 2) * m + j + 2], s23 = G[(i + 2) * m + j + 3];
        let s30 = G[(i + 3) * m + j], s31 = G[(i + 3) * m + j + 1], s32 = G[(i + 3) * m + j + 2], s33 = G[(i + 3) * m + j + 3];
        for (let k = k0; k < k1; k++) {
          const a = k * m + i;
          const b = k * m + j;
          const w0 = X[a], w1 = X[a + 1], w2 = X[a + 2], w3 = X[a + 3];
          const d0 = X[b], d1 = X[b + 1], d2 = X[b + 2], d3 = X[b + 3];
          s00 += w0 * d0; s01 += w0 * d1; s02 += w0 * d2; s03 += w0 * d3;
          s10 += w1 * d0; s11 += w1 * d1; s12 += w1 * d2; s13 += w1 * d3;
          s20 += w2 * d0; s21 += w2 * d1; s22 += w2 * d2; s23 += w2 * d3;
          s30 += w3 * d0; s31 += w3 * d1; s32 += w3 * d2; s33 += w3 * d3;
        }
        G[i * m + j] = s00; G[i * m + j + 1] = s01; G[i * m + j + 2] = s02; G[i * m + j + 3] = s03;
        G[(i + 1) * m + j] = s10; G[(i + 1) * m + j + 1] = s11; G[(i + 1) * m + j + 2] = s12; G[(i + 1) * m + j + 3] = s13;
        G[(i + 2) * m + j] = s20; G[(i + 2) * m + j + 1] = s21; G[(i + 2) * m + j + 2] = s22; G[(i + 2) * m + j + 3] = s23;
        G[(i + 3) * m + j] = s30; G[(i + 3) * m + j + 1] = s31; G[(i + 3) * m + j + 2] = s32; G[(i + 3) * m + j + 3] = s33;
      }
    }
    // The last m mod 4 columns, against every row.
    for (let i = 0; i < m; i++) {
      for (let j = Math.max(full, i); j < m; j++) {
        let s = G[i * m + j];
        for (let k = k0; k < k1; k++) s += X[k * m + i] * X[k * m + j];
        G[i * m + j] = s;
      }
    }
  }
  mirrorUpper(G, m);
}

/** G (m × m) below its diagonal as the mirror image of above it (a Gram matrix's sums are symmetric). */
export function mirrorUpper(G: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) G[i * m + j] = G[j * m + i];
}

function dot(A: Float64Array, a: number, B: Float64Array, b: number, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += A[a + j] * B[b + j];
  return s;
}

function columnDot(A: Float64Array, i: number, r: number, B: Float64Array, j: number, c: number, n: number): number {
  let s = A[i] * B[j];
  for (let k = 1; k < n; k++) s += A[k * r + i] * B[k * c + j];
  return s;
}
