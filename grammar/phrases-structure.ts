// The learner's words for the structure of a file: the model's braces, brackets and
// parentheses left open or closed twice, words between statements, text outside the model.
import { tokenMatcher, type IToken } from "chevrotain";
import {
  article,
  isStatementStart,
  show,
  statementList,
  statementWords,
  type Description,
  type Stuck,
} from "./stuck.js";
import { ComparisonOperator, Identifier, Keyword, LCurly, Model, RCurly } from "./tokens.js";

/** A missing `]` or `)`, or something unexpected where one (or a `,`) could go. */
export function closerExpected(
  stuck: Stuck,
  innermost: string,
  context: { what: string; example: string },
): Description {
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
        : innermost === "activationStatement"
          ? "after the formula's variable (an activation has exactly one)"
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

export function endOfBody(stuck: Stuck): Description {
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

export function outsideTheModel(stuck: Stuck): Description {
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

export function unclosedBraceNote(stuck: Stuck): string[] | undefined {
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
