// Hover: on a layer, its W and b shapes, parameter count, activation (g and g′) and init formula
// with fan_in and fan_out filled in (the numbers `nnc shapes` prints); on a data set, what it
// yields when the model's words say it; on a custom activation, g and g′; on a built-in word or an
// argument, its documentation from the vocabulary; on a keyword, the language reference's section;
// and, inside a diagnostic's range, what `nnc explain` says of its code.
import { activationDerivative } from "../compiler/custom-activation.js";
import { renderShapesTable, type LayerShape } from "../compiler/model-shapes.js";
import type { DataIR } from "../contracts/ir.js";
import type { DenseStmt, Expression, NumberLiteral, Span } from "../grammar/ast.js";
import { ops } from "../runtime/ops/index.js";
import { analyze, type Analysis, type TextDocumentLike } from "./analysis.js";
import { explanationMarkdown } from "./diagnostics.js";
import { spanContains, spanToRange } from "./positions.js";
import { statementReference } from "./reference.js";
import type { NameSymbol } from "./symbols.js";
import type { Hover, Position } from "./types.js";
import { batchOption, describeRange, wordAt } from "./words.js";

export function hover(document: TextDocumentLike, position: Position): Hover | undefined {
  const analysis = analyze(document);
  const parts: string[] = [];
  let range;
  const found = analysis.symbols.at(position);
  if (found) {
    parts.push(symbolHover(found.symbol, analysis));
    range = spanToRange(found.span);
  } else {
    const word = wordAt(analysis, position);
    if (word) {
      parts.push(wordHover(word, analysis));
      range = spanToRange(word.span);
    }
  }
  for (const d of analysis.result.diagnostics) {
    if (!d.span || !spanContains(d.span, position)) continue;
    const explanation = explanationMarkdown(d.code);
    if (explanation && !parts.includes(explanation)) parts.push(explanation);
  }
  const value = parts.filter(Boolean).join("\n\n---\n\n");
  return value ? { contents: { kind: "markdown", value }, ...(range ? { range } : {}) } : undefined;
}

function symbolHover(symbol: NameSymbol, analysis: Analysis): string {
  const draft = analysis.result.draft;
  switch (symbol.kind) {
    case "layer": {
      const shape = analysis.shapes?.layers.find((l) => l.name === symbol.name);
      const statement = symbol.statement?.kind === "dense" ? symbol.statement : undefined;
      return shape ? layerHover(shape, analysis, statement) : `**dense ${symbol.name}**`;
    }
    case "input": {
      const units = draft?.input.name === symbol.name ? draft.input.units : undefined;
      return units === undefined
        ? `**input ${symbol.name}**`
        : `**input ${symbol.name}**: ${units} features; X is ${units} × m (one column per example)`;
    }
    case "activation": {
      const custom = draft?.activations?.find((a) => a.name === symbol.name);
      if (!custom) return `**activation ${symbol.name}** (its formula has an error)`;
      return [`**activation ${custom.name}** (custom)`, "", ...customFormulas(custom)].join("\n");
    }
    case "data": {
      const data = draft?.data.find((d) => d.name === symbol.name);
      return data ? dataHover(data) : `**data ${symbol.name}**`;
    }
    case "model":
      return analysis.shapes
        ? ["```text", ...renderShapesTable(analysis.shapes), "```"].join("\n")
        : `**model ${symbol.name}**`;
    default: {
      const text = symbol.statement ? sourceOf(symbol.statement.span, analysis) : symbol.name;
      return ["```nnspec", text, "```"].join("\n");
    }
  }
}

function customFormulas(custom: { name: string; parameter: string; formula: string }): string[] {
  const z = custom.parameter;
  let derivative: string;
  try {
    derivative = activationDerivative(custom);
  } catch {
    derivative = "(not derivable)";
  }
  return [`g(${z}) = ${custom.formula}  `, `g′(${z}) = ${derivative}`];
}

/**
 * A layer's row of `nnc shapes`. The draft IR holds stand-ins for the parts of a line with an
 * error (one unit, a linear activation, he): those parts are said to have an error instead.
 */
