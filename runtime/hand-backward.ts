// Runs a hand-written backward block (`backward { dZ3 = A3 - Y ... }`) instead of the generated
// backward pass: each equation in order, over the forward pass's values under the course's names
// (X or A0, Y, m, W1, b1, Z1, A1, ...) and the gradients computed by the equations above it.
import { Codes } from "../contracts/codes.js";
import type { MathNode } from "mathjs";
import type { HandWrittenBackward, HandWrittenEquation, Program } from "./program.js";
import type { Workspace } from "./workspace.js";
import { DiagnosticError } from "../contracts/diagnostic.js";
import { FormulaError, evaluateFormula, parseFormula, scalar, type Matrix } from "./matrix-formula.js";

export interface ParsedEquation extends HandWrittenEquation {
  tree: MathNode;
}

export function parseEquations(block: HandWrittenBackward): ParsedEquation[] {
  return block.equations.map((e) => ({ ...e, tree: parseFormula(e.expression) }));
}

/** The names a backward equation may read, bound to the shapes of a graph for m examples. */
export function formulaShapes(program: Program, m: number): Map<string, Matrix> {
  const env = new Map<string, Matrix>();
  for (const [name, value] of Object.entries(program.forward.values)) {
    const columns = value.role === "param" || value.role === "loss" ? value.shape[1] : m;
    env.set(name, { rows: value.shape[0], cols: columns, data: null });
  }
  env.set("A0", env.get(program.forward.input)!);
  env.set("m", scalar(null));
  const classes = program.forward.values[program.forward.prediction].shape[0];
  if (classes > 1) env.set(ONE_HOT, { rows: classes, cols: m, data: null });
  return env;
}

/** The same names bound to the values of the workspace's latest forward pass. */
export function formulaValues(workspace: Workspace): Map<string, Matrix> {
  const { values, shapes, m } = workspace;
  const graph = workspace.program.forward;
  const env = new Map<string, Matrix>();
  for (const [name, data] of values) {
    const [rows, cols] = shapes.get(name)!;
    env.set(name, { rows, cols, data });
  }
  env.set("A0", env.get(graph.input)!);
  env.set("m", scalar(m));
  const classes = shapes.get(graph.prediction)![0];
  if (classes > 1) {
    // A softmax model's labels are class indices (Y, 1 × m); its equations read them one-hot.
    const labels = values.get(graph.label)!;
    const data = new Float64Array(classes * m);
    for (let j = 0; j < m; j++) data[labels[j] * m + j] = 1;
    env.set(ONE_HOT, { rows: classes, cols: m, data });
  }
  return env;
}

/** A softmax model's labels one-hot (K × m), for backward equations: `dZ2 = 1 / m * (A2 - Yhot)`. */
export const ONE_HOT = "Yhot";

/** Code of an equation that fails only on the data (its shapes were checked with a stand-in m). */
export const BACKWARD_RUNTIME_ERROR = Codes.backwardRuntime;

/** Runs the equations in order; returns every gradient they computed, by name. */
export function runEquations(
  equations: readonly ParsedEquation[],
  env: Map<string, Matrix>,
  file?: string,
): Map<string, Matrix> {
  const results = new Map<string, Matrix>();
  for (const equation of equations) {
    let value: Matrix;
    try {
      value = evaluateFormula(equation.tree, env);
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      const m = env.get("m")?.data?.[0];
      throw new DiagnosticError([
        {
          severity: "error",
          code: BACKWARD_RUNTIME_ERROR,
          message: `${equation.name}: ${error.message}, with the training data's m = ${m}`,
          file,
          span: equation.at,
          label: "fails on this data",
          help: error.help,
        },
      ]);
    }
    env.set(equation.name, value);
    results.set(equation.name, value);
  }
  return results;
}

/** The parameters' gradients, in `program.params` order, from the equations' results. */
export function parameterGradients(program: Program, results: ReadonlyMap<string, Matrix>): Float64Array[] {
  return program.params.map((p) => {
    const g = results.get(`d${p.name}`);
    if (!g?.data) throw new Error(`the backward block does not compute d${p.name}`);
    return g.data;
  });
}
