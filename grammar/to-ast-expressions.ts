// The expression half of the CST visitor (to-ast.ts holds the statements): names, numbers,
// strings, operators folded by precedence, calls and lists. Every expression node keeps the
// exact source text it came from, so the compiler can hand it to mathjs unchanged.
import type { CstNode, CstNodeLocation, IToken } from "chevrotain";
import type * as ast from "./ast.js";
import type * as cst from "./cst.js";
import type { Diagnostic } from "../contracts/diagnostic.js";
import { stringValue } from "./lexer.js";
import { isRealToken, locationSpan, startOffset, tokenSpan } from "./locations.js";
import { MAX_EXPRESSION_DEPTH, nestingTooDeep } from "./nesting.js";
import { parser } from "./parser.js";
import * as slips from "./slips.js";

/** Examples for the missing-comma message of calls whose arguments look nothing like the default. */
const callExamples: Record<string, string> = {
  dropout: "dropout(keep: 0.86, on: [h1, h2])",
  early_stop: "early_stop(patience: 5, on: test, metric: cost)",
  gd: "gd(learning_rate: 0.01)",
};

const BaseVisitor = parser.getBaseCstVisitorConstructor<CstNodeLocation, unknown>();

export abstract class ExpressionAstBuilder extends BaseVisitor {
  readonly diagnostics: Diagnostic[] = [];
  /** Each expression's depth in levels (nesting.ts); a leaf's is 0. */
  private readonly depths = new WeakMap<object, number>();

  constructor(
    protected readonly source: string,
    protected readonly file: string | undefined,
  ) {
    super();
  }

  name(children: cst.NameCstChildren): ast.Identifier | undefined {
    const token = children.Identifier?.[0] ?? children.Keyword?.[0];
    return isRealToken(token) ? { kind: "identifier", name: token.image, span: tokenSpan(token) } : undefined;
  }

  // ---- expressions -----------------------------------------------------------------------

  expression(children: cst.ExpressionCstChildren): ast.Expression | undefined {
    const node = children.comparison?.[0];
    return node && this.comparison(node.children);
  }

  comparison(children: cst.ComparisonCstChildren): ast.Expression | undefined {
    return this.binaryChain(children.operands, children.ComparisonOperator, (n) =>
      this.additive(n.children as cst.AdditiveCstChildren),
    );
  }

  additive(children: cst.AdditiveCstChildren): ast.Expression | undefined {
    return this.binaryChain(children.operands, children.AdditiveOperator, (n) =>
      this.multiplicative(n.children as cst.MultiplicativeCstChildren),
    );
  }

  multiplicative(children: cst.MultiplicativeCstChildren): ast.Expression | undefined {
    return this.binaryChain(children.operands, children.MultiplicativeOperator, (n) =>
      this.unary(n.children as cst.UnaryCstChildren, n.location),
    );
  }

  unary(children: cst.UnaryCstChildren, location?: CstNodeLocation): ast.Expression | undefined {
    const sign = children.sign?.[0];
    if (children.power?.[0]) return this.power(children.power[0].children, children.power[0].location);
    const operandNode = children.unary?.[0];
    const operand = operandNode && this.unary(operandNode.children, operandNode.location);
    if (!operand || !isRealToken(sign)) return undefined;
    const node = this.withText({ kind: "unary" as const, operator: sign.image as "+" | "-", operand }, location);
    return this.measured(node, [operand], tokenSpan(sign));
  }

  power(children: cst.PowerCstChildren, location?: CstNodeLocation): ast.Expression | undefined {
    const baseNode = children.base?.[0];
    let base = baseNode && this.atom(baseNode.children);
    for (const quote of children.Transpose ?? []) {
      if (!base || !baseNode?.location || !isRealToken(quote)) return undefined;
      const through = {
        ...baseNode.location,
        endOffset: quote.endOffset,
        endLine: quote.endLine,
        endColumn: quote.endColumn,
      };
      const transposed = this.withText({ kind: "transpose" as const, operand: base }, through);
      base = this.measured(transposed, [base], tokenSpan(quote));
    }
    const exponentNode = children.exponent?.[0];
    if (!exponentNode) return base;
    const exponent = this.unary(exponentNode.children, exponentNode.location);
    const caret = children.Caret?.[0];
    if (!base || !exponent || !isRealToken(caret)) return undefined;
    const power = { kind: "binary" as const, operator: "^" as const, left: base, right: exponent };
    const node = this.withText(power, location);
    return this.measured(node, [base, exponent], tokenSpan(caret));
  }

