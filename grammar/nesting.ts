// How deep an expression may nest. Parsing, the CST visitor, the formatter and the compiler's
// mathjs passes all recurse once per level, so an expression nested thousands deep would
// overflow the call stack (the browser's as well as Node's). A file that deep is refused with a
// located diagnostic, well before any of them comes near the limit of its stack.
//
// A level is a parenthesis, a list, a call, a sign, a transpose or an operator: `a + b + c` is
// `(a + b) + c`, two levels. The parser counts what it recurses on (parentheses, lists, calls,
// signs, `^`) and the length of operator chains, and stops at the first level too many; the CST
// visitor then measures the whole tree (to-ast-expressions.ts), where chains and parentheses add up.
import type { IToken } from "chevrotain";
import type { Span } from "./ast.js";
import type { Diagnostic } from "../contracts/diagnostic.js";
import { SyntaxCodes } from "../contracts/codes.js";
import { tokenSpan } from "./locations.js";

/**
 * The deepest expression nnc reads. Far beyond any formula a person writes, and a third of what
 * the parser alone survives on Node's default stack (about 190 nested parentheses).
 */
export const MAX_EXPRESSION_DEPTH = 64;

/** Thrown by the parser at the first level too many; parseTokens turns it into the diagnostic. */
export class NestingTooDeep extends Error {
  constructor(readonly token: IToken) {
    super(`expression nested more than ${MAX_EXPRESSION_DEPTH} levels deep`);
  }
}

export function nestingTooDeep(span: Span, file: string | undefined, stoppedReading: boolean): Diagnostic {
  // Built here rather than with syntax-errors.ts's helper: the parser imports this module.
  return {
    severity: "error",
    code: SyntaxCodes.nestingTooDeep,
    message: `this expression nests more than ${MAX_EXPRESSION_DEPTH} levels deep`,
    file,
    span,
    // The parser counts from the top (where level 65 starts); the visitor measures the tree from
    // its leaves up (the construct whose content is 65 levels deep).
    label: stoppedReading
      ? `level ${MAX_EXPRESSION_DEPTH + 1} starts here`
      : `${MAX_EXPRESSION_DEPTH + 1} levels deep from here`,
    expected: `an expression at most ${MAX_EXPRESSION_DEPTH} levels deep`,
    help: "write it flatter, or split it: a formula this deep is almost always generated, not meant",
    notes: [
      "each parenthesis, list, call, sign, `^`, transpose and operator is a level: `a + b + c` is `(a + b) + c`",
      ...(stoppedReading ? ["nnc read no further than this"] : []),
    ],
  };
}

export function nestingTooDeepAt(token: IToken, file: string | undefined): Diagnostic {
  return nestingTooDeep(tokenSpan(token), file, true);
}
