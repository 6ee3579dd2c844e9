// The decision boundary as the lessons draw it (`plot_decision_boundary`): predict the class of
// every point of a fine grid over the plane through the trained model, colour the plane by
// class, and scatter the data on top. For models with two input features and either one output
// (two classes, probability > 0.5) or a softmax over K outputs (K classes, the most probable): the
// class is the one accuracy counts (runtime/train.ts, predictedClasses).
//
// Where the lessons colour a 0.01-spaced meshgrid with contourf, the grid here is GRID × GRID
// cells and each row is run-length encoded: one rectangle per run of equal class. The boundary of
// a small network crosses a row a few times, so a 200-row plot is a few hundred rectangles, not
// 40,000 — the SVG stays small enough to inline in a page.
import type { ModelIR } from "../contracts/ir.js";
import { compileProgram } from "../compiler/compile-program.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { instantiateKernels, predictedClasses } from "../runtime/train.js";

export const GRID = 200;
/** Margin around the data, as a fraction of its span (the lessons' init plots show ±1.5 for points in ±1.05). */
const MARGIN = 0.2;

export interface BoundaryRegion {
  x: number;
  x2: number;
  y: number;
  y2: number;
  /** The predicted class: 0 or 1 (probability > 0.5, as the lessons' predict()), or 0..K-1 for a softmax. */
  label: number;
}

export interface BoundaryPoint {
  x1: number;
  x2: number;
  label: number;
  /** The data set's name: `train`, `test`, ... */
  set: string;
}

export interface DecisionBoundary {
  extent: { x: [number, number]; y: [number, number] };
  regions: BoundaryRegion[];
  points: BoundaryPoint[];
  /** Names of the input's two features, for the axes. */
  axes: [string, string];
  /** How many classes the model tells apart: 2 for one sigmoid output, K for a softmax over K. */
  classes: number;
}

/** Why a model has no boundary plot, or undefined when it has one. */
export function boundaryUnavailable(ir: ModelIR): string | undefined {
  if (ir.input.units !== 2) return `the input has ${ir.input.units} features; a decision boundary is drawn for 2`;
  const out = ir.layers[ir.layers.length - 1];
  if (out.units !== 1 && out.activation.name !== "softmax")
    return (
      `the output layer has ${out.units} ${out.activation.name} units; ` +
      "a decision boundary is drawn for 1 unit or a softmax"
    );
  return undefined;
}

function axisNames(ir: ModelIR): [string, string] {
  const csv = ir.data.find((d) => d.kind === "csv");
  if (csv && csv.kind === "csv" && csv.features.length === 2) return [csv.features[0], csv.features[1]];
  return [`${ir.input.name}₁`, `${ir.input.name}₂`];
}

/**
 * The boundary of `ir` with trained `params` (in the program's order) over `datasets` (drawn in
 * the order given: the training set first, so test points lie on top).
 */
export function decisionBoundary(
  ir: ModelIR,
  params: readonly Float64Array[],
  datasets: readonly Dataset[],
): DecisionBoundary {
  const why = boundaryUnavailable(ir);
  if (why) throw new Error(why);
  const points: BoundaryPoint[] = [];
  for (const d of datasets) {
    for (let j = 0; j < d.samples; j++) points.push({ x1: d.X[j], x2: d.X[d.samples + j], label: d.Y[j], set: d.name });
  }
  const [x0, x1] = paddedRange(points.map((p) => p.x1));
  const [y0, y1] = paddedRange(points.map((p) => p.x2));

  // m = GRID² examples at once: the kernels take m from the data they are given.
  const program = compileProgram(ir, { samples: GRID * GRID });
  const { kernels } = instantiateKernels(
    program,
    params.map((p) => Float64Array.from(p)),
  );
  const m = GRID * GRID;
  const X = new Float64Array(2 * m);
  const dx = (x1 - x0) / GRID;
  const dy = (y1 - y0) / GRID;
  for (let row = 0; row < GRID; row++) {
    for (let col = 0; col < GRID; col++) {
      const j = row * GRID + col;
      X[j] = x0 + (col + 0.5) * dx;
      X[m + j] = y0 + (row + 0.5) * dy;
    }
  }
  const outputs = ir.layers[ir.layers.length - 1].units;
  const probabilities = new Float64Array(outputs * m);
  kernels.predict(X, m, probabilities);
  const predicted = predictedClasses(probabilities, outputs, m);

  const regions: BoundaryRegion[] = [];
  for (let row = 0; row < GRID; row++) {
    let start = 0;
    for (let col = 1; col <= GRID; col++) {
      const label = predicted[row * GRID + start];
      if (col < GRID && predicted[row * GRID + col] === label) continue;
      regions.push({ x: x0 + start * dx, x2: x0 + col * dx, y: y0 + row * dy, y2: y0 + (row + 1) * dy, label });
      start = col;
    }
  }
  const classes = outputs === 1 ? 2 : outputs;
  return { extent: { x: [x0, x1], y: [y0, y1] }, regions, points, axes: axisNames(ir), classes };
}

function paddedRange(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return [-1, 1];
  const pad = Math.max(hi - lo, 1e-9) * MARGIN;
  return [lo - pad, hi + pad];
}
