// Turns what the lexer and the parser could not read into diagnostics a learner can act on:
// what was being read, where it got stuck, what would have been right (with an example) and,
// where one exists, the likely fix. Chevrotain's own wording never reaches the user.
import type { ILexingError, IRecognitionException, IToken } from "chevrotain";
import type { Span } from "./ast.js";
import { suggest, type Diagnostic } from "../contracts/diagnostic.js";
import type { LexResult } from "./lexer.js";
import { endOfText, isRealToken, offsetSpan, pointAfter, tokenSpan } from "./locations.js";
import type { ExpectedTokens } from "./parser.js";
import { describeStuck } from "./phrases.js";
import type { Stuck } from "./stuck.js";
import { SyntaxCodes, type SyntaxCode } from "../contracts/codes.js";
import { syntaxExplanations } from "../contracts/explanations-syntax.js";
import { MalformedNumber, SingleQuotedString, UnterminatedString } from "./tokens.js";

/** One line per code, for spec/language.md and `nnc explain` (contracts/explanations-syntax.ts). */
export const syntaxCodeDescriptions = Object.fromEntries(
  Object.entries(syntaxExplanations).map(([code, explanation]) => [code, explanation.summary]),
) as Record<SyntaxCode, string>;

export function syntaxError(
  code: SyntaxCode,
  message: string,
  file: string | undefined,
  span: Span | undefined,
  extra: Partial<Omit<Diagnostic, "severity" | "code" | "message" | "file" | "span">> = {},
): Diagnostic {
  return { severity: "error", code, message, file, span, ...extra };
}

// ---- lexical -----------------------------------------------------------------------------

/** Characters that look like something valid, with what the writer probably meant. */
const lookAlikes: Record<string, { name: string; help: string }> = {
  "\u00a0": {
    name: "non-breaking space (U+00A0)",
    help: "replace it with a plain space; it often comes from copying text out of a web page",
  },
  "\u200b": {
    name: "zero-width space (U+200B)",
    help: "delete it; it is invisible and often comes from copying text out of a web page",
  },
  "\u201c": {
    name: "typographic quote `\u201c` (U+201C)",
    help: 'strings use the plain double quote `"`; word processors turn it into curly quotes',
  },
  "\u201d": {
    name: "typographic quote `\u201d` (U+201D)",
    help: 'strings use the plain double quote `"`; word processors turn it into curly quotes',
  },
  "\u2018": { name: "typographic quote `\u2018` (U+2018)", help: 'strings use the plain double quote `"`' },
  "\u2019": { name: "typographic quote `\u2019` (U+2019)", help: 'strings use the plain double quote `"`' },
  "\u2212": { name: "minus sign `\u2212` (U+2212)", help: "use the plain hyphen-minus `-`" },
  "\u00d7": { name: "multiplication sign `\u00d7` (U+00D7)", help: "use `*` to multiply" },
  ";": { name: "`;`", help: "statements need no `;`: each one starts with its keyword" },
  "!": { name: "`!`", help: "`!` only appears in `!=` (not equal)" },
  "&": { name: "`&`", help: "nnc expressions have no `&` or `&&`" },
  "|": { name: "`|`", help: "nnc expressions have no `|` or `||`" },
  "%": { name: "`%`", help: "nnc expressions have no `%`; write a percentage as a fraction, like `0.05`" },
};

function describeCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code < 0x20 || code === 0x7f) return `control character (${hex})`;
  return lookAlikes[c]?.name ?? `character \`${c}\``;
}

/** `limit`: the first ones only, in source order (a file of garbage can have a million). */
export function lexicalDiagnostics(lexed: LexResult, text: string, file?: string, limit = Infinity): Diagnostic[] {
  // A NUL byte or bytes that are not UTF-8 (decoded as U+FFFD) mean the file is not text at
  // all; one diagnostic says so, instead of one per byte of garbage.
  const firstUndecodable = lexed.unexpectedCharacters.find((error) => text[error.offset] === "\ufffd");
  const binary = text.includes("\u0000");
  if (binary || firstUndecodable) {
    const offset = binary
      ? Math.min(text.indexOf("\u0000"), firstUndecodable?.offset ?? Infinity)
      : firstUndecodable!.offset;
    return [notTextDiagnostic(offset, binary, text, file)];
  }
  const first = lexed.unexpectedCharacters.slice(0, limit);
  const diagnostics = first.map((error) => unexpectedCharacters(error, text, file));
  for (const token of lexed.malformedTokens.slice(0, limit)) diagnostics.push(malformedToken(token, file));
  return diagnostics;
}

/** Whether the file is too damaged to be worth parsing (parse errors would only be noise). */
export function isNotTextFile(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.code === SyntaxCodes.notText);
}

function notTextDiagnostic(offset: number, binary: boolean, text: string, file?: string): Diagnostic {
  return syntaxError(
    SyntaxCodes.notText,
    binary ? "this file is not text: it looks like a binary file" : "this file is not UTF-8 text",
    file,
    offsetSpan(text, offset, 1),
    {
      label: text[offset] === "\u0000" ? "a NUL byte" : "not a valid UTF-8 character",
      expected: "a .nnspec model written as plain text in UTF-8",
      help: binary
        ? "check that this is the file you meant: images, archives and compiled files cannot be read as models"
        : "save the file as UTF-8 in your editor (it may have been saved as Latin-1 or UTF-16)",
      notes: ["nnc read no further than this"],
    },
  );
}

