// Every token of the .nnspec language, defined once. `allTokens` is the order the lexer tries
// them in, and that order matters: Chevrotain takes the FIRST pattern that matches, not the
// longest, so the comments in the list say why each group sits where it does.
import { createToken, Lexer, type TokenType } from "chevrotain";

// ---- trivia ------------------------------------------------------------------------------

// Newlines are plain whitespace: statements are told apart by their leading keyword.
// U+FEFF is a byte-order mark some editors put at the start of a file.
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v\uFEFF]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: Lexer.SKIPPED });

// ---- names and keywords ------------------------------------------------------------------

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

/** Category shared by every keyword, so the parser can accept "any keyword" where a name goes. */
export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA, label: "any keyword, as a name" });

function keyword(word: string): TokenType {
  const name = word[0].toUpperCase() + word.slice(1);
  // longer_alt: `training` and `datasets` are identifiers, not `train` + `ing`. The pattern is the
  // word itself, not a RegExp: Chevrotain then needs no regular-expression analysis of it (which
  // characters it starts with, whether it spans lines) when it builds the lexer at start-up.
  return createToken({
    name,
    pattern: word,
    longer_alt: Identifier,
    categories: [Keyword],
    label: `'${word}'`,
  });
}

export const Model = keyword("model");
export const Seed = keyword("seed");
export const Data = keyword("data");
export const Input = keyword("input");
export const Dense = keyword("dense");
export const Init = keyword("init");
export const Loss = keyword("loss");
export const Train = keyword("train");
export const On = keyword("on");
export const For = keyword("for");
export const Report = keyword("report");
export const Regularize = keyword("regularize");
export const Cost = keyword("cost");
export const Every = keyword("every");
export const Bias = keyword("bias");
export const Backward = keyword("backward");
export const Check = keyword("check");
export const Param = keyword("param");
export const Let = keyword("let");
export const Activation = keyword("activation");

/** The keywords that begin a statement, in the order the reference lists them. */
/**
 * The words of `train ... for N epochs, batch 64, shuffle ..., decay ...`: plain identifiers, not
 * keywords (so they stay usable as names), which the parser takes as options even without their
 * comma; the compiler checks their values.
 */
export const trainOptionWords: readonly string[] = ["batch", "shuffle", "decay"];

export const statementKeywords = [
  Seed,
  Data,
  Param,
  Let,
  Input,
  Activation,
  Dense,
  Loss,
  Regularize,
  Train,
  Check,
  Backward,
  Report,
];
export const allKeywords = [
  Model,
  Seed,
  Data,
  Input,
  Activation,
  Dense,
  Init,
  Loss,
  Regularize,
  Train,
  On,
  For,
  Report,
  Cost,
  Every,
  Bias,
  Backward,
  Check,
  Param,
  Let,
];

// ---- literals ----------------------------------------------------------------------------

// `1e` and `2.` are mistakes a learner makes when copying `1e-7` or `2.0`; catching them here
// gives a message about numbers instead of a confusing parse error about a stray `e` or `.`.
// This must come before NumberLiteral, which would otherwise match the `1` and stop.
export const MalformedNumber = createToken({
  name: "MalformedNumber",
  pattern: /(?:\d+(?:\.\d+)?|\.\d+)[eE](?![+-]?[0-9])[+-]?|\d+\.(?![0-9])/,
});

export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
});

export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\r\n]|\\.)*"/ });

// Error tokens: lexer.ts reports each one and hands the parser a well-formed stand-in, so one
// missing quote costs one diagnostic and not a cascade. They come after StringLiteral, which
// wins whenever the string is properly closed.
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\r\n]|\\.)*\\?/ });
/**
 * `'` right after a name, `)`, `]` or another `'` is a transpose (`A2'`, `(W3 * A2)'`), as in
 * mathjs and MATLAB; anywhere else it opens a single-quoted string, which is an error token.
 */
