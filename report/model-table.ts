// The model as a learner reads it: one row per layer with its parameters' shapes and counts, the
// layer's equations in the course's notation, and a diagram of the network as an SVG drawn here
// (boxes and arrows: small enough that a layout library would be more code than the drawing).
import type { ModelIR } from "../contracts/ir.js";
import { modelShapes, type LayerShape } from "../compiler/model-shapes.js";
import type { Derivation, ForwardLine } from "../compiler/derivation.js";
import { escapeHtml } from "./escape.js";
import { DIAGRAM_FONT, textWidth } from "./text-width.js";
import { lossOpFor } from "../compiler/forward-graph.js";

/** One row of the report's model table: a layer's shapes as `nnc shapes` prints them. */
export type LayerRow = LayerShape;

export function layerRows(ir: ModelIR): LayerRow[] {
  return modelShapes(ir).layers;
}

/**
 * The forward pass as training runs it, in LaTeX: each layer's equations (Z, its penalty, A, its
 * dropout mask) in graph order, then the loss and, with penalties, the cost J = L + R[1] + ….
 * They are `nnc derive`'s forward lines, printed from the registry ops of the graph that trains
 * (a softmax layer shows the softmax, its loss the categorical cross-entropy), never a template.
 */
export function forwardEquations(derivation: Derivation): {
  layers: { layer: string; latex: string[] }[];
  cost: ForwardLine[];
} {
  const layers: { layer: string; latex: string[] }[] = [];
  const cost: ForwardLine[] = [];
  for (const line of derivation.forward) {
    if (line.layer === undefined) cost.push(line);
    else if (layers.at(-1)?.layer === line.layer) layers.at(-1)!.latex.push(line.latex);
    else layers.push({ layer: line.layer, latex: [line.latex] });
  }
  return { layers, cost };
}

const TITLE_SIZE = 13;
const LINE_SIZE = 11;
const EDGE_SIZE = 10;
/** Room around a box's widest label, and the least width of a box and of an arrow. */
const BOX_PADDING = 14;
const MIN_BOX = 110;
const MIN_GAP = 48;
const EDGE_PADDING = 10;
const LINE_STEP = 16;
const PAD = 12;

interface DiagramBox {
  title: string;
  lines: string[];
  kind: "input" | "layer" | "loss";
}

/** The loss box: what the spec says, which op computes it when that is another, and the cost. */
function lossBox(ir: ModelIR, L: number): DiagramBox {
  const op = lossOpFor(ir);
  const variant = op === ir.loss.name ? [] : [op.replace(ir.loss.name, "").replace(/_/g, " ").trim()];
  const penalties = (ir.regularize ?? []).some((r) => r.kind === "l2" || r.kind === "l1");
  const cost = penalties ? [`L(A${L}, Y): 1 × 1`, "J = L + penalties"] : [`J(A${L}, Y): 1 × 1`];
  return { title: `loss ${ir.loss.name}`, lines: [...variant, ...cost], kind: "loss" };
}

/** A left-to-right diagram: input, each dense layer with its parameters, the loss; boxes fit their labels. */
export function modelDiagramSvg(ir: ModelIR): string {
  const rows = layerRows(ir);
  const boxes: DiagramBox[] = [
    { title: `input ${ir.input.name}`, lines: [`X: ${ir.input.units} × m`], kind: "input" },
    ...rows.map((r): DiagramBox => ({
      title: `${r.name} · dense ${r.units}`,
      lines: [
        `W${r.index}: ${r.weightShape[0]} × ${r.weightShape[1]}`,
        `b${r.index}: ${r.units} × 1`,
        `${r.activation} → A${r.index}`,
      ],
      kind: "layer",
    })),
    lossBox(ir, rows.length),
  ];
  const edgeLabels = [`${ir.input.units} × m`, ...rows.map((r) => `${r.units} × m`)];
  const boxWidth = boxes.map((box) =>
    Math.ceil(
      Math.max(
        MIN_BOX,
        textWidth(box.title, TITLE_SIZE, true) + 2 * BOX_PADDING,
        ...box.lines.map((l) => textWidth(l, LINE_SIZE) + 2 * BOX_PADDING),
      ),
    ),
  );
  const gap = edgeLabels.map((label) => Math.ceil(Math.max(MIN_GAP, textWidth(label, EDGE_SIZE) + 2 * EDGE_PADDING)));
  const lineCount = Math.max(...boxes.map((b) => b.lines.length));
  const boxHeight = 24 + 8 + lineCount * LINE_STEP + 4;
  const width = PAD * 2 + boxWidth.reduce((a, b) => a + b, 0) + gap.reduce((a, b) => a + b, 0);
  const height = PAD * 2 + boxHeight + 8;
  const fill: Record<DiagramBox["kind"], string> = { input: "#eef6fb", layer: "#f7f7f7", loss: "#fdf0ee" };
  const parts: string[] = [];
  let x = PAD;
  boxes.forEach((box, i) => {
    const w = boxWidth[i];
    const y = PAD + 8;
    const centre = x + w / 2;
    const top = y + (boxHeight - (24 + 8 + box.lines.length * LINE_STEP + 4)) / 2;
    const text = (ty: number, size: number, content: string, bold = false) =>
      `<text x="${centre}" y="${ty}" text-anchor="middle"${bold ? ' font-weight="bold"' : ""} font-size="${size}">` +
      `${escapeHtml(content)}</text>`;
    parts.push(
      `<g class="node"><rect x="${x}" y="${y}" width="${w}" height="${boxHeight}" rx="8" ` +
        `fill="${fill[box.kind]}" stroke="#555"/>` +
        text(top + 24, TITLE_SIZE, box.title, true) +
        box.lines.map((line, k) => text(top + 24 + 8 + (k + 1) * LINE_STEP - 3, LINE_SIZE, line)).join("") +
        `</g>`,
    );
    if (i < boxes.length - 1) {
      const x0 = x + w;
      const x1 = x0 + gap[i];
      const yMid = y + boxHeight / 2;
      parts.push(
        `<g class="edge"><line x1="${x0 + 2}" y1="${yMid}" x2="${x1 - 4}" y2="${yMid}" ` +
          `stroke="#333" stroke-width="1.5" marker-end="url(#arrow)"/>` +
          `<text x="${(x0 + x1) / 2}" y="${yMid - 6}" text-anchor="middle" font-size="${EDGE_SIZE}">` +
          `${escapeHtml(edgeLabels[i])}</text></g>`,
      );
    }
    x += w + (gap[i] ?? 0);
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="model-diagram" role="img" ` +
    `aria-label="the network, layer by layer" viewBox="0 0 ${width} ${height}" width="100%" ` +
    `style="max-width: ${width}px" font-family="${DIAGRAM_FONT}" font-size="${TITLE_SIZE}">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" ` +
    `orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/></marker></defs>` +
    parts.join("") +
    `</svg>`
  );
}
