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
import type { Diagnostic } from "../contracts/diagnostic.js";
import {
  endOfText,
  isDamaged,
  isRealToken,
  locationSpan,
  pointAfter,
  spanBetween,
  startOffset,
  tokenSpan,
  tokensOf,
} from "./locations.js";
import * as slips from "./slips.js";
import { lostStatementOf, type LostStatement } from "./lost-statements.js";
import { ExpressionAstBuilder } from "./to-ast-expressions.js";

export function toAst(
  root: cst.ModelFileCstNode,
  source: string,
  file?: string,
): { ast?: ast.ModelFile; diagnostics: Diagnostic[]; lost: LostStatement[] } {
  const builder = new AstBuilder(source, file);
  const model = builder.modelFile(root.children);
  const ast: ast.ModelFile | undefined = model && {
    kind: "file",
    span: { line: 1, column: 1, ...endOf(source) },
    model,
  };
  return { ast, diagnostics: builder.diagnostics, lost: builder.lost };
}

/** One expression alone, as an IR file's formula is checked. */
export function expressionToAst(
  root: cst.ExpressionCstNode,
  source: string,
  file?: string,
): { expression?: ast.Expression; diagnostics: Diagnostic[] } {
  const builder = new AstBuilder(source, file);
  return { expression: builder.expression(root.children), diagnostics: builder.diagnostics };
}

function endOf(source: string) {
  const end = endOfText(source);
  return { endLine: end.line, endColumn: Math.max(end.column - 1, 1) };
}

/** The statement-level half of the visitor; the expression half is its base class. */
class AstBuilder extends ExpressionAstBuilder implements cst.ICstNodeVisitor<CstNodeLocation, unknown> {
  /** The model's statements left out of the AST (see lost-statements.ts). */
  readonly lost: LostStatement[] = [];

  constructor(source: string, file: string | undefined) {
    super(source, file);
    this.validateVisitor();
  }

  // ---- structure -------------------------------------------------------------------------

  modelFile(children: cst.ModelFileCstChildren): ast.ModelDecl | undefined {
    const items: CstNode[] = [
      ...(children.modelWithoutKeyword ?? []),
      ...(children.modelDecl ?? []),
      ...(children.statement ?? []),
    ];
    items.sort((a, b) => startOffset(a) - startOffset(b));
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
    if (items.length === 0) this.diagnostics.push(slips.noModel(this.file));
    return model;
  }

  modelDecl(children: cst.ModelDeclCstChildren, location?: CstNodeLocation): ast.ModelDecl | undefined {
    const nameNode = children.name?.[0];
    return this.model(children.Model?.[0], nameNode && this.name(nameNode.children), children.modelBody?.[0], location);
  }

  modelWithoutKeyword(
    children: cst.ModelWithoutKeywordCstChildren,
    location?: CstNodeLocation,
  ): ast.ModelDecl | undefined {
    const names = children.name ?? [];
    const misspelt = children.misspeltModel?.[0];
    if (misspelt) this.diagnostics.push(slips.misspeltModelKeyword(misspelt, this.file));
    const bare = children.nameWithoutKeyword?.[0];
    if (isRealToken(bare)) {
      const name: ast.Identifier = { kind: "identifier", name: bare.image, span: tokenSpan(bare) };
      this.diagnostics.push(slips.missingModelKeyword(name, this.file));
      return this.model(undefined, name, children.modelBody?.[0], location);
    }
    return this.model(misspelt, names[0] && this.name(names[0].children), children.modelBody?.[0], location);
  }

  private model(
    keyword: IToken | undefined,
    name?: ast.Identifier,
    body?: cst.ModelBodyCstNode,
    location?: CstNodeLocation,
  ): ast.ModelDecl | undefined {
    const statements = body ? this.modelBody(body.children) : [];
    const span = locationSpan(location) ?? (name ?? statements[0])?.span;
    if (!span) return undefined;
    // A model whose name the parser could not read keeps its statements: the name's own
    // diagnostic is already reported, and the statements may hold other mistakes to show.
    const fallbackName: ast.Identifier = {
      kind: "identifier",
      name: "",
      span: keyword && isRealToken(keyword) ? tokenSpan(keyword) : span,
    };
    return { kind: "model", name: name ?? fallbackName, statements, span };
  }

