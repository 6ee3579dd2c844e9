// Where in a JSON text does a JSON pointer (`/layers/1/units`) point, and where does a broken
// JSON text break? ajv reports schema errors by pointer and V8's JSON.parse no longer says at
// which position it failed; a learner needs a line and a column for both. This is a small
// recursive-descent reader that only records positions; JSON.parse still builds the values.
import type { Span } from "../grammar/ast.js";

export interface JsonSyntaxError {
  span: Span;
  /** What the reader expected at that point, in words. */
  expected: string;
  /** What it found instead. */
  found: string;
}

export interface JsonLocations {
  spans: Map<string, Span>;
  error?: JsonSyntaxError;
  /** Where the text nests deeper than MAX_JSON_DEPTH (reading stopped there). */
  tooDeep?: Span;
}

/**
 * No IR is nested more than a few levels; past this, reading stops (this reader, ajv and the
 * compiler all recurse once per level, and a file of a million `[` would overflow the stack).
 */
export const MAX_JSON_DEPTH = 64;

class Stop extends Error {}

export function scanJson(text: string): JsonLocations {
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
  let error: JsonSyntaxError | undefined;
  let tooDeep: Span | undefined;
  const fail = (expected: string): never => {
    const found = i >= text.length ? "the end of the file" : `'${text[i]}'`;
    error = { span: { line, column, endLine: line, endColumn: column }, expected, found };
    throw new Stop();
  };
  const skipSpace = () => {
    while (i < text.length && " \t\r\n".includes(text[i])) advance();
  };
  const expect = (char: string, expected: string) => {
    skipSpace();
    if (text[i] !== char) fail(expected);
    advance();
  };
  const readString = (): string => {
    let out = "";
    if (text[i] !== '"') fail("a string in double quotes");
    advance();
    while (text[i] !== '"') {
      if (i >= text.length || text[i] === "\n") fail("the closing double quote of the string");
      if (text[i] === "\\") {
        advance();
        const escapes: Record<string, string> = {
          n: "\n",
          t: "\t",
          r: "\r",
          b: "\b",
          f: "\f",
          "/": "/",
          "\\": "\\",
          '"': '"',
        };
        if (text[i] === "u") {
          const hex = text.slice(i + 1, i + 5);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("four hex digits after \\u");
          out += String.fromCharCode(parseInt(hex, 16));
          for (let k = 0; k < 4; k++) advance();
        } else if (escapes[text[i]] !== undefined) out += escapes[text[i]];
        else fail('an escape such as \\n, \\" or \\\\');
      } else out += text[i];
      advance();
    }
    advance();
    return out;
  };
  const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");
  const value = (pointer: string, depth: number): void => {
    skipSpace();
    const start = { line, column };
    const c = text[i];
    if ((c === "{" || c === "[") && depth >= MAX_JSON_DEPTH) {
      tooDeep = { line, column, endLine: line, endColumn: column };
      throw new Stop();
    }
    if (c === "{") {
      advance();
      skipSpace();
      if (text[i] !== "}") {
        for (;;) {
          skipSpace();
          const key = readString();
          expect(":", "':' after the field name");
          value(`${pointer}/${escapePointer(key)}`, depth + 1);
          skipSpace();
          if (text[i] === ",") advance();
          else break;
        }
      }
      expect("}", "',' or '}'");
    } else if (c === "[") {
      advance();
      skipSpace();
      if (text[i] !== "]") {
        for (let index = 0; ; index++) {
          value(`${pointer}/${index}`, depth + 1);
          skipSpace();
          if (text[i] === ",") advance();
          else break;
        }
      }
      expect("]", "',' or ']'");
    } else if (c === '"') {
      readString();
    } else {
      const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!literal) fail("a value: a number, a string, true, false, null, an object or a list");
      for (let k = 0; k < literal![0].length; k++) advance();
    }
    spans.set(pointer, {
      line: start.line,
      column: start.column,
      endLine: line,
      endColumn: Math.max(start.column, column - 1),
    });
  };
  try {
    value("", 0);
    skipSpace();
    if (i < text.length) fail("nothing after the end of the JSON value");
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return error ? { spans, error } : tooDeep ? { spans, tooDeep } : { spans };
}

export function locateJsonPointers(text: string): Map<string, Span> {
  return scanJson(text).spans;
}
