// Checks a hand-written backward block before anything runs: every name it reads is a value of
// the network (X or A0, Y, m, W1, b1, Z1, A1, ...) or a gradient computed above it; every function
// is one the block offers; every product and sum has shapes that fit; each d<V> of a value of the
// network has V's shape; and every parameter gets its gradient, once.
import { suggest } from "../../contracts/diagnostic.js";
import { formulaShapes } from "../../runtime/hand-backward.js";
import type { ConstantNode, FunctionNode, MathNode } from "mathjs";
import {
  FormulaError,
  evaluateFormula,
  formulaFunctions,
  parseFormula,
  type Matrix,
} from "../../runtime/matrix-formula.js";
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
          expected:
            `a value of the network (${names.filter((n) => !n.startsWith("d")).join(", ")}) ` +
            `or a gradient computed above`,
          help: close ? `did you mean '${close}'?` : undefined,
        });
      } else if (error.problem === "unknownFunction") {
        report.error(equation.at, Codes.backwardUnknownFunction, `${equation.name}: ${error.message}`, {
          label: "not available in a backward block",
          expected:
            `the functions ${formulaFunctions.join(", ")}; \`'\` ` +
            `transposes, \`.*\` and \`./\` work element by element`,
          help: suggest(error.subject, formulaFunctions)
            ? `did you mean '${suggest(error.subject, formulaFunctions)}'?`
            : error.help,
        });
      } else {
        report.error(equation.at, Codes.backwardShape, `${equation.name}: ${error.message}`, {
          label: "shapes do not fit",
          help: rowSumHint(equation.expression, env) ?? error.help,
        });
      }
      continue;
    }
    const of = equation.name.startsWith("d") ? equation.name.slice(1) : "";
    const target = program.forward.values[of] ? env.get(of) : undefined;
    if (target && (target.rows !== value.rows || target.cols !== value.cols)) {
      report.error(
        equation.at,
        Codes.backwardShape,
        `${equation.name} must have the shape of ${of}, ${shape(target)}, but this equation gives ${shape(value)}`,
        {
          label: `${shape(value)}, not ${shape(target)}`,
          help:
            rowSumHint(equation.expression, env, target) ??
            (value.rows === target.cols && value.cols === target.rows
              ? "the product is transposed: swap its factors or their transposes"
              : undefined),
        },
      );
    }
    env.set(equation.name, value);
  }
  for (const p of program.params) {
    if (seen.has(`d${p.name}`)) continue;
    report.error(
      block.at,
      Codes.backwardMissingGradient,
      `the backward block never computes d${p.name}, the gradient of ` +
        `the ${p.kind === "bias" ? "bias" : "weights"} of layer '${p.layer}'`,
      {
        label: `needs d${p.name}`,
        expected: `an equation \`d${p.name} = ...\` (shape ${shape({ rows: p.shape[0], cols: p.shape[1] })})`,
      },
    );
  }
}

/**
 * The hint for the commonest slip in a bias gradient: `sum(dZ, 1)` (numpy's axis number, or no
 * axis) where a backward block, counting dimensions from 1 as mathjs does, sums each row over the
 * examples with `sum(dZ, 2)`, numpy's np.sum(dZ, axis=1). Given only when that sum makes the
 * equation fit (the shape of its gradient, when there is one to fit).
 */
function rowSumHint(
  expression: string,
  env: Map<string, Matrix>,
  target?: { rows: number; cols: number },
): string | undefined {
  const slips: string[] = [];
  // By node type, not mathjs's isFunctionNode: the bundled CLI serves only the mathjs names it needs.
  const rowSum = (node: MathNode): MathNode => {
    if (node.type !== "FunctionNode" || (node as FunctionNode).fn.name !== "sum") return node;
    const { args } = node as FunctionNode;
    const axis = args[1];
    const axisOne = axis?.type === "ConstantNode" && Number((axis as ConstantNode).value) === 1;
    if (args.length > 2 || (axis && !axisOne)) return node;
    const summed = args[0].toString();
    slips.push(node.toString());
    return parseFormula(`sum(${summed}, 2)`);
  };
  const fixed = parseFormula(expression).transform(rowSum);
  if (slips.length === 0) return undefined;
  try {
    const value = evaluateFormula(fixed, env, true);
    if (target && (value.rows !== target.rows || value.cols !== target.cols)) return undefined;
  } catch {
    return undefined;
  }
  const byColumn = slips[0].replace(/\s/g, "").endsWith(",1)");
  const what = byColumn ? "adds up each column (the units of one example)" : "adds up every element";
  return (
    `\`${slips[0]}\` ${what}; summing over the m examples adds up each row: write \`${fixed.toString()}\`. ` +
    "A backward block counts dimensions from 1, as mathjs does, so `sum(dZ, 2)` is numpy's np.sum(dZ, axis=1)"
  );
}
