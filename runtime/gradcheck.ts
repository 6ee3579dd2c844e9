// Numerical gradient checking, as the gradient-checking lesson does it, over any function of
// named parameter tensors: a compiled network (gradcheck-program.ts), a scalar model, anything a
// later feature adds (regularizers are part of the cost, so they are checked for free).
//
// For every element θ_i, in the lesson's order (tensors in drawing order, each row-major):
//   θ⁺ = θ_i + ε,  θ⁻ = θ_i − ε,  g̃_i = (J(θ⁺) − J(θ⁻)) / (2ε)
// with exactly numpy's arithmetic (`thetaplus = theta + epsilon`, `(J_plus - J_minus) / (2 *
// epsilon)`), then difference = ‖g − g̃‖ / (‖g‖ + ‖g̃‖), over the whole vector (the lesson's
// figure) and per tensor.
//
// A fixed threshold alone is not honest: g̃ carries rounding noise of about ulp(J) / ε per
// element, which for a small or nearly-zero tensor is larger than 2e-7 of its norm (the lesson's
// own b1 scores 3.3e-7 with a correct gradient). So g̃ is also taken with step 2ε, and the spread
// between the two estimates measures the noise; a tensor whose disagreement is within a few times
// that noise passes even above the threshold, and one whose noise drowns its gradient is
// INCONCLUSIVE rather than failed. An element whose perturbation moves some input of a kink (a
// relu input crossing 0) has no meaningful numeric derivative: it is reported and left out of
// its tensor's verdict.
import { snapRatio } from "./gradcheck-ratio.js";
import { IndependentStream } from "./rng/index.js";
import type { Shape } from "./ops/index.js";

export interface CheckedTensor {
  /** `W1`, `b1`, `theta`: the name a learner knows. */
  name: string;
  /** The layer it belongs to, as named in the .nnspec. */
  layer?: string;
  shape: Shape;
  /** The live values: the checker perturbs them in place and restores them bit for bit. */
  data: Float64Array;
}

/** What the checker needs from a model: its parameters, its cost and its analytic gradient. */
export interface GradientProblem {
  params: readonly CheckedTensor[];
  /** The cost at the parameters' current values. */
  cost(): number;
  /** The analytic gradient (hand-written or generated) at the current values, one array per tensor. */
  gradients(): Float64Array[];
  /**
   * Which side of its kink every kinked input (relu's Z) lay on in the latest cost() call, or
   * null when the model has no kinks. Two calls that differ crossed a kink.
   */
  kinkSides?(): Uint8Array | null;
}

export interface CheckOptions {
  /** Step of the centred difference (the lesson's 1e-7). */
  epsilon?: number;
  /** The lesson's pass mark for the difference (2e-7). */
  threshold?: number;
  /** Check only this many elements per tensor, drawn from a stream of the tensor's own (seedrandom, by its name). */
  sample?: number;
}

export type Verdict = "PASS" | "FAIL" | "INCONCLUSIVE";

export interface ElementReport {
  /** [row, column] in the tensor. */
  index: [number, number];
  analytic: number;
  numeric: number;
}

export interface TensorReport {
  name: string;
  layer?: string;
  shape: Shape;
  /** ‖g − g̃‖ / (‖g‖ + ‖g̃‖) over the tensor's elements that are not at a kink (0 when both are 0). */
  difference: number;
  /** analytic/numeric as a least-squares scale, snapped to a simple fraction when it is one. */
  ratio: number | null;
  /** The ratio as a learner reads it: `2`, `1/2`, `-1`, or the plain number. */
  ratioText: string;
  verdict: Verdict;
  passed: boolean;
  /** The element where |g − g̃| is largest. */
  worst: ElementReport | null;
  /** ‖g̃(ε) − g̃(2ε)‖: how much of the disagreement rounding alone can explain. */
  noise: number;
  /** How many elements were checked (all of them unless sampling). */
  checked: number;
  /** Elements whose numeric derivative straddles a kink: reported, left out of the verdict. */
  kinks: ElementReport[];
  /** Why the verdict is what it is, in a sentence. */
  reason: string;
  analytic: Float64Array;
  numeric: Float64Array;
}

export interface CheckReport {
  /** The lesson's figure: over every element of every tensor, kinks included. */
  difference: number;
  /** No tensor FAILs. */
  passed: boolean;
  epsilon: number;
  threshold: number;
  cost: number;
  parameters: TensorReport[];
}

