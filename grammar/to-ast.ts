// Builds the typed AST (ast.ts) from the parser's CST, and reports the slips the grammar
// deliberately tolerates (see parser.ts): `name = value` arguments, missing commas, a missing
// or misspelt `model`, statements outside the model, a second model.
//
// A statement the parser had to repair by guessing (error recovery skipped or invented tokens)
// is left out of the AST: its syntax error is already reported, and a half-read statement
// would only make the compiler report the same mistake again in other words.
import type { CstNode, CstNodeLocation, IToken } from "chevrotain";
import type * as ast from "./ast.js";
import type * as cst from "./cst.js";
import { suggest, type Diagnostic } from "./diagnostic.js";
import { endOfText, isRealToken, pointAfter, spanBetween, tokenSpan } from "./locations.js";
import { parser } from "./parser.js";
import { SyntaxCodes, syntaxError } from "./syntax-errors.js";

const BaseVisitor = parser.getBaseCstVisitorConstructor<CstNodeLocation, unknown>();

export function toAst(root: cst.ModelFileCstNode, source: string, file?: string): { ast?: ast.ModelFile; diagnostics: Diagnostic[] } {
  const builder = new AstBuilder(source, file);
  const model = builder.modelFile(root.children);
  const ast: ast.ModelFile | undefined = model && { kind: "file", span: { line: 1, column: 1, ...endOf(source) }, model };
  return { ast, diagnostics: builder.diagnostics };
}

function endOf(source: string) {
  const end = endOfText(source);
  return { endLine: end.line, endColumn: Math.max(end.column - 1, 1) };
}

type ExpressionNode = { children: unknown; location?: CstNodeLocation };

