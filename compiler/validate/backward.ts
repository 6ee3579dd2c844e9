// Checks a hand-written backward block before anything runs: every name it reads is a value of
// the network (X or A0, Y, m, W1, b1, Z1, A1, ...) or a gradient computed above it; every function
// is one the block offers; every product and sum has shapes that fit; each d<V> of a value of the
// network has V's shape; and every parameter gets its gradient, once.
import { suggest } from "../../contracts/diagnostic.js";
import { formulaShapes } from "../../runtime/hand-backward.js";
import { FormulaError, evaluateFormula, formulaFunctions, parseFormula, type Matrix } from "../../runtime/matrix-formula.js";
import { Codes } from "../../contracts/codes.js";
import { knownExamples, type ModelIR } from "../../contracts/ir.js";
import { compileProgram } from "../compile-program.js";
import type { Reporter } from "../reporter.js";

/** m for the shapes when the training set's size is known only once loaded (CSV). */
const UNKNOWN_M = 7;

export function checkBackwardBlock(ir: ModelIR, report: Reporter): void {
  const block = ir.backward;
  if (!block) return;
  const training = ir.data.find((d) => d.name === ir.train.data);
  const m = knownExamples(training) ?? UNKNOWN_M;
  let program;
  try {
    program = compileProgram(ir, { samples: m, emit: false });
  } catch {
    return; // the model's own shape errors are reported by the other checks
  }
  const env = formulaShapes(program, m);
  const shape = (a: { rows: number; cols: number }) => `${a.rows}×${a.cols}`;
  const seen = new Map<string, number>();
  for (const equation of block.equations) {
    const first = seen.get(equation.name);
    if (first !== undefined) {
      report.error(equation.at, Codes.backwardRepeated, `${equation.name} is computed twice in the backward block`, {
        label: "computed again",
        notes: [`it is first computed at line ${first}`],
        help: "a gradient that has two contributions is their sum, written in one equation",
      });
    }
    seen.set(equation.name, equation.at?.line ?? 0);
    let value: Matrix;
    try {
      value = evaluateFormula(parseFormula(equation.expression), env, true);
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      const names = [...env.keys()];
      if (error.problem === "unknownName") {
        const close = suggest(error.subject, names);
        report.error(equation.at, Codes.backwardUnknownName, `${equation.name}: unknown name '${error.subject}'`, {
          label: `'${error.subject}' is not known here`,
          expected: `a value of the network (${names.filter((n) => !n.startsWith("d")).join(", ")}) or a gradient computed above`,
          help: close ? `did you mean '${close}'?` : undefined,
        });
      } else if (error.problem === "unknownFunction") {
        report.error(equation.at, Codes.backwardUnknownFunction, `${equation.name}: ${error.message}`, {
          label: "not available in a backward block",
          expected: `the functions ${formulaFunctions.join(", ")}; \`'\` transposes, \`.*\` and \`./\` work element by element`,
          help: suggest(error.subject, formulaFunctions) ? `did you mean '${suggest(error.subject, formulaFunctions)}'?` : error.help,
        });
      } else {
        report.error(equation.at, Codes.backwardShape, `${equation.name}: ${error.message}`, { label: "shapes do not fit", help: error.help });
      }
      continue;
    }
    const of = equation.name.startsWith("d") ? equation.name.slice(1) : "";
    const target = program.forward.values[of] ? env.get(of) : undefined;
    if (target && (target.rows !== value.rows || target.cols !== value.cols)) {
      report.error(equation.at, Codes.backwardShape, `${equation.name} must have the shape of ${of}, ${shape(target)}, but this equation gives ${shape(value)}`, {
        label: `${shape(value)}, not ${shape(target)}`,
        help: value.rows === target.cols && value.cols === target.rows ? "the product is transposed: swap its factors or their transposes" : undefined,
      });
    }
    env.set(equation.name, value);
  }
  for (const p of program.params) {
    if (seen.has(`d${p.name}`)) continue;
    report.error(block.at, Codes.backwardMissingGradient, `the backward block never computes d${p.name}, the gradient of the ${p.kind === "bias" ? "bias" : "weights"} of layer '${p.layer}'`, {
      label: `needs d${p.name}`,
      expected: `an equation \`d${p.name} = ...\` (shape ${shape({ rows: p.shape[0], cols: p.shape[1] })})`,
    });
  }
}
