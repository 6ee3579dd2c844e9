// β^t for Adam's bias correction, the same bits on every JavaScript engine. `Math.pow` is not
// specified to the bit, and V8's differs between Node 20 and Chromium (the optimization lesson's
// Adam costs differed in their last digit). numpy's figures come from C's pow, which gives the
// correctly rounded power in all but very rare cases: here the power of a whole exponent is taken
// by repeated squaring in double-double arithmetic (about 106 bits, products made exact by
// Veltkamp's splitting), and rounded once to a double at the end — only + and ×, exact in IEEE 754.

const SPLITTER = 134217729; // 2^27 + 1

/** a · b as an unevaluated sum hi + lo, exactly (Dekker's product). */
function twoProduct(a: number, b: number): [number, number] {
  const product = a * b;
  const ca = SPLITTER * a;
  const aHi = ca - (ca - a);
  const aLo = a - aHi;
  const cb = SPLITTER * b;
  const bHi = cb - (cb - b);
  const bLo = b - bHi;
  const error = aHi * bHi - product + aHi * bLo + aLo * bHi + aLo * bLo;
  return [product, error];
}

/** (xHi + xLo) · (yHi + yLo) in double-double, normalised so hi is the double nearest the sum. */
function multiply(xHi: number, xLo: number, yHi: number, yLo: number): [number, number] {
  const [p, e] = twoProduct(xHi, yHi);
  const error = e + (xHi * yLo + xLo * yHi);
  const hi = p + error;
  return [hi, error - (hi - p)];
}

/**
 * base^exponent: for a whole exponent up to 2^31 the correctly rounded power (but in hard cases
 * past double-double's precision, astronomically rare); any other exponent is Math.pow's.
 */
export function power(base: number, exponent: number): number {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 2 ** 31 || !Number.isFinite(base)) {
    return Math.pow(base, exponent);
  }
  let resultHi = 1;
  let resultLo = 0;
  let squareHi = base;
  let squareLo = 0;
  for (let n = exponent; n > 0; n = Math.floor(n / 2)) {
    if (n % 2 === 1) [resultHi, resultLo] = multiply(resultHi, resultLo, squareHi, squareLo);
    if (n > 1) [squareHi, squareLo] = multiply(squareHi, squareLo, squareHi, squareLo);
  }
  // Past the normal range the low part's precision is gone; hi + lo is then the nearest double still.
  return resultHi + resultLo;
}
