// The gradient check as the report and the playground show it: `nnc check`'s table in the shape of
// the report's plug-in (report/sections.ts), and the first wrong equation with its line. Data files
// come through a ModelFiles, so the CLI (the disk) and a page (files held in memory) share it.
import { FULL_CHECK_LIMIT, checkModel } from "../drivers/check-model.js";
import type { ModelIR, SourceSpan } from "../contracts/ir.js";
import type { ModelFiles } from "../contracts/files.js";
import type { TensorReport } from "../runtime/gradcheck.js";
import { localise } from "../runtime/gradcheck-localise.js";
import type { GradientCheckData } from "./sections.js";

/** Elements per tensor a report checks when the model is too large to check every one. */
const REPORT_SAMPLE = 20;

/** The equation that first computes a wrong gradient, where `nnc check` points. */
export interface WrongEquation {
  name: string;
  equation: string;
  at?: SourceSpan;
  ratio: string;
}

/** Where a generated gradient's equation comes from: its layer's line (dW2 → layer 2), else the loss's. */
export function generatedLines(ir: ModelIR): (of: string) => SourceSpan | undefined {
  return (of) => {
    const l = Number(/^[A-Zb]+(\d+)$/.exec(of)?.[1]);
    return Number.isInteger(l) && l >= 1 ? ir.layers[l - 1]?.at : ir.loss.at;
  };
}

export function kinkNote(p: TensorReport): string | undefined {
  return p.kinks.length ? `${p.kinks.length} element(s) left out, their step crosses a relu kink` : undefined;
}

/** The check's table in the report's shape, in `nnc check`'s words; with `locate`, the first wrong equation. */
export async function gradientCheckData(
  ir: ModelIR,
  files: ModelFiles,
  locate = false,
): Promise<GradientCheckData & { firstWrong?: WrongEquation }> {
  const parameters = ir.layers.reduce((n, l, i) => n + l.units * ((ir.layers[i - 1]?.units ?? ir.input.units) + 1), 0);
  const sampled = parameters > FULL_CHECK_LIMIT;
  const { report, problem } = await checkModel(ir, { files, ...(sampled ? { sample: REPORT_SAMPLE } : {}) });
  const data: GradientCheckData & { firstWrong?: WrongEquation } = {
    epsilon: report.epsilon,
    threshold: report.threshold,
    overall: report.difference,
    checked: {
      elements: report.parameters.reduce((n, p) => n + p.checked, 0),
      of: report.parameters.reduce((n, p) => n + p.analytic.length, 0),
    },
    rows: report.parameters.map((p) => ({
      name: `d${p.name}`,
      difference: p.difference,
      ratio: p.ratioText,
      verdict: p.verdict,
      note: p.verdict !== "PASS" || p.difference > report.threshold ? p.reason : kinkNote(p),
    })),
  };
  if (locate && !report.passed && !sampled) {
    const where = localise(problem, {
      epsilon: report.epsilon,
      threshold: report.threshold,
      generatedAt: generatedLines(ir),
    });
    const first = where.firstWrong;
    if (first)
      data.firstWrong = { name: first.name, equation: first.equation, at: first.at, ratio: first.report.ratioText };
  }
  return data;
}
