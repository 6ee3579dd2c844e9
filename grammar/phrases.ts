// The learner's words for every place the parser can get stuck. Kept apart from the mechanics
// in syntax-errors.ts so the wording can be read (and reviewed) as one text.
import { closerExpected, endOfBody, outsideTheModel, unclosedBraceNote } from "./phrases-structure.js";
import { article, keywordNames, show, type Description, type Stuck } from "./stuck.js";
import { Identifier, RCurly } from "./tokens.js";

const statements: Record<string, { what: string; example: string }> = {
  seedStatement: { what: "the `seed` statement", example: "seed 3" },
  dataStatement: {
    what: "the `data` declaration",
    example: "data train = circles(samples: 300, noise: 0.05, seed: 1)",
  },
  inputStatement: { what: "the `input` declaration", example: "input x[2]" },
  activationStatement: { what: "the `activation` definition", example: "activation swish(z) = z * sigmoid(z)" },
  denseStatement: { what: "the `dense` layer declaration", example: "dense h1[10] relu init he" },
  lossStatement: { what: "the `loss` statement", example: "loss cross_entropy" },
  regularizeStatement: { what: "the `regularize` statement", example: "regularize l2(lambda: 0.7)" },
  trainStatement: {
    what: "the `train` statement",
    example: "train gd(learning_rate: 0.01) on train for 15000 iterations, report cost every 1000",
  },
  reportStatement: { what: "the `report` statement", example: "report accuracy on train, test" },
  paramStatement: { what: "the `param` declaration", example: "param theta = 4" },
  letStatement: { what: "the `let` declaration", example: "let x = 2" },
  checkStatement: { what: "the `check` statement", example: "check gradient(epsilon: 1e-7, threshold: 2e-7)" },
  backwardBlock: { what: "the `backward` block", example: "backward { dZ3 = A3 - Y }" },
};
const modelHeader = { what: "the model's header", example: "model circles {" };
const splitExample = "data train, test = circles(samples: 400, noise: 0.05, seed: 1) split 300, 100";

export function describeStuck(stuck: Stuck): Description {
  const innermost = stuck.rules[stuck.rules.length - 1] ?? "modelFile";
  const statementRule = [...stuck.rules].reverse().find((rule) => rule in statements);
  const context = statementRule ? statements[statementRule] : modelHeader;
  const found = show(stuck.token);

  if (innermost === "modelFile") return outsideTheModel(stuck);
  if (innermost === "modelBody" && stuck.expected.includes(RCurly.name)) return endOfBody(stuck);
  const wanted = whatIsExpected(stuck, innermost, statementRule);
  if (!stuck.token) {
    return {
      code: "unexpectedEndOfFile",
      message: `the file ends in the middle of ${context.what}`,
      label: `expected ${wanted.short} here`,
      expected: statementRule
        ? `a complete statement, like \`${context.example}\``
        : "a complete model, like `model circles { ... }`",
      notes: unclosedBraceNote(stuck),
      at: "after",
    };
  }
  if (innermost === "name") return nameExpected(stuck, context, statementRule);
  if (innermost === "unary" || innermost === "atom") return valueExpected(stuck, context);

  const expected = stuck.expected[0];
  if (expected === "RBracket" || expected === "RParen") return closerExpected(stuck, innermost, context);
  if (expected === "NumberLiteral") {
    const example = statementRule === "dataStatement" ? splitExample : context.example;
    return {
      code: "numberExpected",
      message: `expected ${wanted.long} in ${context.what}, found ${found}`,
      label: "expected a whole number here",
      expected: `${wanted.example ?? "a whole number"}, like \`${example}\``,
      at: "expected",
    };
  }
  const help =
    expected === "Equals" && stuck.token.image === ":"
      ? "a data set is named with `=`: `data train = ...` (`:` is for arguments, as in `samples: 300`)"
      : expected === "Cost" && stuck.token.tokenType === Identifier
        ? `only the cost is reported during training; report '${stuck.token.image}' ` +
          `after it with \`report ${stuck.token.image} on train\``
        : stuck.token.image === "every" && statementRule === "reportStatement"
          ? "`report cost every N` belongs to the `train` statement, after a comma: " +
            "`train gd(learning_rate: 0.01) for 15000 iterations, report cost every 1000`"
          : undefined;
  return {
    code: "unexpectedToken",
    message: `expected ${wanted.long} in ${context.what}, found ${found}`,
    label: `expected ${wanted.short} here`,
    expected: `${article(context.what)} like \`${context.example}\``,
    help,
    candidates: stuck.expected.filter((name) => keywordNames.has(name)).map((name) => name.toLowerCase()),
    at: "expected",
  };
}

interface Wanted {
  /** For the message: "expected {long} in the `dense` layer declaration". */
  long: string;
  /** For the label under the caret: "expected {short} here". */
  short: string;
  /** For the `expected:` line, when it differs from the statement's example. */
  example?: string;
}

