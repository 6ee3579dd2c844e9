// The VS Code extension's TextMate grammar (editors/vscode/syntaxes/nnspec.tmLanguage.json), which
// colours .nnspec files without a language server. Scope assertions per token family, in the style
// of vscode-tmgrammar-test, then the lexer as the referee: every token grammar/lexer.ts finds in the
// examples and in the error goldens must get a scope of its kind, so a keyword or operator added to
// the lexer and not to the grammar fails here.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Lexer, type IToken as LexerToken } from "chevrotain";
import { describe, expect, it } from "vitest";
import { tokenize } from "../grammar/lexer.js";
import { textmateGrammar } from "../scripts/gen-textmate-grammar.mjs";
import { allKeywords, allTokens, statementKeywords, trainOptionWords } from "../grammar/tokens.js";
import { projectRoot } from "./helpers/architecture.js";
import { checkScopes, grammarPath, loadGrammar, rootScope, scopesAt, tokenizeLines } from "./helpers/textmate.js";

async function expectScopes(document: string): Promise<void> {
  expect(await checkScopes(document)).toEqual([]);
}

const keywordWord = (tokenName: string) => tokenName.toLowerCase();

describe("the TextMate grammar's scopes", () => {
  it("colours comments, whole lines and after a statement", () =>
    expectScopes(`
# a comment
# <- comment.line.number-sign.nnspec punctuation.definition.comment.nnspec
#^^^^^^^^^^ comment.line.number-sign.nnspec
seed 1  # seed: np.random.seed(1)
#       ^ punctuation.definition.comment.nnspec
#        ^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.nnspec - keyword.other.seed.nnspec
`));

  it("colours the model, its name and its braces", () =>
    expectScopes(`
model init_he {
# <----- keyword.other.model.nnspec meta.model.nnspec
#     ^^^^^^^ entity.name.type.model.nnspec
#             ^ punctuation.section.block.begin.nnspec meta.block.model.nnspec
  seed 3
# ^^^^ meta.block.model.nnspec meta.statement.seed.nnspec keyword.other.seed.nnspec
#      ^ constant.numeric.decimal.nnspec
}
# <- punctuation.section.block.end.nnspec meta.block.model.nnspec - meta.statement.seed.nnspec
circles {
# <------- entity.name.type.model.nnspec
#       ^ punctuation.section.block.begin.nnspec
}
modle circles {
# <----- variable.other.nnspec
#     ^^^^^^^ entity.name.type.model.nnspec
}
`));

  it("colours data statements: names (keywords too), sources, arguments, strings, lists, where", () =>
    expectScopes(`
data train = circles(samples: 300, noise: 0.05, seed: 1)
# <---- keyword.other.data.nnspec
#    ^^^^^ entity.name.variable.data.nnspec - keyword.other.train.nnspec
#          ^ keyword.operator.assignment.nnspec
#            ^^^^^^^ support.function.data-source.nnspec
#                   ^ punctuation.section.parens.begin.nnspec meta.parens.nnspec
#                    ^^^^^^^ variable.parameter.argument.nnspec
#                           ^ punctuation.separator.key-value.nnspec
#                             ^^^ constant.numeric.decimal.nnspec
#                                ^ punctuation.separator.comma.nnspec
#                                               ^^^^ variable.parameter.argument.nnspec - keyword.other.seed.nnspec
data foot = csv(file: "f.csv", features: [x1, x2], label: y, where: split == "train")
#           ^^^ support.function.data-source.nnspec
#                     ^ string.quoted.double.nnspec punctuation.definition.string.begin.nnspec
#                      ^^^^^ string.quoted.double.nnspec
#                           ^ punctuation.definition.string.end.nnspec
#                                        ^ punctuation.section.brackets.begin.nnspec meta.brackets.nnspec
#                                         ^^ variable.other.nnspec
#                                               ^ punctuation.section.brackets.end.nnspec
#                                                                   ^^^^^ variable.other.nnspec
#                                                                         ^^ keyword.operator.comparison.nnspec
data train, test = blobs(samples: 400, centers: 3) split 300, 100 shuffled(seed: 4)
#    ^^^^^ entity.name.variable.data.nnspec
#         ^ punctuation.separator.comma.nnspec
#           ^^^^ entity.name.variable.data.nnspec
#                  ^^^^^ support.function.data-source.nnspec
#                                                  ^^^^^ keyword.other.split.nnspec
#                                                        ^^^ constant.numeric.decimal.nnspec
#                                                                 ^^^^^^^^ keyword.other.shuffled.nnspec
data x = hdf5(file: "a.h5", features: train_set_x, label: y, scale: 255)
#        ^^^^ support.function.data-source.nnspec
data y = sircles(samples: 3)
#        ^^^^^^^ variable.function.nnspec
`));

  it("colours layers: names, sizes, built-in and custom activations, init schemes, formulas and bias", () =>
    expectScopes(`
input x[2]
# <----- keyword.other.input.nnspec meta.statement.input.nnspec
#     ^ entity.name.variable.input.nnspec
#      ^ punctuation.section.brackets.begin.nnspec
#       ^ constant.numeric.decimal.nnspec
dense h1[10] relu init he
# <----- keyword.other.dense.nnspec meta.statement.dense.nnspec
#     ^^ entity.name.variable.layer.nnspec
#        ^^ constant.numeric.decimal.nnspec
#            ^^^^ support.function.activation.nnspec
#                 ^^^^ keyword.other.init.nnspec
#                      ^^ support.function.init.nnspec
dense h2[5] leaky_relu(slope: 0.01) init random(scale: 10)
#           ^^^^^^^^^^ support.function.activation.nnspec
#                      ^^^^^ variable.parameter.argument.nnspec
#                                        ^^^^^^ support.function.init.nnspec
dense h3[5] swish init normal(0, sqrt(2 / fan_in)) bias randn
#           ^^^^^ entity.name.function.activation.nnspec
#                      ^^^^^^ support.function.math.nnspec
#                                ^^^^ support.function.math.nnspec
#                                         ^^^^^^ variable.language.fan.nnspec
#                                                  ^^^^ keyword.other.bias.nnspec
#                                                       ^^^^^ support.function.init.nnspec
dense out[1] sigmoid init uniform(low: -0.5, high: 0.5)
#            ^^^^^^^ support.function.activation.nnspec
#                         ^^^^^^^ support.function.init.nnspec
#                                      ^ keyword.operator.arithmetic.nnspec
#                                       ^^^ constant.numeric.decimal.nnspec
dense h4[3] init xavier
#           ^^^^ keyword.other.init.nnspec - entity.name.function.activation.nnspec
#                ^^^^^^ support.function.init.nnspec
dense h5[3] softmax init hee
#           ^^^^^^^ support.function.activation.nnspec
#                        ^^^ variable.function.nnspec
`));

  it("colours custom activations: the name, the variable and the formula", () =>
    expectScopes(`
activation gelu(z) = 0.5 * z * (1 + tanh(sqrt(2 / pi) * (z + 0.044715 * z ^ 3)))
# <---------- keyword.other.activation.nnspec meta.statement.activation.nnspec
#          ^^^^ entity.name.function.activation.nnspec
#              ^ punctuation.section.parens.begin.nnspec
#               ^ variable.parameter.activation.nnspec
#                ^ punctuation.section.parens.end.nnspec
#                  ^ keyword.operator.assignment.nnspec
#                                   ^^^^ support.function.math.nnspec
#                                        ^^^^ support.function.math.nnspec
#                                                 ^^ constant.language.math.nnspec
#                                                                         ^ keyword.operator.arithmetic.nnspec
activation mish(z) = z * tanh(softplus(z)) + e
#                             ^^^^^^^^ support.function.math.nnspec
#                                            ^ constant.language.math.nnspec
`));

  it("colours losses, regularizers, checks and reports", () =>
    expectScopes(`
loss cross_entropy(form: "naive")
# <---- keyword.other.loss.nnspec
#    ^^^^^^^^^^^^^ support.function.loss.nnspec
regularize dropout(keep: [0.8, 0.9], on: h1 h2, reseed: 1)
# <---------- keyword.other.regularize.nnspec
#          ^^^^^^^ support.function.regularizer.nnspec
#                                    ^^ variable.parameter.argument.nnspec - keyword.other.on.nnspec
#                                        ^^ variable.other.nnspec
regularize early_stop(patience: 5, on: test, metric: cost)
#          ^^^^^^^^^^ support.function.regularizer.nnspec
#                                                    ^^^^ keyword.other.cost.nnspec
regularize l2(lambda: 0.7)
#          ^^ support.function.regularizer.nnspec
check gradient(epsilon: 1e-7, threshold: 2e-7)
# <----- keyword.other.check.nnspec
#     ^^^^^^^^ support.function.check.nnspec
#                       ^^^^ constant.numeric.decimal.nnspec
report accuracy on train, test
# <------ keyword.other.report.nnspec meta.statement.report.nnspec
#      ^^^^^^^^ support.constant.metric.nnspec
#               ^^ keyword.other.on.nnspec
#                  ^^^^^ variable.other.data.nnspec - keyword.other.train.nnspec
#                       ^ punctuation.separator.comma.nnspec
#                         ^^^^ variable.other.data.nnspec
report cost on test
#      ^^^^ support.constant.metric.nnspec
`));

  it("colours training: the optimizer, the data set, the length, options and the report tail", () =>
    expectScopes(`
train gd(learning_rate: 0.01) on train for 15000 iterations, report cost every 1000 and last
# <----- keyword.other.train.nnspec meta.statement.train.nnspec
#     ^^ support.function.optimizer.nnspec
#        ^^^^^^^^^^^^^ variable.parameter.argument.nnspec
#                             ^^ keyword.other.on.nnspec
#                                ^^^^^ variable.other.data.nnspec
#                                      ^^^ keyword.other.for.nnspec
#                                          ^^^^^ constant.numeric.decimal.nnspec
#                                                ^^^^^^^^^^ support.constant.unit.nnspec
#                                                            ^^^^^^ keyword.other.report.nnspec
#                                                                   ^^^^ keyword.other.cost.nnspec
#                                                                        ^^^^^ keyword.other.every.nnspec
#                                                                              ^^^^ constant.numeric.decimal.nnspec
#                                                                                   ^^^ keyword.other.and.nnspec
#                                                                                       ^^^^ keyword.other.last.nnspec
train adam(learning_rate: 0.0007, beta1: 0.9) for 5000 epochs, batch 64,
#     ^^^^ support.function.optimizer.nnspec
#                                                      ^^^^^^ support.constant.unit.nnspec
#                                                              ^^^^^ keyword.other.batch.nnspec
    shuffle lesson(seed: 10), decay scheduled(rate: 0.3, interval: 1000),
#   ^^^^^^^ keyword.other.shuffle.nnspec meta.statement.train.nnspec
#           ^^^^^^ support.function.shuffle.nnspec
#                             ^^^^^ keyword.other.decay.nnspec
#                                   ^^^^^^^^^ support.function.decay.nnspec
    report cost every 1000
#   ^^^^^^ keyword.other.report.nnspec meta.statement.train.nnspec - meta.statement.report.nnspec
train momentum(beta: 0.9) for 10 epochs, batch 8, shuffle none, decay inverse(rate: 1)
#     ^^^^^^^^ support.function.optimizer.nnspec
#                                                         ^^^^ support.function.shuffle.nnspec
#                                                                     ^^^^^^^ support.function.decay.nnspec
report cost on train
# <------ meta.statement.report.nnspec - meta.statement.train.nnspec
`));

  it("colours scalar models: param, let and a named cost", () =>
    expectScopes(`
let x = 2
# <--- keyword.other.let.nnspec
#   ^ entity.name.constant.let.nnspec
#     ^ keyword.operator.assignment.nnspec
param theta = 4
# <----- keyword.other.param.nnspec
#     ^^^^^ entity.name.variable.param.nnspec
loss J = theta * x
#    ^ entity.name.variable.cost.nnspec
#      ^ keyword.operator.assignment.nnspec
#        ^^^^^ variable.other.nnspec
`));

  it("colours backward blocks: targets, the network's values, operators and functions", () =>
    expectScopes(`
backward {
# <-------- keyword.other.backward.nnspec meta.statement.backward.nnspec
#        ^ punctuation.section.block.begin.nnspec meta.block.backward.nnspec
  dW3 = 1 / m * dZ3 * A2'
# ^^^ entity.name.variable.equation.nnspec
#     ^ keyword.operator.assignment.nnspec
#       ^ constant.numeric.decimal.nnspec
#         ^ keyword.operator.arithmetic.nnspec
#           ^ variable.language.network.nnspec
#               ^^^ variable.other.nnspec
#                     ^^ variable.language.network.nnspec
#                       ^ keyword.operator.transpose.nnspec
  db3 = 1/m * sum(dZ3, 2)
#             ^^^ support.function.math.nnspec
  dZ2 = dA2 .* (A2 > 0) ./ (W3' * dZ3)'
#           ^^ keyword.operator.arithmetic.elementwise.nnspec
#               ^^ variable.language.network.nnspec
#                  ^ keyword.operator.comparison.nnspec
#                       ^^ keyword.operator.arithmetic.elementwise.nnspec
#                             ^ keyword.operator.transpose.nnspec
#                                     ^ keyword.operator.transpose.nnspec
  dZ1 = 1/m * (A1 - Yhot) ^ 2
#                   ^^^^ variable.language.network.nnspec
#                         ^ keyword.operator.arithmetic.nnspec
}
# <- punctuation.section.block.end.nnspec
backward { dtheta = x }
#          ^^^^^^ entity.name.variable.equation.nnspec
#                     ^ punctuation.section.block.end.nnspec
`));

  it("colours numbers, and the lexer's malformed ones as errors", () =>
    expectScopes(`
seed 3 0.05 .5 1e-7 2.5E+3 1e 2.
#    ^ constant.numeric.decimal.nnspec
#      ^^^^ constant.numeric.decimal.nnspec
#           ^^ constant.numeric.decimal.nnspec
#              ^^^^ constant.numeric.decimal.nnspec
#                   ^^^^^^ constant.numeric.decimal.nnspec
#                          ^^ invalid.illegal.number.nnspec
#                             ^^ invalid.illegal.number.nnspec
dense h1[2x]
#        ^ constant.numeric.decimal.nnspec
#         ^ variable.other.nnspec
`));

  it("colours strings: escapes, bad escapes, an unclosed string and single quotes", () =>
    expectScopes(`
data t = csv(file: "a\\"b\\u00e9\\/c\\q")
#                    ^^ constant.character.escape.nnspec
#                       ^^^^^^ constant.character.escape.nnspec
#                             ^^ constant.character.escape.nnspec
#                                ^^ invalid.illegal.escape.nnspec string.quoted.double.nnspec
data t = csv(file: "data/f.csv)
#                  ^^^^^^^^^^^^ invalid.illegal.unterminated-string.nnspec string.quoted.double.nnspec
data t = csv(file: 'data/f.csv')
#                  ^^^^^^^^^^^^ invalid.illegal.single-quoted-string.nnspec
`));

  it("recovers from half-written statements at the next statement or the closing brace", () =>
    expectScopes(`
model lost {
  dense h1[10 relu init he
  dense h2[5] rleu
# ^^^^^ keyword.other.dense.nnspec - meta.brackets.nnspec
#             ^^^^ entity.name.function.activation.nnspec
  regularize dropout(keep: 0.8, on: [h1, out]
}
# <- punctuation.section.block.end.nnspec meta.block.model.nnspec - meta.parens.nnspec
data train = circles(samples: 300,
    seed: 1)
#   ^^^^ variable.parameter.argument.nnspec meta.parens.nnspec - meta.statement.seed.nnspec
#          ^ punctuation.section.parens.end.nnspec - invalid.illegal.stray-bracket.nnspec
seed 1)
#     ^ invalid.illegal.stray-bracket.nnspec punctuation.section.parens.end.nnspec
`));

  it("colours every operator and punctuation, and marks characters the lexer rejects", () =>
    expectScopes(`
loss J = a + b - c * d / e2 ^ 2 .* f ./ g == h != i < j <= k > l >= n
#          ^ keyword.operator.arithmetic.nnspec
#              ^ keyword.operator.arithmetic.nnspec
#                  ^ keyword.operator.arithmetic.nnspec
#                      ^ keyword.operator.arithmetic.nnspec
#                           ^ keyword.operator.arithmetic.nnspec
#                               ^^ keyword.operator.arithmetic.elementwise.nnspec
#                                    ^^ keyword.operator.arithmetic.elementwise.nnspec
#                                         ^^ keyword.operator.comparison.nnspec
#                                              ^^ keyword.operator.comparison.nnspec
#                                                   ^ keyword.operator.comparison.nnspec
#                                                       ^^ keyword.operator.comparison.nnspec
#                                                            ^ keyword.operator.comparison.nnspec
#                                                                ^^ keyword.operator.comparison.nnspec
seed 1; seed −2
#     ^ invalid.illegal.character.nnspec
#            ^ invalid.illegal.character.nnspec
`));
});

