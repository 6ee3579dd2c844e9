// The grammar of .nnspec, as a Chevrotain CstParser. Rule names are the ones spec/language.md
// uses in its EBNF. The parser only recognises; meaning is built in to-ast.ts.
//
// It is deliberately forgiving where learners slip: it accepts `name = value` in arguments,
// a missing comma between items, a misspelt or missing `model` keyword and statements outside
// the model, so that to-ast.ts can report each of those precisely and still build the model,
// instead of Chevrotain's recovery guessing. Error messages from Chevrotain are not shown to
// anyone: the errorMessageProvider below encodes what was expected as JSON, and
// syntax-errors.ts writes the learner-facing words.
import { EOF, type IToken } from "chevrotain";
import { ExpressionParser } from "./parser-expressions.js";
import { structuredErrors } from "./parser-errors.js";
import { LazyLookaheadStrategy } from "./lazy-lookahead.js";
import {
  Activation,
  Backward,
  Bias,
  Check,
  Let,
  Param,
  Comma,
  Cost,
  Data,
  Dense,
  Equals,
  Every,
  For,
  Identifier,
  Init,
  Input,
  LBracket,
  LCurly,
  Loss,
  Minus,
  LParen,
  Model,
  NumberLiteral,
  On,
  RBracket,
  RCurly,
  Regularize,
  Report,
  RParen,
  Seed,
  Train,
  trainOptionWords,
} from "./tokens.js";

export type { ExpectedTokens } from "./parser-errors.js";

