// Reverse-mode differentiation of a forward graph into its backward graph, from the registry's
// rules only: nothing here knows what a dense layer or a lesson is.
//
// Walking the nodes in reverse, a node is active when its output has a gradient and one of its
// differentiable inputs depends on a parameter; each such input gets one term, the op's backward
// equation with the op's local names (W, A_prev, dZ, ...) replaced by the graph's (W3, A2, dZ3).
// A value used by several nodes gets one term per use and its gradient is their sum; its equation
// is complete, and is listed, once its last consumer has been walked.
import { ConstantNode, OperatorNode, SymbolNode, parse, type MathNode } from "mathjs";
import { opOf } from "../runtime/ops/index.js";
import { equationForm, renameForm } from "./equation-forms.js";
import type {
  BackwardGraph,
  BackwardStep,
  ForwardGraph,
  GradientEquation,
  GradientTerm,
  GraphNode,
} from "../runtime/program.js";

export function gradientName(value: string): string {
  return `d${value}`;
}

export function deriveBackward(graph: ForwardGraph): BackwardGraph {
  const dependsOnParam = new Set<string>();
  for (const [name, value] of Object.entries(graph.values)) if (value.role === "param") dependsOnParam.add(name);
  for (const node of graph.nodes) if (node.inputs.some((i) => dependsOnParam.has(i))) dependsOnParam.add(node.output);

  // The cost is the loss plus the penalties: each gets dJ/dR = 1.
  const hasGradient = new Set<string>([graph.loss, ...(graph.penalties ?? [])]);
  const terms = new Map<string, GradientTerm[]>();
  /** Terms whose text joins a sum as it is (see sumText). */
  const plainTerms = new Set<GradientTerm>();
  const steps: BackwardStep[] = [];
  for (const node of [...graph.nodes].reverse()) {
    if (!hasGradient.has(node.output)) continue;
    const op = opOf(node);
    const flags = op.inputs.map((input, index) => input.differentiable && dependsOnParam.has(node.inputs[index]));
    if (!flags.some(Boolean)) continue;
    steps.push({ node: node.id, inputs: flags });
    flags.forEach((flag, index) => {
      if (!flag) return;
      const value = node.inputs[index];
      hasGradient.add(value);
      const list = terms.get(value) ?? [];
      const rule = instantiateRule(node, index);
      const term = { node: node.id, input: index, expression: rule.text };
      if (rule.termOfSum) plainTerms.add(term);
      list.push(term);
      terms.set(value, list);
    });
  }

  // List each gradient when its last term has been produced, parameters first within a step, so
  // the order reads as the lessons' backward_propagation: dZ3, dW3, db3, dA2, dZ2, ...
  const remaining = new Map([...terms].map(([value, list]) => [value, list.length]));
  const equations: GradientEquation[] = [];
  const complete = (value: string) => {
    // Penalty terms (λ/m · W) read last, after the data term: `dW1 = dZ1 * X' + 0.7 / m * W1`.
    // Display order only: each engine adds them in its own fixed order (see emit-js.ts).
    const all = terms.get(value)!;
    const isPenalty = (t: GradientTerm) => opOf(graph.nodes[t.node]).kind === "penalty";
    const list = [...all.filter((t) => !isPenalty(t)), ...all.filter(isPenalty)];
    const name = gradientName(value);
    equations.push({
      name,
      of: value,
      shape: graph.values[value].shape,
      terms: list,
      equation: `${name} = ${sumText(list, plainTerms)}`,
    });
  };
  for (const step of steps) {
    const node = graph.nodes[step.node];
    const ready: string[] = [];
    step.inputs.forEach((flag, index) => {
      if (!flag) return;
      const value = node.inputs[index];
      const left = remaining.get(value)! - 1;
      remaining.set(value, left);
      if (left === 0) ready.push(value);
    });
    const isParam = (v: string) => graph.values[v].role === "param";
    for (const value of [...ready.filter(isParam), ...ready.filter((v) => !isParam(v))]) complete(value);
  }
  return { seed: graph.loss, seeds: [graph.loss, ...(graph.penalties ?? [])], steps, equations };
}

/**
 * The op's rule for input `index`, rewritten in the graph's names: its right-hand side, and
 * whether it joins a sum without parentheses (known for the fast path only).
 */
function instantiateRule(node: GraphNode, index: number): { text: string; termOfSum: boolean } {
  const op = opOf(node);
  const equation = op.equation.backward[op.inputs[index].name];
  const fast = renamedForm(node, equation, "rightHandSide");
  if (fast) return fast;
  return { text: rightHandSide(rename(node, equation)).toString(), termOfSum: false };
}

/**
 * An equation of node's op (its forward equation or a backward rule) in the graph's names:
 * `dW = dZ * A_prev'` at node Z3 = matmul_bias(W3, A2, b3) reads `dW3 = dZ3 * A2'`. Attributes
 * (leaky_relu's slope) become their values.
 */
export function instantiateEquation(node: GraphNode, equation: string): string {
  return renamedForm(node, equation, "equation")?.text ?? rename(node, equation).toString();
}

/**
 * The fast path of rename(...).toString() (equation-forms.ts), for the registry's ops: a custom
 * activation's equations are the user's formulas, which mathjs renames.
 */
function renamedForm(
  node: GraphNode,
  equation: string,
  part: "equation" | "rightHandSide",
): { text: string; termOfSum: boolean } | undefined {
  if (node.formula) return undefined;
  const form = equationForm(equation);
  const text = renameForm(
    part === "equation" ? form.text : form.text.slice(form.rightHandSide),
    names(node),
    node.attrs,
  );
  return text === undefined ? undefined : { text, termOfSum: form.termOfSum };
}

/** The op's local names (W, A_prev, dZ) → the node's (W3, A2, dZ3). */
function names(node: GraphNode): Map<string, string> {
  const op = opOf(node);
  const names = new Map<string, string>();
  op.inputs.forEach((input, i) => {
    names.set(input.name, node.inputs[i]);
    names.set(gradientName(input.name), gradientName(node.inputs[i]));
  });
  names.set(op.output, node.output);
  names.set(gradientName(op.output), gradientName(node.output));
  return names;
}

function rename(node: GraphNode, equation: string): MathNode {
  const local = names(node);
  return parse(equation).transform((n: MathNode) => {
    if (n.type !== "SymbolNode") return n;
    const name = (n as SymbolNode).name;
    if (local.has(name)) return new SymbolNode(local.get(name)!);
    if (name in node.attrs) return new ConstantNode(node.attrs[name]);
    return n;
  });
}

function rightHandSide(equation: MathNode): MathNode {
  if (equation.type !== "AssignmentNode") throw new Error(`'${equation.toString()}' is not an equation`);
  return (equation as unknown as { value: MathNode }).value;
}

/** The terms' sum as mathjs prints it; joined as they are when every term prints so in a sum. */
function sumText(list: readonly GradientTerm[], plainTerms: ReadonlySet<GradientTerm>): string {
  if (list.length === 1) return list[0].expression;
  if (list.every((t) => plainTerms.has(t))) return list.map((t) => t.expression).join(" + ");
  const sum = list
    .map((t) => parse(t.expression))
    .reduce((acc: MathNode, term: MathNode) => new OperatorNode("+", "add", [acc, term]));
  return sum.toString();
}