  atom(children: cst.AtomCstChildren): ast.Expression | undefined {
    if (children.NumberLiteral) return this.number(children.NumberLiteral[0]);
    if (children.StringLiteral) return this.string(children.StringLiteral[0]);
    const cost = children.costName?.[0];
    if (isRealToken(cost)) return { kind: "name", name: cost.image, text: cost.image, span: tokenSpan(cost) };
    const inner = children.nameOrCall?.[0] ?? children.parenthesized?.[0] ?? children.list?.[0];
    if (!inner) return undefined;
    if (inner.name === "nameOrCall")
      return this.nameOrCall(inner.children as cst.NameOrCallCstChildren, inner.location);
    if (inner.name === "list") return this.list(inner.children as cst.ListCstChildren, inner.location);
    return this.parenthesized(inner.children as cst.ParenthesizedCstChildren);
  }

  nameOrCall(children: cst.NameOrCallCstChildren, location?: CstNodeLocation): ast.Expression | undefined {
    const token = children.Identifier?.[0];
    if (!isRealToken(token)) return undefined;
    if (!children.LParen) return this.withText({ kind: "name", name: token.image }, location);
    const callee: ast.Identifier = { kind: "identifier", name: token.image, span: tokenSpan(token) };
    const argumentsNode = children.arguments?.[0];
    const args = argumentsNode ? this.arguments(argumentsNode.children, undefined, token.image) : [];
    const node = args && this.withText({ kind: "call" as const, callee, args }, location);
    return (
      args &&
      this.measured(
        node,
        args.map((a) => a.value),
        callee.span,
      )
    );
  }

  arguments(
    children: cst.ArgumentsCstChildren,
    _location?: CstNodeLocation,
    callee = "the call",
  ): ast.Argument[] | undefined {
    const nodes = children.argument ?? [];
    this.checkCommas(
      nodes,
      children.Comma ?? [],
      `the arguments of '${callee}'`,
      `\`${callExamples[callee] ?? `${callee}(samples: 300, noise: 0.05)`}\``,
    );
    const args = nodes.map((node) => this.argument(node.children, node.location));
    return args.every((a) => a !== undefined) ? (args as ast.Argument[]) : undefined;
  }

  argument(children: cst.ArgumentCstChildren, location?: CstNodeLocation): ast.Argument | undefined {
    const value = this.spaceSeparatedNames(
      this.expressionOf(children.expression),
      children.expression?.[0]?.location?.startOffset ?? 0,
      children.moreNames ?? [],
    );
    const span = locationSpan(location);
    if (!value || !span) return undefined;
    if (!children.name) return { kind: "argument", value, span };
    const name = this.nameOf(children.name);
    const equals = children.Equals?.[0];
    if (name && isRealToken(equals)) this.diagnostics.push(slips.equalsInArgument(equals, name, value, this.file));
    return name && { kind: "argument", name, value, span };
  }

  /**
   * `on: h1 h2` is the list [h1, h2]: names written one after another, as in `report ... on a, b`
   * without the commas. After anything but a name, the extra names are a forgotten comma.
   */
  private spaceSeparatedNames(
    value: ast.Expression | undefined,
    start: number,
    more: IToken[],
  ): ast.Expression | undefined {
    const names = more.filter(isRealToken);
    if (!value || names.length === 0) return value;
    if (value.kind !== "name") {
      this.diagnostics.push(
        slips.missingComma(tokenSpan(names[0]), "an argument's value and the next name", "`f(a: 1, b)`", this.file),
      );
      return value;
    }
    const items: ast.Expression[] = [
      value,
      ...names.map((token) => ({
        kind: "name" as const,
        name: token.image,
        text: token.image,
        span: tokenSpan(token),
      })),
    ];
    const last = names[names.length - 1];
    const span: ast.Span = { ...value.span, endLine: tokenSpan(last).endLine, endColumn: tokenSpan(last).endColumn };
    return { kind: "list", items, span, text: this.source.slice(start, (last.endOffset ?? last.startOffset) + 1) };
  }

  /** Parentheses make no node of their own, but they are a level: the content counts one more. */
  parenthesized(children: cst.ParenthesizedCstChildren): ast.Expression | undefined {
    const inner = this.expressionOf(children.expression);
    const open = children.LParen?.[0];
    if (!inner || !isRealToken(open)) return undefined;
    const depth = this.depthOf(inner) + 1;
    if (depth <= MAX_EXPRESSION_DEPTH) this.depths.set(inner, depth);
    return depth <= MAX_EXPRESSION_DEPTH ? inner : this.tooDeep(tokenSpan(open));
  }

  list(children: cst.ListCstChildren, location?: CstNodeLocation): ast.Expression | undefined {
    const nodes = children.items ?? [];
    this.checkCommas(nodes, children.Comma ?? [], "list items", "`[x1, x2]`");
    const items = nodes.map((node) => this.expression(node.children));
    if (!items.every((item) => item !== undefined)) return undefined;
    const node = this.withText({ kind: "list" as const, items: items as ast.Expression[] }, location);
    const open = children.LBracket?.[0];
    return isRealToken(open) ? this.measured(node, items as ast.Expression[], tokenSpan(open)) : undefined;
  }

  // ---- helpers ---------------------------------------------------------------------------

  protected nameOf(nodes: cst.NameCstNode[] | undefined): ast.Identifier | undefined {
    return nodes?.[0] && this.name(nodes[0].children);
  }

