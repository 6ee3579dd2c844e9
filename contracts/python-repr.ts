// Numbers printed the way the lessons' Python prints them, so a learner can compare a run with
// the notebook character by character: Python's repr is the shortest round-trip form, like
// JavaScript's, but switches to exponent notation at other bounds (1e-05, not 0.00001).
//
// A contract between the doors: `nnc run` prints costs this way and the playground shows the same lines.

export function pythonRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exponentText] = x.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  let text: string;
  if (exponent >= 0) {
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    const fraction = digits.slice(exponent + 1);
    text = `${whole}.${fraction || "0"}`;
  } else {
    text = `0.${"0".repeat(-exponent - 1)}${digits}`;
  }
  return negative ? `-${text}` : text;
}
