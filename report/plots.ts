// Plots as Vega-Lite specifications, rendered to SVG in Node by Vega (no browser, no canvas): the
// cost curve of one run or several overlaid (for comparing runs), and the decision boundary.
// Why Vega-Lite: a maintained grammar of graphics whose specs are plain JSON (easy to test and
// to keep), which Vega renders headless to SVG with no native dependency; see spec/report.md.
// The SVG text is deterministic for the same data, and holds no script or external reference.
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import type { DecisionBoundary } from "./boundary.js";

/** One run's cost points, named for the legend (the model's name, or a variant's). */
export interface CostSeries {
  name: string;
  costs: readonly { iteration: number; cost: number }[];
}

/**
 * A colour per class for the points, and a lighter one for the plane. The first two are the lessons'
 * (matplotlib's Spectral at its ends); more classes (a softmax's) take ColorBrewer's Dark2, whose
 * hues stay apart from those two, with their plane colours mixed 70% towards white.
 */
const POINT_COLORS = ["#d53e4f", "#3288bd", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];
const REGION_COLORS = ["#f6c3c0", "#bcd8ee", ...POINT_COLORS.slice(2).map((c) => towardsWhite(c, 0.7))];
export const CLASS_COLORS = { point: POINT_COLORS, region: REGION_COLORS } as const;

function towardsWhite(hex: string, amount: number): string {
  const channel = (i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const mixed = [0, 1, 2].map((i) => Math.round(channel(i) + (255 - channel(i)) * amount));
  return `#${mixed.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** The K classes' colours, cycling after the tenth. */
function classColors(classes: number, kind: "point" | "region"): string[] {
  return Array.from({ length: classes }, (_, k) => CLASS_COLORS[kind][k % POINT_COLORS.length]);
}

const WIDTH = 420;
const HEIGHT = 300;

/** `unit`: what the x axis counts, "iteration" or "epoch". */
export function costCurveSpec(series: readonly CostSeries[], title = "Cost", unit = "iteration"): TopLevelSpec {
  const values = series.flatMap((s) => s.costs.filter((c) => Number.isFinite(c.cost)).map((c) => ({ run: s.name, iteration: c.iteration, cost: c.cost })));
  const skipped = series.flatMap((s) => s.costs.filter((c) => !Number.isFinite(c.cost)).map((c) => `${series.length > 1 ? `${s.name} ` : ""}${c.iteration}: ${c.cost}`));
  const several = series.length > 1;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: skipped.length ? { text: title, subtitle: `not drawn (not finite): ${unit} ${skipped.join(", ")}` } : title,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: "line", point: true, strokeWidth: 2 },
    encoding: {
      x: { field: "iteration", type: "quantitative", title: unit },
      y: { field: "cost", type: "quantitative", title: "cost", scale: { zero: false } },
      ...(several ? { color: { field: "run", type: "nominal", title: "run" } } : { color: { value: "#3288bd" } }),
    },
    config: { background: "white" },
  };
}

export function boundarySpec(boundary: DecisionBoundary, title = "Decision boundary"): TopLevelSpec {
  const { extent } = boundary;
  const sets = [...new Set(boundary.points.map((p) => p.set))];
  const x = { scale: { domain: extent.x, nice: false, zero: false }, axis: { title: boundary.axes[0] } };
  const y = { scale: { domain: extent.y, nice: false, zero: false }, axis: { title: boundary.axes[1] } };
  const domain = Array.from({ length: boundary.classes }, (_, k) => k);
  const labelColor = { field: "label", type: "nominal", scale: { domain, range: classColors(boundary.classes, "point") }, title: "label" } as const;
  const regionColor = { field: "label", type: "nominal", scale: { domain, range: classColors(boundary.classes, "region") }, legend: null } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: HEIGHT,
    height: HEIGHT,
    layer: [
      {
        data: { values: boundary.regions },
        mark: { type: "rect", strokeWidth: 1, aria: false },
        encoding: {
          x: { field: "x", type: "quantitative", ...x },
          x2: { field: "x2" },
          y: { field: "y", type: "quantitative", ...y },
          y2: { field: "y2" },
          fill: regionColor,
          // A hairline in the fill colour hides the seams anti-aliasing leaves between rows.
          stroke: regionColor,
        },
      },
      {
        data: { values: boundary.points },
        mark: { type: "point", filled: true, size: 28, stroke: "#222", strokeWidth: 0.4, opacity: 0.95, aria: false },
        encoding: {
          x: { field: "x1", type: "quantitative" },
          y: { field: "x2", type: "quantitative" },
          color: labelColor,
          shape: { field: "set", type: "nominal", scale: { domain: sets, range: ["circle", "triangle-up", "diamond", "square"] }, title: "data" },
        },
      },
    ],
    resolve: { scale: { color: "independent" } },
    config: { background: "white" },
  };
}

/** Renders a Vega-Lite spec to SVG text, headless. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
