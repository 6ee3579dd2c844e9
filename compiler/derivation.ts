// The derivation `nnc derive` prints, read off the SAME forward and backward graphs that run
// (compiler/forward-graph.ts, compiler/backward-graph.ts): one line per forward node, then one step per gradient
// in the order the backward pass computes them, each term with the reason and the general rule of
// the op that contributed it (runtime/ops/op.ts, `reasons`). Nothing here is written per model
// or per lesson; compiler/render-derivation.ts turns it into text, LaTeX or Markdown.
import { parse, SymbolNode, type MathNode } from "mathjs";
import type { BackwardGraph, ForwardGraph, GraphNode, GraphValue, Shape } from "../runtime/program.js";
import { opOf, type FormulaSpec, type Reason } from "../runtime/ops/index.js";
import { instantiateEquation } from "./backward-graph.js";
import { notation, symbol } from "./notation.js";
import { knownExamples, type ModelIR, type SourceSpan, type TrainIR } from "../contracts/ir.js";
import { optimizerOf } from "../runtime/optimizers/index.js";
import { compileProgram } from "./compile-program.js";

/**
 * The statement of the .nnspec that causes an equation, so a page can link the two: the layer that
 * computes Z and A, the loss, the regularizer that adds a penalty or drops units out, the optimizer.
 */
export interface SourceLink {
  kind: "layer" | "loss" | "regularizer" | "dropout" | "optimizer";
  span: SourceSpan;
}

/** A shape with the examples' axis written `m`, e.g. `10×m`, `10×2`. */
export interface ShapeNotation {
  text: string;
  latex: string;
}

export interface ForwardLine {
  /** Course notation: `Z[1] = W[1] X + b[1]`. */
  text: string;
  latex: string;
  shape: ShapeNotation;
  op: string;
  layer?: string;
  /** The statement that computes this value, when derived from a model. */
  source?: SourceLink;
}

export interface DerivationTerm {
  /** The op whose backward rule made this term, and the node it was applied at. */
  op: string;
  at: string;
  layer?: string;
  text: string;
  latex: string;
  reason: Reason;
  /** The op's general rule in its own names (`dW = dZ\, A_{prev}^{T}`). */
  rule: { text: string; latex: string };
  /** The statement whose op made this term (the layer, the loss, the regularizer). */
  source?: SourceLink;
}

export interface DerivationStep {
  /** `dW3`, and the value it is the gradient of, `W3`. */
  gradient: string;
  of: string;
  isParameter: boolean;
  /** The whole step: `dW[3] = dZ[3] A[2]ᵀ`. */
  text: string;
  latex: string;
  shape: ShapeNotation;
  terms: DerivationTerm[];
  /** Every statement a term comes from, in term order, each once (dW = dZ Aᵀ + λ/m W: the layer and l2). */
  sources: SourceLink[];
}

/** How the gradients are used: the optimizer's update rule from its registry entry (runtime/optimizers/). */
export interface DerivationUpdate {
  optimizer: string;
  /** The optimizer as the language writes it, `adam(learning_rate: 0.0007, beta1: 0.9, ...)`: it parses. */
  call: string;
  equations: { text: string; latex: string }[];
  derivation: string;
  /** How often it runs and on what: full-batch steps, or mini-batches per epoch, shuffle, decay. */
  schedule: string;
  /** The `train` statement that names the optimizer. */
  source?: SourceLink;
}

export interface Derivation {
  model: string;
  /** m when the graph was built for a known training set size. */
  samples?: number;
  /** The cost the backward pass starts from, J. */
  cost: string;
  /**
   * The loss's value as printed: J itself, or L when penalties are added to it. Then the cost is
   * J = L + R[1] + ..., the last forward line, as the regularization lesson's J_regularized.
   */
  loss: string;
  /** The penalty terms added to the loss (R1, R2, ...), none without L2 or L1. */
  penalties: string[];
  forward: ForwardLine[];
  steps: DerivationStep[];
  /** Present when derived from a model (deriveModel), absent for a bare graph. */
  update?: DerivationUpdate;
}

