// The canonical layout of a .nnspec file (`nnc fmt`, and the Prettier plugin beside this file).
//
// It works on tokens, not on the syntax tree: the author's line breaks are kept (a statement
// split over lines stays split, re-indented), comments stay where they were, and only spacing,
// indentation and alignment are decided here. That keeps it idempotent by construction and
// lets it format statements it has never heard of: only the spacing rules know token kinds.
//   - one statement per line: a statement keyword that follows code on the same line starts a
//     new line; `{` ends a line and `}` stands on its own;
//   - two spaces of indentation per `{`, four more for a line that continues a statement;
//   - at most one blank line in a row, none right inside braces;
//   - single spaces between words and around binary operators; none inside brackets, before
//     `,` `:` `)` `]`, after a unary sign, around `^`, or between a name and its `(` or `[`;
//   - consecutive `input`/`dense` lines, and consecutive `data` lines, aligned in columns, and
//     their trailing comments aligned too.
import { tokenMatcher, type IToken } from "chevrotain";
import type { Diagnostic } from "../../contracts/diagnostic.js";
import { parse } from "../index.js";
import { tokenize } from "../lexer.js";
import type { ModelFile } from "../ast.js";
import { Caret, Data, Dense, Input, Keyword, LBracket, LCurly, LParen, RBracket, RCurly, RParen } from "../tokens.js";

export interface FormatResult {
  /** The formatted text; undefined when the file has syntax errors (nothing is guessed). */
  text?: string;
  diagnostics: Diagnostic[];
}

interface Item {
  kind: "token" | "comment";
  image: string;
  line: number;
  token?: IToken;
}

/** Lines of output before alignment: a list of words with the spacing already decided. */
interface Line {
  indent: number;
  /** Code pieces; a piece boundary is a top-level space, where alignment may pad. */
  fields: string[];
  comment?: string;
  /** Which alignment group the line belongs to (undefined: none). */
  group?: string;
  blankBefore: boolean;
}

const opening = new Set(["(", "["]);
const closing = new Set([")", "]"]);
const tightBefore = new Set([",", ":", ")", "]", "'"]);
/** Tokens after which a sign is a binary operator (a value ends there). */
const endsValue = (t: IToken | undefined): boolean =>
  t !== undefined &&
  (/^(Identifier|NumberLiteral|StringLiteral)$/.test(t.tokenType.name) || closing.has(t.image) || t.image === "'");

/** Comments live in the gaps between tokens (the lexer skips them; strings cannot hold one). */
function withComments(text: string, tokens: IToken[]): Item[] {
  const items: Item[] = [];
  let cursor = 0;
  let line = 1;
  const scanGap = (end: number) => {
    const gap = text.slice(cursor, end);
    const pattern = /#[^\r\n]*|\n/g;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(gap))) {
      if (match[0] === "\n") line++;
      else items.push({ kind: "comment", image: match[0].trimEnd(), line });
    }
  };
  for (const token of tokens) {
    scanGap(token.startOffset);
    items.push({ kind: "token", image: token.image, line: token.startLine ?? line, token });
    line = token.endLine ?? line;
    cursor = (token.endOffset ?? token.startOffset) + 1;
  }
  scanGap(text.length);
  return items;
}

/** The space between two neighbouring tokens of a line: "" or " ". */
function spaceBetween(prev: IToken, next: IToken, beforePrev: IToken | undefined): string {
  if (tightBefore.has(next.image)) return "";
  if (opening.has(prev.image)) return "";
  if (tokenMatcher(prev, Caret) || tokenMatcher(next, Caret)) return "";
  const prevIsSign = prev.image === "-" || prev.image === "+";
  if (prevIsSign && !endsValue(beforePrev)) return "";
  if (tokenMatcher(next, LParen) && (prev.tokenType.name === "Identifier" || tokenMatcher(prev, Keyword))) return "";
  if (
    tokenMatcher(next, LBracket) &&
    (prev.tokenType.name === "Identifier" || tokenMatcher(prev, Keyword) || closing.has(prev.image))
  )
    return "";
  return " ";
}

function alignmentGroup(first: IToken | undefined): string | undefined {
  if (!first) return undefined;
  if (tokenMatcher(first, Input) || tokenMatcher(first, Dense)) return "layers";
  if (tokenMatcher(first, Data)) return "data";
  return undefined;
}

/** Where statements start, from the syntax tree: a keyword spelling used as a name (`on train`) is not one. */
function statementStarts(ast: ModelFile): Set<string> {
  return new Set(ast.model.statements.map((s) => `${s.span.line}:${s.span.column}`));
}

