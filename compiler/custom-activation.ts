// `activation swish(z) = z * sigmoid(z)`: checking a custom activation's formula and deriving g′.
//
// The formula may use its one variable, the constants e and pi, + - * / ^ and the functions the
// restricted instance lists for activations (runtime/expr.ts: exp, log, sqrt, tanh, sinh, cosh,
// pow, sigmoid, softplus). abs, min, max and comparisons are refused: the backward pass needs a
// derivative everywhere, and relu and leaky_relu are built in for the kinked cases.
//
// g′ comes from mathjs's symbolic `derivative`, called here by the compiler on a tree that passed
// the check (never reachable from the file). mathjs does not know sigmoid and softplus, so they
// are expanded first: sigmoid(u) = 1 / (1 + exp(-u)), softplus(u) = log(1 + exp(u)).
import { parse, type MathNode } from "mathjs";
import type { ActivationStmt, Expression, Span } from "../grammar/ast.js";
import { suggest } from "../contracts/diagnostic.js";
import { printExpression } from "../grammar/format/expression.js";
import { ACTIVATION_FUNCTIONS, NON_SMOOTH_FUNCTIONS } from "../runtime/expr.js";
import { ARITY, type FormulaSpec } from "../runtime/ops/index.js";
import { Codes } from "../contracts/codes.js";
import type { CustomActivationIR } from "../contracts/ir.js";
import type { Reporter } from "./reporter.js";
import { symbolicDerivative } from "./symbolic-derivative.js";
import { activations, callableNames } from "./vocabulary.js";

const CONSTANTS = ["e", "pi"];
const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);