/** Scopes that say what a token is, not only which region it sits in. */
const tokenScopes = (scopes: readonly string[]) =>
  scopes.filter((scope) => scope !== rootScope && !scope.startsWith("meta."));

// The scope families a lexer token of each kind may get. A keyword where the grammar reads a name
// (`data train`, `on: test`, `report cost on`) is coloured as the name it is.
const names = ["entity.name.", "variable.", "support.", "constant.language."];
const scopesByTokenKind: Record<string, readonly string[]> = {
  Keyword: ["keyword.other.", ...names],
  Identifier: ["keyword.other.", ...names],
  NumberLiteral: ["constant.numeric."],
  MalformedNumber: ["invalid.illegal.number."],
  StringLiteral: ["string.quoted.double."],
  UnterminatedString: ["invalid.illegal.unterminated-string."],
  SingleQuotedString: ["invalid.illegal.single-quoted-string."],
  Transpose: ["keyword.operator.transpose."],
  EqualEqual: ["keyword.operator.comparison."],
  NotEqual: ["keyword.operator.comparison."],
  LessEqual: ["keyword.operator.comparison."],
  GreaterEqual: ["keyword.operator.comparison."],
  Less: ["keyword.operator.comparison."],
  Greater: ["keyword.operator.comparison."],
  Equals: ["keyword.operator.assignment."],
  Plus: ["keyword.operator.arithmetic."],
  Minus: ["keyword.operator.arithmetic."],
  Star: ["keyword.operator.arithmetic."],
  Slash: ["keyword.operator.arithmetic."],
  Caret: ["keyword.operator.arithmetic."],
  DotStar: ["keyword.operator.arithmetic.elementwise."],
  DotSlash: ["keyword.operator.arithmetic.elementwise."],
  LCurly: ["punctuation.section.block."],
  RCurly: ["punctuation.section.block."],
  LBracket: ["punctuation.section.brackets."],
  RBracket: ["punctuation.section.brackets."],
  LParen: ["punctuation.section.parens."],
  RParen: ["punctuation.section.parens."],
  Comma: ["punctuation.separator.comma."],
  Colon: ["punctuation.separator.key-value."],
};

