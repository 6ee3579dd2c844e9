// scikit-learn 1.2's make_circles and make_moons, drawing from numpy's global generator the way
// the lessons call them (`np.random.seed(s)` then `make_circles(..., random_state=None)`), so the
// same seed gives the same points. Read from sklearn/datasets/_samples_generator.py and
// sklearn/utils/__init__.py (`shuffle` → `resample(replace=False)`).
//
// Exact: labels, the shuffle order and every noise draw. Within a couple of ulp: coordinates,
// because numpy's vectorised cos/sin (SIMD, chosen by CPU) round differently from fdlibm's on many
// points. The cos and sin are fdlibm's (fdlibm-trig.ts), not Math's, which differ between engines:
// the same points on Node 20 and 22 and in a browser. spec/random.md has the details.
import type { RandomState } from "../rng/index.js";
import { cos, sin } from "./fdlibm-trig.js";
import type { Dataset } from "./dataset.js";

/**
 * Two concentric circles: `samples / 2` (rounded down) points on the unit circle labelled 0, the
 * rest on a circle of radius `factor` labelled 1; then shuffled, then gaussian noise of standard
 * deviation `noise` added to every coordinate.
 */
export function makeCircles(rng: RandomState, samples: number, noise: number, factor = 0.8, name = "circles"): Dataset {
  checkSamples("makeCircles", samples);
  if (!(factor >= 0 && factor < 1)) throw new RangeError(`makeCircles: factor must be in [0, 1), got ${factor}`);
  const outer = Math.floor(samples / 2);
  const inner = samples - outer;
  const x = new Float64Array(samples);
  const y = new Float64Array(samples);
  // endpoint=False so that the first point of a circle is not also its last.
  const outerAngles = linspace(0, 2 * Math.PI, outer, false);
  const innerAngles = linspace(0, 2 * Math.PI, inner, false);
  for (let j = 0; j < outer; j++) {
    x[j] = cos(outerAngles[j]);
    y[j] = sin(outerAngles[j]);
  }
  for (let j = 0; j < inner; j++) {
    x[outer + j] = cos(innerAngles[j]) * factor;
    y[outer + j] = sin(innerAngles[j]) * factor;
  }
  return shuffleAndAddNoise(rng, name, x, y, outer, noise);
}

/**
 * Two interleaving half circles: `samples / 2` (rounded down) points on the upper unit half
 * circle labelled 0, the rest on a lower half circle shifted to (1, 0.5) labelled 1; then
 * shuffled, then gaussian noise of standard deviation `noise` added to every coordinate.
 */
export function makeMoons(rng: RandomState, samples: number, noise: number, name = "moons"): Dataset {
  checkSamples("makeMoons", samples);
  const outer = Math.floor(samples / 2);
  const inner = samples - outer;
  const x = new Float64Array(samples);
  const y = new Float64Array(samples);
  const outerAngles = linspace(0, Math.PI, outer, true);
  const innerAngles = linspace(0, Math.PI, inner, true);
  for (let j = 0; j < outer; j++) {
    x[j] = cos(outerAngles[j]);
    y[j] = sin(outerAngles[j]);
  }
  for (let j = 0; j < inner; j++) {
    x[outer + j] = 1 - cos(innerAngles[j]);
    y[outer + j] = 1 - sin(innerAngles[j]) - 0.5; // sklearn's order of operations
  }
  return shuffleAndAddNoise(rng, name, x, y, outer, noise);
}

/**
 * sklearn's tail common to both: `indices = arange(m); rng.shuffle(indices)`, rows reordered by
 * it, then `X += rng.normal(scale=noise, size=(m, 2))`. The noise is drawn row-major over sklearn's
 * (m, 2) X, i.e. alternating x and y of each example, while our X is 2 × m.
 */
function shuffleAndAddNoise(
  rng: RandomState,
  name: string,
  x: Float64Array,
  y: Float64Array,
  firstClassCount: number,
  noise: number,
): Dataset {
  if (!(noise >= 0)) throw new RangeError(`${name}: noise must be a non-negative number, got ${noise}`);
  const samples = x.length;
  const order = rng.permutation(samples);
  const X = new Float64Array(2 * samples);
  const Y = new Float64Array(samples);
  for (let j = 0; j < samples; j++) {
    const source = order[j];
    X[j] = x[source];
    X[samples + j] = y[source];
    Y[j] = source < firstClassCount ? 0 : 1;
  }
  const offsets = rng.normal(0, noise, 2 * samples);
  for (let j = 0; j < samples; j++) {
    X[j] += offsets[2 * j];
    X[samples + j] += offsets[2 * j + 1];
  }
  return { name, features: 2, samples, X, Y };
}

/** `np.linspace(start, stop, count, endpoint)`: i * step + start, the last set to stop. */
export function linspace(start: number, stop: number, count: number, endpoint: boolean): Float64Array {
  const out = new Float64Array(count);
  const divisions = endpoint ? count - 1 : count;
  const delta = stop - start;
  if (divisions > 0) {
    const step = delta / divisions;
    // numpy divides first when the step underflows to 0 (gh-5437).
    for (let i = 0; i < count; i++) out[i] = (step === 0 ? (i / divisions) * delta : i * step) + start;
  } else {
    for (let i = 0; i < count; i++) out[i] = i * delta + start;
  }
  if (endpoint && count > 1) out[count - 1] = stop;
  return out;
}

function checkSamples(caller: string, samples: number): void {
  if (!Number.isSafeInteger(samples) || samples < 0) {
    throw new RangeError(`${caller}: samples must be a non-negative integer, got ${samples}`);
  }
}

/**
 * sklearn 1.2's make_blobs with two features and the default center_box (-10, 10): `centers`
 * centers drawn uniformly (row-major, x then y of each), then each center's points drawn from
 * normal(center, std) (`samples / centers` each, the first `samples % centers` centers one more),
 * labelled by their center's index 0..centers-1, then shuffled as make_circles is.
 */
export function makeBlobs(rng: RandomState, samples: number, centers: number, std: number, name = "blobs"): Dataset {
  checkSamples("makeBlobs", samples);
  if (!Number.isSafeInteger(centers) || centers < 1)
    throw new RangeError(`makeBlobs: centers must be a positive integer, got ${centers}`);
  if (!(std >= 0)) throw new RangeError(`makeBlobs: std must be a non-negative number, got ${std}`);
  const centerXY = rng.uniform(-10, 10, 2 * centers);
  const x = new Float64Array(samples);
  const y = new Float64Array(samples);
  const label = new Float64Array(samples);
  let start = 0;
  for (let c = 0; c < centers; c++) {
    const n = Math.floor(samples / centers) + (c < samples % centers ? 1 : 0);
    // normal(loc=centers[c], size=(n, 2)): loc + scale · z, z drawn row-major (x, y per point).
    const draws = rng.normal(0, 1, 2 * n);
    for (let i = 0; i < n; i++) {
      x[start + i] = centerXY[2 * c] + std * draws[2 * i];
      y[start + i] = centerXY[2 * c + 1] + std * draws[2 * i + 1];
      label[start + i] = c;
    }
    start += n;
  }
  const order = rng.permutation(samples);
  const X = new Float64Array(2 * samples);
  const Y = new Float64Array(samples);
  for (let j = 0; j < samples; j++) {
    X[j] = x[order[j]];
    X[samples + j] = y[order[j]];
    Y[j] = label[order[j]];
  }
  return { name, features: 2, samples, X, Y };
}
