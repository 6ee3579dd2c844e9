// The plot files of one run or several: `cost.svg` (several runs overlaid on one curve plot) and
// a boundary for each run whose model draws one — `boundary.svg` for a single run,
// `boundary-<model>.svg` for several. Used by `nnc run --plot DIR` (right after training) and
// `nnc plot run.json...` (from saved runs).
import type { ModelIR } from "../contracts/ir.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { boundaryUnavailable, decisionBoundary } from "./boundary.js";
import { boundarySpec, costCurveSpec, renderSvg, type CostSeries } from "./plots.js";

export interface PlotInput {
  ir: ModelIR;
  costs: CostSeries["costs"];
  params: readonly Float64Array[];
  datasets: ReadonlyMap<string, Dataset>;
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
export async function runPlots(...runs: PlotInput[]): Promise<{ files: PlotFile[]; skipped: string[] }> {
  const labels = runLabels(runs);
  const title = runs.length === 1 ? `Cost of ${runs[0].ir.model}` : "Cost";
  // Runs in epochs are plotted per epoch; a mix of both counts steps of either kind.
  const unit = runs.every((r) => r.ir.train.unit === "epochs") ? "epoch" : runs.some((r) => r.ir.train.unit === "epochs") ? "iteration or epoch" : "iteration";
  const files: PlotFile[] = [{ name: "cost.svg", svg: await renderSvg(costCurveSpec(runs.map((r, i) => ({ name: labels[i], costs: r.costs })), title, unit)) }];
  const skipped: string[] = [];
  for (const [i, run] of runs.entries()) {
    const name = runs.length === 1 ? "boundary.svg" : `boundary-${labels[i]}.svg`;
    const why = boundaryUnavailable(run.ir);
    if (why) skipped.push(`${name}: ${why}`);
    else files.push({ name, svg: await boundarySvg(run, `Decision boundary of ${labels[i]}`) });
  }
  return { files, skipped };
}
