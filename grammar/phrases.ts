// The learner's words for every place the parser can get stuck. Kept apart from the mechanics
// in syntax-errors.ts so the wording can be read (and reviewed) as one text.
import type { SyntaxCodeName } from "./syntax-errors.js";
import { tokenMatcher, type IToken } from "chevrotain";
import {
  allKeywords,
  ComparisonOperator,
  Identifier,
  Keyword,
  LCurly,
  Model,
  RCurly,
  statementKeywords,
} from "./tokens.js";

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

const statements: Record<string, { what: string; example: string }> = {
  seedStatement: { what: "the `seed` statement", example: "seed 3" },
  dataStatement: {
    what: "the `data` declaration",
    example: "data train = circles(samples: 300, noise: 0.05, seed: 1)",
  },
  inputStatement: { what: "the `input` declaration", example: "input x[2]" },
  denseStatement: { what: "the `dense` layer declaration", example: "dense h1[10] relu init he" },
  lossStatement: { what: "the `loss` statement", example: "loss cross_entropy" },
  trainStatement: {
    what: "the `train` statement",
    example: "train gd(learning_rate: 0.01) on train for 15000 iterations, report cost every 1000",
  },
  reportStatement: { what: "the `report` statement", example: "report accuracy on train, test" },
};
const modelHeader = { what: "the model's header", example: "model circles {" };

const statementWords = statementKeywords.map((t) => t.name.toLowerCase());
const statementList = `${statementWords.slice(0, -1).join(", ")} or ${statementWords[statementWords.length - 1]}`;

/** `'dnese'` for words, `` `]` `` for symbols, and plain words for the end of the file. */
export function show(token: IToken | undefined): string {
  if (!token) return "the end of the file";
  if (token.tokenType === Identifier || token.tokenType.CATEGORIES?.includes(Keyword)) return `'${token.image}'`;
  return `\`${token.image}\``;
}

export function describeStuck(stuck: Stuck): Description {
  const innermost = stuck.rules[stuck.rules.length - 1] ?? "modelFile";
  const statementRule = [...stuck.rules].reverse().find((rule) => rule in statements);
  const context = statementRule ? statements[statementRule] : modelHeader;
  const found = show(stuck.token);

  if (innermost === "modelFile") return outsideTheModel(stuck);
  if (innermost === "modelBody" && stuck.expected.includes(RCurly.name)) return endOfBody(stuck);
  const wanted = whatIsExpected(stuck, innermost, statementRule);
  if (!stuck.token) {
    return {
      code: "unexpectedEndOfFile",
      message: `the file ends in the middle of ${context.what}`,
      label: `expected ${wanted.short} here`,
      expected: statementRule
        ? `a complete statement, like \`${context.example}\``
        : "a complete model, like `model circles { ... }`",
      notes: unclosedBraceNote(stuck),
      at: "after",
    };
  }
  if (innermost === "name") return nameExpected(stuck, context, statementRule);
  if (innermost === "unary" || innermost === "atom") return valueExpected(stuck, context);

  const expected = stuck.expected[0];
  if (expected === "RBracket" || expected === "RParen") return closerExpected(stuck, innermost, context);
  if (expected === "NumberLiteral") {
    return {
      code: "numberExpected",
      message: `expected ${wanted.long} in ${context.what}, found ${found}`,
      label: "expected a whole number here",
      expected: `${wanted.example ?? "a whole number"}, like \`${context.example}\``,
      at: "expected",
    };
  }
  const help =
    expected === "Equals" && stuck.token.image === ":"
      ? "a data set is named with `=`: `data train = ...` (`:` is for arguments, as in `samples: 300`)"
      : expected === "Cost" && stuck.token.tokenType === Identifier
        ? `only the cost is reported during training; report '${stuck.token.image}' after it with \`report ${stuck.token.image} on train\``
        : stuck.token.image === "every" && statementRule === "reportStatement"
          ? "`report cost every N` belongs to the `train` statement, after a comma: `train gd(learning_rate: 0.01) for 15000 iterations, report cost every 1000`"
          : undefined;
  return {
    code: "unexpectedToken",
    message: `expected ${wanted.long} in ${context.what}, found ${found}`,
    label: `expected ${wanted.short} here`,
    expected: `${article(context.what)} like \`${context.example}\``,
    help,
    candidates: stuck.expected.filter((name) => keywordNames.has(name)).map((name) => name.toLowerCase()),
    at: "expected",
  };
}

