// The model as a learner reads it: one row per layer with its parameters' shapes and counts, the
// layer's equations in the course's notation, and a diagram of the network as an SVG drawn here
// (boxes and arrows: small enough that a layout library would be more code than the drawing).
import type { ActivationIR, InitIR, ModelIR } from "../contracts/ir.js";
import { escapeHtml } from "./escape.js";

export interface LayerRow {
  /** Course index: 1 for the first dense layer (W1, b1). */
  index: number;
  name: string;
  units: number;
  activation: string;
  init: string;
  weightShape: [number, number];
  biasShape: [number, number];
  parameters: number;
}

/** `relu`, or with its attributes as written in a model: `leaky_relu(slope: 0.01)`. */
function describeActivation(a: ActivationIR): string {
  if ("custom" in a) return a.name;
  const attributes = Object.entries(a).filter(([key]) => key !== "name");
  return attributes.length ? `${a.name}(${attributes.map(([key, value]) => `${key}: ${value}`).join(", ")})` : a.name;
}

function describeInit(init: InitIR): string {
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

export function layerRows(ir: ModelIR): LayerRow[] {
  return ir.layers.map((layer, i) => {
    const fanIn = i === 0 ? ir.input.units : ir.layers[i - 1].units;
    return {
      index: i + 1,
      name: layer.name,
      units: layer.units,
      activation: describeActivation(layer.activation),
      init: describeInit(layer.init),
      weightShape: [layer.units, fanIn],
      biasShape: [layer.units, 1],
      parameters: layer.units * fanIn + layer.units,
    };
  });
}

const ACTIVATION_LATEX: Record<string, string> = {
  relu: String.raw`\operatorname{relu}`,
  sigmoid: String.raw`\sigma`,
  tanh: String.raw`\tanh`,
  linear: String.raw`\operatorname{id}`,
  leaky_relu: String.raw`\operatorname{leaky\_relu}`,
};

/** The layer's forward equations in the course's notation: Z[l] = W[l] A[l-1] + b[l], A[l] = g(Z[l]). */
export function layerEquation(ir: ModelIR, index: number): string {
  const layer = ir.layers[index - 1];
  const previous = index === 1 ? "X" : `A^{[${index - 1}]}`;
  const g = ACTIVATION_LATEX[layer.activation.name] ?? String.raw`\operatorname{g}`;
  const z = String.raw`Z^{[${index}]} = W^{[${index}]} ${previous} + b^{[${index}]}`;
  return z + String.raw`,\quad A^{[${index}]} = ${g}\big(Z^{[${index}]}\big)`;
}

const BOX_W = 150;
const BOX_H = 78;
const GAP = 56;
const PAD = 12;

/** A left-to-right diagram: input, each dense layer with its parameters, the loss. */
export function modelDiagramSvg(ir: ModelIR): string {
  const rows = layerRows(ir);
  const boxes = [
    { title: `input ${ir.input.name}`, lines: [`X: ${ir.input.units} × m`], kind: "input" },
    ...rows.map((r) => ({
      title: `${r.name} · dense ${r.units}`,
      lines: [`W${r.index}: ${r.weightShape[0]} × ${r.weightShape[1]}, b${r.index}: ${r.units} × 1`, `${r.activation} → A${r.index}`],
      kind: "layer",
    })),
    { title: `loss ${ir.loss.name}`, lines: [`J(A${rows.length}, Y)`, "1 × 1"], kind: "loss" },
  ];
  const edgeLabels = [`${ir.input.units} × m`, ...rows.map((r) => `${r.units} × m`)];
  const width = PAD * 2 + boxes.length * BOX_W + (boxes.length - 1) * GAP;
  const height = PAD * 2 + BOX_H + 8;
  const fill: Record<string, string> = { input: "#eef6fb", layer: "#f7f7f7", loss: "#fdf0ee" };
  const parts: string[] = [];
  boxes.forEach((box, i) => {
    const x = PAD + i * (BOX_W + GAP);
    const y = PAD + 8;
    parts.push(
      `<g class="node"><rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="8" ` +
        `fill="${fill[box.kind]}" stroke="#555"/>` +
        `<text x="${x + BOX_W / 2}" y="${y + 24}" text-anchor="middle" font-weight="bold">` +
        `${escapeHtml(box.title)}</text>` +
        box.lines
          .map((line, k) => `<text x="${x + BOX_W / 2}" y="${y + 46 + k * 17}" text-anchor="middle" font-size="11">` +
            `${escapeHtml(line)}</text>`)
          .join("") +
        `</g>`,
    );
    if (i < boxes.length - 1) {
      const x0 = x + BOX_W;
      const x1 = x0 + GAP;
      const yMid = y + BOX_H / 2;
      parts.push(
        `<g class="edge"><line x1="${x0 + 2}" y1="${yMid}" x2="${x1 - 4}" y2="${yMid}" ` +
          `stroke="#333" stroke-width="1.5" marker-end="url(#arrow)"/>` +
          `<text x="${(x0 + x1) / 2}" y="${yMid - 6}" text-anchor="middle" font-size="10">` +
          `${escapeHtml(edgeLabels[i])}</text></g>`,
      );
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="model-diagram" role="img" ` +
    `aria-label="the network, layer by layer" viewBox="0 0 ${width} ${height}" width="100%" ` +
    `style="max-width: ${width}px" font-family="sans-serif" font-size="13">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" ` +
    `orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/></marker></defs>` +
    parts.join("") +
    `</svg>`
  );
}