export class NnspecParser extends ExpressionParser {
  /**
   * `validate` runs Chevrotain's checks of the grammar itself (ambiguities, left recursion, ...):
   * a third of building the parser, the same parser after. A test runs them; start-up does not.
   */
  constructor({ validate = false }: { validate?: boolean } = {}) {
    super({
      recoveryEnabled: true,
      nodeLocationTracking: "full",
      // Three tokens tell `report cost every` (part of `train`) from `report cost on` (a statement).
      maxLookahead: 3,
      lookaheadStrategy: new LazyLookaheadStrategy({ maxLookahead: 3 }),
      errorMessageProvider: structuredErrors,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  // ---- structure -------------------------------------------------------------------------

  // Statements are accepted outside a model, and several models, so to-ast.ts can say
  // "this belongs inside the model" rather than "unexpected `dense`". A header without the
  // `model` keyword is only accepted at the very start: anywhere else an identifier must not
  // look like the start of a model, or error recovery inside a model body would stop at every
  // misspelt statement keyword instead of skipping to the next statement.
  public modelFile = this.RULE("modelFile", () => {
    this.OPTION(() => this.SUBRULE(this.modelWithoutKeyword));
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.modelDecl) }, { ALT: () => this.SUBRULE(this.statement) }]);
    });
  });

  public modelDecl = this.RULE("modelDecl", () => {
    this.stopIfHopeless();
    this.CONSUME(Model);
    this.SUBRULE(this.name);
    this.SUBRULE(this.modelBody);
  });

  /** `modle circles {` (misspelt keyword) or `circles {` (no keyword); to-ast.ts reports both. */
  public modelWithoutKeyword = this.RULE("modelWithoutKeyword", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Identifier, { LABEL: "misspeltModel" });
          this.SUBRULE(this.name);
        },
      },
      // An identifier only: `model {` is a model without a name, not one named "model".
      { ALT: () => this.CONSUME2(Identifier, { LABEL: "nameWithoutKeyword" }) },
    ]);
    this.SUBRULE(this.modelBody);
  });

  public modelBody = this.RULE("modelBody", () => {
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(RCurly);
  });

  public statement = this.RULE("statement", () => {
    this.stopIfHopeless();
    this.OR([
      { ALT: () => this.SUBRULE(this.seedStatement) },
      { ALT: () => this.SUBRULE(this.dataStatement) },
      { ALT: () => this.SUBRULE(this.paramStatement) },
      { ALT: () => this.SUBRULE(this.letStatement) },
      { ALT: () => this.SUBRULE(this.inputStatement) },
      { ALT: () => this.SUBRULE(this.activationStatement) },
      { ALT: () => this.SUBRULE(this.denseStatement) },
      { ALT: () => this.SUBRULE(this.lossStatement) },
      { ALT: () => this.SUBRULE(this.regularizeStatement) },
      { ALT: () => this.SUBRULE(this.trainStatement) },
      { ALT: () => this.SUBRULE(this.reportStatement) },
      { ALT: () => this.SUBRULE(this.checkStatement) },
      { ALT: () => this.SUBRULE(this.backwardBlock) },
    ]);
  });

  // ---- statements ------------------------------------------------------------------------

  public seedStatement = this.RULE("seedStatement", () => {
    this.CONSUME(Seed);
    this.SUBRULE(this.signedNumber);
  });

  /**
   * `data train = circles(...)`, or one source cut into named parts:
   * `data train, test = circles(samples: 400, noise: 0.05, seed: 1) split 300, 100`. A forgotten
   * comma between names or sizes is accepted and reported by to-ast.ts (NNC1108).
   */
  public dataStatement = this.RULE("dataStatement", () => {
    this.CONSUME(Data);
    this.SUBRULE(this.name);
    this.MANY({
      // Without its comma, a name is one only when `,` or `=` follows: `data train circles(...)`
      // is a forgotten `=`, not a second name.
      GATE: () =>
        this.LA(1).tokenType === Comma ||
        (this.LA(1).tokenType === Identifier && (this.LA(2).tokenType === Comma || this.LA(2).tokenType === Equals)),
      DEF: () => {
        this.OPTION(() => this.CONSUME(Comma));
        this.SUBRULE2(this.name);
      },
    });
    this.CONSUME(Equals);
    this.SUBRULE(this.expression, { LABEL: "source" });
    // `split` is an identifier (a CSV column may be named so); a word on the source's line is
    // taken for it, so that a misspelt `split` is reported as one (to-ast.ts).
    this.OPTION2({
      GATE: () => this.LA(1).tokenType === Identifier && (this.LA(1).image === "split" || this.onSameLine()),
      DEF: () => this.SUBRULE(this.splitClause),
    });
  });

  /** `split 300, 100`, optionally `shuffled` or `shuffled(seed: 4)` after the sizes. */
  public splitClause = this.RULE("splitClause", () => {
    this.CONSUME(Identifier, { LABEL: "splitWord" });
    this.SUBRULE(this.signedNumber, { LABEL: "sizes" });
    this.MANY({
      GATE: () => [Comma, NumberLiteral, Minus].includes(this.LA(1).tokenType),
      DEF: () => {
        this.OPTION(() => this.CONSUME(Comma));
        this.SUBRULE2(this.signedNumber, { LABEL: "sizes" });
      },
    });
    this.OPTION2({
      GATE: () => this.LA(1).tokenType === Identifier && (this.LA(1).image === "shuffled" || this.onSameLine()),
      DEF: () => this.SUBRULE(this.expression, { LABEL: "order" }),
    });
  });

  public inputStatement = this.RULE("inputStatement", () => {
    this.CONSUME(Input);
    this.SUBRULE(this.name);
    this.CONSUME(LBracket);
    this.SUBRULE(this.signedNumber, { LABEL: "units" });
    this.CONSUME(RBracket);
  });

  /** `activation swish(z) = z * sigmoid(z)`: a custom activation, one formula in one variable. */
  public activationStatement = this.RULE("activationStatement", () => {
    this.CONSUME(Activation);
    this.SUBRULE(this.name);
    this.CONSUME(LParen);
    this.SUBRULE2(this.name, { LABEL: "parameter" });
    this.CONSUME(RParen);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression, { LABEL: "formula" });
  });

  public denseStatement = this.RULE("denseStatement", () => {
    this.CONSUME(Dense);
    this.SUBRULE(this.name);
    this.CONSUME(LBracket);
    this.SUBRULE(this.signedNumber, { LABEL: "units" });
    this.CONSUME(RBracket);
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: "activation" }));
    this.OPTION2(() => {
      this.CONSUME(Init);
      this.SUBRULE2(this.expression, { LABEL: "init" });
    });
    this.OPTION3(() => {
      this.CONSUME(Bias);
      this.SUBRULE3(this.expression, { LABEL: "bias" });
    });
  });

  /** `loss cross_entropy`, or a scalar model's cost as a formula: `loss J = theta * x`. */
  public lossStatement = this.RULE("lossStatement", () => {
    this.CONSUME(Loss);
    this.OPTION({
      GATE: () => this.LA(2).tokenType === Equals,
      DEF: () => {
        this.SUBRULE(this.name);
        this.CONSUME(Equals);
      },
    });
    this.SUBRULE(this.expression);
  });

  /** A named scalar parameter of a scalar model and its starting value: `param theta = 4`. */
  public paramStatement = this.RULE("paramStatement", () => {
    this.CONSUME(Param);
    this.SUBRULE(this.name);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression, { LABEL: "value" });
  });

  /** A named constant of a scalar model: `let x = 2`. */
  public letStatement = this.RULE("letStatement", () => {
    this.CONSUME(Let);
    this.SUBRULE(this.name);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression, { LABEL: "value" });
  });

  /** `check gradient(epsilon: 1e-7, threshold: 2e-7)`: run the gradient check before training. */
  public checkStatement = this.RULE("checkStatement", () => {
    this.CONSUME(Check);
    this.SUBRULE(this.expression);
  });

  /** Hand-written gradient equations, one per line: `backward { dZ3 = A3 - Y ... }`. */
  public backwardBlock = this.RULE("backwardBlock", () => {
    this.CONSUME(Backward);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.equation));
    this.CONSUME(RCurly);
  });

  public equation = this.RULE("equation", () => {
    this.SUBRULE(this.name);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  /** `regularize l2(lambda: 0.7)`: one regularizer per statement; a model may have several. */
  public regularizeStatement = this.RULE("regularizeStatement", () => {
    this.CONSUME(Regularize);
    this.SUBRULE(this.expression, { LABEL: "regularizer" });
  });

  public trainStatement = this.RULE("trainStatement", () => {
    this.CONSUME(Train);
    this.SUBRULE(this.expression, { LABEL: "optimizer" });
    this.OPTION(() => {
      this.CONSUME(On);
      this.SUBRULE(this.name, { LABEL: "data" });
    });
    this.CONSUME(For);
    this.SUBRULE(this.signedNumber, { LABEL: "iterations" });
    // Only an identifier (`iterations`), never a keyword: after a forgotten unit, the next
    // statement's keyword must stay a keyword.
    this.CONSUME(Identifier, { LABEL: "unit" });
    // `, batch 64`, `, shuffle lesson(seed: 10)`, `, decay scheduled(rate: 0.3, interval: 1000)`:
    // the option's word is an identifier, so `, report cost every` is never taken for one.
    // Without its comma an option is still understood when its word is one of the options, and
    // reported by to-ast.ts as NNC1108.
    this.MANY({
      GATE: () =>
        (this.LA(1).tokenType === Comma && this.LA(2).tokenType === Identifier) ||
        (this.LA(1).tokenType === Identifier && trainOptionWords.includes(this.LA(1).image)),
      DEF: () => this.SUBRULE(this.trainOption, { LABEL: "options" }),
    });
    this.OPTION2({
      // Without its comma, `report cost every` still belongs here; `report cost on` does not.
      GATE: () => this.LA(1).tokenType === Comma || this.startsReportCostEvery(),
      DEF: () => {
        this.OPTION3(() => this.CONSUME(Comma));
        this.CONSUME(Report);
        this.CONSUME(Cost);
        this.CONSUME(Every);
        this.SUBRULE2(this.signedNumber, { LABEL: "reportEvery" });
        // `and last`: also the cost after the last iteration, as the deep-network lesson prints.
        // Plain identifiers, not keywords, so `and` and `last` stay usable as names elsewhere.
        this.OPTION4({
          GATE: () => this.LA(1).tokenType === Identifier && this.LA(1).image === "and",
          DEF: () => {
            this.CONSUME2(Identifier, { LABEL: "andWord" });
            this.CONSUME3(Identifier, { LABEL: "reportMoment" });
          },
        });
      },
    });
  });

  public trainOption = this.RULE("trainOption", () => {
    this.OPTION(() => this.CONSUME(Comma));
    this.CONSUME(Identifier, { LABEL: "option" });
    this.SUBRULE(this.expression, { LABEL: "value" });
  });

  public reportStatement = this.RULE("reportStatement", () => {
    this.CONSUME(Report);
    this.SUBRULE(this.name, { LABEL: "metric" });
    this.CONSUME(On);
    this.SUBRULE2(this.name, { LABEL: "dataset" });
    // A forgotten comma (`on train test`) is accepted and reported by to-ast.ts; without its
    // comma only an identifier can be a data set, so the next statement's keyword stays one.
    this.MANY({
      GATE: () => this.LA(1).tokenType === Comma || this.LA(1).tokenType === Identifier,
      DEF: () => {
        this.OPTION(() => this.CONSUME(Comma));
        this.SUBRULE3(this.name, { LABEL: "dataset" });
      },
    });
  });

  /**
   * A seed, a size or a count. The sign is accepted so that `seed -1` or `dense h1[-5]` is
   * reported by the compiler as out of range (with the range), not as a puzzling syntax error.
   */
  public signedNumber = this.RULE("signedNumber", () => {
    this.OPTION(() => this.CONSUME(Minus));
    this.CONSUME(NumberLiteral);
  });

  startParse(): void {
    this.resetDepth();
  }

  /** The first token not yet read; undefined at the end of the input. */
  nextToken(): IToken | undefined {
    const next = this.LA(1);
    return next.tokenType === EOF ? undefined : next;
  }

  /** Whether the next token starts on the line the last one ended on. */
  private onSameLine(): boolean {
    return this.LA(1).startLine !== undefined && this.LA(1).startLine === this.LA(0).endLine;
  }

  private startsReportCostEvery(): boolean {
    return this.LA(1).tokenType === Report && this.LA(2).tokenType === Cost && this.LA(3).tokenType === Every;
  }
}

/** One instance for the whole process: building a Chevrotain parser is the slow part. */
export const parser = new NnspecParser();