const keywordNames = new Set(allKeywords.map((t) => t.name));

interface Wanted {
  /** For the message: "expected {long} in the `dense` layer declaration". */
  long: string;
  /** For the label under the caret: "expected {short} here". */
  short: string;
  /** For the `expected:` line, when it differs from the statement's example. */
  example?: string;
}

/** What the statement needed at the point it got stuck, in its own terms. */
function whatIsExpected(stuck: Stuck, innermost: string, statementRule: string | undefined): Wanted {
  const expected = stuck.expected[0];
  const previous = stuck.previous?.image;
  const units = statementRule === "inputStatement" ? "features" : "units";
  if (innermost === "name") return { long: nameWanted(stuck, statementRule), short: "a name" };
  if (innermost === "unary" || innermost === "atom") return { long: "a value", short: "a value" };
  switch (expected) {
    case "RBracket":
      return { long: "`]`", short: "`]`" };
    case "RParen":
      return { long: "`)`", short: "`)`" };
    case "NumberLiteral":
      if (statementRule === "seedStatement")
        return { long: "the seed", short: "a whole number", example: "a whole number" };
      if (previous === "for")
        return { long: "the number of iterations", short: "a whole number", example: "a whole number of iterations" };
      if (previous === "every")
        return {
          long: "how often to report the cost",
          short: "a whole number",
          example: "a whole number of iterations",
        };
      return {
        long: `the number of ${units}`,
        short: "a whole number",
        example: `a whole number of ${units} in brackets`,
      };
    case "LBracket":
      return { long: `the number of ${units} in brackets`, short: "`[`" };
    case "Equals":
      return { long: "`=` after the data set's name", short: "`=`" };
    case "LCurly":
      return { long: "`{` after the model's name", short: "`{`" };
    case "For":
      return { long: "`for` and the number of iterations", short: "`for`" };
    case "Identifier":
      return { long: "the word `iterations` after the count", short: "`iterations`" };
    case "On":
      return { long: "`on` and the data sets", short: "`on`" };
    case "Report":
    case "Cost":
    case "Every":
      return { long: "`report cost every N` after the comma", short: "`report cost every`" };
    default: {
      const listed = [...new Set(stuck.expected.map(displayTokenName))].join(" or ");
      return { long: listed, short: listed };
    }
  }
}

const tokenNames: Record<string, string> = {
  LCurly: "`{`",
  RCurly: "`}`",
  LBracket: "`[`",
  RBracket: "`]`",
  LParen: "`(`",
  RParen: "`)`",
  Comma: "`,`",
  Colon: "`:`",
  Equals: "`=`",
  Identifier: "a name",
  NumberLiteral: "a number",
  StringLiteral: "a string",
  EOF: "the end of the file",
  Keyword: "a name",
  AdditiveOperator: "`+` or `-`",
  MultiplicativeOperator: "`*` or `/`",
  ComparisonOperator: "a comparison",
};

function displayTokenName(name: string): string {
  return tokenNames[name] ?? (keywordNames.has(name) ? `\`${name.toLowerCase()}\`` : name);
}

