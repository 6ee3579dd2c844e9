// The document's structure: the outline (model, data, input, activations, layers, training),
// folding of blocks, multi-line statements and comment runs, and an inlay hint after each layer
// with its weights' shape (`W 10×2`), from the same table as `nnc shapes`.
import type { Statement } from "../grammar/ast.js";
import { analyze, type Analysis, type TextDocumentLike } from "./analysis.js";
import { spanToRange } from "./positions.js";
import { SymbolKind, type DocumentSymbol, type FoldingRange, type InlayHint, type Range } from "./types.js";

export function documentSymbols(document: TextDocumentLike): DocumentSymbol[] {
  const analysis = analyze(document);
  const model = analysis.result.ast?.model;
  if (!model) return [];
  const children = model.statements.map((s) => statementSymbol(s, analysis));
  return [
    {
      name: model.name.name || "model",
      detail: "model",
      kind: SymbolKind.Module,
      range: spanToRange(model.span),
      selectionRange: spanToRange(model.name.name ? model.name.span : model.span),
      children,
    },
  ];
}

const kinds: Record<Statement["kind"], SymbolKind> = {
  seed: SymbolKind.Constant,
  data: SymbolKind.Variable,
  input: SymbolKind.Field,
  activation: SymbolKind.Function,
  dense: SymbolKind.Class,
  loss: SymbolKind.Operator,
  regularize: SymbolKind.Operator,
  train: SymbolKind.Event,
  report: SymbolKind.Property,
  param: SymbolKind.Variable,
  let: SymbolKind.Constant,
  check: SymbolKind.Method,
  backward: SymbolKind.Method,
};

function statementSymbol(s: Statement, analysis: Analysis): DocumentSymbol {
  const range = spanToRange(s.span);
  const named = "name" in s && s.name ? s.name : undefined;
  const source = firstLine(analysis.text.slice(analysis.offsetAt(range.start), analysis.offsetAt(range.end)));
  let name: string = s.kind;
  let detail = source;
  if (s.kind === "data") name = s.names.map((n) => n.name).join(", ");
  else if (named && s.kind !== "loss") name = named.name;
  if (s.kind === "dense") {
    const shape = analysis.shapes?.layers.find((l) => l.name === s.name.name);
    if (shape) detail = `${source} · W ${shape.weightShape.join("×")}, ${shape.parameters} parameters`;
  }
  const selection = named && s.kind !== "loss" ? spanToRange(named.span) : range;
  const children =
    s.kind === "backward"
      ? s.equations.map((e): DocumentSymbol => ({
          name: e.name.name,
          detail: e.value.text,
          kind: SymbolKind.Variable,
          range: spanToRange(e.span),
          selectionRange: spanToRange(e.name.span),
        }))
      : undefined;
  return { name, detail, kind: kinds[s.kind], range, selectionRange: selection, ...(children ? { children } : {}) };
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0].trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

export function foldingRanges(document: TextDocumentLike): FoldingRange[] {
  const analysis = analyze(document);
  const ranges: FoldingRange[] = [];
  const add = (range: Range, kind?: FoldingRange["kind"]) => {
    if (range.end.line > range.start.line) ranges.push({ startLine: range.start.line, endLine: range.end.line, kind });
  };
  const model = analysis.result.ast?.model;
  if (model) {
    add(spanToRange(model.span));
    for (const s of model.statements) add(spanToRange(s.span));
  }
  // Runs of two or more comment lines (a model's header, a statement's explanation).
  const lines = analysis.text.split(/\r\n|\r|\n/);
  let runStart = -1;
  for (let i = 0; i <= lines.length; i++) {
    const comment = i < lines.length && lines[i].trimStart().startsWith("#");
    if (comment && runStart < 0) runStart = i;
    if (!comment && runStart >= 0) {
      if (i - 1 > runStart) ranges.push({ startLine: runStart, endLine: i - 1, kind: "comment" });
      runStart = -1;
    }
  }
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** After each layer's `[units]`: `W 10×2`, its weights' shape (rows = units, columns = fan_in). */
export function inlayHints(document: TextDocumentLike, range?: Range): InlayHint[] {
  const analysis = analyze(document);
  const model = analysis.result.ast?.model;
  if (!model || !analysis.shapes) return [];
  const hints: InlayHint[] = [];
  for (const s of model.statements) {
    if (s.kind !== "dense") continue;
    const shape = analysis.shapes.layers.find((l) => l.name === s.name.name);
    if (!shape) continue;
    // The `]` after the units: the character after the number, when it is there.
    const afterUnits = analysis.offsetAt(spanToRange(s.units.span).end);
    const bracket = analysis.text.indexOf("]", afterUnits);
    const offset = bracket >= 0 && /^\s*$/.test(analysis.text.slice(afterUnits, bracket)) ? bracket + 1 : afterUnits;
    const position = analysis.positionAt(offset);
    if (range && (position.line < range.start.line || position.line > range.end.line)) continue;
    hints.push({
      position,
      label: `W ${shape.weightShape.join("×")}`,
      kind: 1,
      paddingLeft: true,
      tooltip: `b ${shape.biasShape.join("×")}, ${shape.parameters} parameters`,
    });
  }
  return hints;
}