/** Checks one `activation` statement; reports every problem and returns its IR when there is none. */
export function toCustomActivation(s: ActivationStmt, report: Reporter): CustomActivationIR | undefined {
  const before = report.diagnostics.length;
  const builtins = callableNames(activations());
  if (builtins.includes(s.name.name)) {
    report.error(
      s.name.span,
      Codes.activationRedefinesBuiltin,
      `'${s.name.name}' is a built-in activation and cannot be redefined`,
      {
        label: "built in",
        help: `give yours its own name, e.g. \`activation my_${s.name.name}(${s.parameter.name}) = ...\``,
      },
    );
  }
  const parameter = s.parameter.name;
  const functions: string[] = [...ACTIVATION_FUNCTIONS];
  if (
    functions.includes(parameter) ||
    CONSTANTS.includes(parameter) ||
    (NON_SMOOTH_FUNCTIONS as readonly string[]).includes(parameter)
  ) {
    report.error(
      s.parameter.span,
      Codes.activationNotInVariable,
      `'${parameter}' names a function or constant and cannot be the formula's variable`,
      {
        label: "not a free name",
        help: `call the variable z: \`activation ${s.name.name}(z) = ...\``,
      },
    );
  }
  let usesParameter = false;
  const reported = new Set<string>();
  const unknown = (span: Span, name: string, isCall: boolean) => {
    if (reported.has(name)) return; // once per name: its other uses are the same mistake
    reported.add(name);
    const pool = isCall ? functions : [parameter, ...CONSTANTS];
    const close = suggest(name, pool);
    const rename =
      `the formula's variable is \`${parameter}\`; to write ` + `it in '${name}', declare \`${s.name.name}(${name})\``;
    report.error(
      span,
      Codes.unknownActivationName,
      `unknown ${isCall ? "function" : "name"} '${name}' in the formula of activation '${s.name.name}'`,
      {
        label: isCall ? "not a function activations may call" : "not defined here",
        expected: isCall
          ? `one of ${functions.join(", ")}`
          : `the variable \`${parameter}\` (from \`${s.name.name}(${parameter})\`), e or pi`,
        help: close ? `did you mean '${close}'?` : isCall ? undefined : rename,
      },
    );
  };
  const notDifferentiable = (span: Span, what: string) =>
    report.error(
      span,
      Codes.activationNotDifferentiable,
      `the formula of activation '${s.name.name}' is not differentiable everywhere: it uses ${what}`,
      {
        label: "has a kink or a step",
        help:
          "backpropagation needs g′(z) at every z; relu and leaky_relu " +
          "are built in, or use a smooth form such as softplus(z)",
      },
    );
  const checkArity = (name: string, given: number, span: Span) => {
    const [fewest, most] = ARITY[name];
    if (given >= fewest && given <= most) return;
    const takes = fewest === most ? `${fewest}` : `${fewest} or ${most}`;
    report.error(
      span,
      given > most ? Codes.tooManyArguments : Codes.missingArgument,
      `${name}() takes ${takes} argument${most === 1 ? "" : "s"}, given ${given}`,
      {
        label: "in the activation's formula",
        expected:
          name === "log"
            ? "`log(x)`, or `log(x, base)`"
            : `\`${name}(${Array.from({ length: fewest }, (_, i) => "xyz"[i]).join(", ")})\``,
      },
    );
  };
  const walk = (e: Expression): void => {
    switch (e.kind) {
      case "name":
        if (e.name === parameter) usesParameter = true;
        else if (!CONSTANTS.includes(e.name)) unknown(e.span, e.name, false);
        return;
      case "call":
        if ((NON_SMOOTH_FUNCTIONS as readonly string[]).includes(e.callee.name))
          notDifferentiable(e.callee.span, `${e.callee.name}()`);
        else if (!functions.includes(e.callee.name)) unknown(e.callee.span, e.callee.name, true);
        else checkArity(e.callee.name, e.args.length, e.span);
        for (const a of e.args) {
          if (a.name) {
            report.error(a.name.span, Codes.unknownArgument, "functions inside a formula take positional arguments", {
              label: "named argument",
              help: `write the value alone: ${a.value.text}`,
            });
          }
          walk(a.value);
        }
        return;
      case "unary":
        return walk(e.operand);
      case "binary":
        if (COMPARISONS.has(e.operator)) notDifferentiable(e.span, `a comparison (${e.operator}), a step`);
        walk(e.left);
        walk(e.right);
        return;
      case "number":
        return;
      case "string":
      case "list":
        report.error(
          e.span,
          Codes.activationNotInVariable,
          `an activation computes a number from \`${parameter}\`; \`${e.text}\` is not one`,
          {
            label: "not a number",
            expected: "a formula such as `z * sigmoid(z)`",
          },
        );
    }
  };
  walk(s.formula);
  if (report.diagnostics.length === before && !usesParameter) {
    report.error(
      s.formula.span,
      Codes.activationNotInVariable,
      `the formula of activation '${s.name.name}' does not use its variable '${parameter}'`,
      {
        label: `constant: no \`${parameter}\` here`,
        help: `an activation is a function of its input, e.g. \`${parameter} * sigmoid(${parameter})\``,
      },
    );
  }
  if (report.diagnostics.length !== before) return undefined;
  const ir: CustomActivationIR = {
    name: s.name.name,
    parameter,
    formula: printExpression(s.formula),
    at: { ...s.span },
  };
  let slope: string;
  try {
    slope = activationDerivative(ir);
  } catch (error) {
    notDifferentiable(s.formula.span, `something mathjs cannot differentiate (${(error as Error).message})`);
    return undefined;
  }
  if (slope === "0") {
    report.error(
      s.formula.span,
      Codes.activationNotInVariable,
      `the formula of activation '${s.name.name}' is constant: its derivative is 0 everywhere`,
      {
        label: `\`${parameter}\` cancels out`,
        help: "no gradient would pass through this layer; an activation must change with its input",
      },
    );
    return undefined;
  }
  return ir;
}

/** sigmoid and softplus written out, so mathjs's derivative knows every function. */
function expanded(tree: MathNode): MathNode {
  return tree.transform((node: MathNode) => {
    if (node.type !== "FunctionNode") return node;
    const call = node as MathNode & { fn: { name: string }; args: MathNode[] };
    const [u] = call.args.map(expanded);
    if (call.fn.name === "sigmoid") return parse("1 / (1 + exp(-u))").transform((n: MathNode) => (isU(n) ? u : n));
    if (call.fn.name === "softplus") return parse("log(1 + exp(u))").transform((n: MathNode) => (isU(n) ? u : n));
    return node;
  });
}

function isU(node: MathNode): boolean {
  return node.type === "SymbolNode" && (node as unknown as { name: string }).name === "u";
}

/** g′ of a checked custom activation, as mathjs text in its variable. */
export function activationDerivative(a: CustomActivationIR): string {
  return symbolicDerivative(expanded(parse(a.formula)), a.parameter).toString();
}

/** What the graph node for a layer with this activation carries (runtime/ops/formula-activation.ts). */
export function formulaSpec(a: CustomActivationIR): FormulaSpec {
  return { name: a.name, parameter: a.parameter, forward: a.formula, derivative: activationDerivative(a) };
}
