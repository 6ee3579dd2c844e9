// `nnc check`: the gradient check of a model's backward pass (hand-written or generated) at its
// initial parameters, as a table a learner reads, or as JSON for tools. Exit code 1 when a tensor
// FAILs, so it can guard a CI job.
import { checkModel } from "../drivers/check-model.js";
import { generatedLines, gradientCheckData } from "../report/check-data.js";
import type { ModelIR } from "../contracts/ir.js";
import type { CheckReport, ElementReport, TensorReport } from "../runtime/gradcheck.js";
import type { GradientCheckData } from "../report/sections.js";
import { bisectTensor } from "../runtime/gradcheck-bisect.js";
import { localise, type Localisation } from "../runtime/gradcheck-localise.js";
import { usageError, type Command, type IO } from "./command.js";
import { loadAnyModel } from "./load-model.js";
import { checkGradients } from "../runtime/gradcheck.js";
import { scalarProblem } from "../runtime/gradcheck-scalar.js";
import { pythonRepr } from "./python-repr.js";
import { nodeFiles } from "../node/files.js";

function positiveNumber(text: string | boolean | undefined, flag: string, whole = false): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (typeof text !== "string" || !(value > 0) || !Number.isFinite(value) || (whole && !Number.isInteger(value))) {
    const what = whole ? "a whole number of elements" : "a positive number";
    usageError(`--${flag} needs ${what}, got '${String(text)}'`, `for example --${flag} ${whole ? "20" : "1e-7"}`);
  }
  return value;
}

const short = (x: number) =>
  x === 0 ? "0" : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(2);

function tensorJson(p: TensorReport) {
  return {
    name: p.name,
    layer: p.layer ?? null,
    shape: p.shape,
    difference: p.difference,
    ratio: p.ratio,
    ratio_text: p.ratioText,
    verdict: p.verdict,
    passed: p.passed,
    worst: p.worst,
    noise: p.noise,
    kinks: p.kinks,
    reason: p.reason,
  };
}

function checkJson(model: string, backward: string, report: CheckReport, where: Localisation | null) {
  return {
    model,
    backward,
    difference: report.difference,
    passed: report.passed,
    epsilon: report.epsilon,
    threshold: report.threshold,
    cost: report.cost,
    parameters: report.parameters.map(tensorJson),
    first_wrong_equation: where?.firstWrong
      ? {
          name: where.firstWrong.name,
          equation: where.firstWrong.equation,
          line: where.firstWrong.at?.line ?? null,
          difference: where.firstWrong.report.difference,
          ratio: where.firstWrong.report.ratio,
        }
      : null,
  };
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join("  ")
      .trimEnd(),
  );
}

function printCheck(
  io: IO,
  file: string,
  model: string,
  backward: string,
  report: CheckReport,
  where: Localisation | null,
): void {
  io.out(
    `Gradient check of ${model} (${backward} backward pass), epsilon ${report.epsilon}, threshold ${report.threshold}`,
  );
  io.out(`cost at the initial parameters: ${pythonRepr(report.cost)}`);
  io.out("");
  const rows = [
    ["tensor", "layer", "shape", "difference", "analytic/numeric", "verdict", "worst element: analytic vs numeric"],
  ];
  for (const p of report.parameters) {
    const worst = p.worst
      ? `[${p.worst.index.join(", ")}]: ${short(p.worst.analytic)} vs ${short(p.worst.numeric)}`
      : "—";
    rows.push([p.name, p.layer ?? "", p.shape.join("×"), short(p.difference), p.ratioText, p.verdict, worst]);
  }
  for (const line of table(rows)) io.out(line);
  io.out("");
  for (const p of report.parameters) {
    if (p.kinks.length)
      io.out(
        `${p.name}: ${p.kinks.length} element(s) left out, their step crosses ` +
          `a relu kink: ${p.kinks.map((k) => `[${k.index.join(", ")}]`).join(" ")}`,
      );
    if (p.verdict !== "PASS" || p.difference > report.threshold) io.out(`${p.name}: ${p.verdict}, ${p.reason}`);
  }
  const count = report.parameters.reduce((n, p) => n + p.analytic.length, 0);
  const checked = report.parameters.reduce((n, p) => n + p.checked, 0);
  io.out(
    checked === count
      ? `difference = ${pythonRepr(report.difference)} ` +
          `over ${count === 1 ? "the one parameter" : `all ${count} parameters`} (the lesson's figure)`
      : `difference = ${pythonRepr(report.difference)} over ${checked} sampled of ${count} parameters`,
  );
  const failing = report.parameters.filter((p) => p.verdict === "FAIL");
  if (failing.length === 0) {
    io.out(
      report.parameters.some((p) => p.verdict === "INCONCLUSIVE")
        ? "no tensor fails, but some are INCONCLUSIVE (see above)"
        : "PASS: the backward pass is correct",
    );
    return;
  }
  io.out(`FAIL: ${failing.map((p) => `d${p.name} is off by a factor ${p.ratioText}`).join("; ")}`);
  const first = where?.firstWrong;
  if (first) {
    const line = first.at ? `${file}:${first.at.line}: ` : "";
    io.out(
      `first wrong equation: ${line}${first.equation}   (its value is ${first.report.ratioText}× the numeric one)`,
    );
  }
}