function layerHover(shape: LayerShape, analysis: Analysis, statement?: DenseStmt): string {
  const broken = (part: Expression | NumberLiteral | undefined) =>
    part !== undefined &&
    analysis.result.diagnostics.some((d) => d.severity === "error" && d.span && within(d.span, part.span));
  const layers = analysis.shapes!.layers.length;
  const title = `**dense ${shape.name}**: layer ${shape.index} of ${layers}`;
  if (broken(statement?.units)) return `${title}; its number of units has an error (see the diagnostic)`;
  const lines = [
    `${title}, ${shape.units} units`,
    "",
    `- W${shape.index}: \`W ${shape.weightShape.join("×")}\` (units × fan_in)`,
    `- b${shape.index}: \`b ${shape.biasShape.join("×")}\``,
    `- ${shape.parameters} parameters`,
  ];
  const activation = shape.activation.replace(/\(.*$/, "");
  const custom = analysis.result.draft?.activations?.find((a) => a.name === activation);
  const op = ops.get(activation);
  if (broken(statement?.activation)) {
    lines.push(`- activation \`${statement!.activation!.text}\`: has an error (see the diagnostic)`);
  } else if (custom) {
    lines.push(`- activation \`${shape.activation}\` (custom):`, ...customFormulas(custom).map((l) => `  ${l}`));
  } else if (op) {
    const derivative = op.reasons?.Z?.text;
    lines.push(`- activation \`${shape.activation}\`: g(z) = ${op.doc}` + (derivative ? `; ${derivative}` : ""));
  }
  lines.push(
    broken(statement?.init)
      ? `- init \`${statement!.init!.text}\`: has an error (see the diagnostic)`
      : `- init \`${shape.init}\`: W ~ ${shape.initFormula} (fan_in = ${shape.fanIn}, fan_out = ${shape.fanOut})`,
    broken(statement?.bias)
      ? `- bias \`${statement!.bias!.text}\`: has an error (see the diagnostic)`
      : `- b ~ ${shape.biasFormula === "0" ? "zeros" : shape.biasFormula}`,
  );
  return lines.join("\n");
}

/** Does `inner` lie within `outer` (both with inclusive end columns)? */
function within(inner: Span, outer: Span): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  return (
    before(outer.line, outer.column, inner.line, inner.column) &&
    before(inner.endLine, inner.endColumn, outer.endLine, outer.endColumn)
  );
}

function dataHover(data: DataIR): string {
  const title = `**data ${data.name}** (${data.kind})`;
  const part = data.split ? data.split.sizes[data.split.parts.indexOf(data.name)] : undefined;
  switch (data.kind) {
    case "circles":
    case "moons":
    case "blobs":
    case "randn": {
      const m = part ?? data.samples;
      const n = data.kind === "randn" ? data.features : 2;
      const labels =
        data.kind === "blobs" ? `class indices 0 … ${data.centers - 1} (${data.centers} classes)` : "0/1 labels";
      return `${title}: X ${n} × ${m} (features × examples), Y 1 × ${m}, ${labels}`;
    }
    case "csv":
      return (
        `${title}: X ${data.features.length} × m from \`${data.file}\` (columns ${data.features.join(", ")}), ` +
        `label column \`${data.label}\`; m is known when the file is read`
      );
    case "hdf5":
    case "mat":
      return (
        `${title}: examples from \`${data.file}\` (\`${data.features}\`, labels \`${data.label}\`); ` +
        "the shape is known when the file is read"
      );
    default:
      return title;
  }
}

function wordHover(word: NonNullable<ReturnType<typeof wordAt>>, analysis: Analysis): string {
  switch (word.kind) {
    case "keyword":
      return statementReference[word.word] ?? keywordDocs[word.word] ?? `\`${word.word}\` (keyword)`;
    case "option":
      if (word.name === "batch") return `**batch**: ${batchOption.doc}; ${describeRange(batchOption)}`;
      return word.name === "shuffle"
        ? "**shuffle**: how the examples are ordered each epoch"
        : "**decay**: how the learning rate decays";
    case "argument":
      return word.param
        ? `**${word.name}** (${word.owner.name}): ${word.param.doc}  \n${describeRange(word.param)}`
        : `\`${word.name}\` is not an argument of ${word.owner.name}`;
    case "word": {
      if (!word.callable) return `\`${word.name}\`: not a known ${word.what}`;
      const c = word.callable;
      const lines = [`**${c.name}** (${word.what}): ${c.doc}`];
      if (word.what === "activation") {
        const derivative = ops.get(c.name)?.reasons?.Z?.text;
        if (derivative) lines.push("", derivative);
      }
      if (word.what === "init" && word.statement.kind === "dense") {
        const shape = analysis.shapes?.layers.find(
          (l) => l.name === (word.statement as { name: { name: string } }).name.name,
        );
        if (shape)
          lines.push("", `here: W ~ ${shape.initFormula} (fan_in = ${shape.fanIn}, fan_out = ${shape.fanOut})`);
      }
      if (c.params.length) {
        lines.push("", ...c.params.map((p) => `- \`${p.name}\`: ${p.doc} (${describeRange(p)})`));
      }
      return lines.join("\n");
    }
  }
}

const keywordDocs: Record<string, string> = {
  model: "```\nmodel NAME { STATEMENTS }\n```\n\nA file holds one model; its statements go between the braces.",
  init:
    "`init SCHEME`: how a layer's weights are drawn: a scheme (`he`, `xavier`, `random(scale: 0.01)`, ...) " +
    "or a formula in fan_in and fan_out.",
  bias: "`bias SCHEME`: how a layer's biases are drawn (zeros when absent).",
  on: "`on DATA`: the data set a statement uses; inside `dropout(on: [...])`, the layers dropped out.",
  for: "`for COUNT iterations` or `for COUNT epochs`: how long training runs.",
  cost: "`report cost every INTERVAL`: print the cost every INTERVAL iterations (or epochs).",
  every: "`every INTERVAL`: how often the cost is reported.",
};

function sourceOf(
  span: { line: number; column: number; endLine: number; endColumn: number },
  analysis: Analysis,
): string {
  const range = spanToRange(span);
  return analysis.text.slice(analysis.offsetAt(range.start), analysis.offsetAt(range.end));
}
