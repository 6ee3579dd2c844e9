// Bisection on a failing tensor, for models too large to check element by element: the
// directional derivative along a random direction v (signs and sizes) over a set S of elements costs two forward
// passes whatever |S| is — (J(θ + εv) − J(θ − εv)) / 2ε against Σ_{i∈S} g_i v_i — so the set is
// halved while it disagrees, depth first, until single wrong elements are reached. A few leaves
// cost O(log n) passes each instead of the n the full check needs.
import {
  numericGradient,
  NOISE_FACTOR,
  type CheckedTensor,
  type ElementReport,
  type GradientProblem,
} from "./gradcheck.js";
import { IndependentStream } from "./rng/index.js";

export function bisectTensor(
  problem: GradientProblem,
  tensor: CheckedTensor,
  analytic: Float64Array,
  options: { epsilon: number; threshold: number; limit?: number },
): ElementReport[] {
  const { epsilon, threshold } = options;
  const limit = options.limit ?? 3;
  const theta = tensor.data;
  const stream = new IndependentStream(`nnc check bisect ${tensor.name}`);
  // Random signs and sizes: with ±1 alone, two equal errors of opposite sign would cancel.
  const sizes = stream.uniforms(theta.length);
  const direction = Float64Array.from(stream.uniforms(theta.length), (u, i) => (u < 0.5 ? -1 : 1) * (0.5 + sizes[i]));

  const along = (set: Int32Array, step: number): number => {
    // Float64Array.from, not set.map: mapping an Int32Array would round the saved values to integers.
    const saved = Float64Array.from(set, (i) => theta[i]);
    const cost = (sign: number) => {
      set.forEach((i, k) => (theta[i] = saved[k] + sign * step * direction[i]));
      return problem.cost();
    };
    const plus = cost(1);
    const minus = cost(-1);
    set.forEach((i, k) => (theta[i] = saved[k]));
    return (plus - minus) / (2 * step);
  };
  const disagrees = (set: Int32Array): boolean => {
    let expected = 0;
    for (const i of set) expected += analytic[i] * direction[i];
    const numeric = along(set, epsilon);
    const coarse = along(set, 2 * epsilon);
    const noise = Math.abs(numeric - coarse);
    const gap = Math.abs(expected - numeric);
    return gap > NOISE_FACTOR * noise && gap > threshold * (Math.abs(expected) + Math.abs(numeric));
  };

  const found: ElementReport[] = [];
  const stack: Int32Array[] = [Int32Array.from({ length: theta.length }, (_, i) => i)];
  while (stack.length && found.length < limit) {
    const set = stack.pop()!;
    if (!disagrees(set)) continue;
    if (set.length === 1) {
      const i = set[0];
      const element = numericGradient(problem, tensor, epsilon, [i]);
      if (element.kink[i]) continue;
      found.push({
        index: [Math.floor(i / tensor.shape[1]), i % tensor.shape[1]],
        analytic: analytic[i],
        numeric: element.numeric[i],
      });
      continue;
    }
    const half = set.length >> 1;
    stack.push(set.slice(half), set.slice(0, half));
  }
  problem.cost();
  return found;
}
