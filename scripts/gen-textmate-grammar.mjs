// Writes the TextMate grammar of .nnspec, editors/vscode/syntaxes/nnspec.tmLanguage.json, which VS Code (and
// GitHub's and other editors' highlighters) read. Written from here because its regular expressions are easier to
// read in String.raw than JSON-escaped; test/textmate.test.ts checks that the JSON is this script's output, and
// holds the grammar to grammar/lexer.ts's tokens. After a change: node scripts/gen-textmate-grammar.mjs
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
const NAME = String.raw`[A-Za-z_][A-Za-z0-9_]*`;
const NUMBER = String.raw`(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?`;
const KEYWORDS = (
  "model seed data input activation dense init loss regularize train on for report cost every bias backward check " +
  "param let"
).split(" ");
const KW = `(?:${KEYWORDS.join("|")})`;
const STATEMENTS = "model seed data param let input activation dense loss regularize train check backward".split(" ");
// A statement runs until the next line that starts with a statement keyword (statements carry no `;`, and a
// statement may continue on the next lines), or a `}`. `report cost every` on a new line still belongs to `train`.
// A keyword followed by `:` is an argument's name (`seed: 1` on a line of its own).
const STATEMENT_START = String.raw`^\s*(?:${STATEMENTS.join("|")}|report(?!\s+cost\s+every\b))\b(?!\s*:)`;
const END = String.raw`(?=${STATEMENT_START})|(?=\})`;
const formulaFunctions = (
  "sqrt exp log log1p abs min max pow tanh sinh cosh sigmoid softplus relu sign sum mean " +
  "transpose randn rand normal uniform"
).split(" ");
const kw = (w) => `keyword.other.${w}.nnspec`;

const names = (list, scope) => ({ match: String.raw`\b(?:${list.join("|")})\b`, name: scope });
const fallbackName = (scope) => ({ match: NAME, name: scope });

function parens(patterns) {
  return {
    name: "meta.parens.nnspec",
    begin: String.raw`\(`,
    beginCaptures: { 0: { name: "punctuation.section.parens.begin.nnspec" } },
    // An unclosed `(` ends where the next statement or the block's `}` starts, so one slip does not colour the rest.
    end: String.raw`\)|${END}`,
    endCaptures: { 0: { name: "punctuation.section.parens.end.nnspec" } },
    patterns,
  };
}

function statement(word, begin, beginCaptures, patterns) {
  return {
    name: `meta.statement.${word}.nnspec`,
    begin: String.raw`\b(${word})\b${begin}`,
    beginCaptures: { 1: { name: kw(word) }, ...beginCaptures },
    end: END,
    patterns: [...patterns, { include: "#expression" }],
  };
}

