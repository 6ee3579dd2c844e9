// What the word under the cursor is: a built-in word of the language (an activation, init scheme,
// data source, loss, optimizer, regularizer, check, shuffle, decay), an argument's name, or a
// keyword, found from the statement around it in the recovered syntax tree. Hover reads it; the
// tables are the compiler's vocabulary (compiler/vocabulary.ts), the one list of every word.
import type { Argument, Expression, Identifier, Span, Statement } from "../grammar/ast.js";
import {
  activations,
  checks,
  dataSources,
  decays,
  initSchemes,
  losses,
  optimizers,
  regularizers,
  shuffles,
  splitOrders,
  findCallable,
  type Callable,
  type ParamSpec,
} from "../compiler/vocabulary.js";
import type { Analysis } from "./analysis.js";
import { spanContains } from "./positions.js";
import type { Position } from "./types.js";

export type WordKind =
  | "activation"
  | "init"
  | "data source"
  | "split order"
  | "loss"
  | "regularizer"
  | "optimizer"
  | "check"
  | "shuffle"
  | "decay";

export const wordTables: Record<WordKind, () => readonly Callable[]> = {
  activation: activations,
  init: () => initSchemes,
  "data source": () => dataSources,
  "split order": () => splitOrders,
  loss: () => losses,
  regularizer: () => regularizers,
  optimizer: () => optimizers,
  check: () => checks,
  shuffle: () => shuffles,
  decay: () => decays,
};

export const batchOption: ParamSpec = {
  name: "batch",
  type: "integer",
  required: true,
  min: 1,
  doc: "examples per mini-batch (with `for N epochs`)",
};

export type WordAt =
  | { kind: "word"; what: WordKind; name: string; callable?: Callable; span: Span; statement: Statement }
  | { kind: "argument"; what: WordKind; owner: Callable; param?: ParamSpec; name: string; span: Span }
  | { kind: "option"; name: string; span: Span }
  | { kind: "keyword"; word: string; span: Span };

/** The word at a position in one of the places a built-in word goes, or a keyword. */
export function wordAt(analysis: Analysis, position: Position): WordAt | undefined {
  const statement = analysis.result.ast?.model.statements.find((s) => spanContains(s.span, position));
  if (statement) {
    for (const [what, e] of placesOf(statement)) {
      const found = inExpression(e, what, statement, position);
      if (found) return found;
    }
    if (statement.kind === "train") {
      const option = statement.options?.find((o) => spanContains(o.name.span, position));
      if (option) return { kind: "option", name: option.name.name, span: option.name.span };
    }
  }
  const token = analysis.tokens.find(
    (t) =>
      t.tokenType.CATEGORIES?.some((c) => c.name === "Keyword") &&
      spanContains(
        { line: t.startLine!, column: t.startColumn!, endLine: t.endLine!, endColumn: t.endColumn! },
        position,
      ),
  );
  if (token) {
    const span = {
      line: token.startLine!,
      column: token.startColumn!,
      endLine: token.endLine!,
      endColumn: token.endColumn!,
    };
    return { kind: "keyword", word: token.image, span };
  }
  return undefined;
}

/** The expressions of a statement that hold a built-in word, and which kind of word. */
function placesOf(s: Statement): [WordKind, Expression][] {
  const places: [WordKind, Expression | undefined][] = [];
  switch (s.kind) {
    case "dense":
      places.push(["activation", s.activation], ["init", s.init], ["init", s.bias]);
      break;
    case "data":
      places.push(["data source", s.source], ["split order", s.split?.order]);
      break;
    case "loss":
      if (!s.name) places.push(["loss", s.loss]);
      break;
    case "regularize":
      places.push(["regularizer", s.regularizer]);
      break;
    case "train":
      places.push(["optimizer", s.optimizer]);
      for (const o of s.options ?? []) {
        if (o.name.name === "shuffle" || o.name.name === "decay") places.push([o.name.name, o.value]);
      }
      break;
    case "check":
      places.push(["check", s.check]);
      break;
  }
  return places.filter((p): p is [WordKind, Expression] => p[1] !== undefined);
}

function inExpression(e: Expression, what: WordKind, statement: Statement, position: Position): WordAt | undefined {
  if (!spanContains(e.span, position)) return undefined;
  const word = (id: Identifier | (Expression & { kind: "name" })): WordAt => ({
    kind: "word",
    what,
    name: id.name,
    callable: findCallable(wordTables[what](), id.name),
    span: id.span,
    statement,
  });
  if (e.kind === "name") return word(e);
  if (e.kind !== "call") return undefined;
  if (spanContains(e.callee.span, position)) return word(e.callee);
  const owner = findCallable(wordTables[what](), e.callee.name);
  const argument = e.args.find((a: Argument) => a.name && spanContains(a.name.span, position));
  if (argument?.name && owner) {
    const param = owner.params.find((p) => p.name === argument.name!.name);
    return { kind: "argument", what, owner, param, name: argument.name.name, span: argument.name.span };
  }
  return undefined;
}

/** `number in (0, 1]`, `integer ≥ 1`, `"naive" or "stable"`: a parameter's type and range. */
export function describeRange(p: ParamSpec): string {
  if (p.values) return p.values.map((v) => JSON.stringify(v)).join(" or ");
  const low = p.min !== undefined ? `${p.minExclusive ? "(" : "["}${p.min}` : undefined;
  const high = p.max !== undefined ? `${p.max}${p.maxExclusive ? ")" : "]"}` : undefined;
  const range =
    low && high
      ? ` in ${low}, ${high}`
      : low
        ? ` ${p.minExclusive ? ">" : "≥"} ${p.min}`
        : high
          ? ` ${p.maxExclusive ? "<" : "≤"} ${p.max}`
          : "";
  const limit = p.limit !== undefined ? ` (at most ${p.limit})` : "";
  const fallback = p.default !== undefined ? `, default ${p.default}` : p.required ? ", required" : ", optional";
  return `${p.type}${range}${limit}${fallback}`;
}