function buildLines(items: Item[], starts: Set<string>): Line[] {
  const isStatementStart = (t: IToken) => starts.has(`${t.startLine}:${t.startColumn}`);
  const lines: Line[] = [];
  let braceDepth = 0;
  let parenDepth = 0;
  let current:
    | {
        tokens: IToken[];
        fields: string[];
        comment?: string;
        indent: number;
        line: number;
        group?: string;
        blankBefore: boolean;
      }
    | undefined;
  let lastLine = 0;
  let pendingBlank = false;

  const flush = () => {
    if (!current) return;
    // `data train, test = ...`: the names are one column, so `=` aligns with the other data lines'.
    const equals = current.group === "data" ? current.fields.indexOf("=") : -1;
    if (equals > 2) current.fields.splice(1, equals - 1, current.fields.slice(1, equals).join(" "));
    if (current.tokens.length || current.comment !== undefined) {
      lines.push({
        indent: current.indent,
        fields: current.fields,
        comment: current.comment,
        group: current.group,
        blankBefore: current.blankBefore,
      });
    }
    current = undefined;
  };
  const open = (line: number, first: IToken | undefined) => {
    flush();
    const closesFirst = first !== undefined && (tokenMatcher(first, RParen) || tokenMatcher(first, RBracket));
    const continuation =
      parenDepth - (closesFirst ? 1 : 0) > 0 ||
      (first !== undefined &&
        !closesFirst &&
        braceDepth > 0 &&
        !tokenMatcher(first, RCurly) &&
        !isStatementStart(first) &&
        braceDepth === 1);
    const depth = first && tokenMatcher(first, RCurly) ? braceDepth - 1 : braceDepth;
    const previous = lines[lines.length - 1];
    const afterOpenBrace =
      previous !== undefined &&
      previous.fields[previous.fields.length - 1]?.endsWith("{") &&
      previous.comment === undefined;
    const beforeCloseBrace = first !== undefined && tokenMatcher(first, RCurly);
    current = {
      tokens: [],
      fields: [],
      indent: 2 * Math.max(0, depth) + (continuation ? 4 : 0),
      line,
      group: continuation ? undefined : alignmentGroup(first),
      blankBefore: pendingBlank && lines.length > 0 && !afterOpenBrace && !beforeCloseBrace,
    };
    pendingBlank = false;
  };

  for (const item of items) {
    if (lastLine && item.line > lastLine + 1) pendingBlank = true;
    if (item.kind === "comment") {
      if (current && current.line === item.line && current.tokens.length) current.comment = item.image;
      else {
        open(item.line, undefined);
        current!.comment = item.image;
        flush();
      }
      lastLine = item.line;
      continue;
    }
    const token = item.token!;
    const newLine =
      !current ||
      current.line !== item.line ||
      tokenMatcher(token, RCurly) ||
      (isStatementStart(token) && current.tokens.length > 0) ||
      (current.tokens.length > 0 && tokenMatcher(current.tokens[current.tokens.length - 1], LCurly));
    if (newLine) {
      if (current && current.line === item.line) {
        // A break the author did not write: the new line belongs to the same source line.
        const sameLine = current.line;
        open(sameLine, token);
      } else open(item.line, token);
    }
    const line = current!;
    const prev = line.tokens[line.tokens.length - 1];
    if (prev === undefined) line.fields.push(token.image);
    else {
      const space = spaceBetween(prev, token, line.tokens[line.tokens.length - 2]);
      if (space && parenDepth === 0) line.fields.push(token.image);
      else line.fields[line.fields.length - 1] += space + token.image;
    }
    line.tokens.push(token);
    if (tokenMatcher(token, LCurly)) braceDepth++;
    if (tokenMatcher(token, RCurly)) braceDepth--;
    if (tokenMatcher(token, LParen) || tokenMatcher(token, LBracket)) parenDepth++;
    if (tokenMatcher(token, RParen) || tokenMatcher(token, RBracket)) parenDepth = Math.max(0, parenDepth - 1);
    lastLine = token.endLine ?? item.line;
  }
  flush();
  return lines;
}

/** Pads the fields of each run of lines of one group into columns; aligns their comments. */
function render(lines: Line[]): string {
  const out: string[] = [];
  for (let start = 0; start < lines.length;) {
    let end = start + 1;
    const group = lines[start].group;
    if (group) {
      while (
        end < lines.length &&
        lines[end].group === group &&
        !lines[end].blankBefore &&
        lines[end].indent === lines[start].indent
      )
        end++;
    }
    const run = lines.slice(start, end);
    const widths: number[] = [];
    if (group && run.length > 1) {
      for (const l of run)
        l.fields.forEach((f, k) => k < l.fields.length - 1 && (widths[k] = Math.max(widths[k] ?? 0, f.length)));
    }
    const codes = run.map((l) =>
      l.fields.map((f, k) => (k < l.fields.length - 1 && widths[k] !== undefined ? f.padEnd(widths[k]) : f)).join(" "),
    );
    const commentColumn = Math.max(
      0,
      ...codes.filter((_, i) => run[i].comment !== undefined && run[i].fields.length > 0).map((c) => c.length),
    );
    run.forEach((l, i) => {
      if (l.blankBefore) out.push("");
      const code = codes[i];
      const comment =
        l.comment === undefined
          ? ""
          : code
            ? `${" ".repeat(Math.max(2, commentColumn - code.length + 2))}${l.comment}`
            : l.comment;
      out.push(`${" ".repeat(l.indent)}${code}${comment}`.trimEnd());
    });
    start = end;
  }
  return `${out.join("\n")}\n`;
}

/** Formats a .nnspec text; files with syntax errors are returned untouched, with their errors. */
export function formatNnspec(text: string, file?: string): FormatResult {
  const parsed = parse(text, file);
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !parsed.ast) return { diagnostics: parsed.diagnostics };
  const { tokens } = tokenize(text);
  return {
    text: render(buildLines(withComments(text, tokens), statementStarts(parsed.ast))),
    diagnostics: parsed.diagnostics,
  };
}
