// What a run shows while it trains: the cost curve growing on a canvas, the decision boundary
// (one colour per class) under the data, the cost lines `nnc run` prints, and the accuracies.
import { pythonRepr } from "../contracts/python-repr.js";
import type { BoundaryPicture, DataPoint } from "./protocol.js";

/** Class colours: the report's (red 0, blue 1, green 2, …), light for regions and strong for points. */
const STRONG = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"];
const LIGHT = [
  [247, 196, 196],
  [194, 216, 240],
  [199, 233, 192],
  [220, 208, 236],
  [255, 222, 189],
  [226, 207, 201],
  [247, 208, 232],
  [222, 222, 222],
];

export class TrainingView {
  private history: Array<{ iteration: number; cost: number }> = [];
  private iterations = 1;
  private points: DataPoint[] = [];
  private lines: string[] = [];
  private unit = "iteration";

  constructor(
    private readonly curve: HTMLCanvasElement,
    private readonly boundary: HTMLCanvasElement,
    private readonly costLines: HTMLElement,
    private readonly accuracy: HTMLElement,
  ) {}

  start(iterations: number, unit: string, points: DataPoint[]): void {
    this.unit = unit;
    this.history = [];
    this.lines = [];
    this.iterations = Math.max(iterations, 1);
    this.points = points;
    this.costLines.textContent = "";
    this.accuracy.textContent = "";
    this.boundary.hidden = points.length === 0;
    this.drawCurve();
    this.clearBoundary();
  }

  addHistory(points: Array<{ iteration: number; cost: number }>): void {
    this.history.push(...points);
    this.drawCurve();
  }

  /** A reported cost: the line `nnc run` prints for it. */
  addCost(line: string): void {
    this.lines.push(line);
    this.costLines.textContent = this.lines.join("\n");
  }

  finish(accuracy: Record<string, number>): void {
    const lines = Object.entries(accuracy).map(([name, value]) => `Accuracy on ${name}: ${pythonRepr(value)}`);
    this.accuracy.textContent = lines.join("\n");
  }

  private drawCurve(): void {
    const canvas = this.curve;
    const g = canvas.getContext("2d")!;
    const { width, height } = canvas;
    const pad = { left: 52, right: 12, top: 12, bottom: 28 };
    g.clearRect(0, 0, width, height);
    g.font = "11px system-ui, sans-serif";
    g.fillStyle = "#555";
    g.strokeStyle = "#ccc";
    g.strokeRect(pad.left, pad.top, width - pad.left - pad.right, height - pad.top - pad.bottom);
    const finite = this.history.filter((p) => Number.isFinite(p.cost) && p.cost > 0);
    if (finite.length === 0) return;
    // A log axis when the costs span more than two decades (report/plots.ts chooses the same way).
    const lo = Math.min(...finite.map((p) => p.cost));
    const hi = Math.max(...finite.map((p) => p.cost));
    const log = hi / lo > 100;
    const f = (c: number) => (log ? Math.log10(c) : c);
    const [y0, y1] = log ? [f(lo), f(hi)] : [0, hi * 1.05];
    const x = (i: number) => pad.left + (i / this.iterations) * (width - pad.left - pad.right);
    const y = (c: number) => height - pad.bottom - ((f(c) - y0) / (y1 - y0 || 1)) * (height - pad.top - pad.bottom);
    g.fillText(pythonRepr(Number((log ? hi : y1).toPrecision(3))), 4, pad.top + 8);
    g.fillText(pythonRepr(Number((log ? lo : 0).toPrecision(3))), 4, height - pad.bottom);
    g.fillText("0", pad.left, height - 10);
    g.fillText(`${this.iterations} ${this.unit}s`, width - pad.right - 80, height - 10);
    g.strokeStyle = "#1f77b4";
    g.lineWidth = 2;
    g.beginPath();
    finite.forEach((p, i) => (i === 0 ? g.moveTo(x(p.iteration), y(p.cost)) : g.lineTo(x(p.iteration), y(p.cost))));
    g.stroke();
  }

  private clearBoundary(): void {
    const g = this.boundary.getContext("2d")!;
    g.clearRect(0, 0, this.boundary.width, this.boundary.height);
  }

  /** The plane coloured by predicted class, with the data on top (test points ringed). */
  drawBoundary(picture: BoundaryPicture): void {
    const canvas = this.boundary;
    const g = canvas.getContext("2d")!;
    const { grid, classes, extent } = picture;
    const image = g.createImageData(grid, grid);
    for (let row = 0; row < grid; row++) {
      for (let col = 0; col < grid; col++) {
        // Row 0 of the grid is the bottom of the plane; row 0 of an image is its top.
        const [r, gr, b] = LIGHT[classes[row * grid + col] % LIGHT.length];
        const at = ((grid - 1 - row) * grid + col) * 4;
        image.data.set([r, gr, b, 255], at);
      }
    }
    const scratch = new OffscreenCanvas(grid, grid);
    scratch.getContext("2d")!.putImageData(image, 0, 0);
    g.imageSmoothingEnabled = false;
    g.drawImage(scratch, 0, 0, canvas.width, canvas.height);
    const px = (v: number) => ((v - extent.x[0]) / (extent.x[1] - extent.x[0])) * canvas.width;
    const py = (v: number) => canvas.height - ((v - extent.y[0]) / (extent.y[1] - extent.y[0])) * canvas.height;
    const first = this.points[0]?.set;
    for (const p of this.points) {
      g.beginPath();
      g.arc(px(p.x1), py(p.x2), 3, 0, 2 * Math.PI);
      g.fillStyle = STRONG[p.label % STRONG.length];
      g.fill();
      g.strokeStyle = p.set === first ? "rgba(0,0,0,.35)" : "#000";
      g.lineWidth = p.set === first ? 0.5 : 1.5;
      g.stroke();
    }
    canvas.dataset.iteration = String(picture.iteration);
  }
}