/** A missing `]` or `)`, or something unexpected where one (or a `,`) could go. */
function closerExpected(stuck: Stuck, innermost: string, context: { what: string; example: string }): Description {
  const closer = stuck.expected[0] === "RBracket" ? "]" : ")";
  const openerIndex = findOpener(stuck, closer === "]" ? "[" : "(");
  const opener = openerIndex === undefined ? undefined : stuck.tokens[openerIndex];
  const callee = openerIndex === undefined ? undefined : stuck.tokens[openerIndex - 1];
  const inCall = innermost === "nameOrCall" && callee?.tokenType === Identifier;
  const within = innermost === "list" ? "the list" : inCall ? `the arguments of '${callee.image}'` : undefined;
  const token = stuck.token!;
  // Inside a list or a call, a token on the same line may be a slip within the expression;
  // a new line, a statement keyword or the model's `}` means the closer was left out.
  const leftOut =
    !within || token.startLine !== stuck.previous?.endLine || token.tokenType === RCurly || isStatementStart(token);
  const note =
    opener && opener.startLine !== stuck.previous?.endLine
      ? [`the \`${opener.image}\` it closes is at line ${opener.startLine}, column ${opener.startColumn}`]
      : undefined;
  if (leftOut) {
    const where = within
      ? `to close ${within}`
      : innermost === "parenthesized"
        ? "to close the parenthesis"
        : `after the number of ${context.what.includes("input") ? "features" : "units"}`;
    return {
      code: closer === "]" ? "missingBracket" : "missingParenthesis",
      message: `missing \`${closer}\` ${where} in ${context.what}`,
      label: `expected \`${closer}\` here`,
      expected:
        innermost === "list"
          ? "a list between `[` and `]`, like `[x1, x2]`"
          : within || innermost === "parenthesized"
            ? "each `(` closed by its own `)`, like `normal(0, sqrt(2 / fan_in))`"
            : `${article(context.what)} like \`${context.example}\``,
      notes: note,
      at: "after",
    };
  }
  const isComparison = tokenMatcher(token, ComparisonOperator);
  return {
    code: "unexpectedToken",
    message: `unexpected ${show(token)} in ${within}`,
    label: "not expected here",
    expected:
      innermost === "list"
        ? "`,` and another item, or `]` to end the list"
        : "`,` and another argument, or `)` to end the arguments",
    help: isComparison
      ? "comparisons do not chain: compare two values at a time, like `x1 < 1`"
      : innermost === "list" && (token.image === ")" || token.image === ":")
        ? `is the list's \`]\` missing before ${token.image === ")" ? "`)`" : show(stuck.previous)}?`
        : undefined,
    notes: note,
    at: "token",
  };
}

function isStatementStart(token: IToken): boolean {
  return statementKeywords.includes(token.tokenType) || token.tokenType === Model;
}