function unexpectedCharacters(error: ILexingError, text: string, file?: string): Diagnostic {
  const run = text.slice(error.offset, error.offset + error.length);
  const first = run[0];
  const several = [...run].some((c) => c !== first);
  const lookAlike = lookAlikes[first];
  const help = lookAlike?.help ?? (/\p{L}/u.test(first) ? "names use only ASCII letters, digits and `_`" : "delete it");
  return syntaxError(
    SyntaxCodes.unexpectedCharacter,
    several ? `unexpected characters \`${run}\`` : `unexpected ${describeCharacter(first)}`,
    file,
    lexerSpan(error, text),
    {
      label:
        lookAlike && first.charCodeAt(0) > 0x7f
          ? "looks like ordinary text but is not"
          : "not part of the .nnspec language",
      help,
    },
  );
}

/** The lexer already counted lines and columns; offsetSpan would count them again from the start. */
function lexerSpan(error: ILexingError, text: string): Span {
  if (error.line === undefined || error.column === undefined) return offsetSpan(text, error.offset, error.length);
  const endColumn = error.column + Math.max(error.length, 1) - 1;
  return { line: error.line, column: error.column, endLine: error.line, endColumn };
}

function malformedToken(token: IToken, file?: string): Diagnostic {
  const span = tokenSpan(token);
  const image = token.image;
  if (token.tokenType === UnterminatedString) {
    return syntaxError(SyntaxCodes.unterminatedString, 'this string has no closing `"`', file, span, {
      label: "the string starts here and runs to the end of the line",
      help: 'end it with `"` on the same line (a string cannot span several lines)',
    });
  }
  if (token.tokenType === SingleQuotedString) {
    const inner = image.slice(1, image.endsWith("'") && image.length > 1 ? -1 : undefined);
    return syntaxError(SyntaxCodes.singleQuotedString, "strings are written in double quotes", file, span, {
      label: "single quotes",
      help: `write \`"${inner}"\``,
    });
  }
  if (token.tokenType === MalformedNumber) {
    const exponent = /[eE][+-]?$/.test(image);
    return syntaxError(SyntaxCodes.malformedNumber, `the number \`${image}\` is incomplete`, file, span, {
      label: exponent ? "the exponent has no digits" : "no digits after the decimal point",
      expected: exponent
        ? "an exponent with digits, like `1e-7` or `2.5e3`"
        : "digits after the point, like `2.0`, or no point: `2`",
    });
  }
  throw new Error(`nnc bug: no diagnostic for malformed token ${token.tokenType.name}`);
}

// ---- parser errors -----------------------------------------------------------------------

export function parserDiagnostics(
  errors: IRecognitionException[],
  tokens: IToken[],
  text: string,
  file?: string,
): Diagnostic[] {
  const indexByOffset = new Map(tokens.map((token, index) => [token.startOffset, index]));
  return errors.map((error) => {
    const atEnd = !isRealToken(error.token);
    const index = atEnd ? tokens.length : (indexByOffset.get(error.token.startOffset) ?? tokens.length);
    const previous = index > 0 ? tokens[index - 1] : undefined;
    const stuck: Stuck = {
      kind: error.name,
      expected: decodeExpected(error.message),
      rules: error.context.ruleStack,
      occurrences: error.context.ruleOccurrenceStack,
      token: atEnd ? undefined : error.token,
      previous,
      tokens,
      index,
    };
    const described = describeStuck(stuck);
    const onSameLine = stuck.token !== undefined && stuck.token.startLine === previous?.endLine;
    const atToken = described.at === "token" || (described.at === "expected" && (onSameLine || !previous));
    const span = atToken && stuck.token ? tokenSpan(stuck.token) : previous ? pointAfter(previous) : endOfText(text);
    const help = described.help ?? didYouMean(stuck, described.candidates);
    return syntaxError(SyntaxCodes[described.code], described.message, file, span, {
      label: described.label,
      expected: described.expected,
      ...(help ? { help } : {}),
      ...(described.notes?.length ? { notes: described.notes } : {}),
    });
  });
}

function decodeExpected(message: string): string[] {
  try {
    return (JSON.parse(message) as ExpectedTokens).expected;
  } catch {
    return [];
  }
}

/** A misspelt keyword: `fro 1000` for `for 1000`, `dnese` for `dense`. */
function didYouMean(stuck: Stuck, candidates: string[] | undefined): string | undefined {
  const word = stuck.token?.image;
  if (!word || !candidates?.length || !/^[A-Za-z_]\w*$/.test(word)) return undefined;
  const match = suggest(word, candidates);
  return match ? `did you mean '${match}'?` : undefined;
}

// ---- putting them together ---------------------------------------------------------------

/**
 * Drops the echoes of a mistake. Error recovery makes the parser stumble again on the line of
 * a stray character or a broken statement, and those echoes only bury the real mistake; so a
 * parser error is kept only on a line with no lexical error and no earlier parser error. The
 * slips to-ast.ts reports are each real (a line can hold a `=` and a missing comma) and are
 * kept unless the line already has a lexical or parser error. The result is in source order.
 */
export function withoutEchoes(lexical: Diagnostic[], parser: Diagnostic[], slips: Diagnostic[]): Diagnostic[] {
  const lexicalLines = new Set(lexical.map((d) => d.span?.line));
  const keptParser: Diagnostic[] = [];
  const parserLines = new Set<number | undefined>();
  for (const d of parser) {
    if (d.span && (lexicalLines.has(d.span.line) || parserLines.has(d.span.line))) continue;
    parserLines.add(d.span?.line);
    keptParser.push(d);
  }
  const keptSlips = slips.filter((d) => !d.span || !(lexicalLines.has(d.span.line) || parserLines.has(d.span.line)));
  return [...lexical, ...keptParser, ...keptSlips].sort(
    (a, b) => (a.span?.line ?? Infinity) - (b.span?.line ?? Infinity) || (a.span?.column ?? 0) - (b.span?.column ?? 0),
  );
}
