// Where in a JSON text does a JSON pointer (`/layers/1/units`) point? ajv reports schema errors
// by pointer; a learner needs a line and a column. JSON.parse keeps no positions, so this walks
// the (already valid) text once and records the span of every value.
import type { Span } from "../grammar/ast.js";

export function locateJsonPointers(text: string): Map<string, Span> {
  const spans = new Map<string, Span>();
  let i = 0;
  let line = 1;
  let column = 1;
  const advance = () => {
    if (text[i] === "\n") {
      line++;
      column = 1;
    } else column++;
    i++;
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) advance();
  };
  const readString = (): string => {
    let out = "";
    advance(); // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") {
        advance();
        out += text[i] === "u" ? String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16)) : ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" } as Record<string, string>)[text[i]] ?? text[i];
        if (text[i] === "u") for (let k = 0; k < 4; k++) advance();
      } else out += text[i];
      advance();
    }
    advance(); // closing quote
    return out;
  };
  const escape = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");
  const value = (pointer: string): void => {
    skipSpace();
    const start = { line, column };
    const c = text[i];
    if (c === "{") {
      advance();
      skipSpace();
      while (i < text.length && text[i] !== "}") {
        skipSpace();
        const key = readString();
        skipSpace();
        advance(); // colon
        value(`${pointer}/${escape(key)}`);
        skipSpace();
        if (text[i] === ",") advance();
        skipSpace();
      }
      advance();
    } else if (c === "[") {
      advance();
      skipSpace();
      let index = 0;
      while (i < text.length && text[i] !== "]") {
        value(`${pointer}/${index++}`);
        skipSpace();
        if (text[i] === ",") advance();
        skipSpace();
      }
      advance();
    } else if (c === '"') {
      readString();
    } else {
      while (i < text.length && /[^\s,\]}]/.test(text[i])) advance();
    }
    spans.set(pointer, { line: start.line, column: start.column, endLine: line, endColumn: Math.max(start.column, column - 1) });
  };
  value("");
  return spans;
}

/** Line and column of a character offset (for JSON.parse's "at position N"). */
export function offsetToSpan(text: string, offset: number): Span {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return { line, column, endLine: line, endColumn: column };
}
