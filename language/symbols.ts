// The names a model defines and every place it uses them: layers, the input, custom activations,
// data sets, a scalar model's params and lets, and the gradients of a backward block. Definition,
// references, rename, highlighting and semantic tokens all read this one index, built from the
// syntax tree the parser recovered, so it works on half-written files too.
import type { Expression, Identifier, ModelFile, Span, Statement } from "../grammar/ast.js";
import type { Position } from "./types.js";
import { spanContains } from "./positions.js";

export type NameKind = "model" | "input" | "layer" | "activation" | "data" | "param" | "let" | "gradient";

export interface NameSymbol {
  name: string;
  kind: NameKind;
  /** The identifier where it is defined. */
  definition: Span;
  /** The statement that defines it. */
  statement?: Statement;
  /** Every use of it, definition excluded, in source order. */
  references: Span[];
}

export interface SymbolIndex {
  symbols: NameSymbol[];
  /** The symbol whose definition or a reference is at the position, and that occurrence's span. */
  at(position: Position): { symbol: NameSymbol; span: Span } | undefined;
}

/** Which kinds a name may mean where it is written, most likely first. */
type Context = readonly NameKind[];
const anyName: Context = ["layer", "data", "param", "let", "gradient", "input", "activation"];
const activationPlace: Context = ["activation"];
const dataPlace: Context = ["data"];
const formulaPlace: Context = ["param", "let", "gradient"];

export function indexSymbols(ast: ModelFile | undefined): SymbolIndex {
  const symbols: NameSymbol[] = [];
  if (!ast) return { symbols, at: () => undefined };
  const define = (id: Identifier, kind: NameKind, statement?: Statement) => {
    if (!id.name) return;
    // A second definition of a name is an error the compiler reports; it is still a place to find.
    symbols.push({ name: id.name, kind, definition: id.span, statement, references: [] });
  };
  const model = ast.model;
  define(model.name, "model");
  for (const s of model.statements) {
    if (s.kind === "input" || s.kind === "param" || s.kind === "let") define(s.name, s.kind, s);
    else if (s.kind === "dense") define(s.name, "layer", s);
    else if (s.kind === "activation") define(s.name, "activation", s);
    else if (s.kind === "data") for (const name of s.names) define(name, "data", s);
    else if (s.kind === "backward") for (const e of s.equations) define(e.name, "gradient", s);
  }
  const refer = (name: string, span: Span, context: Context) => {
    for (const kind of context) {
      const symbol = symbols.find((x) => x.kind === kind && x.name === name);
      if (symbol) {
        if (symbol.definition !== span) symbol.references.push(span);
        return;
      }
    }
  };
  const walk = (e: Expression | undefined, context: Context): void => {
    if (!e) return;
    switch (e.kind) {
      case "name":
        return refer(e.name, e.span, context);
      case "call":
        if (context === activationPlace) refer(e.callee.name, e.callee.span, context);
        for (const a of e.args) walk(a.value, a.name?.name === "on" ? ["layer", "data"] : anyName);
        return;
      case "unary":
      case "transpose":
        return walk(e.operand, context);
      case "binary":
        walk(e.left, context);
        return walk(e.right, context);
      case "list":
        for (const item of e.items) walk(item, context);
        return;
      default:
        return;
    }
  };
  for (const s of model.statements) {
    switch (s.kind) {
      case "dense":
        walk(s.activation, activationPlace);
        break;
      case "regularize":
        walk(s.regularizer, anyName);
        break;
      case "train":
        if (s.data) refer(s.data.name, s.data.span, dataPlace);
        break;
      case "report":
        for (const d of s.datasets) refer(d.name, d.span, dataPlace);
        break;
      case "param":
      case "let":
        walk(s.value, formulaPlace);
        break;
      case "loss":
        if (s.name) walk(s.loss, formulaPlace);
        break;
      case "backward":
        for (const e of s.equations) walk(e.value, formulaPlace);
        break;
      default:
        // Data sources name columns and datasets of files, init formulas fan_in: not the model's names.
        break;
    }
  }
  return {
    symbols,
    at(position) {
      for (const symbol of symbols) {
        if (spanContains(symbol.definition, position)) return { symbol, span: symbol.definition };
        const span = symbol.references.find((r) => spanContains(r, position));
        if (span) return { symbol, span };
      }
      return undefined;
    },
  };
}
