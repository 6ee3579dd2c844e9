// How the parser reports where it got stuck: not in words (nobody reads Chevrotain's messages),
// but as JSON naming the token types it expected, which syntax-errors.ts turns into the learner's
// words.
import { EOF, type IParserErrorMessageProvider, type TokenType } from "chevrotain";

/** What the parser expected when it got stuck; decoded by syntax-errors.ts. */
export interface ExpectedTokens {
  /** Token type names, e.g. `["RBracket"]`; `EOF` for input after the end. */
  expected: string[];
}

function encode(expected: TokenType[]): string {
  const names = [...new Set(expected.map((tokenType) => tokenType.name))];
  return JSON.stringify({ expected: names } satisfies ExpectedTokens);
}

export const structuredErrors: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => encode([expected]),
  buildNotAllInputParsedMessage: () => encode([EOF]),
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) =>
    encode(expectedPathsPerAlt.flatMap((paths) => paths.map((path) => path[0]))),
  buildEarlyExitMessage: ({ expectedIterationPaths }) => encode(expectedIterationPaths.map((path) => path[0])),
};
