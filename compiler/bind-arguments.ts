// Binds the arguments of a call written in a .nnspec (`random(scale: 10)`, `circles(samples: 300,
// noise: 0.05)`) to the parameters its table entry declares, checking names, kinds and ranges, and
// folding constant expressions (`1 / sqrt(2)`) to numbers.
import type { Argument, Expression, Span } from "../grammar/ast.js";
import { suggest } from "../contracts/diagnostic.js";
import { Codes } from "../contracts/codes.js";
import type { Reporter } from "./reporter.js";
import type { Callable, ParamSpec } from "./vocabulary.js";

export type BoundValue = number | number[] | string | string[] | { column: string; equals: string };

/** Functions and constants allowed in constant expressions (hyperparameters). */
const constantFunctions: Record<string, (...xs: number[]) => number> = {
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  abs: Math.abs,
  min: Math.min,
  max: Math.max,
};
const constants: Record<string, number> = { pi: Math.PI, e: Math.E };

/** Folds an expression to a number, or returns undefined after reporting why it is not one. */
export function foldConstant(expression: Expression, report: Reporter, what: string): number | undefined {
  const fail = (node: Expression, label: string, help?: string): undefined => {
    report.error(
      node.span,
      Codes.notAConstant,
      `${what} must be a constant number, but \`${expression.text}\` is not`,
      {
        label,
        expected: "a number such as `0.01`, `1e-7` or `1 / sqrt(2)`",
        help,
      },
    );
    return undefined;
  };
  const walk = (node: Expression): number | undefined => {
    switch (node.kind) {
      case "number":
        return node.value;
      case "unary": {
        const v = walk(node.operand);
        return v === undefined ? undefined : node.operator === "-" ? -v : v;
      }
      case "binary": {
        const l = walk(node.left);
        if (l === undefined) return undefined;
        const r = walk(node.right);
        if (r === undefined) return undefined;
        switch (node.operator) {
          case "+":
            return l + r;
          case "-":
            return l - r;
          case "*":
            return l * r;
          case "/":
            return l / r;
          case "^":
            return Math.pow(l, r);
          default:
            return fail(node, "a comparison is not a number");
        }
      }
      case "name": {
        if (node.name in constants) return constants[node.name];
        const close = suggest(node.name, Object.keys(constants));
        return fail(node, "not a known constant", close ? `did you mean '${close}'?` : undefined);
      }
      case "call": {
        const fn = constantFunctions[node.callee.name];
        if (!fn) {
          const close = suggest(node.callee.name, Object.keys(constantFunctions));
          return fail(
            node,
            "not a function allowed here",
            close ? `did you mean '${close}'?` : `functions allowed: ${Object.keys(constantFunctions).join(", ")}`,
          );
        }
        const values: number[] = [];
        for (const arg of node.args) {
          if (arg.name) return fail(node, "functions here take positional arguments");
          const v = walk(arg.value);
          if (v === undefined) return undefined;
          values.push(v);
        }
        return fn(...values);
      }
      case "string":
        return fail(node, "a string, not a number");
      case "list":
        return fail(node, "a list, not a number");
    }
  };
  const value = walk(expression);
  if (value !== undefined && !Number.isFinite(value)) {
    report.error(
      expression.span,
      Codes.outOfRange,
      `${what} must be a finite number, but \`${expression.text}\` is ${value}`,
      {
        label: "not finite",
      },
    );
    return undefined;
  }
  return value;
}

function describeRange(p: ParamSpec): string {
  const parts: string[] = [];
  if (p.min !== undefined) parts.push(`${p.minExclusive ? ">" : "≥"} ${p.min}`);
  if (p.max !== undefined) parts.push(`${p.maxExclusive ? "<" : "≤"} ${p.max}`);
  if (p.limit !== undefined) parts.push(`≤ ${p.limit.toLocaleString("en-US")}`);
  return parts.join(" and ");
}