/** What the statement needed at the point it got stuck, in its own terms. */
function whatIsExpected(stuck: Stuck, innermost: string, statementRule: string | undefined): Wanted {
  const expected = stuck.expected[0];
  const previous = stuck.previous?.image;
  const units = statementRule === "inputStatement" ? "features" : "units";
  if (innermost === "name") return { long: nameWanted(stuck, statementRule), short: "a name" };
  if (innermost === "unary" || innermost === "atom") return { long: "a value", short: "a value" };
  switch (expected) {
    case "RBracket":
      return { long: "`]`", short: "`]`" };
    case "RParen":
      return { long: "`)`", short: "`)`" };
    case "NumberLiteral":
      if (statementRule === "dataStatement")
        return {
          long: "the size of each part after `split`",
          short: "a whole number",
          example: "whole numbers of examples",
        };
      if (statementRule === "seedStatement")
        return { long: "the seed", short: "a whole number", example: "a whole number" };
      if (previous === "for")
        return { long: "the number of iterations", short: "a whole number", example: "a whole number of iterations" };
      if (previous === "every")
        return {
          long: "how often to report the cost",
          short: "a whole number",
          example: "a whole number of iterations",
        };
      return {
        long: `the number of ${units}`,
        short: "a whole number",
        example: `a whole number of ${units} in brackets`,
      };
    case "LBracket":
      return { long: `the number of ${units} in brackets`, short: "`[`" };
    case "Equals":
      if (statementRule === "activationStatement")
        return { long: "`=` and the formula after the variable", short: "`=`" };
      return { long: "`=` after the data set's name", short: "`=`" };
    case "LParen":
      if (statementRule === "activationStatement")
        return { long: "the formula's variable in parentheses, as in `swish(z)`", short: "`(`" };
      return { long: "`(`", short: "`(`" };
    case "LCurly":
      return { long: "`{` after the model's name", short: "`{`" };
    case "For":
      return { long: "`for` and the number of iterations", short: "`for`" };
    case "Identifier":
      return { long: "the word `iterations` after the count", short: "`iterations`" };
    case "On":
      return { long: "`on` and the data sets", short: "`on`" };
    case "Report":
    case "Cost":
    case "Every":
      return { long: "`report cost every N` after the comma", short: "`report cost every`" };
    default: {
      const listed = [...new Set(stuck.expected.map(displayTokenName))].join(" or ");
      return { long: listed, short: listed };
    }
  }
}

const tokenNames: Record<string, string> = {
  LCurly: "`{`",
  RCurly: "`}`",
  LBracket: "`[`",
  RBracket: "`]`",
  LParen: "`(`",
  RParen: "`)`",
  Comma: "`,`",
  Colon: "`:`",
  Equals: "`=`",
  Identifier: "a name",
  NumberLiteral: "a number",
  StringLiteral: "a string",
  EOF: "the end of the file",
  Keyword: "a name",
  AdditiveOperator: "`+` or `-`",
  MultiplicativeOperator: "`*`, `/`, `.*` or `./`",
  ComparisonOperator: "a comparison",
};

function displayTokenName(name: string): string {
  return tokenNames[name] ?? (keywordNames.has(name) ? `\`${name.toLowerCase()}\`` : name);
}

function nameWanted(stuck: Stuck, statementRule: string | undefined): string {
  const occurrence = stuck.occurrences[stuck.occurrences.length - 1];
  switch (statementRule) {
    case "dataStatement":
      return "the data set's name";
    case "inputStatement":
      return "the input's name";
    case "activationStatement":
      return stuck.previous?.image === "activation" ? "the activation's name" : "the formula's variable (such as `z`)";
    case "denseStatement":
      return "the layer's name";
    case "trainStatement":
      return "the data set to train on";
    case "reportStatement":
      return occurrence === 1 ? "what to report, such as `accuracy`" : "a data set's name";
    default:
      return "the model's name";
  }
}

function nameExpected(stuck: Stuck, context: { what: string; example: string }, statementRule?: string): Description {
  const wanted = nameWanted(stuck, statementRule);
  const isModel = statementRule === undefined;
  return {
    code: isModel ? "missingModelName" : "nameExpected",
    message: isModel ? "the model has no name" : `expected ${wanted} in ${context.what}, found ${show(stuck.token)}`,
    label: isModel ? "expected the model's name here" : `expected ${wanted} here`,
    expected: isModel
      ? "a name after `model`, like `model circles {` (letters, digits and `_`, not starting with a digit)"
      : `${wanted}, like \`${context.example}\``,
    at: "after",
  };
}

function valueExpected(stuck: Stuck, context: { what: string; example: string }): Description {
  const previous = stuck.previous;
  const before = previous?.image ?? "";
  const anyValue = "a number, a name, a call like `sqrt(2)`, a list like `[x1, x2]`, a string or `( ... )`";
  const byPrevious: Record<string, [string, string]> = {
    init: ["the init scheme after `init`", "an init scheme, like `init he` or `init normal(0, 0.01)`"],
    loss: ["the loss after `loss`", "a loss, like `loss cross_entropy`"],
    regularize: ["the regularizer after `regularize`", "a regularizer, like `regularize l2(lambda: 0.7)`"],
    train: ["the optimizer after `train`", "an optimizer, like `train gd(learning_rate: 0.01) for 1000 iterations`"],
    "=": ["the data source after `=`", "a data source, like `data train = circles(samples: 300, noise: 0.05)`"],
  };
  let [what, expected] = byPrevious[before] ?? [`a value after ${show(previous)}`, anyValue];
  if (before === "=" && context.what.includes("`activation`"))
    [what, expected] = [
      "the formula after `=`",
      "a formula in the variable, like `activation swish(z) = z * sigmoid(z)`",
    ];
  let help: string | undefined;
  if (before === ":") {
    const argument = stuck.tokens[stuck.index - 2];
    [what, expected] = [
      `the value of '${argument?.image ?? "the argument"}'`,
      `a value after the colon, like \`noise: 0.05\``,
    ];
  } else if (before === "," && (stuck.token?.image === ")" || stuck.token?.image === "]")) {
    what = `another item after \`,\``;
    help = `remove the \`,\` before \`${stuck.token.image}\``;
  } else if (before === "(" || before === "[") {
    what = `a value inside \`${before}\``;
  }
  return {
    code: "valueExpected",
    message: `expected ${what} in ${context.what}, found ${show(stuck.token)}`,
    label: "expected a value here",
    expected,
    help,
    at: stuck.token?.image === ")" || stuck.token?.image === "]" || stuck.token?.image === "," ? "after" : "expected",
  };
}