export const DEFAULT_EPSILON = 1e-7;
export const DEFAULT_THRESHOLD = 2e-7;
/** A disagreement within this many times the measured noise is rounding, not a bug. */
export const NOISE_FACTOR = 4;
/** Noise above this fraction of a tensor's gradient norm leaves nothing to judge. */
export const INCONCLUSIVE_NOISE = 1e-2;

/** numpy's np.linalg.norm of a vector: sqrt of the sum of squares, summed in order. */
function norm(values: ArrayLike<number>, keep?: (i: number) => boolean): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) if (!keep || keep(i)) sum += values[i] * values[i];
  return Math.sqrt(sum);
}

function normOfDifference(a: ArrayLike<number>, b: ArrayLike<number>, keep?: (i: number) => boolean): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    if (keep && !keep(i)) continue;
    const d = a[i] - b[i];
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** The lesson's metric; 0 when both vectors are 0 (nothing disagrees). */
export function relativeDifference(numerator: number, analyticNorm: number, numericNorm: number): number {
  const denominator = analyticNorm + numericNorm;
  return denominator === 0 ? 0 : numerator / denominator;
}

export interface NumericGradient {
  numeric: Float64Array;
  coarse: Float64Array;
  /**
   * The smallest difference of costs the arithmetic can show, over the step: ulp-sized changes of
   * J divided by 2ε. Two exactly equal costs (a numeric gradient of exactly 0) say only that the
   * gradient is below this.
   */
  resolution: Float64Array;
  kink: Uint8Array;
}