function article(what: string): string {
  return what.replace(/^the /, /^the [`']?[aeiou]/.test(what) ? "an " : "a ");
}

function nameWanted(stuck: Stuck, statementRule: string | undefined): string {
  const occurrence = stuck.occurrences[stuck.occurrences.length - 1];
  switch (statementRule) {
    case "dataStatement":
      return "the data set's name";
    case "inputStatement":
      return "the input's name";
    case "denseStatement":
      return "the layer's name";
    case "trainStatement":
      return "the data set to train on";
    case "reportStatement":
      return occurrence === 1 ? "what to report, such as `accuracy`" : "a data set's name";
    default:
      return "the model's name";
  }
}

function nameExpected(stuck: Stuck, context: { what: string; example: string }, statementRule?: string): Description {
  const wanted = nameWanted(stuck, statementRule);
  const isModel = statementRule === undefined;
  return {
    code: isModel ? "missingModelName" : "nameExpected",
    message: isModel ? "the model has no name" : `expected ${wanted} in ${context.what}, found ${show(stuck.token)}`,
    label: isModel ? "expected the model's name here" : `expected ${wanted} here`,
    expected: isModel
      ? "a name after `model`, like `model circles {` (letters, digits and `_`, not starting with a digit)"
      : `${wanted}, like \`${context.example}\``,
    at: "after",
  };
}

function valueExpected(stuck: Stuck, context: { what: string; example: string }): Description {
  const previous = stuck.previous;
  const before = previous?.image ?? "";
  const anyValue = "a number, a name, a call like `sqrt(2)`, a list like `[x1, x2]`, a string or `( ... )`";
  const byPrevious: Record<string, [string, string]> = {
    init: ["the init scheme after `init`", "an init scheme, like `init he` or `init normal(0, 0.01)`"],
    loss: ["the loss after `loss`", "a loss, like `loss cross_entropy`"],
    train: ["the optimizer after `train`", "an optimizer, like `train gd(learning_rate: 0.01) for 1000 iterations`"],
    "=": ["the data source after `=`", "a data source, like `data train = circles(samples: 300, noise: 0.05)`"],
  };
  let [what, expected] = byPrevious[before] ?? [`a value after ${show(previous)}`, anyValue];
  let help: string | undefined;
  if (before === ":") {
    const argument = stuck.tokens[stuck.index - 2];
    [what, expected] = [
      `the value of '${argument?.image ?? "the argument"}'`,
      `a value after the colon, like \`noise: 0.05\``,
    ];
  } else if (before === "," && (stuck.token?.image === ")" || stuck.token?.image === "]")) {
    what = `another item after \`,\``;
    help = `remove the \`,\` before \`${stuck.token.image}\``;
  } else if (before === "(" || before === "[") {
    what = `a value inside \`${before}\``;
  }
  return {
    code: "valueExpected",
    message: `expected ${what} in ${context.what}, found ${show(stuck.token)}`,
    label: "expected a value here",
    expected,
    help,
    at: stuck.token?.image === ")" || stuck.token?.image === "]" || stuck.token?.image === "," ? "after" : "expected",
  };
}

function endOfBody(stuck: Stuck): Description {
  const token = stuck.token;
  if (!token || token.tokenType === Model) {
    const model = openModel(stuck);
    const name = model ? ` '${model.name}'` : "";
    return {
      code: "unclosedModel",
      message: token
        ? `missing \`}\` to close model${name} before the next model`
        : `missing \`}\` at the end of the file to close model${name}`,
      label: "expected `}` here",
      expected: "the model's statements between `{` and `}`, like `model circles { ... }`",
      notes: unclosedBraceNote(stuck),
      at: "after",
    };
  }
  const expected = `a statement starting with ${statementList}, or \`}\` to end the model`;
  // A word at the start of a line was meant as a statement; one later on the line is left
  // over from the statement before it (`dense h1[10] relu tanh`).
  const leftOver = stuck.previous !== undefined && token.startLine === stuck.previous.endLine;
  if (token.tokenType === Identifier) {
    return {
      code: "unknownStatement",
      message: leftOver
        ? `unexpected '${token.image}' after the end of a statement`
        : `unknown statement '${token.image}'`,
      label: leftOver ? "not part of the statement before it" : "not a statement keyword",
      expected,
      candidates: [...statementWords, "init"],
      at: "token",
    };
  }
  const extraCloser = [")", "]", "{", "}"].includes(token.image);
  return {
    code: "unknownStatement",
    message: `unexpected ${show(token)} where a statement should start`,
    label: "not the start of a statement",
    expected,
    help:
      token.image === ","
        ? "remove it: statements are not separated by commas"
        : token.image === "init"
          ? "`init` ends a `dense` layer declaration, once: `dense h1[10] relu init he`"
          : extraCloser
            ? `there may be one \`${token.image}\` too many`
            : undefined,
    at: "token",
  };
}

function outsideTheModel(stuck: Stuck): Description {
  const closing = [...stuck.tokens.slice(0, stuck.index)].reverse().find((t) => t.tokenType === RCurly);
  if (closing) {
    return {
      code: "textAfterModel",
      message: `unexpected ${show(stuck.token)} after the end of the model`,
      label: "after the model's closing `}`",
      expected: "nothing but comments after the `}` that ends the model",
      notes: [`the model ends at line ${closing.startLine}, column ${closing.startColumn}`],
      at: "token",
    };
  }
  return {
    code: "missingModelKeyword",
    message: `expected \`model\` at the start of the file, found ${show(stuck.token)}`,
    label: "expected `model NAME {` here",
    expected: "a model, like `model circles { ... }`, with its statements between the braces",
    candidates: ["model"],
    at: "token",
  };
}

/** The `{` of the model still open at the point the parser got stuck, and the model's name. */
function openModel(stuck: Stuck): { brace: IToken; name: string } | undefined {
  let open: number | undefined;
  stuck.tokens.slice(0, stuck.index).forEach((token, i) => {
    if (token.tokenType === LCurly) open = i;
    if (token.tokenType === RCurly) open = undefined;
  });
  if (open === undefined) return undefined;
  const before = stuck.tokens[open - 1];
  const named = before && (before.tokenType === Identifier || before.tokenType.CATEGORIES?.includes(Keyword));
  return { brace: stuck.tokens[open], name: named ? before.image : "" };
}

function unclosedBraceNote(stuck: Stuck): string[] | undefined {
  const model = openModel(stuck);
  if (!model) return undefined;
  const { startLine, startColumn } = model.brace;
  return [`the model's \`{\` opened at line ${startLine}, column ${startColumn} and is never closed`];
}

/** The index of the unmatched `[` or `(` before the point where the parser got stuck. */
function findOpener(stuck: Stuck, opener: "[" | "("): number | undefined {
  const closer = opener === "[" ? "]" : ")";
  let depth = 0;
  for (let i = stuck.index - 1; i >= 0; i--) {
    const image = stuck.tokens[i].image;
    if (image === closer) depth++;
    if (image === opener && depth-- === 0) return i;
  }
  return undefined;
}