export const textmateGrammar = {
  $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
  name: "nnspec",
  scopeName: "source.nnspec",
  fileTypes: ["nnspec"],
  patterns: [
    { include: "#comment" },
    { include: "#model" },
    {
      // A model without its keyword (`circles {`) or with it misspelt (`modle circles {`): the parser reads the
      // last name before the `{` as the model's name, and so does the colouring.
      match: String.raw`\b(?!${KW}\b)(?:(${NAME})\s+(${NAME})|(${NAME}))(?=\s*\{)`,
      captures: {
        1: { name: "variable.other.nnspec" },
        2: { name: "entity.name.type.model.nnspec" },
        3: { name: "entity.name.type.model.nnspec" },
      },
    },
    { include: "#model-body" },
    { include: "#statements" },
    { include: "#expression" },
  ],
  repository: {
    comment: {
      match: "(#).*$",
      name: "comment.line.number-sign.nnspec",
      captures: { 1: { name: "punctuation.definition.comment.nnspec" } },
    },
    model: {
      name: "meta.model.nnspec",
      begin: String.raw`\b(model)\b(?:\s+(${NAME}))?`,
      beginCaptures: { 1: { name: kw("model") }, 2: { name: "entity.name.type.model.nnspec" } },
      end: String.raw`(?<=\})`,
      patterns: [
        { include: "#comment" },
        { include: "#model-body" },
        { include: "#statements" },
        { include: "#expression" },
      ],
    },
    "model-body": {
      name: "meta.block.model.nnspec",
      begin: String.raw`\{`,
      beginCaptures: { 0: { name: "punctuation.section.block.begin.nnspec" } },
      end: String.raw`\}`,
      endCaptures: { 0: { name: "punctuation.section.block.end.nnspec" } },
      patterns: [{ include: "#comment" }, { include: "#statements" }, { include: "#expression" }],
    },
    statements: {
      patterns: [
        "seed",
        "data",
        "param",
        "let",
        "input",
        "activation",
        "dense",
        "loss",
        "regularize",
        "train",
        "check",
        "backward",
        "report",
      ].map((word) => ({ include: `#${word}-statement` })),
    },
    "seed-statement": statement("seed", "", {}, []),
    "data-statement": statement(
      "data",
      String.raw`(?:\s+(${NAME}(?:\s*,\s*${NAME})*))?`,
      { 2: { patterns: [{ include: "#comma" }, fallbackName("entity.name.variable.data.nnspec")] } },
      [
        {
          match: String.raw`(=)(?!=)\s*(${NAME})?`,
          captures: {
            1: { name: "keyword.operator.assignment.nnspec" },
            2: {
              patterns: [
                names(
                  ["circles", "moons", "blobs", "randn", "csv", "hdf5", "mat"],
                  "support.function.data-source.nnspec",
                ),
                fallbackName("variable.function.nnspec"),
              ],
            },
          },
        },
        { match: String.raw`\b(split|shuffled)\b`, name: "keyword.other.$1.nnspec" },
      ],
    ),
    "param-statement": statement(
      "param",
      String.raw`(?:\s+(${NAME}))?`,
      { 2: { name: "entity.name.variable.param.nnspec" } },
      [],
    ),
    "let-statement": statement(
      "let",
      String.raw`(?:\s+(${NAME}))?`,
      { 2: { name: "entity.name.constant.let.nnspec" } },
      [],
    ),
    "input-statement": statement(
      "input",
      String.raw`(?:\s+(${NAME}))?`,
      { 2: { name: "entity.name.variable.input.nnspec" } },
      [],
    ),
    "activation-statement": statement(
      "activation",
      String.raw`(?:\s+(${NAME}))?(?:\s*(\()\s*(${NAME})?\s*(\)))?`,
      {
        2: { name: "entity.name.function.activation.nnspec" },
        3: { name: "punctuation.section.parens.begin.nnspec" },
        4: { name: "variable.parameter.activation.nnspec" },
        5: { name: "punctuation.section.parens.end.nnspec" },
      },
      [],
    ),
    "dense-statement": statement(
      "dense",
      String.raw`(?:\s+(${NAME}))?`,
      { 2: { name: "entity.name.variable.layer.nnspec" } },
      [
        { include: "#comment" },
        { include: "#brackets" },
        {
          // The activation: the word right after the layer's size.
          match: String.raw`(?<=\])\s*(?!${KW}\b)(${NAME})`,
          captures: { 1: { patterns: [{ include: "#activation-name" }] } },
        },
        {
          match: String.raw`\b(init|bias)\b(?:\s+(${NAME}))?`,
          captures: { 1: { name: "keyword.other.$1.nnspec" }, 2: { patterns: [{ include: "#init-name" }] } },
        },
      ],
    ),
    "loss-statement": statement(
      "loss",
      String.raw`(?:\s+(${NAME})\s*(=)(?!=)|\s+(${NAME}))?`,
      {
        2: { name: "entity.name.variable.cost.nnspec" },
        3: { name: "keyword.operator.assignment.nnspec" },
        4: { patterns: [names(["cross_entropy"], "support.function.loss.nnspec"), { include: "#callee" }] },
      },
      [],
    ),
    "regularize-statement": statement(
      "regularize",
      String.raw`(?:\s+(${NAME}))?`,
      {
        2: {
          patterns: [
            names(["l2", "l1", "dropout", "early_stop"], "support.function.regularizer.nnspec"),
            { include: "#callee" },
          ],
        },
      },
      [],
    ),
    "check-statement": statement(
      "check",
      String.raw`(?:\s+(${NAME}))?`,
      { 2: { patterns: [names(["gradient"], "support.function.check.nnspec"), { include: "#callee" }] } },
      [],
    ),
    "train-statement": statement(
      "train",
      String.raw`(?:\s+(${NAME}))?`,
      {
        2: {
          patterns: [
            names(["gd", "momentum", "rmsprop", "adam"], "support.function.optimizer.nnspec"),
            { include: "#callee" },
          ],
        },
      },
      [
        { include: "#comment" },
        {
          match: String.raw`\b(on)\b(?:\s+(${NAME}))?`,
          captures: { 1: { name: kw("on") }, 2: { name: "variable.other.data.nnspec" } },
        },
        {
          // The length: `for 2500 iterations`; the unit is a plain word that the compiler checks.
          match: String.raw`\b(for)\b(?:\s*(-)?\s*(${NUMBER})(?:\s+(?!${KW}\b)(${NAME}))?)?`,
          captures: {
            1: { name: kw("for") },
            2: { name: "keyword.operator.arithmetic.nnspec" },
            3: { name: "constant.numeric.decimal.nnspec" },
            4: { name: "support.constant.unit.nnspec" },
          },
        },
        {
          match: String.raw`\b(batch|shuffle|decay)\b(?:\s+(${NAME}))?`,
          captures: {
            1: { name: "keyword.other.$1.nnspec" },
            2: {
              patterns: [
                names(["stream", "lesson", "none"], "support.function.shuffle.nnspec"),
                names(["inverse", "scheduled"], "support.function.decay.nnspec"),
                { include: "#callee" },
              ],
            },
          },
        },
        {
          match: String.raw`\b(report)\s+(cost)\s+(every)\b`,
          captures: { 1: { name: kw("report") }, 2: { name: kw("cost") }, 3: { name: kw("every") } },
        },
        {
          match: String.raw`\b(and)\b(?:\s+(last)\b)?`,
          captures: { 1: { name: "keyword.other.and.nnspec" }, 2: { name: "keyword.other.last.nnspec" } },
        },
      ],
    ),
    "backward-statement": {
      name: "meta.statement.backward.nnspec",
      begin: String.raw`\b(backward)\b`,
      beginCaptures: { 1: { name: kw("backward") } },
      end: String.raw`(?<=\})|${END}`,
      patterns: [{ include: "#comment" }, { include: "#backward-block" }, { include: "#expression" }],
    },
    "backward-block": {
      name: "meta.block.backward.nnspec",
      begin: String.raw`\{`,
      beginCaptures: { 0: { name: "punctuation.section.block.begin.nnspec" } },
      end: String.raw`\}`,
      endCaptures: { 0: { name: "punctuation.section.block.end.nnspec" } },
      patterns: [
        { include: "#comment" },
        {
          // An equation's target: `dW1 = ...` (not `==`).
          match: String.raw`(?<![A-Za-z0-9_.])(${NAME})\s*(=)(?!=)`,
          captures: {
            1: { name: "entity.name.variable.equation.nnspec" },
            2: { name: "keyword.operator.assignment.nnspec" },
          },
        },
        { include: "#backward-expression" },
      ],
    },
    "backward-expression": {
      patterns: [
        { include: "#comment" },
        // The network's values in the course's notation: X, Y, m, Yhot, J and W1, b1, Z1, A1, ... (A0 is X).
        { match: String.raw`\b(?:X|Y|m|Yhot|J|[WbZA][0-9]+)\b`, name: "variable.language.network.nnspec" },
        { ...parens([{ include: "#backward-expression" }]) },
        { include: "#expression" },
      ],
    },
    "report-statement": statement(
      "report",
      String.raw`(?:\s+(${NAME}))?`,
      {
        2: {
          patterns: [
            names(["accuracy", "cost"], "support.constant.metric.nnspec"),
            fallbackName("variable.other.metric.nnspec"),
          ],
        },
      },
      [
        { include: "#comment" },
        { match: String.raw`\b(on)\b`, name: kw("on") },
        // The data sets after `on`, which may be spelt like keywords (`train`).
        fallbackName("variable.other.data.nnspec"),
      ],
    ),
    "activation-name": {
      patterns: [
        names(["relu", "sigmoid", "tanh", "linear", "leaky_relu", "softmax"], "support.function.activation.nnspec"),
        fallbackName("entity.name.function.activation.nnspec"),
      ],
    },
    "init-name": {
      patterns: [
        names(
          ["zeros", "random", "randn", "he", "lecun", "xavier", "glorot", "deep", "uniform"],
          "support.function.init.nnspec",
        ),
        { include: "#keywords" },
        { include: "#formula-names" },
        names(formulaFunctions, "support.function.math.nnspec"),
        { include: "#callee" },
      ],
    },
    callee: { patterns: [{ include: "#keywords" }, fallbackName("variable.function.nnspec")] },
    expression: {
      patterns: [
        { include: "#comment" },
        { include: "#string" },
        { include: "#transpose" },
        { include: "#single-quoted-string" },
        { include: "#number" },
        { include: "#parens" },
        { include: "#brackets" },
        { include: "#keywords" },
        { include: "#formula-functions" },
        { include: "#formula-names" },
        { match: String.raw`\b${NAME}(?=\s*\()`, name: "variable.function.nnspec" },
        fallbackName("variable.other.nnspec"),
        { include: "#operators" },
        { include: "#comma" },
        { match: ":", name: "punctuation.separator.key-value.nnspec" },
        // Brackets closed without being opened, and braces where no block starts.
        { match: String.raw`\)`, name: "punctuation.section.parens.end.nnspec invalid.illegal.stray-bracket.nnspec" },
        { match: String.raw`\]`, name: "punctuation.section.brackets.end.nnspec invalid.illegal.stray-bracket.nnspec" },
        { match: String.raw`[{}]`, name: "punctuation.section.block.nnspec invalid.illegal.stray-bracket.nnspec" },
        // What the lexer rejects (NNC1001): `;`, `!`, `%`, typographic quotes and minus signs, ...
        { match: String.raw`\S`, name: "invalid.illegal.character.nnspec" },
      ],
    },
    keywords: { match: String.raw`\b(${KEYWORDS.join("|")})\b`, name: "keyword.other.$1.nnspec" },
    // Functions of formulas: init formulas, custom activations, backward equations, scalar models' costs.
    "formula-functions": {
      match: String.raw`\b(?:${formulaFunctions.join("|")})\b(?=\s*\()`,
      name: "support.function.math.nnspec",
    },
    "formula-names": {
      patterns: [
        { match: String.raw`\b(?:fan_in|fan_out)\b`, name: "variable.language.fan.nnspec" },
        { match: String.raw`\b(?:pi|e)\b`, name: "constant.language.math.nnspec" },
      ],
    },
    parens: parens([
      {
        // An argument's name: `learning_rate:`, `seed:`, `on:` (keywords are names there).
        match: String.raw`\b(${NAME})\s*(:)`,
        captures: {
          1: { name: "variable.parameter.argument.nnspec" },
          2: { name: "punctuation.separator.key-value.nnspec" },
        },
      },
      { include: "#expression" },
    ]),
    brackets: {
      name: "meta.brackets.nnspec",
      begin: String.raw`\[`,
      beginCaptures: { 0: { name: "punctuation.section.brackets.begin.nnspec" } },
      end: String.raw`\]|${END}`,
      endCaptures: { 0: { name: "punctuation.section.brackets.end.nnspec" } },
      patterns: [{ include: "#expression" }],
    },
    number: {
      patterns: [
        {
          // `1e` and `2.` (NNC1004), as the lexer's MalformedNumber sees them.
          match: String.raw`(?:\d+(?:\.\d+)?|\.\d+)[eE](?![+-]?[0-9])[+-]?|\d+\.(?![0-9])`,
          name: "invalid.illegal.number.nnspec",
        },
        { match: NUMBER, name: "constant.numeric.decimal.nnspec" },
      ],
    },
    string: {
      patterns: [
        {
          match: String.raw`(")((?:[^"\\\n]|\\.)*)(")`,
          name: "string.quoted.double.nnspec",
          captures: {
            1: { name: "punctuation.definition.string.begin.nnspec" },
            2: { patterns: [{ include: "#string-escape" }] },
            3: { name: "punctuation.definition.string.end.nnspec" },
          },
        },
        {
          // No closing quote on the line (NNC1002).
          match: String.raw`(")((?:[^"\\\n]|\\.)*\\?)$`,
          name: "string.quoted.double.nnspec invalid.illegal.unterminated-string.nnspec",
          captures: {
            1: { name: "punctuation.definition.string.begin.nnspec" },
            2: { patterns: [{ include: "#string-escape" }] },
          },
        },
      ],
    },
    "string-escape": {
      patterns: [
        { match: String.raw`\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})`, name: "constant.character.escape.nnspec" },
        { match: String.raw`\\.?`, name: "invalid.illegal.escape.nnspec" },
      ],
    },
    // `'` right after a name, `)`, `]` or another `'` is a transpose; anywhere else it opens a string (NNC1005).
    transpose: { match: String.raw`(?<=[A-Za-z0-9_)\]'])'`, name: "keyword.operator.transpose.nnspec" },
    "single-quoted-string": {
      match: String.raw`'(?:[^'\\\n]|\\.)*'?`,
      name: "string.quoted.single.nnspec invalid.illegal.single-quoted-string.nnspec",
    },
    operators: {
      patterns: [
        { match: String.raw`==|!=|<=|>=|<|>`, name: "keyword.operator.comparison.nnspec" },
        { match: String.raw`\.\*|\./`, name: "keyword.operator.arithmetic.elementwise.nnspec" },
        { match: String.raw`[-+*/^]`, name: "keyword.operator.arithmetic.nnspec" },
        { match: "=", name: "keyword.operator.assignment.nnspec" },
      ],
    },
    comma: { match: ",", name: "punctuation.separator.comma.nnspec" },
  },
};
export const grammarFile = fileURLToPath(new URL("../editors/vscode/syntaxes/nnspec.tmLanguage.json", import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(grammarFile, JSON.stringify(textmateGrammar, null, 2) + "\n");
}
