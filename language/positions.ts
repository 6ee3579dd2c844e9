// Between the compiler's spans (1-based lines and columns, end column inclusive, Chevrotain's
// convention) and the editor's ranges (0-based, end exclusive, LSP's convention), and between
// positions and offsets in a text. Columns count UTF-16 code units on both sides, as JavaScript
// strings and LSP's default position encoding do.
import type { Span } from "../contracts/diagnostic.js";
import type { Position, Range } from "./types.js";

export function spanToRange(span: Span): Range {
  return {
    start: { line: span.line - 1, character: span.column - 1 },
    end: { line: span.endLine - 1, character: span.endColumn },
  };
}

/** Does the span hold the position (its end counts, so a cursor right after a word is on it)? */
export function spanContains(span: Span, position: Position): boolean {
  const line = position.line + 1;
  const column = position.character + 1;
  if (line < span.line || line > span.endLine) return false;
  if (line === span.line && column < span.column) return false;
  if (line === span.endLine && column > span.endColumn + 1) return false;
  return true;
}

/** The offsets at which each line of a text starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function offsetAt(starts: readonly number[], text: string, position: Position): number {
  if (position.line >= starts.length) return text.length;
  const start = starts[Math.max(0, position.line)];
  const next = position.line + 1 < starts.length ? starts[position.line + 1] : text.length;
  return Math.min(start + Math.max(0, position.character), next);
}

export function positionAt(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low, character: offset - starts[low] };
}

export function compareSpans(a: Span, b: Span): number {
  return a.line - b.line || a.column - b.column;
}
