// The checker's own arithmetic and verdicts on problems whose gradients are known exactly.
import { describe, expect, it } from "vitest";
import { checkGradients, relativeDifference, type GradientProblem } from "./gradcheck.js";
import { snapRatio } from "./gradcheck-ratio.js";
import { IndependentStream } from "./rng/index.js";

/** J(θ) = Σ c_i θ_i² with a gradient that is `scale` times the true one. */
function quadratic(theta: number[], c: number[], scale = 1, noise = 0): GradientProblem {
  const data = Float64Array.from(theta);
  let calls = 0;
  return {
    params: [{ name: "theta", shape: [1, theta.length], data }],
    cost: () => {
      calls++;
      // Deterministic "rounding noise" of a chosen size (a noisy simulation, say).
      const wobble = noise * Math.sin(calls * 12.9898);
      return data.reduce((s, t, i) => s + c[i] * t * t, 0) + wobble;
    },
    gradients: () => [data.map((t, i) => scale * 2 * c[i] * t)],
  };
}

describe("snapRatio", () => {
  it.each([
    [2.0000001, 2, "2"],
    [3.9999, 4, "4"],
    [0.5002, 0.5, "1/2"],
    [-1.00001, -1, "-1"],
    [0.0001, 0, "0"],
    [0.75, 0.75, "3/4"],
    [1.2345, 1.2345, "1.234"],
  ])("%f → %s", (raw, ratio, text) => {
    expect(snapRatio(raw)).toEqual({ ratio, text });
  });
});

describe("checkGradients", () => {
  it("a correct gradient passes; the metric is 0 when both gradients are 0", () => {
    const report = checkGradients(quadratic([1, -2, 0.5], [1, 2, 3]));
    expect(report.passed).toBe(true);
    expect(report.parameters[0].verdict).toBe("PASS");
    expect(report.difference).toBeLessThan(1e-8);
    expect(relativeDifference(0, 0, 0)).toBe(0);
  });

  it("restores every parameter bit for bit", () => {
    const problem = quadratic([0.1, 0.2, 0.3], [1, 1, 1]);
    checkGradients(problem);
    expect(Array.from(problem.params[0].data)).toEqual([0.1, 0.2, 0.3]);
  });

  it("a gradient twice too large fails with ratio 2 and |g-g~|/(|g|+|g~|) = 1/3", () => {
    const report = checkGradients(quadratic([1, -2, 0.5], [1, 2, 3], 2));
    expect(report.parameters[0]).toMatchObject({ verdict: "FAIL", ratio: 2, ratioText: "2" });
    expect(report.parameters[0].difference).toBeCloseTo(1 / 3, 6);
    expect(report.parameters[0].worst?.index).toEqual([0, 1]);
  });

  it("noise that drowns the gradient is INCONCLUSIVE, not FAIL", () => {
    // Gradient ~1e-6, cost noise 1e-12: the numeric gradient's noise is ~1e-5.
    const report = checkGradients(quadratic([1e-6, 2e-6], [1, 1], 1, 1e-12));
    expect(report.parameters[0].verdict).toBe("INCONCLUSIVE");
    expect(report.passed).toBe(true);
  });

  it("an element whose step crosses a kink is reported and left out", () => {
    // J = relu(θ0) + θ1², checked at θ0 = 3e-8 (within ε of the kink) and θ1 = 1.
    const data = Float64Array.of(3e-8, 1);
    let side = new Uint8Array(1);
    const problem: GradientProblem = {
      params: [{ name: "theta", shape: [2, 1], data }],
      cost: () => {
        side = Uint8Array.of(data[0] > 0 ? 1 : 0);
        return Math.max(data[0], 0) + data[1] * data[1];
      },
      gradients: () => [Float64Array.of(data[0] > 0 ? 1 : 0, 2 * data[1])],
      kinkSides: () => side,
    };
    const report = checkGradients(problem);
    expect(report.parameters[0].kinks.map((k) => k.index)).toEqual([[0, 0]]);
    expect(report.parameters[0].verdict).toBe("PASS");
  });

  it("--sample checks the elements a stream named after the tensor chooses, whatever else the model holds", () => {
    // J = Σ θ² over two tensors; which elements of `b` are checked must not depend on `a`.
    const tensor = (name: string, size: number) => ({
      name,
      shape: [1, size] as [number, number],
      data: Float64Array.from({ length: size }, (_, i) => 1 + i / 10),
    });
    const problem = (...params: ReturnType<typeof tensor>[]): GradientProblem => ({
      params,
      cost: () => params.reduce((s, p) => s + p.data.reduce((t, x) => t + x * x, 0), 0),
      gradients: () => params.map((p) => p.data.map((x) => 2 * x)),
    });
    const checked = (report: ReturnType<typeof checkGradients>, name: string) =>
      Array.from(report.parameters.find((p) => p.name === name)!.numeric).flatMap((x, i) =>
        Number.isNaN(x) ? [] : [i],
      );
    const alone = checkGradients(problem(tensor("b", 30)), { sample: 4 });
    const beside = checkGradients(problem(tensor("a", 50), tensor("b", 30)), { sample: 4 });
    const expected = Array.from(new IndependentStream("nnc check --sample b").choose(30, 4));
    expect(checked(alone, "b")).toEqual(expected);
    expect(checked(beside, "b")).toEqual(expected);
    expect(checked(beside, "a")).toEqual(Array.from(new IndependentStream("nnc check --sample a").choose(50, 4)));
    expect(beside.parameters.map((p) => p.checked)).toEqual([4, 4]);
  });
});
