// Spans from tokens and CST nodes. Chevrotain's positions are already what ast.ts wants (1-based lines and
// columns, inclusive end column); the only care needed is for tokens that error recovery
// invented, which have no position at all.
import type { CstNode, CstNodeLocation, IToken } from "chevrotain";
import type { Span } from "./ast.js";

/** A token that is really in the file (error recovery inserts empty, position-less ones). */
export function isRealToken(token: IToken | undefined): token is IToken {
  return token !== undefined && !token.isInsertedInRecovery && Number.isFinite(token.startOffset);
}

export function tokenSpan(token: IToken): Span {
  return {
    line: token.startLine ?? 1,
    column: token.startColumn ?? 1,
    endLine: token.endLine ?? token.startLine ?? 1,
    endColumn: token.endColumn ?? token.startColumn ?? 1,
  };
}

/** From the start of `first` to the end of `last`. */
export function spanBetween(first: Span, last: Span): Span {
  return { line: first.line, column: first.column, endLine: last.endLine, endColumn: last.endColumn };
}

/** The single column just after a token: where a missing `]` or `,` should have been. */
export function pointAfter(token: IToken): Span {
  const line = token.endLine ?? token.startLine ?? 1;
  const column = (token.endColumn ?? token.startColumn ?? 0) + 1;
  return { line, column, endLine: line, endColumn: column };
}

/** The single column just after the last character of the text (where the file ends). */
export function endOfText(text: string): Span {
  const lines = text.split(/\r\n|\r|\n/);
  // A final newline ends the last line; the file's end is shown at the end of that line.
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const line = lines.length;
  const column = lines[line - 1].length + 1;
  return { line, column, endLine: line, endColumn: column };
}

/** The span of characters [offset, offset + length) on one line, as the lexer counts them. */
export function offsetSpan(text: string, offset: number, length: number): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = offset - lineStart + 1;
  return { line, column, endLine: line, endColumn: column + Math.max(length, 1) - 1 };
}

// ---- CST nodes ---------------------------------------------------------------------------

export function locationSpan(location: CstNodeLocation | undefined): Span | undefined {
  if (!location) return undefined;
  const { startLine, startColumn, endLine, endColumn } = location;
  if (![startLine, startColumn, endLine, endColumn].every((n) => Number.isFinite(n))) return undefined;
  return { line: startLine!, column: startColumn!, endLine: endLine!, endColumn: endColumn! };
}

export function startOffset(node: CstNode): number {
  return node.location?.startOffset ?? Infinity;
}

/** Whether error recovery skipped into this node or invented any of its tokens. */
export function isDamaged(node: CstNode): boolean {
  if (node.recoveredNode) return true;
  return Object.values(node.children).some((elements) =>
    elements.some((element) => ("children" in element ? isDamaged(element) : !isRealToken(element))),
  );
}

/** The node's real tokens in source order. */
export function tokensOf(node: CstNode): IToken[] {
  return Object.values(node.children)
    .flat()
    .flatMap((element) => ("children" in element ? tokensOf(element) : isRealToken(element) ? [element] : []))
    .sort((a, b) => a.startOffset - b.startOffset);
}
