// The course's notation for graph equations, as plain text (Unicode) and as LaTeX, printed from
// the mathjs syntax tree of an equation the backward graph holds (`dW3 = dZ3 * A2'`):
//
//   text   dW[3] = dZ[3] A[2]ᵀ          dZ[2] = dA[2] ∗ 1{A[2] > 0}
//   LaTeX  dW^{[3]} = dZ^{[3]} A^{[2]T}   dZ^{[2]} = dA^{[2]} \odot \mathbb{1}[A^{[2]} > 0]
//
// Layer numbers become [l] as the course writes them; `*` between matrices is juxtaposition,
// `.*` is ∗ (⊙ in LaTeX), `'` is ᵀ, a comparison used as a factor is an indicator 1{…}. Only the
// node kinds the registry's equations and custom activations use are known; anything else is a
// bug in an op's equation and throws.
import { parse, type MathNode } from "mathjs";

export type Dialect = "text" | "latex";

interface AnyNode {
  type: string;
  name?: string;
  value?: unknown;
  fn?: string | { name?: string };
  op?: string;
  args?: AnyNode[];
  content?: AnyNode;
  object?: AnyNode;
}

const COMPARISONS: Record<string, { text: string; latex: string }> = {
  larger: { text: ">", latex: ">" },
  smaller: { text: "<", latex: "<" },
  largerEq: { text: "≥", latex: "\\ge" },
  smallerEq: { text: "≤", latex: "\\le" },
};

/** `W3` → W[3] / W^{[3]}; `dZ12` → dZ[12]; other names as they are (X, Y, m, J, z). */
export function symbol(name: string, dialect: Dialect, suffix = ""): string {
  const layered = /^(d?[A-Za-z]+?)(\d+)$/.exec(name);
  if (dialect === "text")
    return layered ? `${layered[1]}[${layered[2]}]${suffix}` : `${TEXT_NAMES[name] ?? name}${suffix}`;
  const base = texName(layered ? layered[1] : name);
  const sup = [layered ? `[${layered[2]}]` : "", suffix].join("");
  return sup ? `${base}^{${sup}}` : base;
}

/** Attribute names the equations spell out (`lambda / m * W`) that the course writes as a letter. */
const TEXT_NAMES: Record<string, string> = { lambda: "λ" };

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

function texName(name: string): string {
  if (name === "sigma") return "\\sigma";
  if (name === "lambda") return "\\lambda";
  return name.replace(/_/g, "\\_");
}

/** Prints a mathjs expression (text or syntax tree) in the course's notation. */
export function notation(expression: string | MathNode, dialect: Dialect): string {
  const root = (typeof expression === "string" ? parse(expression) : expression) as unknown as AnyNode;
  return print(root, dialect);
}

function print(node: AnyNode, d: Dialect): string {
  const t = d === "text";
  switch (node.type) {
    case "AssignmentNode": {
      const target = node.object!;
      return `${print(target, d)} = ${print(node.value as AnyNode, d)}`;
    }
    case "SymbolNode":
      return symbol(node.name!, d);
    case "ConstantNode":
      return String(node.value);
    case "ParenthesisNode": {
      const inner = node.content!;
      if (inner.type === "OperatorNode" && COMPARISONS[inner.fn as string]) return indicator(inner, d);
      return t ? `(${print(inner, d)})` : `\\left(${print(inner, d)}\\right)`;
    }
    case "OperatorNode":
      return operator(node, d);
    case "FunctionNode":
      return call(node, d);
    default:
      throw new Error(`the course's notation has no form for a ${node.type} (in an op's equation)`);
  }
}

function indicator(comparison: AnyNode, d: Dialect): string {
  const [left, right] = comparison.args!.map((a) => print(a, d));
  const sign = COMPARISONS[comparison.fn as string];
  return d === "text" ? `1{${left} ${sign.text} ${right}}` : `\\mathbb{1}[${left} ${sign.latex} ${right}]`;
}

function unwrap(node: AnyNode): AnyNode {
  return node.type === "ParenthesisNode" ? node.content! : node;
}

