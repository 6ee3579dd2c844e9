// The syntax codes (NNC1xxx) explained: what the grammar could not read, an example and its fix.
// Form and testing: explanation-format.ts.
import type { SyntaxCode } from "./codes.js";
import type { Explanation } from "./explanation-format.js";

const csvLine = (file: string) => `data train = csv(file: ${file}, features: [x1, x2], label: y)`;
const football = '"data/football.csv"';

export const syntaxExplanations = {
  NNC1001: {
    summary: "A character that is not part of the language (a stray symbol, an invisible or typographic character).",
    form: "model",
    mistake: "dense h1[10] relu init he;",
    fix: "dense h1[10] relu init he",
  },
  NNC1002: {
    summary: 'A string has no closing `"` on its line.',
    form: "model",
    mistake: csvLine('"data/football.csv'),
    fix: csvLine(football),
  },
  NNC1003: {
    summary: "The file is not UTF-8 text (a binary file, or text saved in another encoding).",
    form: "code",
    mistake: 'compile(readFileSync("examples/data/football.mat", "utf8"), "football.mat")',
    fix: 'compile(readFileSync("examples/football-csv.nnspec", "utf8"), "football-csv.nnspec")',
  },
  NNC1004: {
    summary: "A number is cut short: `1e` without exponent digits, `2.` without decimals.",
    form: "model",
    mistake: "train gd(learning_rate: 1e) on train for 1000 iterations",
    fix: "train gd(learning_rate: 1e-2) on train for 1000 iterations",
  },
  NNC1005: {
    summary: "A string in single quotes; strings use double quotes.",
    form: "model",
    mistake: csvLine("'data/football.csv'"),
    fix: csvLine(football),
  },
  NNC1006: {
    summary: "An unknown escape sequence in a string, such as `\\q`.",
    form: "model",
    mistake: csvLine('"C:\\Users\\ada\\nnc\\data\\football.csv"'),
    fix: csvLine(football),
  },
  NNC1101: {
    summary: "A word that does not start a statement, usually a misspelt keyword such as `dnese`.",
    form: "model",
    mistake: "dnese h1[10] relu init he",
    fix: "dense h1[10] relu init he",
  },
  NNC1102: {
    summary: "The model's `{` is never closed by a `}`.",
    form: "file",
    mistake: "model tiny {\n  input x[2]\n  dense out[1] sigmoid\n",
    fix: "model tiny {\n  input x[2]\n  dense out[1] sigmoid\n}\n",
  },
  NNC1103: {
    summary: "A `]` is missing.",
    form: "model",
    mistake: "dense h1[10 relu init he",
    fix: "dense h1[10] relu init he",
  },
  NNC1104: {
    summary: "A `)` is missing.",
    form: "model",
    mistake: "dense h1[10] relu init normal(0, sqrt(2 / fan_in)",
    fix: "dense h1[10] relu init normal(0, sqrt(2 / fan_in))",
  },
  NNC1105: {
    summary: "Something other than what the statement needs at this point.",
    form: "model",
    mistake: "data train: circles(samples: 300, noise: 0.05, seed: 1)",
    fix: "data train = circles(samples: 300, noise: 0.05, seed: 1)",
  },
  NNC1106: {
    summary: "`model` is not followed by the model's name.",
    form: "file",
    mistake: "model {\n  input x[2]\n}\n",
    fix: "model tiny {\n  input x[2]\n}\n",
  },
  NNC1107: {
    summary: "An argument written `name = value` instead of `name: value`.",
    form: "model",
    mistake: "data train = circles(samples = 300, noise: 0.05, seed: 1)",
    fix: "data train = circles(samples: 300, noise: 0.05, seed: 1)",
  },
  NNC1108: {
    summary: "Two items of a list, arguments, data sets or training options without a `,` between them.",
    form: "model",
    mistake: "report accuracy on train test",
    fix: "report accuracy on train, test",
  },
  NNC1109: {
    summary: "A number was expected (a seed, a number of units, of iterations).",
    form: "model",
    mistake: "dense h1[ten] relu init he",
    fix: "dense h1[10] relu init he",
  },
  NNC1110: {
    summary: "The file ends in the middle of a statement.",
    form: "file",
    mistake: "model tiny {\n  input x[2]\n  dense out[1] sigmoid init normal(0,\n",
    fix: "model tiny {\n  input x[2]\n  dense out[1] sigmoid init normal(0, 0.01)\n}\n",
  },
  NNC1111: {
    summary: "Text after the model's closing `}`.",
    form: "file",
    mistake: "model tiny {\n  input x[2]\n}\nend of model\n",
    fix: "model tiny {\n  input x[2]\n}\n# end of model\n",
  },
  NNC1112: {
    summary: "A second model in the file; a file holds one model.",
    form: "file",
    mistake: "model he {\n  input x[2]\n}\n\nmodel zeros {\n  input x[2]\n}\n",
    fix: "model he {\n  input x[2]\n}\n",
  },
  NNC1113: {
    summary: "A statement outside the model's braces.",
    form: "file",
    mistake: "model tiny {\n  input x[2]\n}\ndense out[1] sigmoid\n",
    fix: "model tiny {\n  input x[2]\n  dense out[1] sigmoid\n}\n",
  },
  NNC1114: {
    summary: "The file does not start with the `model` keyword (missing or misspelt).",
    form: "file",
    mistake: "modle tiny {\n  input x[2]\n}\n",
    fix: "model tiny {\n  input x[2]\n}\n",
  },
  NNC1115: {
    summary: "A value (number, name, call, list, string or parenthesised expression) was expected.",
    form: "model",
    mistake: "dense h1[10] relu init normal(0, )",
    fix: "dense h1[10] relu init normal(0, 0.01)",
  },
  NNC1116: {
    summary: "The file contains no model.",
    form: "file",
    mistake: "# the initialization lesson, to be written\n",
    fix: "model tiny {\n  input x[2]\n}\n",
  },
  NNC1117: {
    summary: "A name was expected (of a layer, a data set, a metric).",
    form: "model",
    mistake: "dense [5] relu init he",
    fix: "dense h2[5] relu init he",
  },
  NNC1118: {
    summary: "A data source that is not a call, such as `data train = circles`.",
    form: "model",
    mistake: "data train = circles",
    fix: "data train = circles(samples: 300, noise: 0.05, seed: 1)",
  },
  // The grammar's nesting limit (grammar/nesting.ts).
  NNC1119: {
    summary:
      "An expression nested more than 64 levels deep (parentheses, lists, calls, signs and operators each count).",
    form: "model",
    mistake: `dense h1[10] relu init normal(0, ${"(".repeat(70)}0.01${")".repeat(70)})`,
    fix: "dense h1[10] relu init normal(0, 0.01)",
  },
  NNC1120: {
    summary: "A file of more than 250 000 tokens (words, numbers and symbols; comments and blanks do not count).",
    form: "code",
    mistake: 'compile(`model big { let x = [${"1, ".repeat(300000)}1] }`, "big.nnspec")',
    fix: 'compile(readFileSync("examples/football-csv.nnspec", "utf8"), "football-csv.nnspec")',
  },
  NNC1300: {
    summary: "A word other than `last` after `report cost every N and`.",
    form: "model",
    mistake: "train gd(learning_rate: 0.01) on train for 1000 iterations, report cost every 100 and final",
    fix: "train gd(learning_rate: 0.01) on train for 1000 iterations, report cost every 100 and last",
  },
  NNC1900: {
    summary: "The parser itself failed: a bug in nnc, reported instead of a crash.",
    form: "command",
    mistake: "nnc lint model.nnspec",
    fix: "nnc lint model.nnspec 2> bug.txt",
  },
} satisfies Record<SyntaxCode, Explanation>;
