// The plot files of a run: `cost.svg` always, `boundary.svg` when the model draws one. Used by
// `nnc run --plot DIR` (right after training) and `nnc plot run.json` (from a saved run).
import type { ModelIR } from "../compiler/ir.js";
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

/** The SVG plots of one run; `skipped` says why a plot was left out. */
export async function runPlots(input: PlotInput): Promise<{ files: PlotFile[]; skipped: string[] }> {
  const { ir } = input;
  const files: PlotFile[] = [{ name: "cost.svg", svg: await renderSvg(costCurveSpec([{ name: ir.model, costs: input.costs }], `Cost of ${ir.model}`)) }];
  const skipped: string[] = [];
  const why = boundaryUnavailable(ir);
  if (why) skipped.push(`boundary.svg: ${why}`);
  else {
    const names = [...new Set([ir.train.data, ...ir.report.accuracy, ...ir.data.map((d) => d.name)])];
    const sets = names.map((n) => input.datasets.get(n)).filter((d): d is Dataset => d !== undefined);
    files.push({ name: "boundary.svg", svg: await renderSvg(boundarySpec(decisionBoundary(ir, input.params, sets), `Decision boundary of ${ir.model}`)) });
  }
  return { files, skipped };
}