class AstBuilder extends BaseVisitor implements cst.ICstNodeVisitor<CstNodeLocation, unknown> {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly source: string,
    private readonly file: string | undefined,
  ) {
    super();
    this.validateVisitor();
  }

  // ---- structure -------------------------------------------------------------------------

  modelFile(children: cst.ModelFileCstChildren): ast.ModelDecl | undefined {
    const items: CstNode[] = [...(children.modelWithoutKeyword ?? []), ...(children.modelDecl ?? []), ...(children.statement ?? [])];
    items.sort((a, b) => start(a) - start(b));
    const models = items.filter((item) => item.name !== "statement");
    const first = models[0];
    let model: ast.ModelDecl | undefined;
    if (first) {
      model =
        first.name === "modelDecl"
          ? this.modelDecl((first as cst.ModelDeclCstNode).children, first.location)
          : this.modelWithoutKeyword((first as cst.ModelWithoutKeywordCstNode).children, first.location);
    }
    for (const extra of models.slice(1)) this.reportSecondModel(extra as cst.ModelDeclCstNode, model);
    // One diagnostic per run of stray statements: the fix (move them) is the same for all.
    items.forEach((item, i) => {
      if (item.name !== "statement" || items[i - 1]?.name === "statement") return;
      let end = i;
      while (items[end + 1]?.name === "statement") end++;
      this.reportOutside(items.slice(i, end + 1), first);
    });
    if (items.length === 0) {
      this.diagnostics.push(
        syntaxError(SyntaxCodes.noModel, "this file contains no model", this.file, undefined, {
          expected: "a model, like `model circles { input x[2] dense out[1] sigmoid ... }`",
        }),
      );
    }
    return model;
  }

  modelDecl(children: cst.ModelDeclCstChildren, location?: CstNodeLocation): ast.ModelDecl | undefined {
    const nameNode = children.name?.[0];
    return this.model(children.Model?.[0], nameNode && this.name(nameNode.children), children.modelBody?.[0], location);
  }

  modelWithoutKeyword(children: cst.ModelWithoutKeywordCstChildren, location?: CstNodeLocation): ast.ModelDecl | undefined {
    const names = children.name ?? [];
    const misspelt = children.misspeltModel?.[0];
    if (misspelt) {
      const help = suggest(misspelt.image, ["model"]) ? "did you mean 'model'?" : undefined;
      this.diagnostics.push(
        syntaxError(SyntaxCodes.missingModelKeyword, `expected \`model\` at the start of the file, found '${misspelt.image}'`, this.file, tokenSpan(misspelt), {
          label: "not a keyword",
          expected: "a model, like `model circles { ... }`",
          ...(help ? { help } : {}),
        }),
      );
    } else if (isRealToken(children.nameWithoutKeyword?.[0])) {
      const token = children.nameWithoutKeyword[0];
      const name: ast.Identifier = { kind: "identifier", name: token.image, span: tokenSpan(token) };
      this.diagnostics.push(
        syntaxError(SyntaxCodes.missingModelKeyword, "the model's header has no `model` keyword", this.file, name?.span, {
          label: "expected `model` before the name",
          expected: "a model, like `model circles { ... }`",
          help: `write \`model ${name.name} {\``,
        }),
      );
      return this.model(undefined, name, children.modelBody?.[0], location);
    }
    return this.model(misspelt, names[0] && this.name(names[0].children), children.modelBody?.[0], location);
  }

  private model(keyword: IToken | undefined, name?: ast.Identifier, body?: cst.ModelBodyCstNode, location?: CstNodeLocation): ast.ModelDecl | undefined {
    const statements = body ? this.modelBody(body.children) : [];
    const span = locationSpan(location) ?? (name ?? statements[0])?.span;
    if (!span) return undefined;
    // A model whose name the parser could not read keeps its statements: the name's own
    // diagnostic is already reported, and the statements may hold other mistakes to show.
    const fallbackName: ast.Identifier = { kind: "identifier", name: "", span: keyword && isRealToken(keyword) ? tokenSpan(keyword) : span };
    return { kind: "model", name: name ?? fallbackName, statements, span };
  }

  modelBody(children: cst.ModelBodyCstChildren): ast.Statement[] {
    return (children.statement ?? []).flatMap((node) => {
      const statement = this.statement(node.children, node.location, node);
      return statement ? [statement] : [];
    });
  }

  statement(children: cst.StatementCstChildren, _location?: CstNodeLocation, node?: CstNode): ast.Statement | undefined {
    if (node && isDamaged(node)) return undefined;
    const { seedStatement, dataStatement, inputStatement, denseStatement, lossStatement, trainStatement, reportStatement } = children;
    if (seedStatement) return this.seedStatement(seedStatement[0].children, seedStatement[0].location);
    if (dataStatement) return this.dataStatement(dataStatement[0].children, dataStatement[0].location);
    if (inputStatement) return this.inputStatement(inputStatement[0].children, inputStatement[0].location);
    if (denseStatement) return this.denseStatement(denseStatement[0].children, denseStatement[0].location);
    if (lossStatement) return this.lossStatement(lossStatement[0].children, lossStatement[0].location);
    if (trainStatement) return this.trainStatement(trainStatement[0].children, trainStatement[0].location);
    if (reportStatement) return this.reportStatement(reportStatement[0].children, reportStatement[0].location);
    return undefined;
  }

  name(children: cst.NameCstChildren): ast.Identifier | undefined {
    const token = children.Identifier?.[0] ?? children.Keyword?.[0];
    return isRealToken(token) ? { kind: "identifier", name: token.image, span: tokenSpan(token) } : undefined;
  }

  // ---- statements ------------------------------------------------------------------------

  seedStatement(children: cst.SeedStatementCstChildren, location?: CstNodeLocation): ast.SeedStmt | undefined {
    const value = this.number(children.NumberLiteral?.[0]);
    const span = locationSpan(location);
    return value && span && { kind: "seed", value, span };
  }

  dataStatement(children: cst.DataStatementCstChildren, location?: CstNodeLocation): ast.DataStmt | undefined {
    const name = this.nameOf(children.name);
    const source = this.expressionOf(children.source);
    const span = locationSpan(location);
    if (!name || !source || !span) return undefined;
    if (source.kind !== "call") {
      this.diagnostics.push(
        syntaxError(SyntaxCodes.dataSourceNotCall, `the data source of '${name.name}' is not a call`, this.file, source.span, {
          label: "expected a data source with its arguments",
          expected: "a call, like `data train = circles(samples: 300, noise: 0.05, seed: 1)`",
          help: source.kind === "name" ? `add its arguments: \`${source.name}(...)\`` : undefined,
        }),
      );
      return undefined;
    }
    return { kind: "data", name, source, span };
  }

  inputStatement(children: cst.InputStatementCstChildren, location?: CstNodeLocation): ast.InputStmt | undefined {
    const name = this.nameOf(children.name);
    const units = this.number(children.NumberLiteral?.[0]);
    const span = locationSpan(location);
    return name && units && span && { kind: "input", name, units, span };
  }

  denseStatement(children: cst.DenseStatementCstChildren, location?: CstNodeLocation): ast.DenseStmt | undefined {
    const name = this.nameOf(children.name);
    const units = this.number(children.NumberLiteral?.[0]);
    const span = locationSpan(location);
    if (!name || !units || !span) return undefined;
    const activation = this.expressionOf(children.activation);
    const init = this.expressionOf(children.init);
    return { kind: "dense", name, units, span, ...(activation ? { activation } : {}), ...(init ? { init } : {}) };
  }

  lossStatement(children: cst.LossStatementCstChildren, location?: CstNodeLocation): ast.LossStmt | undefined {
    const loss = this.expressionOf(children.expression);
    const span = locationSpan(location);
    return loss && span && { kind: "loss", loss, span };
  }

  trainStatement(children: cst.TrainStatementCstChildren, location?: CstNodeLocation): ast.TrainStmt | undefined {
    const optimizer = this.expressionOf(children.optimizer);
    const data = this.nameOf(children.data);
    const iterations = this.number(children.iterations?.[0]);
    const unitToken = children.unit?.[0];
    const span = locationSpan(location);
    if (!optimizer || !iterations || !isRealToken(unitToken) || !span) return undefined;
    const unit: ast.Identifier = { kind: "identifier", name: unitToken.image, span: tokenSpan(unitToken) };
    const reportEvery = this.number(children.reportEvery?.[0]);
    if (children.Report && !children.Comma) {
      this.diagnostics.push(
        syntaxError(SyntaxCodes.missingComma, "missing `,` before `report cost every`", this.file, pointAfter(unitToken), {
          label: "expected `,` here",
          expected: "`report cost every N` joined to the `train` statement by a comma, like `for 15000 iterations, report cost every 1000`",
        }),
      );
    }
    return { kind: "train", optimizer, iterations, unit, span, ...(data ? { data } : {}), ...(reportEvery ? { reportEvery } : {}) };
  }

  reportStatement(children: cst.ReportStatementCstChildren, location?: CstNodeLocation): ast.ReportStmt | undefined {
    const metric = this.nameOf(children.metric);
    const datasets = (children.dataset ?? []).flatMap((node) => this.name(node.children) ?? []);
    const span = locationSpan(location);
    if (!metric || datasets.length === 0 || !span) return undefined;
    this.checkCommas(children.dataset ?? [], children.Comma ?? [], "data sets", "`report accuracy on train, test`");
    return { kind: "report", metric, datasets, span };
  }

  // ---- expressions -----------------------------------------------------------------------

  expression(children: cst.ExpressionCstChildren): ast.Expression | undefined {
    const node = children.comparison?.[0];
    return node && this.comparison(node.children);
  }

  comparison(children: cst.ComparisonCstChildren): ast.Expression | undefined {
    return this.binaryChain(children.operands, children.ComparisonOperator, (n) => this.additive(n.children as cst.AdditiveCstChildren));
  }

  additive(children: cst.AdditiveCstChildren): ast.Expression | undefined {
    return this.binaryChain(children.operands, children.AdditiveOperator, (n) => this.multiplicative(n.children as cst.MultiplicativeCstChildren));
  }

  multiplicative(children: cst.MultiplicativeCstChildren): ast.Expression | undefined {
    return this.binaryChain(children.operands, children.MultiplicativeOperator, (n) => this.unary(n.children as cst.UnaryCstChildren, n.location));
  }

  unary(children: cst.UnaryCstChildren, location?: CstNodeLocation): ast.Expression | undefined {
    const sign = children.sign?.[0];
    if (children.power?.[0]) return this.power(children.power[0].children, children.power[0].location);
    const operandNode = children.unary?.[0];
    const operand = operandNode && this.unary(operandNode.children, operandNode.location);
    if (!operand || !isRealToken(sign)) return undefined;
    return this.withText({ kind: "unary", operator: sign.image as "+" | "-", operand }, location);
  }

  power(children: cst.PowerCstChildren, location?: CstNodeLocation): ast.Expression | undefined {
    const baseNode = children.base?.[0];
    const base = baseNode && this.atom(baseNode.children);
    const exponentNode = children.exponent?.[0];
    if (!exponentNode) return base;
    const exponent = this.unary(exponentNode.children, exponentNode.location);
    if (!base || !exponent) return undefined;
    return this.withText({ kind: "binary", operator: "^", left: base, right: exponent }, location);
  }

  atom(children: cst.AtomCstChildren): ast.Expression | undefined {
    if (children.NumberLiteral) return this.number(children.NumberLiteral[0]);
    if (children.StringLiteral) return this.string(children.StringLiteral[0]);
    const inner = children.nameOrCall?.[0] ?? children.parenthesized?.[0] ?? children.list?.[0];
    if (!inner) return undefined;
    if (inner.name === "nameOrCall") return this.nameOrCall(inner.children as cst.NameOrCallCstChildren, inner.location);
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
    return args && this.withText({ kind: "call", callee, args }, location);
  }

  arguments(children: cst.ArgumentsCstChildren, _location?: CstNodeLocation, callee = "the call"): ast.Argument[] | undefined {
    const nodes = children.argument ?? [];
    this.checkCommas(nodes, children.Comma ?? [], `the arguments of '${callee}'`, `\`${callee}(samples: 300, noise: 0.05)\``);
    const args = nodes.map((node) => this.argument(node.children, node.location));
    return args.every((a) => a !== undefined) ? (args as ast.Argument[]) : undefined;
  }

  argument(children: cst.ArgumentCstChildren, location?: CstNodeLocation): ast.Argument | undefined {
    const value = this.expressionOf(children.expression);
    const span = locationSpan(location);
    if (!value || !span) return undefined;
    if (!children.name) return { kind: "argument", value, span };
    const name = this.nameOf(children.name);
    const equals = children.Equals?.[0];
    if (name && isRealToken(equals)) {
      this.diagnostics.push(
        syntaxError(SyntaxCodes.equalsInArgument, "an argument is written `name: value`, not `name = value`", this.file, tokenSpan(equals), {
          label: "expected `:` here",
          help: `write \`${name.name}: ${value.text}\``,
        }),
      );
    }
    return name && { kind: "argument", name, value, span };
  }

  parenthesized(children: cst.ParenthesizedCstChildren): ast.Expression | undefined {
    return this.expressionOf(children.expression);
  }

  list(children: cst.ListCstChildren, location?: CstNodeLocation): ast.Expression | undefined {
    const nodes = children.items ?? [];
    this.checkCommas(nodes, children.Comma ?? [], "list items", "`[x1, x2]`");
    const items = nodes.map((node) => this.expression(node.children));
    if (!items.every((item) => item !== undefined)) return undefined;
    return this.withText({ kind: "list", items: items as ast.Expression[] }, location);
  }

  // ---- helpers ---------------------------------------------------------------------------

  private nameOf(nodes: cst.NameCstNode[] | undefined): ast.Identifier | undefined {
    return nodes?.[0] && this.name(nodes[0].children);
  }

  private expressionOf(nodes: cst.ExpressionCstNode[] | undefined): ast.Expression | undefined {
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
      left = this.withText({ kind: "binary", operator: operator.image as ast.BinaryExpression["operator"], left, right }, location);
    }
    return left;
  }

  private withText<T extends object>(node: T, location: CstNodeLocation | undefined): (T & { text: string; span: ast.Span }) | undefined {
    const span = locationSpan(location);
    if (!span || !location || location.endOffset === undefined) return undefined;
    return { ...node, text: this.source.slice(location.startOffset, location.endOffset + 1), span };
  }

  private number(token: IToken | undefined): ast.NumberLiteral | undefined {
    if (!isRealToken(token)) return undefined;
    // A malformed number (`1e`, already reported) stands in with the value of its digits.
    const value = Number(token.image);
    return { kind: "number", value: Number.isNaN(value) ? parseFloat(token.image) : value, text: token.image, span: tokenSpan(token) };
  }

  private string(token: IToken | undefined): ast.StringLiteral | undefined {
    if (!isRealToken(token)) return undefined;
    let reported = false;
    const value = decodeString(token.image, (index, sequence) => {
      // One per string: a Windows path has several, and they all have the same fix.
      if (reported) return;
      reported = true;
      const column = (token.startColumn ?? 1) + index;
      const line = token.startLine ?? 1;
      this.diagnostics.push(
        syntaxError(SyntaxCodes.invalidEscape, `unknown escape \`${sequence}\` in a string`, this.file, { line, column, endLine: line, endColumn: column + sequence.length - 1 }, {
          label: "not an escape sequence",
          expected: 'one of `\\"` `\\\\` `\\/` `\\b` `\\f` `\\n` `\\r` `\\t` `\\uXXXX`',
          help: `in a file path, use \`/\` (it works on Windows too): \`"${token.image.slice(1, -1).replace(/\\/g, "/")}"\`; for a backslash itself, write \`\\\\\``,
        }),
      );
    });
    return { kind: "string", value, text: token.image, span: tokenSpan(token) };
  }

  /** Items written without a `,` between them; `between` names them in the message. */
  private checkCommas(items: CstNode[], commas: IToken[], between: string, example: string): void {
    for (let i = 1; i < items.length; i++) {
      const previousEnd = items[i - 1].location?.endOffset ?? NaN;
      const nextStart = start(items[i]);
      if (commas.some((comma) => comma.startOffset > previousEnd && comma.startOffset < nextStart)) continue;
      const end = items[i - 1].location;
      if (!end?.endLine || !end.endColumn) continue;
      const point = { line: end.endLine, column: end.endColumn + 1, endLine: end.endLine, endColumn: end.endColumn + 1 };
      this.missingComma(point, `between ${between}`, example);
    }
  }

  private missingComma(span: ast.Span, where: string, example: string): void {
    this.diagnostics.push(
      syntaxError(SyntaxCodes.missingComma, `missing \`,\` ${where}`, this.file, span, {
        label: "expected `,` here",
        expected: `items separated by commas, like ${example}`,
      }),
    );
  }

  private reportSecondModel(extra: cst.ModelDeclCstNode, first: ast.ModelDecl | undefined): void {
    const keyword = extra.children.Model?.[0];
    const name = extra.children.name?.[0] && this.name(extra.children.name[0].children);
    if (!isRealToken(keyword)) return;
    this.diagnostics.push(
      syntaxError(SyntaxCodes.secondModel, `a second model${name ? ` '${name.name}'` : ""} in the same file`, this.file, spanBetween(tokenSpan(keyword), name?.span ?? tokenSpan(keyword)), {
        label: "a file holds one model",
        help: "put each model in its own .nnspec file",
        notes: first ? [`the file's model${first.name.name ? ` '${first.name.name}'` : ""} starts at line ${first.span.line}`] : undefined,
      }),
    );
  }

  private reportOutside(run: CstNode[], model: CstNode | undefined): void {
    const keywords = run.map((statement) => firstToken(statement)).filter((t): t is IToken => t !== undefined);
    if (keywords.length === 0) return;
    const words = [...new Set(keywords.map((k) => `\`${k.image}\``))];
    const listed = words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
    const them = run.length === 1 ? "it" : "them";
    const closing = model && lastToken(model);
    const help = !model
      ? "put the statements inside a model: `model my_model { ... }`"
      : start(run[0]) > start(model)
        ? `move ${them} inside the model, before the \`}\` at line ${closing?.startLine}`
        : `move ${them} inside the model, after its \`{\``;
    this.diagnostics.push(
      syntaxError(
        SyntaxCodes.statementOutsideModel,
        `${run.length === 1 ? `the ${listed} statement is` : `the ${listed} statements are`} outside the model`,
        this.file,
        tokenSpan(keywords[0]),
        { label: "not inside `model NAME { ... }`", help },
      ),
    );
  }
}

