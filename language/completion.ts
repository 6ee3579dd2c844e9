// Completion that knows where the cursor is. The context is read from the tokens before the
// cursor, not from the syntax tree: a statement being typed is exactly what the parser cannot
// read yet. Statements begin with their keyword (newlines are plain whitespace), so the tokens
// from the last statement keyword at bracket depth 0 say which statement this is and how far it got.
import type { IToken } from "chevrotain";
import { earlyStopMetrics, metrics, trainUnits, type Callable, type ParamSpec } from "../compiler/vocabulary.js";
import { ACTIVATION_FUNCTIONS, initFormulaScope } from "../runtime/expr.js";
import { statementKeywords } from "../grammar/tokens.js";
import { analyze, type Analysis, type TextDocumentLike } from "./analysis.js";
import { statementReference } from "./reference.js";
import { CompletionKind, type CompletionItem, type Position, type Range } from "./types.js";
import { batchOption, describeRange, wordTables, type WordKind } from "./words.js";
import type { NameKind } from "./symbols.js";

const statementWords = new Set(statementKeywords.map((k) => k.name.toLowerCase()));

export function completion(document: TextDocumentLike, position: Position): CompletionItem[] {
  const analysis = analyze(document);
  const offset = analysis.offsetAt(position);
  // The word being typed is not context: `init h|` completes like `init |`.
  const before = analysis.tokens.filter((t) => t.endOffset! < offset);
  const last = before[before.length - 1];
  const typing = last && last.endOffset! + 1 === offset && /^[A-Za-z_]/.test(last.image);
  const context = typing ? before.slice(0, -1) : before;
  const lineStart = analysis.text.lastIndexOf("\n", offset - 1) + 1;
  const wordStart = typing ? last.startOffset : offset;
  if (/^\s*$/.test(analysis.text.slice(lineStart, wordStart))) {
    const inModel = context.some((t) => t.image === "{");
    if (inModel && !insideParentheses(context)) return keywordItems();
    if (!inModel) return [keywordItem("model", "model ${1:name} {\n  $0\n}")];
  }
  let start = context.length;
  let depth = 0;
  while (start > 0) {
    const t = context[start - 1];
    if (t.image === ")" || t.image === "]") depth++;
    else if (t.image === "(" || t.image === "[") depth--;
    if (depth <= 0 && (statementWords.has(t.image) || t.image === "{" || t.image === "}")) break;
    start--;
  }
  const keyword = context[start - 1]?.image;
  const rest = context.slice(start);
  if (!keyword || !statementWords.has(keyword)) return [];
  return statementCompletion(keyword, rest, analysis);
}

function statementCompletion(keyword: string, rest: IToken[], analysis: Analysis): CompletionItem[] {
  if (keyword === "activation") return activationFormula(rest.map((t) => t.image));
  const open = openCall(rest);
  if (open) return insideCall(keyword, open, rest, analysis);
  const images = rest.map((t) => t.image);
  const lastWord = images[images.length - 1];
  switch (keyword) {
    case "dense":
      if (lastWord === "init" || lastWord === "bias") return unique([...words("init"), ...formulaItems()]);
      if (lastWord === "]") return [...words("activation"), ...names(analysis, "activation", "custom activation")];
      if (images.includes("]") && !images.includes("init")) return [keywordItem("init"), keywordItem("bias")];
      return [];
    case "data":
      if (lastWord === "=") return words("data source", true);
      if (lastWord === ")") return [keywordItem("split", "split ${1:300}, ${2:100}")];
      return [];
    case "loss":
      return images.length === 0 ? words("loss") : [];
    case "regularize":
      return images.length === 0 ? words("regularizer", true) : [];
    case "check":
      return images.length === 0 ? words("check", true) : [];
    case "report":
      if (images.length === 0) return metrics.map((m) => item(m, CompletionKind.Value, "metric"));
      return lastWord === "on" || lastWord === "," ? names(analysis, "data", "data set") : [];
    case "train":
      return trainCompletion(images, analysis);
    default:
      return [];
  }
}