/** Where the generated equation for a value comes from: its layer's `dense` line, or the loss line. */
/** The check's table in the shape the HTML report's plug-in takes (report/sections.ts), in `nnc check`'s words. */
export function gradientCheckForReport(ir: ModelIR, baseDir: string): Promise<GradientCheckData> {
  return gradientCheckData(ir, nodeFiles(baseDir));
}

export const check: Command = {
  usage: "[--json] [--epsilon E] [--threshold T] [--sample N] <model.nnspec | model.ir.json>",
  description:
    "Draws the model's data and initial parameters as training would, computes the gradient with\n" +
    "its backward pass (its `backward { ... }` block when it has one, else the generated one) and\n" +
    "compares it with centred differences: the lesson's difference ‖g − g̃‖ / (‖g‖ + ‖g̃‖) overall\n" +
    "and per tensor, a PASS / FAIL / INCONCLUSIVE verdict that allows for rounding noise, and, when a\n" +
    "tensor fails, the first wrong equation. Exit code 1 when a tensor fails.",
  positionals: [1, 1],
  options: {
    json: {
      type: "boolean",
      help:
        "Print one JSON document: {difference, passed, " +
        "parameters:[{name, layer, difference, ratio, passed, worst}]}",
    },
    epsilon: {
      type: "string",
      argName: "E",
      help: "Step of the centred difference (default: the model's `check gradient`, else 1e-7)",
    },
    threshold: {
      type: "string",
      argName: "T",
      help: "Largest difference that passes (default: the model's, else 2e-7)",
    },
    sample: {
      type: "string",
      argName: "N",
      help: "Check N random elements per tensor (large models); bisect a failing tensor to its wrong elements",
    },
  },
  async run([file], options, io) {
    const epsilon = positiveNumber(options.epsilon, "epsilon");
    const threshold = positiveNumber(options.threshold, "threshold");
    const sample = positiveNumber(options.sample, "sample", true);
    const { ir, scalar, baseDir } = loadAnyModel(file, io);
    if (scalar) {
      const problem = scalarProblem(scalar);
      const report = checkGradients(problem, {
        epsilon: epsilon ?? scalar.check?.epsilon,
        threshold: threshold ?? scalar.check?.threshold,
      });
      if (options.json) io.out(JSON.stringify(checkJson(scalar.model, problem.backward, report, null), null, 2));
      else printCheck(io, file, scalar.model, problem.backward, report, null);
      return report.passed ? 0 : 1;
    }
    const { report, problem } = await checkModel(ir!, { files: nodeFiles(baseDir), epsilon, threshold, sample });
    const located = new Map<string, ElementReport[]>();
    if (sample !== undefined) {
      report.parameters.forEach((p, t) => {
        if (p.verdict === "FAIL") located.set(p.name, bisectTensor(problem, problem.params[t], p.analytic, report));
      });
    }
    const where =
      report.passed || sample !== undefined
        ? null
        : localise(problem, { epsilon: report.epsilon, threshold: report.threshold, generatedAt: generatedLines(ir!) });
    if (options.json) {
      const doc = checkJson(ir!.model, problem.backward, report, where);
      for (const p of doc.parameters) if (located.has(p.name)) Object.assign(p, { located: located.get(p.name) });
      io.out(JSON.stringify(doc, null, 2));
      return report.passed ? 0 : 1;
    }
    // Lines cited are in the .nnspec the model came from, also when checking its IR file.
    printCheck(io, ir!.source ?? file, ir!.model, problem.backward, report, where);
    for (const [name, elements] of located) {
      const found = elements.map((e) => `[${e.index.join(", ")}] ${short(e.analytic)} vs ${short(e.numeric)}`);
      io.out(`${name}: wrong elements found by bisection: ${found.join(", ") || "none isolated"}`);
    }
    return report.passed ? 0 : 1;
  },
};
