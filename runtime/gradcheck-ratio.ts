// The ratio analytic/numeric of a failing tensor says what kind of bug it is: 2 or 4 a factor
// written twice or a wrong constant, 1/2 a missing factor, -1 a sign flip, 0 a gradient that is
// never computed. It is measured as the least-squares scale s minimising ‖g − s·g̃‖ and shown as
// that simple fraction when it is within 1% of one; otherwise as the number itself.

/** Denominators tried, and the largest numerator: 2, 4, 1/2, 3/4, -1, ... but not 17/13. */
const DENOMINATORS = [1, 2, 3, 4, 5, 8];
const LARGEST_NUMERATOR = 16;
const TOLERANCE = 0.01;

export function snapRatio(raw: number): { ratio: number; text: string } {
  if (!Number.isFinite(raw)) return { ratio: raw, text: String(raw) };
  if (Math.abs(raw) < TOLERANCE) return { ratio: 0, text: "0" };
  for (const q of DENOMINATORS) {
    const p = Math.round(raw * q);
    if (p === 0 || Math.abs(p) > LARGEST_NUMERATOR) continue;
    const fraction = p / q;
    if (Math.abs(raw - fraction) <= TOLERANCE * Math.abs(fraction)) {
      return { ratio: fraction, text: q === 1 ? String(p) : `${p}/${q}` };
    }
  }
  return { ratio: raw, text: raw.toPrecision(4) };
}
