// The registry's scalar templates (JavaScript expressions, runtime/ops) as WebAssembly
// instructions, on one f64 or on a pair of examples' units in an f64x2 lane each. Each lane runs
// the operations JavaScript would run, in the same order and with the same rounding (IEEE
// doubles both; Math.max/min/abs/sqrt have the same semantics as f64.max/min/abs/sqrt, Math.exp
// of a pair is fdlibm's algorithm as V8 runs it (wasm-exp.ts), and every other Math function is
// imported from Math itself, which V8 calls directly), so a lane's value is the JavaScript
// template's value to the bit. An expression outside this small grammar (or a function outside
// Math and the library below) throws UnsupportedExpression: the caller then keeps the JavaScript
// per-example code.
import { LESSON_ARITHMETIC_BELOW } from "../runtime/ops/cross-entropy.js";
import { F64, type FunctionBuilder, type FunctionImport, V128 } from "../runtime/wasm/binary.js";
import { emitPairExp } from "./wasm-exp.js";
import { f64Const, pairConst } from "./wasm-ops.js";

export class UnsupportedExpression extends Error {}

type Node =
  | { kind: "number"; value: number }
  | { kind: "name"; name: string }
  | { kind: "unary"; operand: Node }
  | { kind: "binary"; operator: string; left: Node; right: Node }
  | { kind: "choice"; test: Node; then: Node; otherwise: Node }
  | { kind: "call"; callee: string; args: Node[] };

const NUMBER = String.raw`\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?`;
const NAME = String.raw`[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?`;
const OPERATOR = String.raw`===|!==|>=|<=|[-+*/()?:,<>]`;
const TOKEN = new RegExp(String.raw`\s*(?:(${NUMBER})|(${NAME})|(${OPERATOR}))`, "y");

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match || match.index !== at) throw new UnsupportedExpression(`cannot read '${text.slice(at, at + 12)}'`);
    tokens.push(match[1] ?? match[2] ?? match[3]);
  }
  return tokens;
}

/** JavaScript's precedence for the operators the templates use: comparisons < additive < multiplicative. */
const BINARY: Record<string, number> = {
  "===": 1,
  "!==": 1,
  ">": 2,
  "<": 2,
  ">=": 2,
  "<=": 2,
  "+": 3,
  "-": 3,
  "*": 4,
  "/": 4,
};

export function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const expect = (token: string) => {
    if (tokens[at] !== token) throw new UnsupportedExpression(`expected '${token}' in '${text}'`);
    at++;
  };
  const primary = (): Node => {
    const token = tokens[at++];
    if (token === undefined) throw new UnsupportedExpression(`'${text}' ends early`);
    if (token === "-") return { kind: "unary", operand: primary() };
    if (token === "+") return primary();
    if (token === "(") {
      const inner = choice();
      expect(")");
      return inner;
    }
    if (/^[\d.]/.test(token)) return { kind: "number", value: Number(token) };
    if (!/^[A-Za-z_$]/.test(token)) throw new UnsupportedExpression(`unexpected '${token}' in '${text}'`);
    if (peek() !== "(") return { kind: "name", name: token };
    at++;
    const args: Node[] = [];
    while (peek() !== ")") {
      args.push(choice());
      if (peek() === ",") at++;
      else break;
    }
    expect(")");
    return { kind: "call", callee: token, args };
  };
  const binary = (level: number): Node => {
    let left = primary();
    for (;;) {
      const operator = peek();
      const precedence = operator === undefined ? undefined : BINARY[operator];
      if (precedence === undefined || precedence < level) return left;
      at++;
      left = { kind: "binary", operator, left, right: binary(precedence + 1) };
    }
  };
  const choice = (): Node => {
    const test = binary(1);
    if (peek() !== "?") return test;
    at++;
    const then = choice();
    expect(":");
    return { kind: "choice", test, then, otherwise: choice() };
  };
  const tree = choice();
  if (at !== tokens.length) throw new UnsupportedExpression(`unexpected '${tokens[at]}' in '${text}'`);
  return tree;
}

/** How a name in an expression is loaded: as one f64, or (pair mode) as a pair of lanes. */
export interface Operand {
  scalar?: (b: FunctionBuilder) => void;
  pair?: (b: FunctionBuilder) => void;
}

export type Mode = "scalar" | "pair";

/** The Math functions a module imports, each given its index in the order first called. */
export class MathImports {
  readonly imports: FunctionImport[] = [];
  index(name: string, arity: number): number {
    const found = this.imports.findIndex((i) => i.name === name);
    if (found >= 0) return found;
    const fn = (Math as unknown as Record<string, unknown>)[name];
    if (typeof fn !== "function") throw new UnsupportedExpression(`Math.${name} is not a Math function`);
    this.imports.push({ module: "Math", name, params: new Array<number>(arity).fill(F64), results: [F64] });
    return this.imports.length - 1;
  }
}