  modelBody(children: cst.ModelBodyCstChildren): ast.Statement[] {
    return (children.statement ?? []).flatMap((node) => {
      const statement = this.statement(node.children, node.location, node);
      if (statement) return [statement];
      const lost = lostStatementOf(node);
      if (lost) this.lost.push(lost);
      return [];
    });
  }

  statement(
    children: cst.StatementCstChildren,
    _location?: CstNodeLocation,
    node?: CstNode,
  ): ast.Statement | undefined {
    if (node && isDamaged(node)) return undefined;
    const {
      seedStatement,
      dataStatement,
      inputStatement,
      activationStatement,
      denseStatement,
      lossStatement,
      regularizeStatement,
      trainStatement,
      reportStatement,
      paramStatement,
      letStatement,
      checkStatement,
      backwardBlock,
    } = children;
    if (paramStatement) return this.paramStatement(paramStatement[0].children, paramStatement[0].location);
    if (letStatement) return this.letStatement(letStatement[0].children, letStatement[0].location);
    if (checkStatement) return this.checkStatement(checkStatement[0].children, checkStatement[0].location);
    if (backwardBlock) return this.backwardBlock(backwardBlock[0].children, backwardBlock[0].location);
    if (seedStatement) return this.seedStatement(seedStatement[0].children, seedStatement[0].location);
    if (dataStatement) return this.dataStatement(dataStatement[0].children, dataStatement[0].location);
    if (inputStatement) return this.inputStatement(inputStatement[0].children, inputStatement[0].location);
    if (activationStatement)
      return this.activationStatement(activationStatement[0].children, activationStatement[0].location);
    if (denseStatement) return this.denseStatement(denseStatement[0].children, denseStatement[0].location);
    if (lossStatement) return this.lossStatement(lossStatement[0].children, lossStatement[0].location);
    if (regularizeStatement)
      return this.regularizeStatement(regularizeStatement[0].children, regularizeStatement[0].location);
    if (trainStatement) return this.trainStatement(trainStatement[0].children, trainStatement[0].location);
    if (reportStatement) return this.reportStatement(reportStatement[0].children, reportStatement[0].location);
    return undefined;
  }

  // ---- statements ------------------------------------------------------------------------

  seedStatement(children: cst.SeedStatementCstChildren, location?: CstNodeLocation): ast.SeedStmt | undefined {
    const value = this.signedNumberOf(children.signedNumber);
    const span = locationSpan(location);
    return value && span && { kind: "seed", value, span };
  }

  dataStatement(children: cst.DataStatementCstChildren, location?: CstNodeLocation): ast.DataStmt | undefined {
    const names = (children.name ?? []).flatMap((node) => this.name(node.children) ?? []);
    const source = this.expressionOf(children.source);
    const span = locationSpan(location);
    if (names.length === 0 || names.length !== (children.name ?? []).length || !source || !span) return undefined;
    this.checkCommas(children.name ?? [], children.Comma ?? [], "data set names", "`data train, test = ...`");
    const splitNode = children.splitClause?.[0];
    const split = splitNode && this.splitClause(splitNode.children, splitNode.location);
    if (source.kind !== "call") {
      this.diagnostics.push(slips.dataSourceNotCall(names[0], source, this.file));
      return undefined;
    }
    if (splitNode && !split) return undefined;
    return { kind: "data", name: names[0], names, source, span, ...(split ? { split } : {}) };
  }