function start(node: CstNode): number {
  return node.location?.startOffset ?? Infinity;
}

function locationSpan(location: CstNodeLocation | undefined): ast.Span | undefined {
  if (!location) return undefined;
  const { startLine, startColumn, endLine, endColumn } = location;
  if (![startLine, startColumn, endLine, endColumn].every((n) => Number.isFinite(n))) return undefined;
  return { line: startLine!, column: startColumn!, endLine: endLine!, endColumn: endColumn! };
}

/** Whether error recovery skipped into this node or invented any of its tokens. */
function isDamaged(node: CstNode): boolean {
  if (node.recoveredNode) return true;
  return Object.values(node.children).some((elements) =>
    elements.some((element) => ("children" in element ? isDamaged(element) : !isRealToken(element))),
  );
}

function tokens(node: CstNode): IToken[] {
  return Object.values(node.children)
    .flat()
    .flatMap((element) => ("children" in element ? tokens(element) : isRealToken(element) ? [element] : []))
    .sort((a, b) => a.startOffset - b.startOffset);
}

const firstToken = (node: CstNode) => tokens(node)[0];
const lastToken = (node: CstNode) => tokens(node).at(-1);

const escapes: Record<string, string> = { '"': '"', "'": "'", "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** The value of a string token (also of the stand-ins for unterminated or single-quoted ones). */
function decodeString(image: string, onInvalidEscape: (index: number, sequence: string) => void): string {
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
