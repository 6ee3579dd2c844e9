// Semantic tokens: the lexer's own tokens (the grammar's, never a second tokenizer) classified
// with what the analysis knows: a name is a layer, a data set, a custom activation... as the
// model defines it, and a built-in word of the vocabulary is marked as the library's. Comments,
// which the lexer skips, are found in the gaps between tokens. LSP's relative encoding.
import { analyze, type TextDocumentLike } from "./analysis.js";
import type { NameKind } from "./symbols.js";
import type { SemanticTokens } from "./types.js";
import { wordTables } from "./words.js";
import { trainUnits } from "../compiler/vocabulary.js";
import { trainOptionWords } from "../grammar/tokens.js";

export const tokenLegend = {
  tokenTypes: [
    "keyword",
    "number",
    "string",
    "comment",
    "variable",
    "function",
    "class",
    "parameter",
    "property",
    "operator",
    "namespace",
  ],
  tokenModifiers: ["declaration", "defaultLibrary"],
} as const;

type TokenType = (typeof tokenLegend.tokenTypes)[number];
const typeIndex = (t: TokenType) => tokenLegend.tokenTypes.indexOf(t);
const DECLARATION = 1;
const DEFAULT_LIBRARY = 2;

const nameTypes: Record<NameKind, TokenType> = {
  model: "namespace",
  input: "parameter",
  layer: "class",
  activation: "function",
  data: "variable",
  param: "parameter",
  let: "variable",
  gradient: "variable",
};

let builtIns: Set<string> | undefined;
/** Every built-in word, read once (the registry is complete once the runtime has loaded). */
function builtInWords(): Set<string> {
  builtIns ??= new Set(
    Object.values(wordTables).flatMap((table) => table().flatMap((c) => [c.name, ...(c.aliases ?? [])])),
  );
  return builtIns;
}
const contextualKeywords = new Set<string>([...trainUnits, ...trainOptionWords, "split", "and", "last"]);

interface Classified {
  line: number;
  character: number;
  length: number;
  type: number;
  modifiers: number;
}

export function semanticTokens(document: TextDocumentLike): SemanticTokens {
  const analysis = analyze(document);
  const found: Classified[] = [];
  const byStart = new Map<string, { kind: NameKind; declaration: boolean }>();
  for (const s of analysis.symbols.symbols) {
    byStart.set(`${s.definition.line}:${s.definition.column}`, { kind: s.kind, declaration: true });
    for (const r of s.references) byStart.set(`${r.line}:${r.column}`, { kind: s.kind, declaration: false });
  }
  const tokens = analysis.tokens;
  let previousEnd = 0;
  const comments = (from: number, to: number) => {
    const gap = analysis.text.slice(from, to);
    for (const match of gap.matchAll(/#[^\r\n]*/g)) {
      const position = analysis.positionAt(from + match.index!);
      found.push({ ...position, length: match[0].length, type: typeIndex("comment"), modifiers: 0 });
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    comments(previousEnd, t.startOffset);
    previousEnd = t.endOffset! + 1;
    const at = { line: t.startLine! - 1, character: t.startColumn! - 1, length: t.image.length };
    const name = t.tokenType.name;
    const keyword = t.tokenType.CATEGORIES?.some((c) => c.name === "Keyword");
    const symbol = byStart.get(`${t.startLine}:${t.startColumn}`);
    let type: TokenType | undefined;
    let modifiers = 0;
    if (symbol && (name === "Identifier" || keyword)) {
      type = nameTypes[symbol.kind];
      if (symbol.declaration) modifiers |= DECLARATION;
    } else if (keyword) type = "keyword";
    else if (name === "NumberLiteral") type = "number";
    else if (name === "StringLiteral") type = "string";
    else if (name === "Identifier") {
      if (tokens[i + 1]?.image === ":") type = "property";
      else if (builtInWords().has(t.image)) {
        type = "function";
        modifiers |= DEFAULT_LIBRARY;
      } else if (contextualKeywords.has(t.image)) type = "keyword";
    } else if (/^[-+*/^=<>!.']/.test(t.image)) type = "operator";
    if (type) found.push({ ...at, type: typeIndex(type), modifiers });
  }
  comments(previousEnd, analysis.text.length);
  found.sort((a, b) => a.line - b.line || a.character - b.character);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const f of found) {
    data.push(f.line - line, f.line === line ? f.character - character : f.character, f.length, f.type, f.modifiers);
    line = f.line;
    character = f.character;
  }
  return { data };
}
