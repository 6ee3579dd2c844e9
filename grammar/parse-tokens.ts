// Running the one parser instance over a token stream: a whole file or one expression, with the
// nesting limit's and the error cap's early stops turned into results instead of exceptions.
import type { IToken } from "chevrotain";
import { TooManyErrors } from "./parser-expressions.js";
import { NestingTooDeep } from "./nesting.js";
import { parser } from "./parser.js";

/** One expression alone (an IR file's formula): its CST, errors, and whether text follows it. */
export function parseExpressionTokens(tokens: IToken[]) {
  return withoutStackTraces(() => {
    parser.input = tokens;
    parser.startParse();
    try {
      const cst = parser.expression();
      return { cst, errors: parser.errors, rest: parser.errors.length ? undefined : parser.nextToken() };
    } catch (error) {
      if (!(error instanceof NestingTooDeep)) throw error;
      return { cst: undefined, errors: [], tooDeep: error };
    }
  });
}

/** The CST and the parser's errors; or, for a file nested too deeply, where it stopped. */
export function parseTokens(tokens: IToken[]) {
  return withoutStackTraces(() => {
    parser.input = tokens;
    parser.startParse();
    try {
      return { cst: parser.modelFile(), errors: parser.errors };
    } catch (error) {
      if (error instanceof TooManyErrors) return { cst: undefined, errors: parser.errors };
      if (!(error instanceof NestingTooDeep)) throw error;
      return { cst: undefined, errors: [], tooDeep: error };
    }
  });
}

/**
 * Chevrotain's error recovery throws an Error per token it skips, and capturing each one's stack
 * trace was most of the time spent on a file of garbage; nobody reads those traces (the errors
 * become diagnostics). Engines without V8's `stackTraceLimit` just ignore the setting.
 */
function withoutStackTraces<T>(parse: () => T): T {
  const errorClass = Error as { stackTraceLimit?: number };
  const saved = errorClass.stackTraceLimit;
  errorClass.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    errorClass.stackTraceLimit = saved;
  }
}