function trainCompletion(images: string[], analysis: Analysis): CompletionItem[] {
  const lastWord = images[images.length - 1];
  if (images.length === 0) return words("optimizer", true);
  if (lastWord === "on" || (lastWord === "," && images.includes("on") && !images.includes("for"))) {
    return names(analysis, "data", "data set");
  }
  if (lastWord === "shuffle") return words("shuffle");
  if (lastWord === "decay") return words("decay", true);
  if (images[images.length - 2] === "for" && /^\d/.test(lastWord)) {
    return trainUnits.map((u) => item(u, CompletionKind.Keyword, "training unit"));
  }
  if (lastWord === ")" && !images.includes("for"))
    return [keywordItem("on"), keywordItem("for", "for ${1:1000} iterations")];
  if (lastWord === ",") {
    return [
      keywordItem("report", "report cost every ${1:100}"),
      item("batch", CompletionKind.Property, describeRange(batchOption), batchOption.doc, "batch ${1:64}"),
      item("shuffle", CompletionKind.Property, "how examples are ordered each epoch"),
      item("decay", CompletionKind.Property, "how the learning rate decays"),
    ];
  }
  return [];
}

interface OpenCall {
  callee?: string;
  /** The argument whose value is being written, when the cursor is after `name:`. */
  argument?: string;
  /** Inside `[` of that argument's list. */
  inList: boolean;
  /** The words before the call in the statement (to tell `init` from an activation). */
  before: string[];
}

/** The innermost unclosed `(` of the statement, and where in it the cursor is. */
function openCall(rest: IToken[]): OpenCall | undefined {
  const stack: number[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i].image === "(" || rest[i].image === "[") stack.push(i);
    else if ((rest[i].image === ")" || rest[i].image === "]") && stack.length) stack.pop();
  }
  const parens = stack.filter((i) => rest[i].image === "(");
  if (!parens.length) return undefined;
  const at = parens[parens.length - 1];
  const inList = rest[stack[stack.length - 1]].image === "[";
  let argument: string | undefined;
  for (let i = rest.length - 1; i > at; i--) {
    if (rest[i].image === "," && !(inList && i > stack[stack.length - 1])) break;
    if (rest[i].image === ":" && i - 1 > at) {
      argument = rest[i - 1].image;
      break;
    }
  }
  return { callee: rest[at - 1]?.image, argument, inList, before: rest.slice(0, at).map((t) => t.image) };
}

function insideCall(keyword: string, open: OpenCall, rest: IToken[], analysis: Analysis): CompletionItem[] {
  const what = callKind(keyword, open);
  if (open.argument) {
    if (open.argument === "on") {
      return open.inList ? names(analysis, "layer", "layer") : names(analysis, "data", "data set");
    }
    if (open.argument === "metric") return earlyStopMetrics.map((m) => item(m, CompletionKind.Value, "metric"));
    return [];
  }
  if (!what || !open.callee) return [];
  const callable = wordTables[what]().find((c) => c.name === open.callee || c.aliases?.includes(open.callee!));
  if (!callable) return [];
  const given = new Set(rest.filter((t, i) => rest[i + 1]?.image === ":").map((t) => t.image));
  return callable.params.filter((p) => !given.has(p.name)).map((p) => argumentItem(p));
}

function callKind(keyword: string, open: OpenCall): WordKind | undefined {
  const previous = open.before[open.before.length - 2];
  switch (keyword) {
    case "dense":
      return open.before.includes("init") || open.before.includes("bias") ? "init" : "activation";
    case "data":
      return previous === "split" || open.before.includes("split") ? "split order" : "data source";
    case "loss":
      return "loss";
    case "regularize":
      return "regularizer";
    case "check":
      return "check";
    case "train":
      return previous === "shuffle" ? "shuffle" : previous === "decay" ? "decay" : "optimizer";
    default:
      return undefined;
  }
}

function argumentItem(p: ParamSpec): CompletionItem {
  const placeholder = p.type === "string" ? '"$1"' : p.type === "layers" || p.type === "names" ? "[$1]" : "$1";
  const sort = p.required ? "0" : "1";
  return {
    ...item(p.name, CompletionKind.Field, describeRange(p), p.doc, `${p.name}: ${placeholder}`),
    sortText: `${sort}${p.name}`,
  };
}

function words(kind: WordKind, snippets = false): CompletionItem[] {
  return wordTables[kind]().flatMap((c) => {
    const insert = snippets && c.params.some((p) => p.required) ? callSnippet(c) : undefined;
    return [c.name, ...(c.aliases ?? [])].map((name) =>
      item(name, CompletionKind.Function, kind, c.doc, insert && name === c.name ? insert : undefined),
    );
  });
}

