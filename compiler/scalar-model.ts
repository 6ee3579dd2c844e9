// A scalar model: `param` and `let` declarations and a cost written as a formula (`loss J = theta
// * x`), with an optional `backward` block and `check`. Compiled straight from the syntax tree; it
// has no layers, data or training, so it has no IR file of its own: `nnc check` is what runs it.
// Without a backward block, each gradient is mathjs's symbolic derivative of the cost.
import { parse } from "mathjs";
import type { ModelFile, Statement } from "../grammar/ast.js";
import { suggest } from "../contracts/diagnostic.js";
import { FormulaError, evaluateFormula, parseFormula, scalar, type Matrix } from "../runtime/matrix-formula.js";
import type { ScalarEquation, ScalarModel } from "../runtime/gradcheck-scalar.js";
import { foldConstant } from "./bind-arguments.js";
import { Codes } from "../contracts/codes.js";
import type { Reporter } from "./reporter.js";
import { checks, findCallable } from "./vocabulary.js";
import { bindArguments } from "./bind-arguments.js";
import { symbolicDerivative } from "./symbolic-derivative.js";

/** Is this file a scalar model (it declares a `param` and no layer)? */
export function isScalarModel(file: ModelFile): boolean {
  const kinds = new Set(file.model.statements.map((s) => s.kind));
  return kinds.has("param") && !kinds.has("dense");
}

const allowed = new Set<Statement["kind"]>(["param", "let", "loss", "backward", "check", "seed"]);

export function compileScalarModel(
  file: ModelFile,
  fileName: string | undefined,
  report: Reporter,
): ScalarModel | undefined {
  const model: ScalarModel = {
    model: file.model.name.name,
    ...(fileName ? { source: fileName } : {}),
    params: [],
    constants: [],
    cost: { name: "", expression: "" },
    derived: [],
  };
  const env = new Map<string, Matrix>();
  const declared = new Set<string>();
  const declare = (name: string, span: Statement["span"]) => {
    if (declared.has(name))
      report.error(span, Codes.duplicateName, `'${name}' is declared twice`, {
        label: "declared again",
        help: "give each parameter and constant its own name",
      });
    declared.add(name);
  };
  const evaluate = (text: string, span: Statement["span"], what: string): Matrix | undefined => {
    try {
      return evaluateFormula(parseFormula(text), env);
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      const close = error.problem === "unknownName" ? suggest(error.subject, [...env.keys()]) : undefined;
      report.error(span, Codes.scalarModel, `${what}: ${error.message}`, {
        label: error.problem === "unknownName" ? "not declared above" : "cannot be computed",
        expected: `the parameters and constants declared above it (${[...env.keys()].join(", ") || "none yet"})`,
        help: close ? `did you mean '${close}'?` : error.help,
      });
      return undefined;
    }
  };
  let costSeen = false;
  for (const s of file.model.statements) {
    if (!allowed.has(s.kind) || (s.kind === "loss" && !s.name)) {
      report.error(s.span, Codes.scalarModel, `a scalar model (one with \`param\`) has no \`${s.kind}\` statement`, {
        label: "not part of a scalar model",
        expected:
          "`param theta = 4`, `let x = 2`, `loss J = theta * x`, `backward { dtheta = x }` and `check gradient(...)`",
      });
      continue;
    }
    switch (s.kind) {
      case "param":
      case "let": {
        const value = foldConstant(s.value, report, `the value of '${s.name.name}'`);
        declare(s.name.name, s.span);
        if (value === undefined) continue;
        (s.kind === "param" ? model.params : model.constants).push({ name: s.name.name, value, at: { ...s.span } });
        env.set(s.name.name, scalar(value));
        break;
      }
      case "loss":
        costSeen = true;
        model.cost = { name: s.name!.name, expression: s.loss.text, at: { ...s.span } };
        if (evaluate(s.loss.text, s.span, `the cost ${s.name!.name}`)) env.set(s.name!.name, scalar(0));
        break;
      case "backward":
        model.backward = s.equations.map((e): ScalarEquation => {
          const value = evaluate(e.value.text, e.span, `\`${e.name.name}\``);
          if (value) env.set(e.name.name, value);
          return { name: e.name.name, expression: e.value.text, at: { ...e.span } };
        });
        break;
      case "check": {
        const callee = s.check.kind === "call" ? s.check.callee.name : s.check.kind === "name" ? s.check.name : "";
        const callable = findCallable(checks, callee);
        const args =
          callable &&
          bindArguments(callable, s.check.kind === "call" ? s.check.args : [], s.check.span, report, "`gradient`");
        if (!callable)
          report.error(s.check.span, Codes.unknownCheck, `unknown check '${s.check.text}'`, {
            label: "not a check",
            expected: "`gradient(epsilon: 1e-7, threshold: 2e-7)`",
          });
        else if (args)
          model.check = {
            epsilon: (args.epsilon as number | undefined) ?? 1e-7,
            threshold: (args.threshold as number | undefined) ?? 2e-7,
            at: { ...s.span },
          };
        break;
      }
    }
  }
  if (!costSeen)
    report.error(file.model.name.span, Codes.scalarModel, `scalar model '${model.model}' has no cost`, {
      label: "needs a cost",
      expected: "a line such as `loss J = theta * x`",
    });
  if (model.backward) {
    for (const p of model.params) {
      if (!model.backward.some((e) => e.name === `d${p.name}`))
        report.error(
          file.model.name.span,
          Codes.backwardMissingGradient,
          `the backward block never computes d${p.name}`,
          { label: `needs d${p.name}`, expected: `an equation \`d${p.name} = ...\`` },
        );
    }
  }
  if (costSeen && !report.hasErrors) {
    // Derived even when a backward block is written: `nnc check` can then check either.
    const cost = parse(model.cost.expression);
    model.derived = model.params.map((p) => ({
      name: `d${p.name}`,
      expression: symbolicDerivative(cost, p.name).toString(),
    }));
  }
  return report.hasErrors ? undefined : model;
}