  splitClause(children: cst.SplitClauseCstChildren, location?: CstNodeLocation): ast.DataSplit | undefined {
    const wordToken = children.splitWord?.[0];
    const sizes = (children.sizes ?? []).map((node) => this.signedNumber(node.children, node.location));
    const order = this.expressionOf(children.order);
    const span = locationSpan(location);
    if (!isRealToken(wordToken) || !span || !sizes.every((size) => size !== undefined)) return undefined;
    const word: ast.Identifier = { kind: "identifier", name: wordToken.image, span: tokenSpan(wordToken) };
    if (word.name !== "split") this.diagnostics.push(slips.misspeltSplit(word, this.file));
    this.checkCommas(children.sizes ?? [], children.Comma ?? [], "the sizes of the parts", "`split 300, 100`");
    return { kind: "split", word, sizes: sizes as ast.NumberLiteral[], span, ...(order ? { order } : {}) };
  }

  inputStatement(children: cst.InputStatementCstChildren, location?: CstNodeLocation): ast.InputStmt | undefined {
    const name = this.nameOf(children.name);
    const units = this.signedNumberOf(children.units);
    const span = locationSpan(location);
    return name && units && span && { kind: "input", name, units, span };
  }

  activationStatement(
    children: cst.ActivationStatementCstChildren,
    location?: CstNodeLocation,
  ): ast.ActivationStmt | undefined {
    const name = this.nameOf(children.name);
    const parameter = this.nameOf(children.parameter);
    const formula = this.expressionOf(children.formula);
    const span = locationSpan(location);
    return name && parameter && formula && span && { kind: "activation", name, parameter, formula, span };
  }

  denseStatement(children: cst.DenseStatementCstChildren, location?: CstNodeLocation): ast.DenseStmt | undefined {
    const name = this.nameOf(children.name);
    const units = this.signedNumberOf(children.units);
    const span = locationSpan(location);
    if (!name || !units || !span) return undefined;
    const activation = this.expressionOf(children.activation);
    const init = this.expressionOf(children.init);
    const bias = this.expressionOf(children.bias);
    return {
      kind: "dense",
      name,
      units,
      span,
      ...(activation ? { activation } : {}),
      ...(init ? { init } : {}),
      ...(bias ? { bias } : {}),
    };
  }

  lossStatement(children: cst.LossStatementCstChildren, location?: CstNodeLocation): ast.LossStmt | undefined {
    const loss = this.expressionOf(children.expression);
    const name = this.nameOf(children.name);
    const span = locationSpan(location);
    return loss && span && { kind: "loss", loss, span, ...(name ? { name } : {}) };
  }

  paramStatement(children: cst.ParamStatementCstChildren, location?: CstNodeLocation): ast.ParamStmt | undefined {
    const name = this.nameOf(children.name);
    const value = this.expressionOf(children.value);
    const span = locationSpan(location);
    return name && value && span && { kind: "param", name, value, span };
  }

  letStatement(children: cst.LetStatementCstChildren, location?: CstNodeLocation): ast.LetStmt | undefined {
    const name = this.nameOf(children.name);
    const value = this.expressionOf(children.value);
    const span = locationSpan(location);
    return name && value && span && { kind: "let", name, value, span };
  }

  checkStatement(children: cst.CheckStatementCstChildren, location?: CstNodeLocation): ast.CheckStmt | undefined {
    const check = this.expressionOf(children.expression);
    const span = locationSpan(location);
    return check && span && { kind: "check", check, span };
  }

  backwardBlock(children: cst.BackwardBlockCstChildren, location?: CstNodeLocation): ast.BackwardBlock | undefined {
    const span = locationSpan(location);
    const equations = (children.equation ?? []).map((node) => this.equation(node.children, node.location));
    if (!span || !equations.every((e) => e !== undefined)) return undefined;
    return { kind: "backward", equations: equations as ast.Equation[], span };
  }

  equation(children: cst.EquationCstChildren, location?: CstNodeLocation): ast.Equation | undefined {
    const name = this.nameOf(children.name);
    const value = this.expressionOf(children.expression);
    const span = locationSpan(location);
    return name && value && span && { kind: "equation", name, value, span };
  }

  regularizeStatement(
    children: cst.RegularizeStatementCstChildren,
    location?: CstNodeLocation,
  ): ast.RegularizeStmt | undefined {
    const regularizer = this.expressionOf(children.regularizer);
    const span = locationSpan(location);
    return regularizer && span && { kind: "regularize", regularizer, span };
  }

