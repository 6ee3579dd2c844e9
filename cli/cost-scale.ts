// `--log` and `--linear`, the cost axis of `nnc run --plot` and `nnc plot`. A module of its own,
// light to import: `nnc run` reads these options before it knows whether it will plot (and load vega).
import { usageError } from "./command.js";
import type { CostScale } from "../report/plots.js";

export const costScaleOptions = {
  log: { type: "boolean", help: "Draw the cost on a logarithmic axis (default: when the costs span over two decades)" },
  linear: { type: "boolean", help: "Draw the cost on a linear axis, however far the costs spread" },
} as const;

/** The cost axis the options ask for, or undefined to choose it from the costs. */
export function requestedCostScale(options: Record<string, string | boolean | undefined>): CostScale | undefined {
  if (options.log && options.linear) {
    usageError(
      "`--log` and `--linear` ask for two different cost axes",
      "give one of them, or neither to let nnc choose",
    );
  }
  return options.log ? "log" : options.linear ? "linear" : undefined;
}