/** Checks a number against a parameter's bounds; reports and returns false when outside. */
export function checkRange(value: number, p: ParamSpec, span: Span, report: Reporter, owner: string): boolean {
  const subject = owner ? `\`${p.name}\` of ${owner}` : `\`${p.name}\``;
  if (p.type === "integer" && !Number.isInteger(value)) {
    report.error(span, Codes.notAnInteger, `${subject} must be a whole number, not ${value}`, {
      label: "not a whole number",
      expected: `a whole number ${describeRange(p)}`.trim(),
      help: `try ${Math.round(value)}`,
    });
    return false;
  }
  const below = p.min !== undefined && (p.minExclusive ? value <= p.min : value < p.min);
  const above = p.max !== undefined && (p.maxExclusive ? value >= p.max : value > p.max);
  if (below || above) {
    report.error(span, Codes.outOfRange, `${subject} is ${value}, outside its range`, {
      label: "out of range",
      expected: `${p.name} ${describeRange(p)}: ${p.doc}`,
    });
    return false;
  }
  if (p.limit !== undefined && value > p.limit) {
    report.error(span, Codes.tooLarge, `${subject} is ${value.toLocaleString("en-US")}, more than nnc allows`, {
      label: "too large",
      expected: `at most ${p.limit.toLocaleString("en-US")}`,
    });
    return false;
  }
  return true;
}

function bindValue(p: ParamSpec, value: Expression, report: Reporter, owner: string): BoundValue | undefined {
  const wrong = (expected: string, example: string): undefined => {
    report.error(value.span, Codes.wrongArgumentType, `\`${p.name}\` of ${owner} expects ${expected}`, {
      label: `not ${expected}`,
      expected: `${expected}, like \`${p.name}: ${example}\``,
    });
    return undefined;
  };
  switch (p.type) {
    case "number":
    case "integer": {
      const v = foldConstant(value, report, `\`${p.name}\` of ${owner}`);
      if (v === undefined) return undefined;
      // Out of range, the value is still the writer's: reported here, it stays bound so the
      // whole-model checks can read the rest of the statement (the IR is refused all the same).
      checkRange(v, p, value.span, report, owner);
      return v;
    }
    case "string":
      return value.kind === "string" ? value.value : wrong("a string in double quotes", '"data/points.csv"');
    case "name":
      if (value.kind === "name") return value.name;
      if (value.kind === "string") return value.value;
      return wrong("a column name", "y");
    case "names": {
      if (value.kind !== "list") return wrong("a list of column names", "[x1, x2]");
      const names: string[] = [];
      for (const item of value.items) {
        if (item.kind === "name") names.push(item.name);
        else if (item.kind === "string") names.push(item.value);
        else return wrong("a list of column names", "[x1, x2]");
      }
      if (names.length === 0) return wrong("a non-empty list of column names", "[x1, x2]");
      return names;
    }
    case "layers": {
      if (value.kind === "name") return [value.name];
      const items = value.kind === "list" ? value.items : [];
      if (value.kind !== "list" || items.length === 0 || items.some((item) => item.kind !== "name"))
        return wrong("a layer name or a list of layer names", "[h1, h2]");
      return items.map((item) => (item.kind === "name" ? item.name : ""));
    }
    case "numbers": {
      const items = value.kind === "list" ? value.items : [value];
      if (items.length === 0) return wrong("a number or a list of numbers", "[0.8, 0.9]");
      const numbers: number[] = [];
      for (const item of items) {
        const v = foldConstant(item, report, `\`${p.name}\` of ${owner}`);
        if (v === undefined) return undefined;
        checkRange(v, p, item.span, report, owner);
        numbers.push(v);
      }
      return numbers;
    }
    case "labels": {
      // `[1, 1, 0]`, or `[[1, 1, 0]]` as the lesson writes its 1 × m array.
      const row =
        value.kind === "list" && value.items.length === 1 && value.items[0].kind === "list" ? value.items[0] : value;
      if (row.kind !== "list" || row.items.length === 0) return wrong("a list of 0/1 labels", "[1, 1, 0]");
      const labels: number[] = [];
      for (const item of row.items) {
        if (item.kind !== "number" || (item.value !== 0 && item.value !== 1))
          return wrong("a list of 0/1 labels", "[1, 1, 0]");
        labels.push(item.value);
      }
      return labels;
    }
    case "condition": {
      if (value.kind === "binary" && value.operator === "==") {
        const column =
          value.left.kind === "name" ? value.left.name : value.left.kind === "string" ? value.left.value : undefined;
        const r = value.right;
        const equals =
          r.kind === "string" ? r.value : r.kind === "number" ? r.text : r.kind === "name" ? r.name : undefined;
        if (column !== undefined && equals !== undefined) return { column, equals };
      }
      return wrong('a condition column == "value"', 'split == "train"');
    }
  }
}

