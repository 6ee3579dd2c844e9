// One canonical spelling of an expression, printed from its syntax tree: what the IR stores for
// formulas, so that two files differing only in spacing or redundant parentheses compile to
// the same IR. Numbers and strings keep their source spelling (`1e-2` stays `1e-2`).
import type { Expression } from "../ast.js";

/** Binding strength of each binary operator (higher binds tighter), as the grammar parses them. */
const precedence: Record<string, number> = {
  "==": 1,
  "!=": 1,
  "<": 1,
  "<=": 1,
  ">": 1,
  ">=": 1,
  "+": 2,
  "-": 2,
  "*": 3,
  "/": 3,
  ".*": 3,
  "./": 3,
  "^": 5,
};
const UNARY = 4;
/** A transpose binds tighter than `^`: `A'^2` is `(A')^2`. */
const POSTFIX = 6;

function strength(e: Expression): number {
  if (e.kind === "binary") return precedence[e.operator];
  if (e.kind === "unary") return UNARY;
  if (e.kind === "transpose") return POSTFIX;
  return 7;
}

export function printExpression(e: Expression): string {
  switch (e.kind) {
    case "number":
    case "string":
      return e.text;
    case "name":
      return e.name;
    case "list":
      return `[${e.items.map(printExpression).join(", ")}]`;
    case "call": {
      const args = e.args.map((a) => (a.name ? `${a.name.name}: ` : "") + printExpression(a.value));
      return `${e.callee.name}(${args.join(", ")})`;
    }
    case "transpose": {
      const operand = printExpression(e.operand);
      return `${strength(e.operand) < POSTFIX ? `(${operand})` : operand}'`;
    }
    case "unary": {
      const operand = printExpression(e.operand);
      return `${e.operator}${strength(e.operand) < UNARY ? `(${operand})` : operand}`;
    }
    case "binary": {
      const own = precedence[e.operator];
      // `^` groups to the right, everything else to the left: the other side needs parentheses
      // when it binds equally tightly.
      const rightAssociative = e.operator === "^";
      const left = printExpression(e.left);
      const right = printExpression(e.right);
      const wrapLeft = strength(e.left) < own || (rightAssociative && strength(e.left) === own);
      const wrapRight = strength(e.right) < own || (!rightAssociative && strength(e.right) === own);
      const op = e.operator === "^" ? "^" : ` ${e.operator} `;
      return `${wrapLeft ? `(${left})` : left}${op}${wrapRight ? `(${right})` : right}`;
    }
  }
}
