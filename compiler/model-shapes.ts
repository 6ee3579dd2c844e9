// Every layer's shapes at a glance: units, W and b shapes, parameter count, activation and the
// init formula with the layer's fan_in (and fan_out) filled in, as `nnc shapes`, `nnc lint
// --shapes` and the report's model table show them. Browser-safe, so the language server and the
// playground can show the same table.
import type { ActivationIR, InitIR, ModelIR } from "../contracts/ir.js";

export interface LayerShape {
  /** Course index: 1 for the first dense layer (W1, b1). */
  index: number;
  name: string;
  units: number;
  fanIn: number;
  fanOut: number;
  activation: string;
  /** The scheme as written: `he`, `random(scale: 0.01)`, `formula: ...`. */
  init: string;
  /** What draws each weight, with this layer's fan_in and fan_out: `randn · sqrt(2 / 10)`. */
  initFormula: string;
  /** What draws each bias: `zeros` unless the model gives the biases a scheme. */
  biasFormula: string;
  weightShape: [number, number];
  biasShape: [number, number];
  parameters: number;
}

export interface ModelShapes {
  model: string;
  input: { name: string; units: number };
  layers: LayerShape[];
  totalParameters: number;
}

/** `relu`, or with its attributes as written in a model: `leaky_relu(slope: 0.01)`. */
export function describeActivation(a: ActivationIR): string {
  if ("custom" in a) return a.name;
  const attributes = Object.entries(a).filter(([key]) => key !== "name");
  return attributes.length ? `${a.name}(${attributes.map(([key, value]) => `${key}: ${value}`).join(", ")})` : a.name;
}

export function describeInit(init: InitIR): string {
  switch (init.scheme) {
    case "random":
      return `random(scale: ${init.scale})`;
    case "uniform":
      return `uniform(low: ${init.low}, high: ${init.high})`;
    case "formula":
      return `formula: ${init.expression}`;
    default:
      return init.scheme;
  }
}

/** The draw runtime/init.ts makes for one weight, in the numbers of this layer. */
export function initFormula(init: InitIR, fanIn: number, fanOut: number): string {
  switch (init.scheme) {
    case "zeros":
      return "0";
    case "random":
      return init.scale === 1 ? "randn" : `randn · ${init.scale}`;
    case "he":
      return `randn · sqrt(2 / ${fanIn})`;
    case "lecun":
      return `randn · sqrt(1 / ${fanIn})`;
    case "xavier":
      return `randn · sqrt(2 / (${fanIn} + ${fanOut}))`;
    case "deep":
      return `randn / sqrt(${fanIn})`;
    case "uniform":
      return `uniform(${init.low}, ${init.high})`;
    case "formula":
      return init.expression.replace(/\bfan_in\b/g, String(fanIn)).replace(/\bfan_out\b/g, String(fanOut));
    default: {
      const unknown: never = init;
      throw new Error(`unknown init scheme ${JSON.stringify(unknown)}`);
    }
  }
}

export function modelShapes(ir: ModelIR): ModelShapes {
  const layers = ir.layers.map((layer, i): LayerShape => {
    const fanIn = i === 0 ? ir.input.units : ir.layers[i - 1].units;
    const fanOut = layer.units;
    return {
      index: i + 1,
      name: layer.name,
      units: layer.units,
      fanIn,
      fanOut,
      activation: describeActivation(layer.activation),
      init: describeInit(layer.init),
      initFormula: initFormula(layer.init, fanIn, fanOut),
      biasFormula: initFormula(layer.bias ?? { scheme: "zeros" }, fanIn, fanOut),
      weightShape: [layer.units, fanIn],
      biasShape: [layer.units, 1],
      parameters: layer.units * fanIn + layer.units,
    };
  });
  return {
    model: ir.model,
    input: { name: ir.input.name, units: ir.input.units },
    layers,
    totalParameters: layers.reduce((sum, l) => sum + l.parameters, 0),
  };
}

/** `he: randn · sqrt(2 / 10)`; a formula is its own name; a drawn bias follows. */
function initCell(l: LayerShape): string {
  const weights = l.init.startsWith("formula:") ? l.initFormula : `${l.init.replace(/\(.*$/, "")}: ${l.initFormula}`;
  return l.biasFormula === "0" ? weights : `${weights}; b: ${l.biasFormula}`;
}

/** The table as plain text, columns aligned, a total line under it. */
export function renderShapesTable(shapes: ModelShapes): string[] {
  const header = ["layer", "units", "W", "b", "params", "activation", "init (W)"];
  const rows = shapes.layers.map((l) => [
    `${l.index} ${l.name}`,
    String(l.units),
    `${l.weightShape[0]} × ${l.weightShape[1]}`,
    `${l.biasShape[0]} × ${l.biasShape[1]}`,
    String(l.parameters),
    l.activation,
    initCell(l),
  ]);
  const numeric = new Set([1, 4]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("  ")
      .trimEnd();
  return [
    `model '${shapes.model}': input ${shapes.input.name}[${shapes.input.units}]`,
    line(header),
    line(widths.map((w) => "─".repeat(w))),
    ...rows.map(line),
    `total: ${shapes.totalParameters} parameters`,
  ];
}