/** `circles(samples: ${1:300}, noise: ${2:0.05})`: the required arguments as placeholders. */
export function callSnippet(c: Callable): string {
  const required = c.params.filter((p) => p.required);
  const value = (p: ParamSpec, i: number) => {
    const example = p.default ?? exampleValues[p.name] ?? (p.min !== undefined ? p.min : p.name);
    if (p.type === "string") return `"\${${i + 1}:${example}}"`;
    if (p.type === "layers" || p.type === "names") return `[\${${i + 1}:${example}}]`;
    return `\${${i + 1}:${example}}`;
  };
  return `${c.name}(${required.map((p, i) => `${p.name}: ${value(p, i)}`).join(", ")})`;
}

const exampleValues: Record<string, string | number> = {
  samples: 300,
  noise: 0.05,
  centers: 3,
  features: "x1, x2",
  file: "data/file.csv",
  label: "y",
  learning_rate: 0.01,
  lambda: 0.7,
  keep: 0.86,
  scale: 0.01,
  on: "h1",
  patience: 3,
};

/** In `activation NAME(z) = ...`: the functions a custom activation may call, its variable, e and pi. */
function activationFormula(images: string[]): CompletionItem[] {
  const equals = images.indexOf("=");
  if (equals < 0) return [];
  const variable = images[images.indexOf("(") + 1];
  return [
    ...ACTIVATION_FUNCTIONS.map((f) => item(f, CompletionKind.Function, "formula function", undefined, `${f}($1)`)),
    ...(variable && /^[A-Za-z_]/.test(variable) ? [item(variable, CompletionKind.Variable, "the variable")] : []),
    item("e", CompletionKind.Constant, "constant"),
    item("pi", CompletionKind.Constant, "constant"),
  ];
}

function formulaItems(): CompletionItem[] {
  const { variables, functions } = initFormulaScope();
  return [
    ...functions.map((f) => item(f, CompletionKind.Function, "init formula function", undefined, `${f}($1)`)),
    ...variables.map((v) => item(v, CompletionKind.Variable, "init formula variable")),
  ];
}

function names(analysis: Analysis, kind: NameKind, detail: string): CompletionItem[] {
  return analysis.symbols.symbols
    .filter((s) => s.kind === kind)
    .map((s) => item(s.name, kind === "layer" ? CompletionKind.Class : CompletionKind.Variable, detail));
}

function keywordItems(): CompletionItem[] {
  return statementKeywords.map((k) => k.name.toLowerCase()).map((word) => keywordItem(word));
}

function keywordItem(word: string, snippet?: string): CompletionItem {
  const docs = statementReference[word];
  return item(word, CompletionKind.Keyword, "keyword", docs, snippet);
}

function item(
  label: string,
  kind: CompletionItem["kind"],
  detail?: string,
  docs?: string,
  snippet?: string,
): CompletionItem {
  return {
    label,
    kind,
    ...(detail ? { detail } : {}),
    ...(docs ? { documentation: { kind: "markdown" as const, value: docs } } : {}),
    ...(snippet ? { insertText: snippet, insertTextFormat: 2 as const } : {}),
  };
}

function insideParentheses(tokens: IToken[]): boolean {
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const image = tokens[i].image;
    if (image === ")" || image === "]") depth++;
    else if (image === "(" || image === "[") {
      if (depth === 0) return true;
      depth--;
    } else if (image === "{" || statementWords.has(image)) return false;
  }
  return false;
}

/** The first item of each label: `uniform` is a scheme and a formula's draw, offered once. */
function unique(items: CompletionItem[]): CompletionItem[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.label) && seen.add(i.label));
}

/**
 * The range of the word being typed at the position (empty when none): what a completion
 * replaces. LSP clients find it themselves; CodeMirror's completion source returns its start.
 */
export function completionWordRange(document: TextDocumentLike, position: Position): Range {
  const analysis = analyze(document);
  const offset = analysis.offsetAt(position);
  const before = analysis.text.slice(0, offset).match(/[A-Za-z_][A-Za-z0-9_]*$/);
  const start = before ? offset - before[0].length : offset;
  return { start: analysis.positionAt(start), end: position };
}