// Opcodes: scalar f64 (core), then f64x2 (after the 0xfd prefix).
const SCALAR_BINARY: Record<string, number> = { "+": 0xa0, "-": 0xa1, "*": 0xa2, "/": 0xa3 };
const SCALAR_COMPARE: Record<string, number> = {
  "===": 0x61,
  "!==": 0x62,
  "<": 0x63,
  ">": 0x64,
  "<=": 0x65,
  ">=": 0x66,
};
const PAIR_BINARY: Record<string, number> = { "+": 0xf0, "-": 0xf1, "*": 0xf2, "/": 0xf3 };
const PAIR_COMPARE: Record<string, number> = { "===": 0x47, "!==": 0x48, "<": 0x49, ">": 0x4a, "<=": 0x4b, ">=": 0x4c };
/** Math functions that are one instruction with JavaScript's semantics: [scalar, f64x2]. */
const NATIVE: Record<string, [number, number]> = {
  "Math.abs": [0x99, 0xec],
  "Math.sqrt": [0x9f, 0xef],
  "Math.min": [0xa4, 0xf4],
  "Math.max": [0xa5, 0xf5],
};

/**
 * Emits `text` in `mode`, leaving its value (f64, or v128 in pair mode) on the stack. `operands`
 * says how each name loads; `math` collects the imported Math functions.
 */
export function emitExpression(
  b: FunctionBuilder,
  text: string,
  mode: Mode,
  operands: ReadonlyMap<string, Operand>,
  math: MathImports,
): void {
  const value = (node: Node): void => {
    switch (node.kind) {
      case "number":
        return mode === "pair" ? pairConst(b, node.value) : f64Const(b, node.value);
      case "name":
        return load(node.name);
      case "unary":
        value(node.operand);
        return void (mode === "pair" ? b.simd(0xed) : b.op(0x9a));
      case "binary": {
        if (!(node.operator in SCALAR_BINARY)) throw new UnsupportedExpression(`'${node.operator}' gives no number`);
        value(node.left);
        value(node.right);
        return void (mode === "pair" ? b.simd(PAIR_BINARY[node.operator]) : b.op(SCALAR_BINARY[node.operator]));
      }
      case "choice":
        // Both sides are computed (they are pure), then the test picks: select / bitselect.
        value(node.then);
        value(node.otherwise);
        test(node.test);
        return void (mode === "pair" ? b.simd(0x52) : b.op(0x1b));
      case "call":
        return call(node);
    }
  };
  const test = (node: Node): void => {
    if (node.kind !== "binary" || !(node.operator in SCALAR_COMPARE))
      throw new UnsupportedExpression("a choice must test a comparison");
    value(node.left);
    value(node.right);
    if (mode === "pair") b.simd(PAIR_COMPARE[node.operator]);
    else b.op(SCALAR_COMPARE[node.operator]);
  };
  const load = (name: string): void => {
    const constant = name.startsWith("Math.") ? (Math as unknown as Record<string, unknown>)[name.slice(5)] : undefined;
    if (typeof constant === "number") return value({ kind: "number", value: constant });
    const operand = operands.get(name);
    if (!operand) throw new UnsupportedExpression(`no value for '${name}'`);
    if (mode === "pair" && operand.pair) return operand.pair(b);
    if (!operand.scalar) throw new UnsupportedExpression(`'${name}' has no single value`);
    operand.scalar(b);
    if (mode === "pair") b.splat();
  };
  const call = (node: Extract<Node, { kind: "call" }>): void => {
    if (node.callee === "crossEntropyTerm" && node.args.length === 3) {
      // runtime/ops/cross-entropy.ts: Math.abs(z) < LESSON_ARITHMETIC_BELOW ? lessonTerm : logitFormTerm
      const [z, lesson, logit] = node.args;
      const abs: Node = { kind: "call", callee: "Math.abs", args: [z] };
      const small: Node = {
        kind: "binary",
        operator: "<",
        left: abs,
        right: { kind: "number", value: LESSON_ARITHMETIC_BELOW },
      };
      return value({ kind: "choice", test: small, then: lesson, otherwise: logit });
    }
    const native = NATIVE[node.callee];
    if (native && node.args.length === (node.callee === "Math.abs" || node.callee === "Math.sqrt" ? 1 : 2)) {
      node.args.forEach(value);
      return void (mode === "pair" ? b.simd(native[1]) : b.op(native[0]));
    }
    if (!node.callee.startsWith("Math.")) throw new UnsupportedExpression(`${node.callee} is not a Math function`);
    if (node.callee === "Math.exp" && node.args.length === 1 && mode === "pair") {
      // Both lanes at once, Math.exp's bits without its calls or its branches (wasm-exp.ts).
      value(node.args[0]);
      return void emitPairExp(b, math.index("exp", 1));
    }
    const index = math.index(node.callee.slice(5), node.args.length);
    if (mode === "scalar") {
      node.args.forEach(value);
      b.op(0x10, index);
      return;
    }
    // Lane by lane: the arguments' pairs into locals, the function called on lane 0 then lane 1.
    if (node.args.length === 0) throw new UnsupportedExpression(`${node.callee} takes no argument`);
    const result = b.local(V128);
    const locals = node.args.map((arg) => {
      value(arg);
      const local = b.local(V128);
      b.set(local);
      return local;
    });
    for (const lane of [0, 1]) {
      if (lane === 1) b.get(result);
      for (const local of locals) {
        b.get(local);
        b.extractLane(lane);
      }
      b.op(0x10, index);
      if (lane === 0) {
        b.splat();
        b.set(result);
      } else b.replaceLane(1);
    }
  };
  value(parseExpression(text));
}
