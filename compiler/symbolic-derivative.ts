// mathjs's symbolic derivative, simplified only when simplifying is cheap. mathjs's `simplify`
// matches its rules against every grouping of a flattened sum or product, which takes time
// exponential in the number of terms: the derivative of a 25-term sum `z + z + ... + z` takes
// 15 s to simplify, that of sigmoid nested 8 deep never finishes. Large derivatives are kept as
// the chain rule writes them; they compute the same function, only less tidily printed.
import { derivative, type MathNode } from "mathjs";

/** Beyond these, the unsimplified derivative is kept (each limit alone keeps simplify under ~1 s). */
const MOST_NODES_TO_SIMPLIFY = 100;
const MOST_TERMS_TO_SIMPLIFY = 8;

/** d(tree)/d(variable), simplified exactly as mathjs does by default whenever that is cheap. */
export function symbolicDerivative(tree: MathNode, variable: string): MathNode {
  const raw = derivative(tree, variable, { simplify: false });
  return cheapToSimplify(raw) ? derivative(tree, variable) : raw;
}

type Operator = MathNode & { fn: string; args: MathNode[] };

const sums = new Set(["add", "subtract"]);
const products = new Set(["multiply", "divide"]);

/** Counts nodes, and the terms of every sum or product once flattened (as simplify flattens them). */
function cheapToSimplify(root: MathNode): boolean {
  let nodes = 0;
  const pending: MathNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (++nodes > MOST_NODES_TO_SIMPLIFY) return false;
    const group = groupOf(node);
    if (group && termsOf(node, group) > MOST_TERMS_TO_SIMPLIFY) return false;
    node.forEach((child: MathNode) => pending.push(child));
  }
  return true;
}

function groupOf(node: MathNode): Set<string> | undefined {
  if (node.type !== "OperatorNode") return undefined;
  const fn = (node as Operator).fn;
  return sums.has(fn) ? sums : products.has(fn) ? products : undefined;
}

/** The terms of the sum or product rooted at `node`, seen through parentheses. */
function termsOf(node: MathNode, group: Set<string>): number {
  let terms = 0;
  const pending: MathNode[] = [node];
  while (pending.length > 0 && terms <= MOST_TERMS_TO_SIMPLIFY) {
    const current = unwrapped(pending.pop()!);
    if (current.type === "OperatorNode" && group.has((current as Operator).fn))
      pending.push(...(current as Operator).args);
    else terms++;
  }
  return terms;
}

function unwrapped(node: MathNode): MathNode {
  let current = node;
  while (current.type === "ParenthesisNode") current = (current as MathNode & { content: MathNode }).content;
  return current;
}
