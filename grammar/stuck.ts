// What syntax-errors.ts knows about the place the parser got stuck, and the small helpers the
// phrase books (phrases.ts, phrases-structure.ts) share to describe it.
import type { IToken } from "chevrotain";
import type { SyntaxCodeName } from "../contracts/codes.js";
import { allKeywords, Identifier, Keyword, Model, statementKeywords } from "./tokens.js";

/** Where the parser got stuck, as syntax-errors.ts gathered it from Chevrotain's exception. */
export interface Stuck {
  kind: string;
  /** Token type names the parser would have accepted. */
  expected: string[];
  rules: string[];
  occurrences: number[];
  /** The token it could not use; undefined at the end of the file. */
  token?: IToken;
  previous?: IToken;
  tokens: IToken[];
  index: number;
}

export interface Description {
  code: SyntaxCodeName;
  message: string;
  label: string;
  expected?: string;
  help?: string;
  notes?: string[];
  /** Keywords the offending word may be a misspelling of. */
  candidates?: string[];
  /**
   * Underline the offending token, or the column just after the previous one, or (`expected`)
   * the token when it is on the same line, else the end of the previous line: when a line
   * stops short, the mistake is where it stops, not at the next line's first word.
   */
  at: "token" | "after" | "expected";
}

/** `'dnese'` for words, `` `]` `` for symbols, and plain words for the end of the file. */
export function show(token: IToken | undefined): string {
  if (!token) return "the end of the file";
  if (token.tokenType === Identifier || token.tokenType.CATEGORIES?.includes(Keyword)) return `'${token.image}'`;
  return `\`${token.image}\``;
}

export const statementWords = statementKeywords.map((t) => t.name.toLowerCase());
export const statementList =
  `${statementWords.slice(0, -1).join(", ")} ` + `or ${statementWords[statementWords.length - 1]}`;

export const keywordNames = new Set(allKeywords.map((t) => t.name));

export function isStatementStart(token: IToken): boolean {
  return statementKeywords.includes(token.tokenType) || token.tokenType === Model;
}

/** "the `dense` layer declaration" → "a `dense` layer declaration". */
export function article(what: string): string {
  return what.replace(/^the /, /^the [`']?[aeiou]/.test(what) ? "an " : "a ");
}
