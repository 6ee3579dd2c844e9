// The slips the grammar deliberately tolerates (see parser.ts), as diagnostics. to-ast.ts
// finds them while it builds the tree; the wording lives here so it reads as one text, like
// phrases.ts does for the parser's errors.
import type { IToken } from "chevrotain";
import type { Expression, Identifier, ModelDecl, Span } from "./ast.js";
import { suggest, type Diagnostic } from "../contracts/diagnostic.js";
import { tokenSpan } from "./locations.js";
import { syntaxError } from "./syntax-errors.js";
import { SyntaxCodes } from "../contracts/codes.js";

const modelExample = "a model, like `model circles { ... }`";

export function noModel(file?: string): Diagnostic {
  return syntaxError(SyntaxCodes.noModel, "this file contains no model", file, undefined, {
    expected: "a model, like `model circles { input x[2] dense out[1] sigmoid ... }`",
  });
}

/** `modle circles {` */
export function misspeltModelKeyword(word: IToken, file?: string): Diagnostic {
  const help = suggest(word.image, ["model"]) ? "did you mean 'model'?" : undefined;
  return syntaxError(
    SyntaxCodes.missingModelKeyword,
    `expected \`model\` at the start of the file, found '${word.image}'`,
    file,
    tokenSpan(word),
    {
      label: "not a keyword",
      expected: modelExample,
      ...(help ? { help } : {}),
    },
  );
}

/** `circles {` */
export function missingModelKeyword(name: Identifier, file?: string): Diagnostic {
  return syntaxError(SyntaxCodes.missingModelKeyword, "the model's header has no `model` keyword", file, name.span, {
    label: "expected `model` before the name",
    expected: modelExample,
    help: `write \`model ${name.name} {\``,
  });
}

export function secondModel(
  span: Span,
  name: Identifier | undefined,
  first: ModelDecl | undefined,
  file?: string,
): Diagnostic {
  const firstName = first?.name.name ? ` '${first.name.name}'` : "";
  return syntaxError(
    SyntaxCodes.secondModel,
    `a second model${name ? ` '${name.name}'` : ""} in the same file`,
    file,
    span,
    {
      label: "a file holds one model",
      help: "put each model in its own .nnspec file",
      notes: first ? [`the file's model${firstName} starts at line ${first.span.line}`] : undefined,
    },
  );
}

/**
 * A run of statements outside the model's braces, reported once: the fix is the same for all.
 * `closingLine` is the line of the model's `}` when the run comes after the model.
 */
export function statementsOutside(
  keywords: IToken[],
  where: "no model" | "before" | "after",
  closingLine: number | undefined,
  file?: string,
): Diagnostic {
  const words = [...new Set(keywords.map((k) => `\`${k.image}\``))];
  const listed = words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
  const them = keywords.length === 1 ? "it" : "them";
  const help =
    where === "no model"
      ? "put the statements inside a model: `model my_model { ... }`"
      : where === "after"
        ? `move ${them} inside the model, before the \`}\` at line ${closingLine}`
        : `move ${them} inside the model, after its \`{\``;
  const subject = keywords.length === 1 ? `the ${listed} statement is` : `the ${listed} statements are`;
  return syntaxError(SyntaxCodes.statementOutsideModel, `${subject} outside the model`, file, tokenSpan(keywords[0]), {
    label: "not inside `model NAME { ... }`",
    help,
  });
}

export function dataSourceNotCall(name: Identifier, source: Expression, file?: string): Diagnostic {
  return syntaxError(
    SyntaxCodes.dataSourceNotCall,
    `the data source of '${name.name}' is not a call`,
    file,
    source.span,
    {
      label: "expected a data source with its arguments",
      expected: "a call, like `data train = circles(samples: 300, noise: 0.05, seed: 1)`",
      help: source.kind === "name" ? `add its arguments: \`${source.name}(...)\`` : undefined,
    },
  );
}

/** Two items with no `,` between them; `between` names them, `example` shows them right. */
export function missingComma(span: Span, between: string, example: string, file?: string): Diagnostic {
  return syntaxError(SyntaxCodes.missingComma, `missing \`,\` between ${between}`, file, span, {
    label: "expected `,` here",
    expected: `items separated by commas, like ${example}`,
  });
}

/** `for 1000 iterations report cost every 100` */
export function missingCommaBeforeReportCost(span: Span, file?: string): Diagnostic {
  return syntaxError(SyntaxCodes.missingComma, "missing `,` before `report cost every`", file, span, {
    label: "expected `,` here",
    expected:
      "`report cost every N` joined to the `train` statement by a " +
      "comma, like `for 15000 iterations, report cost every 1000`",
  });
}

/** `for 5000 epochs batch 64`: a training option without the comma before it. */
export function missingCommaBeforeTrainOption(word: IToken, file?: string): Diagnostic {
  return syntaxError(SyntaxCodes.missingComma, `missing \`,\` before \`${word.image}\``, file, tokenSpan(word), {
    label: "expected `,` before this option",
    expected: "each training option joined by a comma, like `for 5000 epochs, batch 64, shuffle lesson(seed: 10)`",
  });
}

/** `report cost every 100 and first` */
export function unknownReportMoment(word: IToken, file?: string): Diagnostic {
  return syntaxError(
    SyntaxCodes.unknownReportMoment,
    `\`report cost every N and\` is followed by \`last\`, not '${word.image}'`,
    file,
    tokenSpan(word),
    {
      label: "expected `last`",
      expected: "`report cost every 100 and last`: the cost every 100 iterations and after the last one",
      help: suggest(word.image, ["last"]) ? "did you mean 'last'?" : undefined,
    },
  );
}

/** `samples = 300` */
export function equalsInArgument(equals: IToken, name: Identifier, value: Expression, file?: string): Diagnostic {
  return syntaxError(
    SyntaxCodes.equalsInArgument,
    "an argument is written `name: value`, not `name = value`",
    file,
    tokenSpan(equals),
    {
      label: "expected `:` here",
      help: `write \`${name.name}: ${value.text}\``,
    },
  );
}

/** `"C:\Users\..."`: `index` is the backslash's position within the string token. */
export function invalidEscape(token: IToken, index: number, sequence: string, file?: string): Diagnostic {
  const line = token.startLine ?? 1;
  const column = (token.startColumn ?? 1) + index;
  const asPath = token.image.slice(1, -1).replace(/\\/g, "/");
  return syntaxError(
    SyntaxCodes.invalidEscape,
    `unknown escape \`${sequence}\` in a string`,
    file,
    { line, column, endLine: line, endColumn: column + sequence.length - 1 },
    {
      label: "not an escape sequence",
      expected: 'one of `\\"` `\\\\` `\\/` `\\b` `\\f` `\\n` `\\r` `\\t` `\\uXXXX`',
      help:
        `in a file path, use \`/\` (it works on Windows too): ` +
        `\`"${asPath}"\`; for a backslash itself, write \`\\\\\``,
    },
  );
}

/** `data train, test = circles(...) spilt 300, 100`: the word on the source's line that should be `split`. */
export function misspeltSplit(word: Identifier, file?: string): Diagnostic {
  return syntaxError(
    SyntaxCodes.unexpectedToken,
    `expected \`split\` after the data source, found '${word.name}'`,
    file,
    word.span,
    {
      label: "not `split`",
      expected: "the end of the statement, or `split` and the sizes of the parts, like `split 300, 100`",
      ...(suggest(word.name, ["split"]) ? { help: "did you mean 'split'?" } : {}),
    },
  );
}
