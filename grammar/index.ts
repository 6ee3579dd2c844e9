// The grammar stage's public face: .nnspec text in, a typed syntax tree and every syntax
// diagnostic out. It never throws for anything a user can write.
import type { Expression, ModelFile } from "./ast.js";
import type { Diagnostic } from "../contracts/diagnostic.js";
import type { ExpressionCstNode, ModelFileCstNode } from "./cst.js";
import { tokenize } from "./lexer.js";
import { parseExpressionTokens, parseTokens } from "./parse-tokens.js";
import { isNotTextFile, lexicalDiagnostics, parserDiagnostics, syntaxError, withoutEchoes } from "./syntax-errors.js";
import { expressionToAst, toAst } from "./to-ast.js";
import type { IToken } from "chevrotain";
import { nestingTooDeepAt } from "./nesting.js";
import { tokenSpan } from "./locations.js";
import { lostInRecovery, withoutPiecesOfBrokenLines, type LostStatement } from "./lost-statements.js";

export type { ModelFile } from "./ast.js";
export type { LostStatement } from "./lost-statements.js";
export type { Diagnostic } from "../contracts/diagnostic.js";
export { syntaxCodeDescriptions } from "./syntax-errors.js";
export { SyntaxCodes } from "../contracts/codes.js";
import { SyntaxCodes } from "../contracts/codes.js";

export interface ParseResult {
  /**
   * The model, whenever the parse recovered enough to build one. Statements with a syntax
   * error in them are left out; a model whose name could not be read has the name "".
   */
  ast?: ModelFile;
  /** Every syntax error in the file (not the echoes of one), in source order. */
  diagnostics: Diagnostic[];
  /** The statements the syntax errors left out of the model, in source order. */
  lost: LostStatement[];
}

/** Parses a .nnspec text; `file` is only used to label diagnostics. */
export function parse(text: string, file?: string): ParseResult {
  try {
    return parseText(text, file);
  } catch (error) {
    return { diagnostics: [internalError(error, file)], lost: [] };
  }
}

export interface ExpressionResult {
  expression?: Expression;
  diagnostics: Diagnostic[];
}

/**
 * Parses one expression, as the formulas of an IR file are checked before mathjs reads them:
 * the same syntax, depth limit and diagnostics as in a .nnspec, located within `text`.
 */
export function parseExpression(text: string, file?: string): ExpressionResult {
  try {
    return parseExpressionText(text, file);
  } catch (error) {
    return { diagnostics: [internalError(error, file)] };
  }
}

function parseExpressionText(text: string, file?: string): ExpressionResult {
  const lexed = tokenize(text);
  const lexical = lexicalDiagnostics(lexed, text, file);
  if (lexical.length > 0) return { diagnostics: lexical };
  const { cst, errors, tooDeep, rest } = parseExpressionTokens(lexed.tokens);
  if (tooDeep) return { diagnostics: [nestingTooDeepAt(tooDeep.token, file)] };
  if (errors.length > 0) return { diagnostics: parserDiagnostics(errors.slice(0, 1), lexed.tokens, text, file) };
  if (rest) {
    const message = `unexpected \`${rest.image}\` after the end of the expression`;
    return { diagnostics: [syntaxError(SyntaxCodes.unexpectedToken, message, file, tokenSpan(rest))] };
  }
  return cst ? expressionToAst(cst as ExpressionCstNode, text, file) : { diagnostics: [] };
}

function internalError(error: unknown, file?: string): Diagnostic {
  // Only a bug in nnc gets here; the user still gets a diagnostic, not a stack trace.
  const detail = error instanceof Error ? error.message : String(error);
  return syntaxError(SyntaxCodes.internalError, "nnc's parser failed on this file", file, undefined, {
    help: "this is a bug in nnc, not in your file; please report it with the file attached",
    notes: [detail],
  });
}

function parseText(text: string, file?: string): ParseResult {
  const lexed = tokenize(text);
  // One more than are shown, so that the note says there are more.
  const lexical = lexicalDiagnostics(lexed, text, file, MAX_SYNTAX_ERRORS + 1);
  if (isNotTextFile(lexical)) return { diagnostics: lexical, lost: [] };
  if (lexed.tokens.length > MAX_TOKENS) {
    return { diagnostics: [tooManyTokens(lexed.tokens[MAX_TOKENS], file)], lost: [] };
  }
  const { cst, errors, tooDeep } = parseTokens(lexed.tokens);
  if (tooDeep) return { diagnostics: [...lexical, nestingTooDeepAt(tooDeep.token, file)], lost: [] };
  // Describing where the parser got stuck looks around in the file; only the first errors are
  // described, so a file of garbage costs as much as a file with a few mistakes.
  const syntax = parserDiagnostics(errors.slice(0, MAX_SYNTAX_ERRORS), lexed.tokens, text, file);
  const built = cst ? toAst(cst as ModelFileCstNode, text, file) : { ast: undefined, diagnostics: [], lost: [] };
  const all = withoutEchoes(lexical, syntax, built.diagnostics);
  const more = all.length > MAX_SYNTAX_ERRORS || errors.length > MAX_SYNTAX_ERRORS;
  const diagnostics = more ? firstErrors(all, all.length > MAX_SYNTAX_ERRORS) : all;
  const pieces = built.ast && withoutPiecesOfBrokenLines(built.ast.model.statements, all);
  const ast = built.ast && pieces && { ...built.ast, model: { ...built.ast.model, statements: pieces.statements } };
  const lost = [...built.lost, ...(pieces?.lost ?? []), ...lostInRecovery(errors, lexed.tokens)].sort(
    (a, b) => a.span.line - b.span.line || a.span.column - b.span.column,
  );
  return { ast, diagnostics, lost };
}

/**
 * Far more than any model (the largest example has a few hundred); the parser's syntax tree takes
 * a few kilobytes a token, so a file of millions would take gigabytes and minutes to refuse.
 */
const MAX_TOKENS = 250_000;

function tooManyTokens(first: IToken, file?: string): Diagnostic {
  return syntaxError(SyntaxCodes.tooManyTokens, "this file is too large to be a model", file, tokenSpan(first), {
    label: `token ${spaced(MAX_TOKENS + 1)}`,
    expected: `a model of at most ${spaced(MAX_TOKENS)} tokens (words, numbers and symbols; comments are free)`,
    help: "check that this is the file you meant; data belongs in a data file (csv, hdf5, mat) the model names",
    notes: ["nnc read no further than this"],
  });
}

/** 250000 → "250 000". */
function spaced(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/** Enough to fix first; the rest of a file with more is usually one mistake's consequences. */
const MAX_SYNTAX_ERRORS = 50;

function firstErrors(diagnostics: Diagnostic[], certain: boolean): Diagnostic[] {
  const shown = diagnostics.slice(0, MAX_SYNTAX_ERRORS);
  const last = shown[shown.length - 1];
  shown[shown.length - 1] = {
    ...last,
    notes: [
      ...(last.notes ?? []),
      `nnc describes at most ${MAX_SYNTAX_ERRORS} syntax errors; ` +
        `there ${certain ? "are" : "may be"} more after this one`,
    ],
  };
  return shown;
}
