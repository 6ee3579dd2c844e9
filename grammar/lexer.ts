// Turns text into tokens. Mistakes the lexer can recognise (an unterminated string, `1e`, a
// single-quoted string) are set aside for syntax-errors.ts to explain, and the parser gets a
// well-formed stand-in so it carries on as if the writer had typed what they meant.
import {
  createTokenInstance,
  Lexer,
  type ILexerConfig,
  type ILexingError,
  type IToken,
  type TokenType,
} from "chevrotain";
import {
  allTokens,
  MalformedNumber,
  NumberLiteral,
  SingleQuotedString,
  StringLiteral,
  UnterminatedString,
} from "./tokens.js";

export interface LexResult {
  /** The tokens for the parser, error tokens already replaced by their stand-ins. */
  tokens: IToken[];
  /** Characters no token matches (Chevrotain skips each run and reports it once). */
  unexpectedCharacters: ILexingError[];
  /** Recognised mistakes, as originally lexed (before their stand-in replaced them). */
  malformedTokens: IToken[];
}

/** Chevrotain's checks of the tokens run in a test (`new Lexer(allTokens, lexerConfig)`), not at start-up. */
export const lexerConfig: ILexerConfig = { positionTracking: "full", ensureOptimizations: false };
const lexer = new Lexer(allTokens, { ...lexerConfig, skipValidations: true });

/** Which real token stands in for each recognised mistake. */
const standIns = new Map<TokenType, TokenType>([
  [MalformedNumber, NumberLiteral],
  [UnterminatedString, StringLiteral],
  [SingleQuotedString, StringLiteral],
]);

export function tokenize(text: string): LexResult {
  const result = lexer.tokenize(text);
  const tokens: IToken[] = [];
  const malformedTokens: IToken[] = [];
  for (const token of result.tokens) {
    const standIn = standIns.get(token.tokenType);
    if (standIn === undefined) {
      tokens.push(token);
      continue;
    }
    malformedTokens.push(token);
    tokens.push(
      createTokenInstance(
        standIn,
        token.image,
        token.startOffset,
        token.endOffset ?? token.startOffset,
        token.startLine ?? NaN,
        token.endLine ?? NaN,
        token.startColumn ?? NaN,
        token.endColumn ?? NaN,
      ),
    );
  }
  return { tokens, unexpectedCharacters: result.errors, malformedTokens };
}

const escapes: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * The value of a string token, with JSON's escapes (as mathjs reads them). Also works on the
 * stand-ins for unterminated and single-quoted strings. `index` is the backslash's position
 * in the token.
 */
export function stringValue(image: string, onInvalidEscape: (index: number, sequence: string) => void): string {
  const quote = image[0];
  let value = "";
  for (let i = 1; i < image.length; i++) {
    const c = image[i];
    if (c === quote) break;
    if (c !== "\\") {
      value += c;
      continue;
    }
    const next = image[i + 1] ?? "";
    const hex = image.slice(i + 2, i + 6);
    if (next === "u" && /^[0-9a-fA-F]{4}$/.test(hex)) {
      value += String.fromCharCode(parseInt(hex, 16));
      i += 5;
    } else if (next in escapes) {
      value += escapes[next];
      i += 1;
    } else {
      onInvalidEscape(i, `\\${next}`);
      i += next ? 1 : 0;
    }
  }
  return value;
}
