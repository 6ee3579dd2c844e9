// Plots as Vega-Lite specifications, rendered to SVG in Node by Vega (no browser, no canvas): the
// cost curve of one run or several overlaid (for comparing runs), and the decision boundary.
// Why Vega-Lite: a maintained grammar of graphics whose specs are plain JSON (easy to test and
// to keep), which Vega renders headless to SVG with no native dependency; see spec/report.md.
// The SVG text is deterministic for the same data, and holds no script or external reference.
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import type { DecisionBoundary } from "./boundary.js";

/** One cost curve: a run's cost on its training set, or on a held-out set measured while it trained. */
export interface CostSeries {
  /** The run, named for the legend (the model's name, or a variant's). */
  name: string;
  costs: readonly { iteration: number; cost: number }[];
  /** The data set the cost is measured on (default "train"); curves of other sets are drawn dashed. */
  set?: string;
}

/**
 * A colour per class for the points, and a lighter one for the plane. The first two are the lessons'
 * (matplotlib's Spectral at its ends); more classes (a softmax's) take ColorBrewer's Dark2, whose
 * hues stay apart from those two, with their plane colours mixed 70% towards white.
 */
const POINT_COLORS = [
  "#d53e4f",
  "#3288bd",
  "#1b9e77",
  "#d95f02",
  "#7570b3",
  "#e7298a",
  "#66a61e",
  "#e6ab02",
  "#a6761d",
  "#666666",
];
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

/** The cost axis: linear, or logarithmic when the costs span too much for a linear one. */
export type CostScale = "linear" | "log";

/** Above this ratio of the largest to the smallest cost (two decades) a linear axis flattens the small ones. */
export const LOG_SCALE_SPAN = 100;

/** Curves with more points than this are drawn as lines only: a mark per point would blot them. */
const MARKED_POINTS_AT_MOST = 60;

/**
 * The scale asked for, or logarithmic when the finite costs span more than two decades (init with
 * random ×10 starts at 1773 and ends near 0.38), else linear. A cost of 0 or below keeps it linear.
 */
export function chooseCostScale(series: readonly CostSeries[], requested?: CostScale): CostScale {
  if (requested) return requested;
  const costs = series.flatMap((s) => s.costs.map((c) => c.cost).filter(Number.isFinite));
  if (costs.length === 0 || costs.some((c) => c <= 0)) return "linear";
  return Math.max(...costs) / Math.min(...costs) > LOG_SCALE_SPAN ? "log" : "linear";
}

/** `unit`: what the x axis counts, "iteration" or "epoch"; `scale`: the cost axis (default: chosen). */
export function costCurveSpec(
  series: readonly CostSeries[],
  title = "Cost",
  unit = "iteration",
  scale?: CostScale,
): TopLevelSpec {
  const axis = chooseCostScale(series, scale);
  const drawable = (cost: number) => Number.isFinite(cost) && (axis === "linear" || cost > 0);
  const several = new Set(series.map((s) => s.name)).size > 1;
  const sets = [...new Set(series.map((s) => s.set ?? "train"))];
  const label = (s: CostSeries) =>
    [several ? s.name : "", sets.length > 1 ? `(${s.set ?? "train"})` : ""].filter(Boolean).join(" ");
  const values = series.flatMap((s) =>
    s.costs
      .filter((c) => drawable(c.cost))
      .map((c) => ({ run: s.name, set: s.set ?? "train", iteration: c.iteration, cost: c.cost })),
  );
  const skipped = series.flatMap((s) =>
    s.costs.filter((c) => !drawable(c.cost)).map((c) => `${label(s) ? `${label(s)} ` : ""}${c.iteration}: ${c.cost}`),
  );
  const why = axis === "log" ? "not finite or not positive, on a log scale" : "not finite";
  const marked = series.every((s) => s.costs.length <= MARKED_POINTS_AT_MOST);
  const color = several
    ? { color: { field: "run", type: "nominal", title: "run" } }
    : sets.length > 1
      ? { color: { field: "set", type: "nominal", title: "data", scale: { domain: sets } } }
      : { color: { value: "#3288bd" } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: skipped.length ? { text: title, subtitle: `not drawn (${why}): ${unit} ${skipped.join(", ")}` } : title,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: "line", point: marked, strokeWidth: 2 },
    encoding: {
      x: { field: "iteration", type: "quantitative", title: unit },
      y: {
        field: "cost",
        type: "quantitative",
        title: axis === "log" ? "cost (log scale)" : "cost",
        scale: axis === "log" ? { type: "log" } : { zero: false },
      },
      ...color,
      ...(sets.length > 1
        ? { strokeDash: { field: "set", type: "nominal", title: "data", scale: { domain: sets } } }
        : {}),
    },
    config: { background: "white" },
  } as TopLevelSpec;
}

export function boundarySpec(boundary: DecisionBoundary, title = "Decision boundary"): TopLevelSpec {
  const { extent } = boundary;
  const sets = [...new Set(boundary.points.map((p) => p.set))];
  const x = { scale: { domain: extent.x, nice: false, zero: false }, axis: { title: boundary.axes[0] } };
  const y = { scale: { domain: extent.y, nice: false, zero: false }, axis: { title: boundary.axes[1] } };
  const domain = Array.from({ length: boundary.classes }, (_, k) => k);
  const labelColor = {
    field: "label",
    type: "nominal",
    scale: { domain, range: classColors(boundary.classes, "point") },
    title: "label",
  } as const;
  const regionColor = {
    field: "label",
    type: "nominal",
    scale: { domain, range: classColors(boundary.classes, "region") },
    legend: null,
  } as const;
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
          shape: {
            field: "set",
            type: "nominal",
            scale: { domain: sets, range: ["circle", "triangle-up", "diamond", "square"] },
            title: "data",
          },
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
