// The grammar stage's public face: .nnspec text in, a typed syntax tree and every syntax
// diagnostic out. It never throws for anything a user can write.
import type { ModelFile } from "./ast.js";
import type { Diagnostic } from "../contracts/diagnostic.js";
import type { ModelFileCstNode } from "./cst.js";
import { tokenize } from "./lexer.js";
import { parseTokens } from "./parser.js";
import {
  isNotTextFile,
  lexicalDiagnostics,
  parserDiagnostics,
  syntaxError,
  withoutEchoes,
} from "./syntax-errors.js";
import { toAst } from "./to-ast.js";
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
    // Only a bug in nnc gets here; the user still gets a diagnostic, not a stack trace.
    const detail = error instanceof Error ? error.message : String(error);
    return {
      lost: [],
      diagnostics: [
        syntaxError(SyntaxCodes.internalError, "nnc's parser failed on this file", file, undefined, {
          help: "this is a bug in nnc, not in your file; please report it with the file attached",
          notes: [detail],
        }),
      ],
    };
  }
}

function parseText(text: string, file?: string): ParseResult {
  const lexed = tokenize(text);
  const lexical = lexicalDiagnostics(lexed, text, file);
  if (isNotTextFile(lexical)) return { diagnostics: lexical, lost: [] };
  const { cst, errors } = parseTokens(lexed.tokens);
  const syntax = parserDiagnostics(errors, lexed.tokens, text, file);
  const built = cst ? toAst(cst as ModelFileCstNode, text, file) : { ast: undefined, diagnostics: [], lost: [] };
  const diagnostics = withoutEchoes(lexical, syntax, built.diagnostics);
  const pieces = built.ast && withoutPiecesOfBrokenLines(built.ast.model.statements, diagnostics);
  const ast = built.ast && pieces && { ...built.ast, model: { ...built.ast.model, statements: pieces.statements } };
  const lost = [...built.lost, ...(pieces?.lost ?? []), ...lostInRecovery(errors, lexed.tokens)].sort(
    (a, b) => a.span.line - b.span.line || a.span.column - b.span.column,
  );
  return { ast, diagnostics, lost };
}
