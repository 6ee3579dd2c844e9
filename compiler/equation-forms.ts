// An op's equation in a graph's names (`dW = dZ * A_prev'` at node Z3 reads `dW3 = dZ3 * A2'`)
// without running mathjs for every model. The text is what mathjs prints for it (parse, rename,
// toString), and renaming a symbol changes no parenthesis in what mathjs prints, so the renamed
// text is the printed form of the equation (its "form", printed once) with each name replaced.
// Loading mathjs and making its parser cost more than the rest of compiling a small model, and
// the registry's equations are known when `nnc` is bundled: scripts/bundle-cli.js prints their
// forms then (equation-forms-known.ts), so `nnc run` on a model without a formula never loads it.
// A value that would not print as `String(value)` (a negative, very small or large number, a
// non-number) gets no fast text: the caller renames with mathjs, as before.
import { OperatorNode, parse } from "mathjs";
import { knownEquationForms, type EquationForm } from "./equation-forms-known.js";

export type { EquationForm };

const forms = new Map<string, EquationForm>(Object.entries(knownEquationForms));

/** The printed form of `equation` (`Z = W * A_prev + b`), from the bundle's table or from mathjs. */
export function equationForm(equation: string): EquationForm {
  let form = forms.get(equation);
  if (!form) {
    form = printEquationForm(equation);
    forms.set(equation, form);
  }
  return form;
}

/** What scripts/bundle-cli.js stores for each of the registry's equations. */
export function printEquationForm(equation: string): EquationForm {
  const tree = parse(equation);
  if (tree.type !== "AssignmentNode") throw new Error(`'${equation}' is not an equation`);
  const text = tree.toString();
  const rhs = (tree as unknown as { value: { toString(): string } }).value.toString();
  if (!text.endsWith(` = ${rhs}`)) throw new Error(`'${text}' does not end with its right-hand side '${rhs}'`);
  const term = parse(rhs);
  return {
    text,
    rightHandSide: text.length - rhs.length,
    termOfSum: new OperatorNode("+", "add", [term, term]).toString() === `${rhs} + ${rhs}`,
  };
}

/** Names in mathjs's printed text (numbers skipped: the `e` of `1e-5` is not a name). */
const TOKEN = /\d*\.?\d+(?:[eE][+-]?\d+)?|[A-Za-z_$][\w$]*/g;

/**
 * `text` (a form's text or its right-hand side) with each name in `names` replaced, and each
 * attribute by its value, as mathjs's transform does; undefined when mathjs might print it
 * otherwise (a value that does not print as `String(value)`, a character outside ASCII).
 */
export function renameForm(
  text: string,
  names: ReadonlyMap<string, string>,
  attrs: Readonly<Record<string, unknown>>,
): string | undefined {
  if (/[^\x20-\x7e]/.test(text)) return undefined;
  let plain = true;
  const renamed = text.replace(TOKEN, (token: string, offset: number) => {
    if (!/^[A-Za-z_$]/.test(token)) return token;
    const name = names.get(token);
    if (name !== undefined) return name;
    if (!(token in attrs)) return token;
    const value = attrs[token];
    if (!printsAsString(value) || text[offset + token.length] === "(") plain = false;
    return String(value);
  });
  return plain ? renamed : undefined;
}

/** mathjs prints a number whose exponent is in [-3, 5) digit for digit as JavaScript does. */
function printsAsString(value: unknown): boolean {
  return typeof value === "number" && (value === 0 || (value >= 1e-3 && value < 1e5));
}
