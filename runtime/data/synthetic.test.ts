// makeCircles / makeMoons against scikit-learn 1.2.1 on numpy 1.24.2's global generator
// (test/golden/numpy/datasets.json, made by scripts/make-goldens.py).
//
// Exact: the labels (so the shuffle order), and the generator's state afterwards (so the number
// of draws). Coordinates: within two units in the last place of the curves' extent, i.e. an
// absolute 2 * 2^-52 for circles (radius ≤ 1) and 2 * 2^-51 for moons (|coordinate| ≤ 2). numpy's
// SIMD cos/sin round differently from Math.cos/Math.sin on about half the points (measured: one
// ulp at most); the noise added on top is drawn bit for bit, or the differences would be ~0.05.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RandomState } from "../rng/index.js";
import { linspace, makeCircles, makeMoons } from "./index.js";

const { datasets } = JSON.parse(
  readFileSync(new URL("../../test/golden/numpy/datasets.json", import.meta.url), "utf8"),
);

function doubles(base64: string): Float64Array {
  const bytes = Buffer.from(base64, "base64");
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe.each<any>(datasets)("$kind(samples: $samples, noise: $noise) after seed $seed", (golden) => {
  const { kind, samples, noise, seed } = golden;
  const rng = new RandomState(seed);
  const data = kind === "circles" ? makeCircles(rng, samples, noise) : makeMoons(rng, samples, noise);
  const continuation = rng.randn(5);
  const sklearnX = doubles(golden.X_m_by_2); // sklearn's (m, 2), row-major
  const tolerance = kind === "circles" ? 2 * 2 ** -52 : 2 * 2 ** -51;

  it("has the shape of the lessons' train_X.T and train_Y", () => {
    expect(data.features).toBe(2);
    expect(data.samples).toBe(samples);
    expect(data.X.length).toBe(2 * samples);
    expect(data.Y.length).toBe(samples);
    expect(data.name).toBe(kind);
  });

  it("has sklearn's labels in sklearn's order (the shuffle is exact)", () => {
    expect(Array.from(data.Y)).toEqual(golden.y);
  });

  it("has sklearn's coordinates to two ulps, stored features × samples", () => {
    let worst = 0;
    for (let j = 0; j < data.samples; j++) {
      for (let feature = 0; feature < 2; feature++) {
        worst = Math.max(worst, Math.abs(data.X[feature * data.samples + j] - sklearnX[2 * j + feature]));
      }
    }
    expect(worst).toBeLessThanOrEqual(tolerance);
  });

  it("leaves numpy's generator where sklearn leaves it", () => {
    expect(Array.from(continuation)).toEqual(Array.from(doubles(golden.then_randn)));
  });
});

describe("the lesson's circles", () => {
  it("are the brief's data set: 300 train points after seed 1, 100 test points after seed 2", () => {
    const train = makeCircles(new RandomState(1), 300, 0.05);
    const test = makeCircles(new RandomState(2), 100, 0.05);
    expect([train.samples, test.samples]).toEqual([300, 100]);
    expect(train.Y.reduce((a, b) => a + b, 0)).toBe(150);
  });

  it("take a name and a radius factor, and refuse a factor sklearn refuses", () => {
    const data = makeCircles(new RandomState(0), 10, 0, 0.5, "rings");
    expect(data.name).toBe("rings");
    for (let j = 0; j < 10; j++) {
      const radius = Math.hypot(data.X[j], data.X[10 + j]);
      expect(radius).toBeCloseTo(data.Y[j] === 1 ? 0.5 : 1, 12);
    }
    expect(() => makeCircles(new RandomState(0), 10, 0, 1)).toThrow(RangeError);
    expect(() => makeCircles(new RandomState(0), 10, -0.1)).toThrow(RangeError);
  });
});

describe("linspace", () => {
  it("follows numpy: i * step + start, the endpoint set exactly", () => {
    expect(Array.from(linspace(0, 1, 5, true))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(linspace(0, 1, 4, false))).toEqual([0, 0.25, 0.5, 0.75]);
    expect(Array.from(linspace(2, 3, 1, true))).toEqual([2]);
    expect(Array.from(linspace(0, 1, 0, true))).toEqual([]);
    // numpy's own values (step = 0.3 / 3 rounds below 0.1); only the last point is forced to stop.
    expect(Array.from(linspace(0, 0.3, 4, true))).toEqual([0, 0.09999999999999999, 0.19999999999999998, 0.3]);
    expect(Array.from(linspace(0, 0.4, 5, false))).toEqual([0, 0.08, 0.16, 0.24, 0.32]);
  });
});