function operator(node: AnyNode, d: Dialect): string {
  const t = d === "text";
  const args = node.args!;
  const p = (i: number) => print(args[i], d);
  switch (node.fn) {
    case "add":
      return `${p(0)} + ${p(1)}`;
    case "subtract":
      return `${p(0)} ${t ? "−" : "-"} ${p(1)}`;
    case "unaryMinus":
      return `${t ? "−" : "-"}${p(0)}`;
    case "unaryPlus":
      return p(0);
    case "multiply":
      // Matrix product and scalar factors alike are written side by side, as the course does.
      return `${p(0)} ${p(1)}`;
    case "dotMultiply":
      return `${p(0)} ${t ? "∗" : "\\odot"} ${p(1)}`;
    case "divide":
    case "dotDivide":
      return t ? `${p(0)}/${p(1)}` : `\\frac{${print(unwrap(args[0]), d)}}{${print(unwrap(args[1]), d)}}`;
    case "pow":
    case "dotPow": {
      const base = args[0].type === "SymbolNode" && !t ? `\\left(${p(0)}\\right)` : p(0);
      const power = unwrap(args[1]);
      const digits = power.type === "ConstantNode" && /^\d$/.test(String(power.value));
      if (t && digits) return `${base}${SUPERSCRIPT_DIGITS[Number(power.value)]}`;
      return t ? `${base}^${p(1)}` : `${base}^{${print(power, d)}}`;
    }
    case "transpose":
    case "ctranspose":
      if (args[0].type === "SymbolNode") return symbol(args[0].name!, d, t ? "ᵀ" : "T");
      return t ? `(${print(unwrap(args[0]), d)})ᵀ` : `\\left(${print(unwrap(args[0]), d)}\\right)^{T}`;
    default:
      if (COMPARISONS[node.fn as string]) {
        const sign = COMPARISONS[node.fn as string];
        return `${p(0)} ${t ? sign.text : sign.latex} ${p(1)}`;
      }
      throw new Error(`the course's notation has no form for the operator '${node.op}' (in an op's equation)`);
  }
}

const TEX_FUNCTIONS: Record<string, string> = {
  max: "\\max",
  min: "\\min",
  log: "\\log",
  tanh: "\\tanh",
  sinh: "\\sinh",
  cosh: "\\cosh",
  sech: "\\operatorname{sech}",
  sqrt: "\\sqrt",
  sigmoid: "\\sigma",
  softplus: "\\operatorname{softplus}",
};

/** A sum's or a product's operand: parenthesised unless it is one name, call or bracket. */
function grouped(node: AnyNode, d: Dialect): string {
  const power = node.type === "OperatorNode" && (node.fn === "pow" || node.fn === "dotPow");
  const atomic = power || ["SymbolNode", "ConstantNode", "FunctionNode", "ParenthesisNode"].includes(node.type);
  if (atomic) return print(node, d);
  return d === "text" ? `(${print(node, d)})` : `\\left(${print(node, d)}\\right)`;
}

function call(node: AnyNode, d: Dialect): string {
  const t = d === "text";
  const name = (node.fn as { name?: string }).name ?? "";
  const args = node.args!;
  const all = () => args.map((a) => print(a, d)).join(", ");
  const one = () => print(unwrap(args[0]), d);
  switch (name) {
    case "sum": {
      // As in a backward block (mathjs counts dimensions from 1): sum(V, 2) sums each row over the
      // m examples j (the losses' terms, db), sum(V, 1) each column, one example's units k, as sumk
      // does, and sum(V) every entry (k, i) of a matrix (a penalty's weights): three sums, three
      // symbols, so the sum over the examples is never reused for another.
      const axis = args.length === 1 ? undefined : unwrap(args[1]).value;
      if (axis === undefined) return t ? `Σₖᵢ ${grouped(args[0], d)}` : `\\sum_{k,i} ${grouped(args[0], d)}`;
      if (axis === 1) return t ? `Σₖ ${grouped(args[0], d)}` : `\\sum_{k=1}^{K} ${grouped(args[0], d)}`;
      return t ? `Σⱼ ${grouped(args[0], d)}` : `\\sum_{j=1}^{m} ${grouped(args[0], d)}`;
    }
    case "sumk":
      // A sum over one example's K units (a softmax column), not over the examples.
      return t ? `Σₖ ${grouped(args[0], d)}` : `\\sum_{k=1}^{K} ${grouped(args[0], d)}`;
    case "maxk":
      return t ? `maxₖ(${all()})` : `\\max_k\\left(${all()}\\right)`;
    case "exp":
      return t ? `exp(${one()})` : `e^{${one()}}`;
    case "log1p":
      return t ? `log(1 + ${one()})` : `\\log\\left(1 + ${one()}\\right)`;
    case "abs":
      return t ? `|${one()}|` : `\\lvert ${one()} \\rvert`;
    case "sqrt":
      return t ? `√(${one()})` : `\\sqrt{${one()}}`;
    case "sigmoid":
      return t ? `σ(${one()})` : `\\sigma\\left(${one()}\\right)`;
    default:
      if (t) return `${name}(${all()})`;
      return `${TEX_FUNCTIONS[name] ?? `\\operatorname{${texName(name)}}`}\\left(${all()}\\right)`;
  }
}