function shapeNotation(value: GraphValue): ShapeNotation {
  const perExample = value.role === "input" || value.role === "label" || value.role === "activation";
  const cols = perExample ? "m" : String(value.shape[1]);
  return { text: `${value.shape[0]}×${cols}`, latex: `${value.shape[0]} \\times ${cols}` };
}

function assignment(target: string, rhs: MathNode): string {
  // Printed through an AssignmentNode so both sides go through the same notation.
  return `${target} = ${rhs.toString()}`;
}

/** Finds the statement that made a node of the forward graph (deriveModel's reads the IR's spans). */
export type NodeLocator = (node: GraphNode) => SourceLink | undefined;

export function buildDerivation(
  model: string,
  forward: ForwardGraph,
  backward: BackwardGraph,
  samples?: number,
  locate: NodeLocator = () => undefined,
): Derivation {
  const penalties = forward.penalties ?? [];
  // The cost trained on is the loss plus the penalties; the loss is then printed as L, and J as their sum.
  const loss = penalties.length ? "L" : forward.loss;
  const shown = (name: string) => (name === forward.loss ? loss : name);
  const forwardLines = forward.nodes.map((node): ForwardLine => {
    const op = opOf(node);
    const equation = renameSymbol(parse(instantiateEquation(node, op.equation.forward)), forward.loss, loss);
    return {
      text: notation(equation, "text"),
      latex: notation(equation, "latex"),
      shape: shapeNotation(forward.values[node.output]),
      op: op.name,
      layer: node.layer,
      ...located(locate(node)),
    };
  });
  if (penalties.length) {
    const cost = parse(`${forward.loss} = ${[loss, ...penalties].join(" + ")}`);
    const penaltyNode = forward.nodes.find((node) => node.output === penalties[0]);
    forwardLines.push({
      text: notation(cost, "text"),
      latex: notation(cost, "latex"),
      shape: shapeNotation(forward.values[forward.loss]),
      op: "the loss plus the penalties",
      ...located(penaltyNode && locate(penaltyNode)),
    });
  }
  const steps = backward.equations.map((equation): DerivationStep => {
    const terms = equation.terms.map((term): DerivationTerm => {
      const node = forward.nodes[term.node];
      const op = opOf(node);
      const input = op.inputs[term.input].name;
      const rhs = parse(term.expression);
      return {
        op: op.name,
        at: shown(node.output),
        layer: node.layer,
        text: notation(rhs, "text"),
        latex: notation(rhs, "latex"),
        reason: node.formula ? formulaReason(node.formula) : op.reasons[input],
        rule: { text: op.equation.backward[input], latex: op.latex.backward[input] },
        ...located(locate(node)),
      };
    });
    const sources = terms.flatMap((term) => (term.source ? [term.source] : []));
    const whole = assignment(equation.name, parse(equation.equation.slice(equation.equation.indexOf("=") + 1)));
    return {
      gradient: equation.name,
      of: equation.of,
      isParameter: forward.values[equation.of].role === "param",
      text: notation(whole, "text"),
      latex: notation(whole, "latex"),
      shape: shapeNotation(forward.values[equation.of]),
      terms,
      sources: sources.filter((link, i) => sources.findIndex((other) => sameLink(other, link)) === i),
    };
  });
  return { model, samples, cost: forward.loss, loss, penalties, forward: forwardLines, steps };
}

function located(source: SourceLink | undefined): { source?: SourceLink } {
  return source ? { source } : {};
}

function sameLink(a: SourceLink, b: SourceLink): boolean {
  return a.kind === b.kind && a.span.line === b.span.line && a.span.column === b.span.column;
}

function renameSymbol(expression: MathNode, from: string, to: string): MathNode {
  if (from === to) return expression;
  return expression.transform((n: MathNode) =>
    n.type === "SymbolNode" && (n as SymbolNode).name === from ? new SymbolNode(to) : n,
  );
}