  protected expressionOf(nodes: cst.ExpressionCstNode[] | undefined): ast.Expression | undefined {
    return nodes?.[0] && this.expression(nodes[0].children);
  }

  /** Folds `a - b + c` left to right; each partial result spans from `a` to its last operand. */
  private binaryChain(
    operands: CstNode[] | undefined,
    operators: IToken[] | undefined,
    build: (node: CstNode) => ast.Expression | undefined,
  ): ast.Expression | undefined {
    if (!operands?.length) return undefined;
    let left = build(operands[0]);
    for (let i = 1; i < operands.length; i++) {
      const right = build(operands[i]);
      const operator = operators?.[i - 1];
      const first = operands[0].location;
      const last = operands[i].location;
      if (!left || !right || !isRealToken(operator) || !first || !last) return undefined;
      const location = { ...first, endOffset: last.endOffset, endLine: last.endLine, endColumn: last.endColumn };
      const node = this.withText(
        { kind: "binary" as const, operator: operator.image as ast.BinaryExpression["operator"], left, right },
        location,
      );
      left = this.measured(node, [left, right], tokenSpan(operator));
    }
    return left;
  }

  private depthOf(expression: object): number {
    return this.depths.get(expression) ?? 0;
  }

  /** Records a node's depth, one more than its deepest operand; past the limit, NNC1119 at `at`. */
  private measured<T extends object>(node: T | undefined, operands: ast.Expression[], at: ast.Span): T | undefined {
    if (!node) return undefined;
    const depth = 1 + operands.reduce((deepest, operand) => Math.max(deepest, this.depthOf(operand)), 0);
    if (depth > MAX_EXPRESSION_DEPTH) return this.tooDeep(at);
    this.depths.set(node, depth);
    return node;
  }

  /** One diagnostic per expression: its enclosing nodes are left unbuilt, so none reports again. */
  private tooDeep(at: ast.Span): undefined {
    this.diagnostics.push(nestingTooDeep(at, this.file, false));
    return undefined;
  }

  private withText<T extends object>(
    node: T,
    location: CstNodeLocation | undefined,
  ): (T & { text: string; span: ast.Span }) | undefined {
    const span = locationSpan(location);
    if (!span || !location || location.endOffset === undefined) return undefined;
    return { ...node, text: this.source.slice(location.startOffset, location.endOffset + 1), span };
  }

  signedNumber(children: cst.SignedNumberCstChildren, location?: CstNodeLocation): ast.NumberLiteral | undefined {
    const number = this.number(children.NumberLiteral?.[0]);
    const span = locationSpan(location);
    if (!number || !children.Minus) return number;
    if (!span || !location || location.endOffset === undefined) return undefined;
    const text = this.source.slice(location.startOffset, location.endOffset + 1);
    return { kind: "number", value: -number.value, text, span };
  }

  protected signedNumberOf(nodes: cst.SignedNumberCstNode[] | undefined): ast.NumberLiteral | undefined {
    return nodes?.[0] && this.signedNumber(nodes[0].children, nodes[0].location);
  }

  protected number(token: IToken | undefined): ast.NumberLiteral | undefined {
    if (!isRealToken(token)) return undefined;
    // A malformed number (`1e`, already reported) stands in with the value of its digits.
    const value = Number(token.image);
    return {
      kind: "number",
      value: Number.isNaN(value) ? parseFloat(token.image) : value,
      text: token.image,
      span: tokenSpan(token),
    };
  }

  private string(token: IToken | undefined): ast.StringLiteral | undefined {
    if (!isRealToken(token)) return undefined;
    let reported = false;
    const value = stringValue(token.image, (index, sequence) => {
      // One per string: a Windows path has several, and they all have the same fix.
      if (!reported) this.diagnostics.push(slips.invalidEscape(token, index, sequence, this.file));
      reported = true;
    });
    return { kind: "string", value, text: token.image, span: tokenSpan(token) };
  }

  /** Items written without a `,` between them; `between` names them in the message. */
  protected checkCommas(items: CstNode[], commas: IToken[], between: string, example: string): void {
    // Items and commas are both in source order: one walk along each, so a list of a million
    // items costs a million steps, not a million squared.
    let next = 0;
    for (let i = 1; i < items.length; i++) {
      const previousEnd = items[i - 1].location?.endOffset ?? NaN;
      const nextStart = startOffset(items[i]);
      while (next < commas.length && !(commas[next].startOffset > previousEnd)) next++;
      if (next < commas.length && commas[next].startOffset < nextStart) continue;
      const end = items[i - 1].location;
      if (!end?.endLine || !end.endColumn) continue;
      const point = {
        line: end.endLine,
        column: end.endColumn + 1,
        endLine: end.endLine,
        endColumn: end.endColumn + 1,
      };
      this.diagnostics.push(slips.missingComma(point, between, example, this.file));
    }
  }
}
