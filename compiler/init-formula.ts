// A custom init formula (`normal(0, sqrt(2 / fan_in))`) is evaluated by the runtime's restricted
// mathjs instance once per weight. Here, before anything runs, every name in it is checked
// against what that instance offers, so a typo is reported at its column with a suggestion.
import type { Expression } from "../grammar/ast.js";
import { suggest } from "../contracts/diagnostic.js";
import { initFormulaScope } from "../runtime/expr.js";
import { Codes } from "../contracts/codes.js";
import type { Reporter } from "./reporter.js";
import { callableNames, initSchemes } from "./vocabulary.js";

export function checkInitFormula(expression: Expression, report: Reporter): boolean {
  const { variables, functions } = initFormulaScope();
  const isDraw = (f: string) => ["normal", "uniform", "randn", "rand"].includes(f);
  const drawFunctions = functions.filter(isDraw);
  const mathFunctions = functions.filter((f) => !isDraw(f));
  let ok = true;
  let draws = 0;
  const unknown = (span: Expression["span"], name: string, isCall: boolean) => {
    const pool = isCall ? [...functions, ...callableNames(initSchemes)] : variables;
    const close = suggest(name, pool);
    report.error(
      span,
      isCall ? Codes.unknownInit : Codes.unknownFormulaName,
      isCall ? `unknown function '${name}' in an init formula` : `unknown name '${name}' in an init formula`,
      {
        label: isCall ? "not a function available here" : "not defined here",
        expected: isCall
          ? `a draw (${drawFunctions.join(", ")}), a math function (${mathFunctions.join(", ")}) ` +
            `or a scheme (${callableNames(initSchemes).join(", ")})`
          : `one of ${variables.map((v) => `\`${v}\``).join(", ")}`,
        help: close ? `did you mean '${close}'?` : undefined,
      },
    );
    ok = false;
  };
  const walk = (e: Expression): void => {
    switch (e.kind) {
      case "name":
        if (!variables.includes(e.name)) unknown(e.span, e.name, false);
        return;
      case "call":
        if (!functions.includes(e.callee.name)) unknown(e.callee.span, e.callee.name, true);
        if (["normal", "uniform", "randn", "rand"].includes(e.callee.name)) draws++;
        for (const a of e.args) {
          if (a.name) {
            report.error(a.name.span, Codes.unknownArgument, `functions inside a formula take positional arguments`, {
              label: "named argument",
              help: `write the value alone: ${a.value.text}`,
            });
            ok = false;
          }
          walk(a.value);
        }
        return;
      case "unary":
        walk(e.operand);
        return;
      case "binary":
        walk(e.left);
        walk(e.right);
        return;
      case "number":
        return;
      case "string":
      case "list":
        report.error(e.span, Codes.wrongArgumentType, `an init formula computes a number; \`${e.text}\` is not one`, {
          label: "not a number",
          expected: "a formula such as `normal(0, sqrt(2 / fan_in))`",
        });
        ok = false;
    }
  };
  walk(expression);
  if (ok && draws === 0) {
    report.warning(
      expression.span,
      Codes.unknownFormulaName,
      `this init formula draws nothing at random: every weight of the layer gets the same value`,
      {
        label: "no normal(), uniform(), randn() or rand()",
        help: "identical weights never break the symmetry between units; multiply by randn() or use normal(mean, std)",
      },
    );
  }
  return ok;
}
