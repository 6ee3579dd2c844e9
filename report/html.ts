// One self-contained HTML page about a trained model: everything is inline (the plots as SVG,
// KaTeX's stylesheet with its fonts as data URLs, math rendered at build time), so the page opens
// offline and loads nothing. There is no script in it. Every string from the model file is escaped.
import type { DataIR, ModelIR } from "../contracts/ir.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { boundaryUnavailable } from "./boundary.js";
import { escapeHtml } from "./escape.js";
import { katexStyle, renderMath } from "./math.js";
import { forwardEquations, layerRows, modelDiagramSvg } from "./model-table.js";
import { deriveModel, type Derivation } from "../compiler/derivation.js";
import { getOp, regularizerRegistry } from "../runtime/ops/index.js";
import { boundarySvg, costSeries } from "./plot-files.js";
import { chooseCostScale, costCurveSpec, renderSvg } from "./plots.js";
import {
  derivationSection,
  gradientCheckSection,
  section,
  unavailable,
  type DerivationStep,
  type GradientCheckData,
  type ReportSection,
} from "./sections.js";

export interface ReportInput {
  ir: ModelIR;
  /** The .nnspec text, shown at the end and mined for its leading comment; absent for IR files. */
  source?: string;
  /** The file name as the user gave it. */
  sourceFile?: string;
  /** The reported costs (the printed lines). */
  costs: readonly { iteration: number; cost: number }[];
  /** The cost history the curve draws (absent in runs saved before nnc kept one: the reported points then). */
  history?: readonly { iteration: number; cost: number }[];
  /** Other data sets' costs measured while training, drawn beside the training curve. */
  heldOutCosts?: Readonly<Record<string, readonly { iteration: number; cost: number }[]>>;
  accuracy: Readonly<Record<string, number>>;
  /** Trained parameters in the model's order (W1, b1, W2, ...). */
  params: readonly Float64Array[];
  /** The model's data sets, loaded (for sizes, and the points of the boundary plot). */
  datasets: ReadonlyMap<string, Dataset>;
  seconds?: number;
  /** Plug-in: the gradient check's table (issue: `nnc check`). */
  check?: GradientCheckData;
  /** Plug-in: the derivation's steps (issue: `nnc derive`). */
  derivation?: readonly DerivationStep[];
  /** More sections, placed before the source (e.g. a comparison of runs). */
  extraSections?: readonly ReportSection[];
}