export const Transpose = createToken({
  name: "Transpose",
  pattern: {
    exec: (text: string, offset: number) => {
      if (text[offset] !== "'" || offset === 0 || !/[A-Za-z0-9_)\]']/.test(text[offset - 1])) return null;
      return ["'"] as unknown as RegExpExecArray;
    },
  },
  start_chars_hint: ["'"],
  line_breaks: false,
  label: "a transpose '",
});
export const SingleQuotedString = createToken({ name: "SingleQuotedString", pattern: /'(?:[^'\\\r\n]|\\.)*'?/ });

// ---- operators and punctuation -----------------------------------------------------------

// Operator categories keep the operators of one precedence level in a single CST list, in
// source order (separate `Plus` and `Minus` lists would lose which came first).
export const ComparisonOperator = createToken({
  name: "ComparisonOperator",
  pattern: Lexer.NA,
  label: "'==' '!=' '<' '<=' '>' '>='",
});
export const AdditiveOperator = createToken({ name: "AdditiveOperator", pattern: Lexer.NA, label: "'+' '-'" });
export const MultiplicativeOperator = createToken({
  name: "MultiplicativeOperator",
  pattern: Lexer.NA,
  label: "'*' '/' '.*' './'",
});

// Two-character operators before their one-character prefixes (`==` before `=`, `<=` before `<`).
export const EqualEqual = createToken({
  name: "EqualEqual",
  pattern: /==/,
  categories: [ComparisonOperator],
  label: "'=='",
});
export const NotEqual = createToken({
  name: "NotEqual",
  pattern: /!=/,
  categories: [ComparisonOperator],
  label: "'!='",
});
export const LessEqual = createToken({
  name: "LessEqual",
  pattern: /<=/,
  categories: [ComparisonOperator],
  label: "'<='",
});
export const GreaterEqual = createToken({
  name: "GreaterEqual",
  pattern: />=/,
  categories: [ComparisonOperator],
  label: "'>='",
});
export const Less = createToken({ name: "Less", pattern: /</, categories: [ComparisonOperator], label: "'<'" });
export const Greater = createToken({ name: "Greater", pattern: />/, categories: [ComparisonOperator], label: "'>'" });
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });
export const Plus = createToken({ name: "Plus", pattern: /\+/, categories: [AdditiveOperator], label: "'+'" });
export const Minus = createToken({ name: "Minus", pattern: /-/, categories: [AdditiveOperator], label: "'-'" });
export const Star = createToken({ name: "Star", pattern: /\*/, categories: [MultiplicativeOperator], label: "'*'" });
export const Slash = createToken({ name: "Slash", pattern: /\//, categories: [MultiplicativeOperator], label: "'/'" });
// Element-wise product and quotient, mathjs's spelling (numpy's `*` and `/` on arrays).
export const DotStar = createToken({
  name: "DotStar",
  pattern: /\.\*/,
  categories: [MultiplicativeOperator],
  label: "'.*'",
});
export const DotSlash = createToken({
  name: "DotSlash",
  pattern: /\.\//,
  categories: [MultiplicativeOperator],
  label: "'./'",
});
export const Caret = createToken({ name: "Caret", pattern: /\^/, label: "'^'" });

export const LCurly = createToken({ name: "LCurly", pattern: /{/, label: "'{'" });
export const RCurly = createToken({ name: "RCurly", pattern: /}/, label: "'}'" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: /]/, label: "']'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  // Keywords before Identifier (each has longer_alt: Identifier for `training`).
  ...allKeywords,
  Identifier,
  Keyword,
  // `.*` and `./` before numbers, which may start with `.` (`.5`).
  DotStar,
  DotSlash,
  MalformedNumber,
  NumberLiteral,
  StringLiteral,
  UnterminatedString,
  Transpose,
  SingleQuotedString,
  EqualEqual,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  ComparisonOperator,
  AdditiveOperator,
  MultiplicativeOperator,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Comma,
  Colon,
];