const isKeyword = (token: LexerToken) => allKeywords.includes(token.tokenType);
const kindOf = (token: LexerToken) => (isKeyword(token) ? "Keyword" : token.tokenType.name);

/** Every lexer token (and comment) of a file whose characters lack a scope of the token's kind. */
async function unscopedTokens(file: string): Promise<string[]> {
  const text = readFileSync(file, "utf8");
  const lines = text.split(/\r\n|\r|\n/);
  const tokens = tokenizeLines(await loadGrammar(), lines);
  const { tokens: lexed, malformedTokens } = tokenize(text);
  const malformedAt = new Map(malformedTokens.map((token) => [token.startOffset, token]));
  const problems: string[] = [];
  const check = (line: number, from: number, to: number, families: readonly string[], what: string) => {
    for (let column = from; column < to; column++) {
      const scopes = tokenScopes(scopesAt(tokens[line], column));
      if (!scopes.some((scope) => families.some((family) => scope.startsWith(family)))) {
        problems.push(`${file}:${line + 1}:${column + 1} ${what}: ${scopes.join(" ") || "unscoped"}`);
        return;
      }
    }
  };
  for (const lexedToken of lexed) {
    const token = malformedAt.get(lexedToken.startOffset) ?? lexedToken;
    const kind = kindOf(token);
    const line = token.startLine! - 1;
    const from = token.startColumn! - 1;
    check(line, from, from + token.image.length, scopesByTokenKind[kind] ?? [], `${kind} '${token.image}'`);
  }
  // Comments are skipped by the lexer: they are the `#` runs in the gaps between its tokens.
  const tokensByLine = new Map<number, LexerToken[]>();
  for (const token of lexed) {
    const line = token.startLine! - 1;
    tokensByLine.set(line, [...(tokensByLine.get(line) ?? []), token]);
  }
  lines.forEach((line, index) => {
    let code = line;
    for (const token of tokensByLine.get(index) ?? []) {
      const at = token.startColumn! - 1;
      code = code.slice(0, at) + " ".repeat(token.image.length) + code.slice(at + token.image.length);
    }
    const comment = code.indexOf("#");
    if (comment >= 0) check(index, comment, line.length, ["comment.line.number-sign."], "comment");
  });
  return problems;
}