/** The comment lines before `model`, without their `#`: the author's description of the model. */
function leadingComment(source: string): string[] {
  const lines: string[] = [];
  for (const line of source.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith("#")) lines.push(trimmed.replace(/^#+\s?/, ""));
    else if (trimmed !== "") break;
  }
  return lines;
}

function describeData(d: DataIR): string {
  if (d.kind === "csv") {
    const where = d.where ? `, where ${d.where.column} = "${d.where.equals}"` : "";
    return `csv "${d.file}" (features ${d.features.join(", ")}; label ${d.label}${where})`;
  }
  if (d.kind === "hdf5") {
    const scale = d.scale !== undefined ? `; divided by ${d.scale}` : "";
    return `hdf5 "${d.file}" (features ${d.features}; label ${d.label}${scale})`;
  }
  if (d.kind === "mat") return `mat "${d.file}" (features ${d.features}; label ${d.label})`;
  const seed = d.seed !== undefined ? `, seed: ${d.seed}` : "";
  if (d.kind === "randn") {
    return `randn(features: ${d.features}, samples: ${d.samples}, labels: [${d.labels.join(", ")}]${seed})`;
  }
  if (d.kind === "blobs") return `blobs(samples: ${d.samples}, centers: ${d.centers}, std: ${d.std}${seed})`;
  const factor = d.factor !== undefined ? `, factor: ${d.factor}` : "";
  return `${d.kind}(samples: ${d.samples}, noise: ${d.noise}${seed}${factor})`;
}

/** ` split 300, 100 (part 2 of 2)`: which part of its source a split data set is. */
function describeSplit(d: DataIR): string {
  if (!d.split) return "";
  const shuffle = d.split.shuffle;
  const order = !shuffle ? "" : shuffle.kind === "seed" ? ` shuffled(seed: ${shuffle.seed})` : " shuffled";
  const part = d.split.parts.indexOf(d.name) + 1;
  return ` split ${d.split.sizes.join(", ")}${order} (part ${part} of ${d.split.parts.length})`;
}

const td = (text: string | number, cls = "") => `<td${cls ? ` class="${cls}"` : ""}>${escapeHtml(String(text))}</td>`;
/** A table's head row; the headings are HTML. */
const head = (...headings: string[]) => `<thead><tr>${headings.map((h) => `<th>${h}</th>`).join("")}</tr></thead>`;

/** The report's derivation section: `nnc derive`'s steps, each with its terms' reasons. */
export function reportDerivation(ir: ModelIR): DerivationStep[] {
  return deriveModel(ir).steps.map((step) => ({
    latex: step.latex,
    shape: step.shape.text,
    reason: step.terms.map((t) => `${t.op} at ${t.at}: ${t.reason.text}`).join("; "),
  }));
}

/** The forward pass, the loss and the cost, as `nnc derive` prints them (report/model-table.ts). */
export function modelEquationsHtml(ir: ModelIR, derivation: Derivation = deriveModel(ir)): string {
  const { layers, cost } = forwardEquations(derivation);
  const display = (latex: string) => `<div class="equation">${renderMath(latex, true)}</div>`;
  const perLayer = layers
    .map((l) => `<div class="equations" data-layer="${escapeHtml(l.layer)}">${l.latex.map(display).join("")}</div>`)
    .join("");
  const [loss, ...total] = cost;
  const lossOp =
    loss.op === ir.loss.name
      ? `<code>${escapeHtml(loss.op)}</code>`
      : `<code>${escapeHtml(ir.loss.name)}</code>, computed by <code>${escapeHtml(loss.op)}</code>`;
  return (
    "<p>Each layer computes, for the m examples as columns (the equations training runs, " +
    `as <code>nnc derive</code> prints them):</p>${perLayer}` +
    `<p>Loss: ${lossOp}, the mean over the m examples:</p>${display(loss.latex)}` +
    (total.length
      ? `<p>Cost trained on, the loss plus the penalties:</p>${total.map((t) => display(t.latex)).join("")}`
      : "")
  );
}

function modelSection(ir: ModelIR): ReportSection {
  const rows = layerRows(ir);
  const total = rows.reduce((sum, r) => sum + r.parameters, 0);
  const body = rows
    .map((r) => {
      const shapes = td(`${r.weightShape[0]} × ${r.weightShape[1]}`) + td(`${r.biasShape[0]} × 1`);
      const cells = `${td(r.index, "num")}${td(r.name)}${td(r.units, "num")}${td(r.activation)}${td(r.init)}${shapes}`;
      return `<tr>${cells}${td(r.parameters, "num")}</tr>`;
    })
    .join("");
  const empty = "<td></td>".repeat(4);
  const inputName = td(`${ir.input.name} (input)`);
  const input = `<tr>${td("0", "num")}${inputName}${td(ir.input.units, "num")}${empty}${td(0, "num")}</tr>`;
  return section(
    "model",
    "Model",
    `<div class="diagram">${modelDiagramSvg(ir)}</div>` +
      `<table class="layers">${head("l", "layer", "units", "activation", "init", "W shape", "b shape", "parameters")}` +
      `<tbody>${input}${body}</tbody>` +
      `<tfoot><tr><td></td><td colspan="6">total</td>${td(total, "num")}</tr></tfoot></table>` +
      modelEquationsHtml(ir) +
      regularizerList(ir),
  );
}

/** The rule an op adds to its input's gradient, from the registry (`dW = \frac{\lambda}{m} W`). */
function regularizerRule(kind: string, input: string): string {
  const op = regularizerRegistry.find((r) => r.name === kind)?.op;
  return op ? renderMath(getOp(op).latex.backward[input]) : "";
}

/** The model's regularizers in words, each with its op's gradient rule (see spec/semantics.md, Regularization). */
function regularizerList(ir: ModelIR): string {
  const items = (ir.regularize ?? []).map((r) => {
    switch (r.kind) {
      case "l2":
      case "l1":
        return (
          escapeHtml(
            `${r.kind.toUpperCase()}, λ = ${r.lambda}: each weight matrix's penalty R[l] above is added to the ` +
              "cost, and the penalty's gradient to dW:",
          ) + ` ${regularizerRule(r.kind, "W")}`
        );
      case "dropout": {
        const masks =
          r.reseed === undefined ? "fresh masks every step" : `masks re-seeded with ${r.reseed} at every pass`;
        const layers = r.layers.map((l) => `${l.name} (keep ${l.keep})`).join(", ");
        const words = `dropout on ${layers}, ${masks}; never at prediction; the mask's gradient rule:`;
        return `${escapeHtml(words)} ${regularizerRule("dropout", "A")}`;
      }
      case "early_stop":
        return escapeHtml(
          `early stopping on '${r.data}' by ${r.metric}, every ${r.every} iterations, patience ${r.patience}; ` +
            "the best parameters are kept",
        );
    }
  });
  return items.length ? `<p>Regularization:</p><ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>` : "";
}

function dataSection(ir: ModelIR, datasets: ReadonlyMap<string, Dataset>): ReportSection {
  const rows = ir.data
    .map((d) => {
      const loaded = datasets.get(d.name);
      const size = td(loaded?.samples ?? "", "num") + td(loaded?.features ?? "", "num");
      return `<tr>${td(d.name)}${td(describeData(d) + describeSplit(d))}${size}</tr>`;
    })
    .join("");
  const headings = head("data set", "source", "examples", "features");
  const table = `<table class="data">${headings}<tbody>${rows}</tbody></table>`;
  return section("data", "Data", table);
}

/** `Adam (learning_rate 0.0007, beta1 0.9, ...), 5000 epochs in mini-batches of 64, ...` */
function trainingSummary(train: ReportInput["ir"]["train"]): string {
  const { name, ...settings } = train.optimizer;
  const words: Record<string, string> = {
    gd: "gradient descent",
    momentum: "momentum",
    rmsprop: "RMSprop",
    adam: "Adam",
  };
  const rule =
    name === "gd"
      ? `gradient descent, learning rate ${train.optimizer.learning_rate}`
      : `${words[name] ?? name} (${Object.entries(settings)
          .map(([key, value]) => `${key} ${value}`)
          .join(", ")})`;
  const length = train.unit === "epochs" ? `${train.iterations} epochs` : `${train.iterations} iterations`;
  const batches = train.batch !== undefined ? ` in mini-batches of ${train.batch}` : "";
  const decay = !train.decay
    ? ""
    : train.decay.kind === "inverse"
      ? `, learning rate decayed as lr0 / (1 + ${train.decay.rate} · epoch)`
      : `, learning rate decayed as lr0 / (1 + ${train.decay.rate} · floor(epoch / ${train.decay.interval}))`;
  return `${rule}, ${length}${batches}${decay}`;
}

/** What the cost figure draws, in words: how many points of which set, and why the axis is logarithmic. */
function curveCaption(series: ReturnType<typeof costSeries>, unit: string, scale: string): string {
  const [training, ...heldOut] = series;
  const last = training.costs[training.costs.length - 1]?.iteration ?? 0;
  const parts = [`The cost on '${training.set}' at ${training.costs.length} points over ${last + 1} ${unit}s`];
  for (const s of heldOut) parts.push(`on '${s.set}' (dashed: a prediction pass, no dropout) at ${s.costs.length}`);
  const axis = scale === "log" ? "; the cost axis is logarithmic, as the costs span more than two decades" : "";
  return `${parts.join(", and ")}${axis}.`;
}

async function trainingSection(input: ReportInput): Promise<ReportSection> {
  const { ir } = input;
  const time = input.seconds !== undefined ? `, trained in ${input.seconds.toFixed(2)} s` : "";
  const settings = `${trainingSummary(ir.train)} on '${ir.train.data}'${time}`;
  const unit = ir.train.unit === "epochs" ? "epoch" : "iteration";
  if (input.costs.length === 0 && !input.history?.length) {
    const why = unavailable("No cost was reported.", "Add `report cost every N` to the train statement.");
    return section("training", "Training", `<p>${escapeHtml(settings)}</p>` + why);
  }
  const series = costSeries(input);
  const scale = chooseCostScale(series);
  const svg = await renderSvg(costCurveSpec(series, `Cost of ${ir.model}`, unit, scale));
  const rows = input.costs.map((c) => `<tr>${td(c.iteration, "num")}${td(String(c.cost), "num")}</tr>`).join("");
  return section(
    "training",
    "Training",
    `<p>${escapeHtml(settings)}</p><figure class="plot cost-curve">${svg}` +
      `<figcaption>${escapeHtml(curveCaption(series, unit, scale))}</figcaption></figure>` +
      `<details><summary>cost lines</summary>` +
      `<table class="costs">${head(unit, "cost")}<tbody>${rows}</tbody></table></details>`,
  );
}

function boundaryCaption(ir: ModelIR): string {
  const classes = ir.layers[ir.layers.length - 1].units;
  if (classes === 1) {
    return (
      "The plane coloured by the class the model predicts (probability > 0.5 is 1), " +
      "with the data on top: red is label 0, blue label 1."
    );
  }
  return (
    `The plane coloured by the most probable of the ${classes} classes the softmax gives, with the data ` +
    `on top in the colour of their labels (0: red, 1: blue, 2: green${classes > 3 ? ", …" : ""}).`
  );
}

async function boundarySection(input: ReportInput): Promise<ReportSection> {
  const why = boundaryUnavailable(input.ir);
  if (why) return section("decision-boundary", "Decision boundary", unavailable("No decision boundary:", why));
  const svg = await boundarySvg(input);
  return section(
    "decision-boundary",
    "Decision boundary",
    `<figure class="plot boundary">${svg}<figcaption>${escapeHtml(boundaryCaption(input.ir))}</figcaption></figure>`,
  );
}

function accuracySection(input: ReportInput): ReportSection {
  const entries = Object.entries(input.accuracy);
  if (entries.length === 0) {
    return section(
      "accuracy",
      "Accuracy",
      unavailable("No accuracy was reported.", "Add `report accuracy on train, test`."),
    );
  }
  const rows = entries
    .map(([name, value]) => {
      const n = input.datasets.get(name)?.samples;
      const correct = n !== undefined ? `${Math.round(value * n)} / ${n}` : "";
      return `<tr>${td(name)}${td(String(value), "num")}${td(correct, "num")}</tr>`;
    })
    .join("");
  const table = `<table class="accuracy">${head("data set", "accuracy", "correct")}<tbody>${rows}</tbody></table>`;
  return section("accuracy", "Accuracy", table);
}

function sourceSection(input: ReportInput): ReportSection | undefined {
  if (input.source === undefined) return undefined;
  const summary = `<summary>${escapeHtml(input.sourceFile ?? "model")}</summary>`;
  return section(
    "source",
    "Source",
    `<details open>${summary}<pre class="source">${escapeHtml(input.source)}</pre></details>`,
  );
}

/** The report's sections in reading order; `renderPage` lays them out. */
export async function reportSections(input: ReportInput): Promise<ReportSection[]> {
  const sections = [
    modelSection(input.ir),
    dataSection(input.ir, input.datasets),
    await trainingSection(input),
    await boundarySection(input),
    accuracySection(input),
    gradientCheckSection(input.check),
    derivationSection(input.derivation),
    ...(input.extraSections ?? []),
  ];
  const source = sourceSection(input);
  return source ? [...sections, source] : sections;
}

export async function buildReport(input: ReportInput): Promise<string> {
  const intro = input.source ? leadingComment(input.source) : [];
  return renderPage(`${input.ir.model} — nnc report`, input.ir.model, intro, await reportSections(input));
}

/** The page loads nothing: its styles are inline, its fonts and pictures data: URLs. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

export function renderPage(
  title: string,
  heading: string,
  intro: readonly string[],
  sections: readonly ReportSection[],
): string {
  const nav = sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join(" · ");
  const body = sections
    .map((s) => `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${s.html}</section>`)
    .join("\n");
  const introHtml = intro.length ? `<p class="intro">${intro.map(escapeHtml).join("<br>")}</p>` : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="nnc">
<title>${escapeHtml(title)}</title>
<style>${katexStyle()}</style>
<style>${PAGE_STYLE}</style>
</head><body>
<header><h1>${escapeHtml(heading)}</h1>${introHtml}<nav>${nav}</nav></header>
<main>
${body}
</main>
<footer>Made by nnc. Plots: Vega-Lite; math: KaTeX.</footer>
</body></html>
`;
}

const PAGE_STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; line-height: 1.45; }
body { max-width: 980px; margin: 0 auto; padding: 1.5rem; }
h1 { margin-bottom: .2rem; font-family: ui-monospace, monospace; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
.intro { color: #444; }
nav { font-size: .9rem; }
nav a { color: #2a6496; text-decoration: none; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .92rem; }
th, td { border: 1px solid #ddd; padding: .25rem .6rem; text-align: left; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; }
figure { margin: .8rem 0; }
figcaption { font-size: .85rem; color: #555; }
.diagram { overflow-x: auto; }
.equation { overflow-x: auto; }
.equations { display: flex; flex-wrap: wrap; justify-content: center; column-gap: 2.5rem; }
.unavailable { color: #666; font-style: italic; }
.unavailable .how { display: block; font-size: .9rem; }
tr.verdict-fail td { background: #fde8e6; }
tr.verdict-inconclusive td { background: #fdf6e3; }
tr.verdict-pass td.verdict { color: #1a7f37; }
tr.verdict-fail td.verdict { color: #b42318; font-weight: bold; }
ol.derivation li { margin-bottom: .8rem; }
.shape { font-size: .85rem; color: #555; font-family: ui-monospace, monospace; }
.reason { font-size: .9rem; }
pre.source { background: #f7f7f7; padding: .8rem; overflow-x: auto; font-size: .85rem; }
footer { margin-top: 3rem; font-size: .8rem; color: #777; }
`;
