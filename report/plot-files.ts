// The plot files of one run or several: `cost.svg` (several runs overlaid on one curve plot) and
// a boundary for each run whose model draws one — `boundary.svg` for a single run,
// `boundary-<model>.svg` for several. Used by `nnc run --plot DIR` (right after training) and
// `nnc plot run.json...` (from saved runs). The cost plot draws each run's whole cost history and
// its test sets' costs when the run has them, on a log axis when the costs span over two decades.
import type { ModelIR } from "../contracts/ir.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { boundaryUnavailable, decisionBoundary } from "./boundary.js";
import { boundarySpec, costCurveSpec, renderSvg, type CostScale, type CostSeries } from "./plots.js";

export interface PlotInput {
  ir: ModelIR;
  /** The reported costs (the printed lines). */
  costs: CostSeries["costs"];
  /** The cost history, drawn instead of the reported points when there is one (runs saved before it: none). */
  history?: CostSeries["costs"];
  /** Other data sets' costs measured while training, drawn beside the training curve. */
  heldOutCosts?: Readonly<Record<string, CostSeries["costs"]>>;
  params: readonly Float64Array[];
  datasets: ReadonlyMap<string, Dataset>;
}

export interface PlotOptions {
  /** The cost axis; chosen from the costs when absent (report/plots.ts, chooseCostScale). */
  scale?: CostScale;
}

/** A run's cost curves: the training set's (its history, or the reported points), then each held-out set's. */
export function costSeries(run: Omit<PlotInput, "params" | "datasets">, name = run.ir.model): CostSeries[] {
  const training = { name, set: run.ir.train.data, costs: run.history?.length ? run.history : run.costs };
  const heldOut = Object.entries(run.heldOutCosts ?? {}).map(([set, costs]) => ({ name, set, costs }));
  return [training, ...heldOut.filter((s) => s.costs.length > 0)];
}

export interface PlotFile {
  name: string;
  svg: string;
}

/** Distinct labels for the runs: the model's name, numbered when two runs share it. */
function runLabels(runs: readonly PlotInput[]): string[] {
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.ir.model, (count.get(r.ir.model) ?? 0) + 1);
  const seen = new Map<string, number>();
  return runs.map((r) => {
    if (count.get(r.ir.model) === 1) return r.ir.model;
    const n = (seen.get(r.ir.model) ?? 0) + 1;
    seen.set(r.ir.model, n);
    return `${r.ir.model}-${n}`;
  });
}

/** The boundary of one run as SVG (its data sets drawn training set first, test points on top). */
export async function boundarySvg(input: PlotInput, title = `Decision boundary of ${input.ir.model}`): Promise<string> {
  const { ir } = input;
  const names = [...new Set([ir.train.data, ...ir.report.accuracy, ...ir.data.map((d) => d.name)])];
  const sets = names.map((n) => input.datasets.get(n)).filter((d): d is Dataset => d !== undefined);
  return renderSvg(boundarySpec(decisionBoundary(ir, input.params, sets), title));
}

/** The SVG plots of the runs; `skipped` says why a plot was left out. */
export async function runPlots(
  runs: readonly PlotInput[],
  options: PlotOptions = {},
): Promise<{ files: PlotFile[]; skipped: string[] }> {
  const labels = runLabels(runs);
  const title = runs.length === 1 ? `Cost of ${runs[0].ir.model}` : "Cost";
  // Runs in epochs are plotted per epoch; a mix of both counts steps of either kind.
  const unit = runs.every((r) => r.ir.train.unit === "epochs")
    ? "epoch"
    : runs.some((r) => r.ir.train.unit === "epochs")
      ? "iteration or epoch"
      : "iteration";
  const series = runs.flatMap((r, i) => costSeries(r, labels[i]));
  const costSvg = await renderSvg(costCurveSpec(series, title, unit, options.scale));
  const files: PlotFile[] = [{ name: "cost.svg", svg: costSvg }];
  const skipped: string[] = [];
  for (const [i, run] of runs.entries()) {
    const name = runs.length === 1 ? "boundary.svg" : `boundary-${labels[i]}.svg`;
    const why = boundaryUnavailable(run.ir);
    if (why) skipped.push(`${name}: ${why}`);
    else files.push({ name, svg: await boundarySvg(run, `Decision boundary of ${labels[i]}`) });
  }
  return { files, skipped };
}