  trainStatement(children: cst.TrainStatementCstChildren, location?: CstNodeLocation): ast.TrainStmt | undefined {
    const optimizer = this.expressionOf(children.optimizer);
    const data = this.nameOf(children.data);
    const iterations = this.signedNumberOf(children.iterations);
    const unitToken = children.unit?.[0];
    const span = locationSpan(location);
    if (!optimizer || !iterations || !isRealToken(unitToken) || !span) return undefined;
    const unit: ast.Identifier = { kind: "identifier", name: unitToken.image, span: tokenSpan(unitToken) };
    const reportEvery = this.signedNumberOf(children.reportEvery);
    if (children.Report && !children.Comma)
      this.diagnostics.push(slips.missingCommaBeforeReportCost(pointAfter(unitToken), this.file));
    const momentToken = children.reportMoment?.[0];
    const reportLast = isRealToken(momentToken) && momentToken.image === "last";
    if (isRealToken(momentToken) && !reportLast)
      this.diagnostics.push(slips.unknownReportMoment(momentToken, this.file));
    const options = (children.options ?? []).flatMap((option: cst.TrainOptionCstNode) => {
      const name = option.children.option?.[0];
      const value = this.expressionOf(option.children.value);
      if (!isRealToken(name) || !value) return [];
      if (!option.children.Comma) this.diagnostics.push(slips.missingCommaBeforeTrainOption(name, this.file));
      // From the option's word to the end of its value: the comma before it is not part of it.
      const start = tokenSpan(name);
      const optionSpan = { ...value.span, line: start.line, column: start.column };
      const trainOption: ast.TrainOption = {
        kind: "trainOption",
        name: { kind: "identifier", name: name.image, span: tokenSpan(name) },
        value,
        span: optionSpan,
      };
      return [trainOption];
    });
    return {
      kind: "train",
      optimizer,
      iterations,
      unit,
      span,
      ...(options.length > 0 ? { options } : {}),
      ...(data ? { data } : {}),
      ...(reportEvery ? { reportEvery } : {}),
      ...(reportLast ? { reportLast } : {}),
    };
  }

  /** Read by trainStatement through its children (it needs the option's own location). */
  trainOption(): undefined {
    return undefined;
  }

  reportStatement(children: cst.ReportStatementCstChildren, location?: CstNodeLocation): ast.ReportStmt | undefined {
    const metric = this.nameOf(children.metric);
    const datasets = (children.dataset ?? []).flatMap((node) => this.name(node.children) ?? []);
    const span = locationSpan(location);
    if (!metric || datasets.length === 0 || !span) return undefined;
    this.checkCommas(children.dataset ?? [], children.Comma ?? [], "data sets", "`report accuracy on train, test`");
    return { kind: "report", metric, datasets, span };
  }

  private reportSecondModel(extra: cst.ModelDeclCstNode, first: ast.ModelDecl | undefined): void {
    const keyword = extra.children.Model?.[0];
    const name = extra.children.name?.[0] && this.name(extra.children.name[0].children);
    if (!isRealToken(keyword)) return;
    const span = spanBetween(tokenSpan(keyword), name?.span ?? tokenSpan(keyword));
    this.diagnostics.push(slips.secondModel(span, name, first, this.file));
  }

  private reportOutside(run: CstNode[], model: CstNode | undefined): void {
    const keywords = run.flatMap((statement) => tokensOf(statement).slice(0, 1));
    if (keywords.length === 0) return;
    // Outside the braces they are not the model's: the compiler must not count on them.
    if (model) this.lost.push(...run.flatMap((statement) => lostStatementOf(statement) ?? []));
    const where = !model ? "no model" : startOffset(run[0]) > startOffset(model) ? "after" : "before";
    const closingLine = model ? tokensOf(model).at(-1)?.startLine : undefined;
    this.diagnostics.push(slips.statementsOutside(keywords, where, closingLine, this.file));
  }
}