/**
 * Binds `args` to `callable.params`: named arguments by name, positional ones in order.
 * Returns undefined when an argument is unknown, missing or of the wrong kind (after reporting
 * every problem found). A number out of its range is reported and bound as written: the caller
 * knows from the reporter that the statement has an error, and can still read its other parts.
 */
export function bindArguments(
  callable: Callable,
  args: Argument[],
  callSpan: Span,
  report: Reporter,
  owner: string,
): Record<string, BoundValue> | undefined {
  const bound: Record<string, BoundValue> = {};
  const seen = new Map<string, Span>();
  // A misspelt argument is also a missing one; its did-you-mean already says so, once.
  const suggested = new Set<string>();
  let ok = true;
  let position = 0;
  const paramNames = callable.params.map((p) => p.name);
  for (const arg of args) {
    let param: ParamSpec | undefined;
    if (arg.name) {
      param = callable.params.find((p) => p.name === arg.name!.name);
      if (!param) {
        const close = suggest(arg.name.name, paramNames);
        if (close) suggested.add(close);
        const quoted = paramNames.map((n) => `\`${n}\``);
        report.error(arg.name.span, Codes.unknownArgument, `${owner} has no argument \`${arg.name.name}\``, {
          label: "unknown argument",
          expected:
            quoted.length > 1
              ? `one of ${quoted.join(", ")}`
              : quoted.length === 1
                ? quoted[0]
                : `no arguments: write \`${callable.name}\` alone`,
          help: close ? `did you mean '${close}'?` : undefined,
        });
        ok = false;
        continue;
      }
    } else {
      param = callable.params[position++];
      if (!param) {
        report.error(
          arg.span,
          Codes.tooManyArguments,
          `${owner} takes ${
            callable.params.length === 0
              ? "no arguments"
              : `at most ${callable.params.length} argument${callable.params.length === 1 ? "" : "s"}`
          }`,
          {
            label: "one too many",
            expected: callable.params.length
              ? `${callable.name}(${paramNames.map((n) => `${n}: …`).join(", ")})`
              : `\`${callable.name}\` alone`,
          },
        );
        ok = false;
        continue;
      }
    }
    if (seen.has(param.name)) {
      report.error(arg.span, Codes.duplicateArgument, `\`${param.name}\` is given twice to ${owner}`, {
        label: "given again here",
        help: "remove one of them",
      });
      ok = false;
      continue;
    }
    seen.set(param.name, arg.span);
    const value = bindValue(param, arg.value, report, owner);
    if (value === undefined) ok = false;
    else bound[param.name] = value;
  }
  for (const p of callable.params) {
    if (p.required && !seen.has(p.name)) {
      if (suggested.has(p.name)) {
        ok = false;
        continue;
      }
      const example = `${callable.name}(${callable.params
        .filter((q) => q.required)
        .map((q) => `${q.name}: …`)
        .join(", ")})`;
      report.error(callSpan, Codes.missingArgument, `${owner} needs \`${p.name}\`: ${p.doc}`, {
        label: `\`${p.name}\` missing`,
        expected: example,
      });
      ok = false;
    }
  }
  return ok ? bound : undefined;
}
