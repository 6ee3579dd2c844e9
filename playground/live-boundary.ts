// The decision boundary while training runs: the model's prediction kernels compiled once for a
// grid of points over the data, then re-run on a copy of the current parameters every few hundred
// iterations. The classes are those accuracy counts (runtime/train.ts, predictedClasses), as in
// report/boundary.ts, which draws the finished boundary in the report.
import type { ModelIR } from "../contracts/ir.js";
import { compileProgram } from "../compiler/compile-program.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { instantiateKernels, predictedClasses } from "../runtime/train.js";
import type { StepKernels } from "../runtime/program.js";
import { boundaryUnavailable } from "../report/boundary.js";
import type { BoundaryPicture, DataPoint } from "./protocol.js";

/** Cells per side: fine enough to look smooth in a 360-pixel canvas, cheap enough to redo often. */
const GRID = 120;
/** Margin around the data, as a fraction of its span (report/boundary.ts's). */
const MARGIN = 0.2;

function paddedRange(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-1, 1];
  const pad = Math.max(hi - lo, 1e-9) * MARGIN;
  return [lo - pad, hi + pad];
}

export class LiveBoundary {
  readonly points: DataPoint[] = [];
  private readonly kernels: StepKernels;
  private readonly params: Float64Array[];
  private readonly grid: Float64Array;
  private readonly out: Float64Array;
  private readonly outputs: number;
  private readonly extent: BoundaryPicture["extent"];

  /** Undefined when the model has no boundary to draw (not 2 inputs, or not 1 output or a softmax). */
  static for(ir: ModelIR, datasets: readonly Dataset[]): LiveBoundary | undefined {
    return boundaryUnavailable(ir) ? undefined : new LiveBoundary(ir, datasets);
  }

  private constructor(ir: ModelIR, datasets: readonly Dataset[]) {
    for (const d of datasets) {
      for (let j = 0; j < d.samples; j++) {
        this.points.push({ x1: d.X[j], x2: d.X[d.samples + j], label: d.Y[j], set: d.name });
      }
    }
    const x = paddedRange(this.points.map((p) => p.x1));
    const y = paddedRange(this.points.map((p) => p.x2));
    this.extent = { x, y };
    const m = GRID * GRID;
    const program = compileProgram(ir, { samples: m });
    this.params = program.params.map((p) => new Float64Array(p.shape[0] * p.shape[1]));
    // The kernels read these arrays on every call: refilling them in place updates the model.
    this.kernels = instantiateKernels(program, this.params).kernels;
    this.grid = new Float64Array(2 * m);
    for (let row = 0; row < GRID; row++) {
      for (let col = 0; col < GRID; col++) {
        this.grid[row * GRID + col] = x[0] + ((col + 0.5) * (x[1] - x[0])) / GRID;
        this.grid[m + row * GRID + col] = y[0] + ((row + 0.5) * (y[1] - y[0])) / GRID;
      }
    }
    this.outputs = ir.layers[ir.layers.length - 1].units;
    this.out = new Float64Array(this.outputs * m);
  }

  /** The classes predicted over the grid with these parameters (copied first: training changes them). */
  picture(iteration: number, params: readonly Float64Array[]): BoundaryPicture {
    params.forEach((p, i) => this.params[i].set(p));
    const m = GRID * GRID;
    this.kernels.predict(this.grid, m, this.out);
    const classes = Uint8Array.from(predictedClasses(this.out, this.outputs, m));
    const count = this.outputs === 1 ? 2 : this.outputs;
    return { iteration, grid: GRID, classes, extent: this.extent, count };
  }
}
