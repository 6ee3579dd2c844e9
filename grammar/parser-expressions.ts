// The expression rules of .nnspec (and `name`), the base class of the statement grammar in
// parser.ts: operators from lowest precedence to highest, calls, arguments, lists. They are the
// part of the grammar shared by hyperparameters, init formulas, data sources and backward
// equations. Rule names are the ones spec/language.md uses in its EBNF.
import { CstParser, tokenMatcher, type IParserConfig, type TokenType } from "chevrotain";
import {
  AdditiveOperator,
  allTokens,
  Caret,
  Colon,
  Comma,
  ComparisonOperator,
  Cost,
  Equals,
  Identifier,
  Keyword,
  LBracket,
  LParen,
  MultiplicativeOperator,
  NumberLiteral,
  RBracket,
  RParen,
  StringLiteral,
  Transpose,
} from "./tokens.js";
import { MAX_EXPRESSION_DEPTH, NestingTooDeep } from "./nesting.js";

/** How many errors the parser records before it stops reading (see stopIfHopeless). */
export const MAX_PARSE_ERRORS = 200;

export class TooManyErrors extends Error {}

/** Has no performSelfAnalysis of its own: the statement grammar that extends it runs it once. */
export abstract class ExpressionParser extends CstParser {
  /** How many `unary` rules are under way: one per parenthesis, list, call, sign and `^`. */
  private unaryDepth = 0;

  constructor(config: IParserConfig) {
    super(allTokens, config);
  }

  /** Forgets the depth an aborted parse left behind; called before each parse. */
  protected resetDepth(): void {
    this.unaryDepth = 0;
  }

  /**
   * Stops the parse once it has recorded MAX_PARSE_ERRORS errors: past that the file is garbage,
   * and recovering through megabytes of it only costs time (only the first errors are shown).
   * `_errors` is Chevrotain's own list (its public `errors` copies it on every read).
   */
  protected stopIfHopeless(): void {
    const recorded = (this as unknown as { _errors?: unknown[] })._errors;
    if (!this.RECORDING_PHASE && recorded && recorded.length >= MAX_PARSE_ERRORS) throw new TooManyErrors();
  }

  /** Stops the parse before recursion can overflow the stack (see nesting.ts). */
  private tooDeepAt(level: number): void {
    if (level > MAX_EXPRESSION_DEPTH && !this.RECORDING_PHASE) throw new NestingTooDeep(this.LA(1));
  }

  /** Where a name is expected, a keyword's spelling is a name too: `data train = ...`. */
  public name = this.RULE("name", () => {
    this.OR([{ ALT: () => this.CONSUME(Identifier) }, { ALT: () => this.CONSUME(Keyword) }]);
  });

  // ---- expressions: lowest precedence first ----------------------------------------------

  public expression = this.RULE("expression", () => {
    this.SUBRULE(this.comparison);
  });

  /** Comparisons do not chain: `a < b < c` means something else in mathjs than it looks. */
  public comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.additive, { LABEL: "operands" });
    this.OPTION(() => {
      this.CONSUME(ComparisonOperator);
      this.SUBRULE2(this.additive, { LABEL: "operands" });
    });
  });

  // A chain of n operators is n levels deep: `a + b + c` is `(a + b) + c`.
  public additive = this.RULE("additive", () => {
    let operators = 0;
    this.SUBRULE(this.multiplicative, { LABEL: "operands" });
    this.MANY(() => {
      this.tooDeepAt(++operators);
      this.CONSUME(AdditiveOperator);
      this.SUBRULE2(this.multiplicative, { LABEL: "operands" });
    });
  });

  public multiplicative = this.RULE("multiplicative", () => {
    let operators = 0;
    this.SUBRULE(this.unary, { LABEL: "operands" });
    this.MANY(() => {
      this.tooDeepAt(++operators);
      this.CONSUME(MultiplicativeOperator);
      this.SUBRULE2(this.unary, { LABEL: "operands" });
    });
  });

  /** A sign binds looser than `^`, as in mathjs: `-2^2` is `-(2^2)`. */
  public unary = this.RULE("unary", () => {
    // The outermost `unary` of an expression is not a level yet: `-x`, `(x)` and `f(x)` are one.
    this.tooDeepAt(++this.unaryDepth - 1);
    this.stopIfHopeless();
    try {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(AdditiveOperator, { LABEL: "sign" });
            this.SUBRULE(this.unary);
          },
        },
        { ALT: () => this.SUBRULE(this.power) },
      ]);
    } finally {
      this.unaryDepth--;
    }
  });

  /**
   * `^` is right-associative and its exponent may carry a sign: `2^-1`, `2^3^2` = `2^(3^2)`. A
   * transpose binds tighter than `^`, as in mathjs: `A'^2` is `(A')^2`.
   */
  public power = this.RULE("power", () => {
    let transposes = 0;
    this.SUBRULE(this.atom, { LABEL: "base" });
    this.MANY(() => {
      this.tooDeepAt(++transposes);
      this.CONSUME(Transpose);
    });
    this.OPTION(() => {
      this.CONSUME(Caret);
      this.SUBRULE(this.unary, { LABEL: "exponent" });
    });
  });

  public atom = this.RULE("atom", () => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.list) },
      // `metric: cost` in early_stop: nothing in the language follows an expression with `cost`,
      // so the keyword can be a value here without ambiguity.
      { ALT: () => this.CONSUME(Cost, { LABEL: "costName" }) },
    ]);
  });

  public nameOrCall = this.RULE("nameOrCall", () => {
    this.CONSUME(Identifier);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.OPTION2(() => this.SUBRULE(this.arguments));
      this.CONSUME(RParen);
    });
  });

  /**
   * Commas are optional here so a forgotten one is reported by to-ast.ts, not guessed at. An
   * argument without its comma may not start with a keyword: after a missing `)` the next
   * statement's keyword must stay a keyword, not become an argument's name.
   */
  public arguments = this.RULE("arguments", () => {
    this.SUBRULE(this.argument);
    this.MANY({
      GATE: () => !tokenMatcher(this.LA(1), Keyword),
      DEF: () => {
        this.OPTION(() => this.CONSUME(Comma));
        this.SUBRULE2(this.argument);
      },
    });
  });

  /**
   * `name: value` or a positional `value`; `name = value` is parsed and reported. A value may be
   * followed by more bare names, `on: h1 h2`: a space-separated list of names (to-ast.ts accepts it
   * after a name and reports a missing comma otherwise). A name followed by `:`, `=` or `(` starts
   * the next argument instead, so `f(a: 1 b: 2)` is still a missing comma between arguments.
   */
  public argument = this.RULE("argument", () => {
    this.OPTION(() => {
      this.SUBRULE(this.name);
      this.OR([{ ALT: () => this.CONSUME(Colon) }, { ALT: () => this.CONSUME(Equals) }]);
    });
    this.SUBRULE(this.expression);
    this.MANY({
      GATE: () => this.LA(1).tokenType === Identifier && !this.startsArgumentOrCall(this.LA(2).tokenType),
      DEF: () => this.CONSUME(Identifier, { LABEL: "moreNames" }),
    });
  });

  private startsArgumentOrCall(next: TokenType): boolean {
    return next === Colon || next === Equals || next === LParen;
  }

  public parenthesized = this.RULE("parenthesized", () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(RParen);
  });

  public list = this.RULE("list", () => {
    this.CONSUME(LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression, { LABEL: "items" });
      this.MANY(() => {
        this.OPTION2(() => this.CONSUME(Comma));
        this.SUBRULE2(this.expression, { LABEL: "items" });
      });
    });
    this.CONSUME(RBracket);
  });
}