function sameSides(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (!a || !b) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** g̃ at ε and at 2ε for every element of one tensor, restoring each value exactly. */
/** Elements not in `only` (when given) are left NaN: not sampled, not judged. */
export function numericGradient(
  problem: GradientProblem,
  tensor: CheckedTensor,
  epsilon: number,
  only?: ArrayLike<number>,
): NumericGradient {
  const theta = tensor.data;
  const numeric = new Float64Array(theta.length);
  const coarse = new Float64Array(theta.length);
  const kink = new Uint8Array(theta.length);
  const resolution = new Float64Array(theta.length);
  const sides = () => (problem.kinkSides ? copy(problem.kinkSides()) : null);
  const wide = 2 * epsilon;
  if (only) {
    numeric.fill(NaN);
    coarse.fill(NaN);
  }
  const count = only ? only.length : theta.length;
  for (let k = 0; k < count; k++) {
    const i = only ? only[k] : k;
    const original = theta[i];
    theta[i] = original + epsilon;
    const plus = problem.cost();
    const plusSides = sides();
    theta[i] = original - epsilon;
    const minus = problem.cost();
    const minusSides = sides();
    numeric[i] = (plus - minus) / (2 * epsilon);
    theta[i] = original + wide;
    const widePlus = problem.cost();
    const widePlusSides = sides();
    theta[i] = original - wide;
    const wideMinus = problem.cost();
    const wideMinusSides = sides();
    coarse[i] = (widePlus - wideMinus) / (2 * wide);
    resolution[i] = (Number.EPSILON * Math.max(Math.abs(plus), Math.abs(minus))) / (2 * epsilon);
    theta[i] = original;
    if (!sameSides(plusSides, minusSides) || !sameSides(widePlusSides, wideMinusSides)) kink[i] = 1;
  }
  return { numeric, coarse, resolution, kink };
}

function copy(a: Uint8Array | null): Uint8Array | null {
  return a ? Uint8Array.from(a) : null;
}

function indexOf(flat: number, shape: Shape): [number, number] {
  return [Math.floor(flat / shape[1]), flat % shape[1]];
}

export function judge(
  tensor: CheckedTensor,
  analytic: Float64Array,
  { numeric, coarse, resolution, kink }: NumericGradient,
  threshold: number,
): TensorReport {
  const keep = (i: number) => kink[i] === 0 && !Number.isNaN(numeric[i]);
  const kept = analytic.reduce((n, _, i) => n + (keep(i) ? 1 : 0), 0);
  const analyticNorm = norm(analytic, keep);
  const numericNorm = norm(numeric, keep);
  const error = normOfDifference(analytic, numeric, keep);
  // Per element, the larger of the spread between the two step sizes and the resolution.
  let noiseSquared = 0;
  for (let i = 0; i < numeric.length; i++) {
    if (!keep(i)) continue;
    const n = Math.max(Math.abs(numeric[i] - coarse[i]), resolution[i]);
    noiseSquared += n * n;
  }
  const noise = Math.sqrt(noiseSquared);
  const difference = relativeDifference(error, analyticNorm, numericNorm);

  let worst: ElementReport | null = null;
  let worstGap = -1;
  const kinks: ElementReport[] = [];
  let dot = 0;
  let numericSquared = 0;
  for (let i = 0; i < analytic.length; i++) {
    const element = { index: indexOf(i, tensor.shape), analytic: analytic[i], numeric: numeric[i] };
    if (Number.isNaN(numeric[i])) continue;
    if (!keep(i)) {
      kinks.push(element);
      continue;
    }
    const gap = Math.abs(analytic[i] - numeric[i]);
    if (gap > worstGap) {
      worstGap = gap;
      worst = element;
    }
    dot += analytic[i] * numeric[i];
    numericSquared += numeric[i] * numeric[i];
  }
  const snapped = numericSquared > 0 ? snapRatio(dot / numericSquared) : { ratio: null, text: "—" };
  const { ratio, text: ratioText } = snapped;

  let verdict: Verdict;
  let reason: string;
  const scale = analyticNorm + numericNorm;
  if (kept === 0) {
    verdict = "INCONCLUSIVE";
    reason = "every element sits at a kink: no numeric derivative is meaningful";
  } else if (difference <= threshold) {
    verdict = "PASS";
    reason = `difference ${difference.toExponential(2)} ≤ threshold ${threshold}`;
  } else if (error <= NOISE_FACTOR * noise) {
    if (analyticNorm <= noise) {
      verdict = "PASS";
      reason = `both gradients are zero within what the numeric one can resolve (${noise.toExponential(2)})`;
    } else if (noise > INCONCLUSIVE_NOISE * scale) {
      verdict = "INCONCLUSIVE";
      reason =
        `the numeric gradient's rounding noise (${noise.toExponential(2)}) is ` +
        `too large next to the gradient (${scale.toExponential(2)}) to judge`;
    } else {
      verdict = "PASS";
      reason =
        `difference ${difference.toExponential(2)} is above ${threshold}, but ‖g − g̃‖ ` +
        `= ${error.toExponential(2)} is within ${NOISE_FACTOR}× the ` +
        `numeric gradient's rounding noise (${noise.toExponential(2)})`;
    }
  } else {
    verdict = "FAIL";
    reason =
      `‖g − g̃‖ = ${error.toExponential(2)} ` +
      `is ${(error / Math.max(noise, Number.MIN_VALUE)).toPrecision(2)}× the rounding noise`;
  }
  return {
    name: tensor.name,
    ...(tensor.layer !== undefined ? { layer: tensor.layer } : {}),
    shape: tensor.shape,
    difference,
    ratio,
    ratioText,
    verdict,
    passed: verdict !== "FAIL",
    worst,
    noise,
    kinks,
    checked: numeric.reduce((n, x) => n + (Number.isNaN(x) ? 0 : 1), 0),
    reason,
    analytic,
    numeric,
  };
}

/** Checks every tensor of `problem`; its parameters are left exactly as they were found. */
export function checkGradients(problem: GradientProblem, options: CheckOptions = {}): CheckReport {
  const epsilon = options.epsilon ?? DEFAULT_EPSILON;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!(epsilon > 0) || !Number.isFinite(epsilon))
    throw new RangeError(`epsilon must be a positive number, got ${epsilon}`);
  if (!(threshold > 0)) throw new RangeError(`threshold must be a positive number, got ${threshold}`);
  const cost = problem.cost();
  const analytic = problem.gradients().map((g) => Float64Array.from(g));
  const numerics = problem.params.map((tensor) => {
    const size = tensor.data.length;
    const only =
      options.sample !== undefined && options.sample < size
        ? new IndependentStream(`nnc check --sample ${tensor.name}`).choose(size, options.sample)
        : undefined;
    return numericGradient(problem, tensor, epsilon, only);
  });
  const parameters = problem.params.map((tensor, t) => judge(tensor, analytic[t], numerics[t], threshold));

  // The lesson's figure: one vector of every element, in drawing order, nothing excluded.
  // With --sample, over the sampled elements only.
  const sampled = (n: NumericGradient) => (_: number, i: number) => !Number.isNaN(n.numeric[i]);
  const allAnalytic = concat(analytic.map((a, t) => a.filter(sampled(numerics[t]))));
  const allNumeric = concat(numerics.map((n) => n.numeric.filter(sampled(n))));
  const difference = relativeDifference(normOfDifference(allAnalytic, allNumeric), norm(allAnalytic), norm(allNumeric));
  return { difference, passed: parameters.every((p) => p.passed), epsilon, threshold, cost, parameters };
}

function concat(arrays: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}