const filesIn = (folder: string) =>
  readdirSync(join(projectRoot, folder))
    .filter((name) => name.endsWith(".nnspec"))
    .map((name) => join(projectRoot, folder, name));

describe("the TextMate grammar against the lexer", () => {
  it("is the output of scripts/gen-textmate-grammar.mjs (run it after changing the script)", () => {
    expect(JSON.parse(readFileSync(grammarPath, "utf8"))).toEqual(textmateGrammar);
  });

  it("expects a scope family for every kind of token the lexer makes", () => {
    const kinds = allTokens
      .filter((type) => type.PATTERN !== Lexer.NA && type.GROUP !== Lexer.SKIPPED)
      .map((type) => (allKeywords.includes(type) ? "Keyword" : type.name));
    expect(kinds.filter((kind) => !(kind in scopesByTokenKind))).toEqual([]);
  });

  it("colours each of the lexer's keywords as a keyword, wherever it stands", async () => {
    const grammar = await loadGrammar();
    for (const type of allKeywords) {
      const word = keywordWord(type.name);
      expect(new RegExp(type.PATTERN as RegExp).source).toBe(word);
      for (const line of [word, `  ${word} `, `loss J = a ${word} b`, `dense h1[1] relu init he ${word}`]) {
        const [tokens] = tokenizeLines(grammar, [line]);
        const at = line.lastIndexOf(word);
        expect(scopesAt(tokens, at), `${word} in ${JSON.stringify(line)}`).toContain(`keyword.other.${word}.nnspec`);
      }
    }
  });

  it("begins a statement at each statement keyword, even on the line after an unfinished one", async () => {
    const grammar = await loadGrammar();
    for (const type of statementKeywords) {
      const word = keywordWord(type.name);
      const lines = ["model m {", "  dense h1[10] relu", `  ${word} x`, "}"];
      const scopes = scopesAt(tokenizeLines(grammar, lines)[2], 2);
      expect(scopes, word).toContain(`meta.statement.${word}.nnspec`);
      expect(
        scopes.filter((scope) => scope.startsWith("meta.statement.")),
        word,
      ).toHaveLength(1);
    }
  });

  it("colours the training options the parser knows", async () => {
    const grammar = await loadGrammar();
    for (const word of trainOptionWords) {
      const line = `train gd(learning_rate: 1) for 5 epochs, ${word} 4`;
      const [tokens] = tokenizeLines(grammar, [line]);
      expect(scopesAt(tokens, line.indexOf(word, 30)), word).toContain(`keyword.other.${word}.nnspec`);
    }
  });

  it.each(filesIn("examples"))("colours every token of %s", async (file) => {
    expect(await unscopedTokens(file)).toEqual([]);
  });

  it("colours every token of the error goldens (half-written files included) and the test fixtures", async () => {
    const problems: string[] = [];
    // too-many-tokens is 260 000 tokens of pasted labels: it tests the lexer's limit, and would take this test
    // seconds on a loaded machine while adding no construct the others lack.
    const goldens = filesIn("test/golden/errors").filter((file) => !file.endsWith("too-many-tokens.nnspec"));
    for (const file of [...goldens, ...filesIn("test/fixtures")]) {
      problems.push(...(await unscopedTokens(file)));
    }
    expect(problems).toEqual([]);
  });
});