/** A custom activation's reason: its formula and mathjs's derivative, in the course's notation. */
function formulaReason(f: FormulaSpec): Reason {
  const g = (dialect: "text" | "latex") => notation(f.forward, dialect);
  const dg = (dialect: "text" | "latex") => notation(f.derivative, dialect);
  const z = (dialect: "text" | "latex") => symbol(f.parameter, dialect);
  const by = "by mathjs's symbolic derivative";
  return {
    text: `g(${z("text")}) = ${g("text")} (the model's ${f.name}), so g′(${z("text")}) = ${dg("text")} ${by}`,
    latex: `$g(${z("latex")}) = ${g("latex")}$ (the model's formula), so $g'(${z("latex")}) = ${dg("latex")}$ ${by}`,
  };
}

export type { Shape };

/**
 * The derivation of a validated model: compiled as for training (same forward graph, same
 * generated backward graph), with m printed as `m` unless the training set's size is known
 * before loading it (synthetic data).
 */
export function deriveModel(ir: ModelIR): Derivation {
  const data = ir.data.find((d) => d.name === ir.train.data);
  const samples = knownExamples(data);
  const program = compileProgram(ir, { samples: samples ?? 1, emit: false });
  return {
    ...buildDerivation(ir.model, program.forward, program.backward, samples, irLocator(ir)),
    update: updateOf(ir.train),
  };
}

/**
 * The statement behind each node: a penalty's regularizer, a dropout's entry in the dropout list,
 * the loss statement, else the node's layer.
 */
export function irLocator(ir: ModelIR): NodeLocator {
  const link = (kind: SourceLink["kind"], span: SourceSpan | undefined) => (span ? { kind, span } : undefined);
  return (node) => {
    const op = opOf(node);
    const regularizers = ir.regularize ?? [];
    if (op.kind === "penalty") {
      const penalty = regularizers.find((r) => node.op.startsWith(`${r.kind}_`));
      return link("regularizer", penalty?.at);
    }
    if (op.kind === "mask") {
      const dropout = regularizers.find((r) => r.kind === "dropout");
      const entry = dropout?.kind === "dropout" ? dropout.layers.find((l) => l.name === node.layer) : undefined;
      return link("dropout", entry?.at ?? dropout?.at);
    }
    if (op.kind === "loss") return link("loss", ir.loss.at);
    const layer = ir.layers.find((l) => l.name === node.layer);
    return link("layer", layer?.at);
  };
}

/** The update section: the optimizer's rule applied to every parameter W with its gradient dW. */
function updateOf(train: TrainIR): DerivationUpdate {
  const { name, ...settings } = train.optimizer;
  const definition = optimizerOf(name);
  const batches =
    train.unit === "epochs" && train.batch !== undefined
      ? `Each of ${train.iterations} epochs cuts the examples into mini-batches of ${train.batch} ` +
        `(the last one holds the rest), ordered by ${shuffleText(train)}; one update per mini-batch, ` +
        "its gradients those of the batch's mean loss (m = the batch's size), t counting the updates from 1"
      : `${train.iterations} ${train.unit === "epochs" ? "epochs" : "iterations"}, ` +
        "each one full-batch update, t counting them from 1";
  const decay = !train.decay
    ? ""
    : train.decay.kind === "inverse"
      ? `; after epoch i (from 0) learning_rate = learning_rate0 / (1 + ${train.decay.rate} · i)`
      : "; after epoch i (from 0) learning_rate = learning_rate0 / " +
        `(1 + ${train.decay.rate} · floor(i / ${train.decay.interval}))`;
  const written = Object.entries(settings)
    .map(([key, value]) => `${key}: ${value}`)
    .join(", ");
  return {
    optimizer: name,
    call: `${name}(${written})`,
    equations: definition.equations.map((text, i) => ({ text, latex: definition.latex[i] })),
    derivation: definition.derivation,
    schedule: batches + decay + ".",
    ...(train.at ? { source: { kind: "optimizer" as const, span: train.at } } : {}),
  };
}

function shuffleText(train: TrainIR): string {
  const shuffle = train.shuffle ?? { kind: "stream" };
  if (shuffle.kind === "lesson")
    return `permutation(m) after np.random.seed(${shuffle.seed} + k) in the k-th epoch (k from 1; the lesson's order)`;
  if (shuffle.kind === "none") return "the data's own order";
  return "permutation(m) drawn from the model's stream after the parameters";
}
