// An IR file is read from disk like a .nnspec, so its formulas (custom activations, init
// formulas, backward equations) get the same parser before anything else reads them: mathjs's
// own parser and every walk over its trees recurse once per level, and a formula nested
// thousands deep would overflow the stack. nnc writes them in its own syntax (printExpression),
// so a formula this parser refuses did not come from nnc. One too deep is an error here, located
// at its string in the JSON; any other is left to the semantic checks (validate/semantic.ts,
// which say more precisely what is wrong) when it is shallow enough for mathjs to read safely.
import type { Diagnostic, Span } from "../contracts/diagnostic.js";
import type { ModelIR } from "../contracts/ir.js";
import { parseExpression } from "../grammar/index.js";
import { MAX_EXPRESSION_DEPTH } from "../grammar/nesting.js";
import { SyntaxCodes } from "../contracts/codes.js";

interface Formula {
  pointer: string;
  what: string;
  text: unknown;
}

function formulasOf(ir: ModelIR): Formula[] {
  const formulas: Formula[] = [];
  (ir.activations ?? []).forEach((a, i) =>
    formulas.push({ pointer: `/activations/${i}/formula`, what: `activation '${a.name}'`, text: a.formula }),
  );
  ir.layers.forEach((layer, i) => {
    if (layer.init?.scheme === "formula") {
      const what = `the init formula of layer '${layer.name}'`;
      formulas.push({ pointer: `/layers/${i}/init/expression`, what, text: layer.init.expression });
    }
  });
  (ir.backward?.equations ?? []).forEach((e, i) => {
    const pointer = `/backward/equations/${i}/expression`;
    formulas.push({ pointer, what: `the equation for ${e.name}`, text: e.expression });
  });
  return formulas;
}

/**
 * An upper bound on how deep mathjs recurses on a text nnc's grammar refused: the deepest
 * bracket plus every operator character (each may open a level: a sign, a `^`, a chain's link).
 */
function roughDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let operators = 0;
  for (const c of text) {
    if ("([{".includes(c)) deepest = Math.max(deepest, ++depth);
    else if (")]}".includes(c)) depth = Math.max(0, depth - 1);
    else if ("+-*/^'!~%&|<>=.?:;,".includes(c)) operators++;
  }
  return deepest + operators;
}

/** One diagnostic per formula the grammar refuses, located at its string in the IR file. */
export function checkIrFormulas(
  ir: ModelIR,
  file: string | undefined,
  spanOf: (pointer: string) => Span | undefined,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const formula of formulasOf(ir)) {
    if (typeof formula.text !== "string") continue; // the schema has already said so
    const first = parseExpression(formula.text).diagnostics.find((d) => d.severity === "error");
    if (!first) continue;
    const tooDeep = first.code === SyntaxCodes.nestingTooDeep || roughDepth(formula.text) > MAX_EXPRESSION_DEPTH;
    if (!tooDeep) continue;
    const column = first.span ? ` (column ${first.span.column} of the formula)` : "";
    diagnostics.push({
      ...first,
      file,
      span: spanOf(formula.pointer),
      message: `${formula.what} is not a formula nnc reads: ${first.message}`,
      label: `${first.label ?? "here"}${column}`,
      notes: [
        ...(first.notes ?? []).filter((note) => !note.startsWith("nnc read no further")),
        "nnc writes IR formulas in the syntax of .nnspec files",
      ],
    });
  }
  return diagnostics;
}
