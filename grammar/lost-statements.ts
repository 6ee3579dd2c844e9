// The statements a file's syntax errors cost the model. The parser skips a broken statement (or
// a misspelt keyword and what follows it) and the AST leaves out a statement it had to repair, so
// the compiler sees a model without them. It still checks what it has, and it needs to know what
// is missing to keep quiet about what follows from that alone ("no `loss` statement" after
// `los cross_entropy`): these records say which statements went missing, by kind and name where
// the text tells them.
import type { CstNode, IRecognitionException, IToken } from "chevrotain";
import type { Span, Statement } from "./ast.js";
import { suggest, type Diagnostic } from "../contracts/diagnostic.js";
import { isRealToken, tokenSpan, tokensOf } from "./locations.js";
import { statementWords } from "./stuck.js";

export interface LostStatement {
  /** The statement's kind, when its keyword (or a misspelling close to one) says it. */
  kind?: Statement["kind"];
  /** The name it declares (a layer, a data set), when it could be read. */
  name?: string;
  span: Span;
  /** The file ends inside the model: the rest of it may be missing, whatever it was. */
  cutShort?: true;
}

/** The kinds of statement that declare a name right after their keyword. */
const named = new Set<string>(["data", "param", "let", "input", "activation", "dense"]);

const kindOfRule: Record<string, Statement["kind"]> = {
  seedStatement: "seed",
  dataStatement: "data",
  paramStatement: "param",
  letStatement: "let",
  inputStatement: "input",
  activationStatement: "activation",
  denseStatement: "dense",
  lossStatement: "loss",
  regularizeStatement: "regularize",
  trainStatement: "train",
  reportStatement: "report",
  checkStatement: "check",
  backwardBlock: "backward",
};

/** A `statement` CST node the AST leaves out (repaired by the parser, or not a statement). */
export function lostStatementOf(statement: CstNode): LostStatement | undefined {
  const [rule, nodes] = Object.entries(statement.children)[0] ?? [];
  const node = nodes?.[0];
  const first = tokensOf(statement)[0];
  if (!rule || !node || !("children" in node) || !first) return undefined;
  const nameNode = node.children.name?.[0];
  const nameToken = nameNode && "children" in nameNode ? tokensOf(nameNode)[0] : undefined;
  return {
    kind: kindOfRule[rule],
    ...(isRealToken(nameToken) ? { name: nameToken.image } : {}),
    span: tokenSpan(first),
  };
}

/**
 * Statements the parser read after resynchronising in the middle of a line that has a syntax
 * error before them: `seed: 2)` left over from `dtaa test = circles(..., seed: 2)` is read as a
 * second `seed` statement. They are pieces of the broken text, not the writer's statements; they
 * leave the model and count as lost (by their kind and name, which is all they may say).
 */
export function withoutPiecesOfBrokenLines(
  statements: readonly Statement[],
  syntax: readonly Diagnostic[],
): { statements: Statement[]; lost: LostStatement[] } {
  const errors = syntax.filter((d) => d.severity === "error" && d.span).map((d) => d.span!);
  const isPiece = (s: Statement) => errors.some((e) => e.line === s.span.line && e.column < s.span.column);
  const lost = statements.filter(isPiece).map((s): LostStatement => {
    const name = "name" in s && s.name && typeof s.name === "object" ? s.name.name : undefined;
    return { kind: s.kind, ...(name ? { name } : {}), span: s.span };
  });
  return { statements: statements.filter((s) => !isPiece(s)), lost };
}

/**
 * Statements the parser skipped while it resynchronised after an error: each skipped line that
 * starts with a word was meant as a statement (`los cross_entropy`, `dnese h2[5] relu`). A word
 * left over at the end of a statement's line (`input x[2] foo`) is not one.
 */
export function lostInRecovery(errors: readonly IRecognitionException[], tokens: readonly IToken[]): LostStatement[] {
  const indexByOffset = new Map(tokens.map((token, index) => [token.startOffset, index]));
  const lost: LostStatement[] = [];
  const seen = new Set<number>();
  for (const error of errors) {
    // Outside the model's braces nothing is the model's (to-ast.ts reports stray statements).
    if (!error.context.ruleStack.includes("modelBody")) continue;
    // A file that ends inside a statement, or before its model's `}`, may have been cut short:
    // what followed could be anything.
    if (!isRealToken(error.token) && tokens.length) {
      lost.push({ span: tokenSpan(tokens[tokens.length - 1]), cutShort: true });
      continue;
    }
    const atStatementStart = error.context.ruleStack.at(-1) === "modelBody";
    const stuckAt = atStatementStart && isRealToken(error.token) ? [error.token] : [];
    const skipped = [...stuckAt, ...(error.resyncedTokens ?? [])];
    for (const token of skipped) {
      const index = indexByOffset.get(token.startOffset);
      if (index === undefined || seen.has(index) || !/^[A-Za-z_]\w*$/.test(token.image)) continue;
      const previous = tokens[index - 1];
      if (previous && previous.endLine === token.startLine) continue;
      seen.add(index);
      const keyword = statementWords.includes(token.image) ? token.image : suggest(token.image, statementWords);
      const next = tokens[index + 1];
      const nameFollows = next && next.startLine === token.startLine && /^[A-Za-z_]\w*$/.test(next.image);
      lost.push({
        ...(keyword ? { kind: keyword as Statement["kind"] } : {}),
        ...(keyword && named.has(keyword) && nameFollows ? { name: next.image } : {}),
        span: tokenSpan(token),
      });
    }
  }
  return lost;
}
