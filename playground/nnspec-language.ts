// .nnspec highlighting for CodeMirror: a stream tokenizer that reads the grammar's own tokens
// (grammar/tokens.ts, the lexer's keywords) and the compiler's vocabulary (activations, losses,
// optimizers, init schemes and data sources, from the registries), so a word the language gains
// is highlighted without touching this file.
import { defaultHighlightStyle, StreamLanguage, syntaxHighlighting, type StringStream } from "@codemirror/language";
import { allKeywords } from "../grammar/tokens.js";
import * as vocabulary from "../compiler/vocabulary.js";

const keywords = new Set(allKeywords.map((token) => String(token.PATTERN).replace(/^\/|\/$/g, "")));
const builtins = new Set(
  [
    vocabulary.activations(),
    vocabulary.losses,
    vocabulary.optimizers,
    vocabulary.initSchemes,
    vocabulary.dataSources,
    vocabulary.regularizers,
    vocabulary.checks,
    vocabulary.shuffles,
    vocabulary.decays,
  ].flatMap((table) => vocabulary.callableNames(table)),
);
const units = new Set<string>([...vocabulary.trainUnits, ...vocabulary.metrics]);

function token(stream: StringStream): string | null {
  if (stream.eatSpace()) return null;
  if (stream.match(/^#.*/)) return "comment";
  if (stream.match(/^"(?:[^"\\\r\n]|\\.)*"?/)) return "string";
  if (stream.match(/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/)) return "number";
  const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/) as RegExpMatchArray | null;
  if (word) {
    if (keywords.has(word[0])) return "keyword";
    if (builtins.has(word[0])) return "builtin";
    if (units.has(word[0])) return "atom";
    return stream.peek() === ":" ? "propertyName" : "variableName";
  }
  if (stream.match(/^(?:\.\*|\.\/|==|!=|<=|>=|[-+*/^<>=']|\.)/)) return "operator";
  if (stream.match(/^[{}[\](),:]/)) return "punctuation";
  stream.next();
  return null;
}

export const nnspecLanguage = StreamLanguage.define({
  name: "nnspec",
  token,
  languageData: { commentTokens: { line: "#" } },
});

export const nnspecHighlighting = [nnspecLanguage, syntaxHighlighting(defaultHighlightStyle)];
