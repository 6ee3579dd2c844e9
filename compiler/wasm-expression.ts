// The registry's scalar templates (JavaScript expressions, runtime/ops) as WebAssembly
// instructions, on one f64 or on a pair of examples' units in an f64x2 lane each. Each lane runs
// the operations JavaScript would run, in the same order and with the same rounding (IEEE
// doubles both; Math.max/min/abs/sqrt have the same semantics as f64.max/min/abs/sqrt, and every
// other Math function is imported from Math itself, which V8 calls directly), so a lane's value
// is the JavaScript template's value to the bit. An expression outside this small grammar (or a
// function outside Math and the library below) throws UnsupportedExpression: the caller then
// keeps the JavaScript per-example code.
import { LESSON_ARITHMETIC_BELOW } from "../runtime/ops/cross-entropy.js";
import { F64, type FunctionBuilder, type FunctionImport, V128 } from "../runtime/wasm/binary.js";

export class UnsupportedExpression extends Error {}

type Node =
  | { kind: "number"; value: number }
  | { kind: "name"; name: string }
  | { kind: "unary"; operand: Node }
  | { kind: "binary"; operator: string; left: Node; right: Node }
  | { kind: "choice"; test: Node; then: Node; otherwise: Node }
  | { kind: "call"; callee: string; args: Node[] };

const TOKEN =
  /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)|(===|!==|>=|<=|[-+*/()?:,<>]))/y;

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

export function f64Const(b: FunctionBuilder, value: number): void {
  b.op(0x44, ...new Uint8Array(Float64Array.of(value).buffer));
}

export function pairConst(b: FunctionBuilder, value: number): void {
  b.op(0xfd, 0x0c, ...new Uint8Array(Float64Array.of(value, value).buffer));
}

const simd = (b: FunctionBuilder, opcode: number, ...immediates: number[]) => {
  const bytes: number[] = [];
  let v = opcode;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (v !== 0);
  b.op(0xfd, ...bytes, ...immediates);
};

export const splat = (b: FunctionBuilder) => simd(b, 0x14);
export const extractLane = (b: FunctionBuilder, lane: number) => simd(b, 0x21, lane);
export const replaceLane = (b: FunctionBuilder, lane: number) => simd(b, 0x22, lane);

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
        return mode === "pair" ? simd(b, 0xed) : void b.op(0x9a);
      case "binary": {
        if (!(node.operator in SCALAR_BINARY)) throw new UnsupportedExpression(`'${node.operator}' gives no number`);
        value(node.left);
        value(node.right);
        return mode === "pair" ? simd(b, PAIR_BINARY[node.operator]) : void b.op(SCALAR_BINARY[node.operator]);
      }
      case "choice":
        // Both sides are computed (they are pure), then the test picks: select / bitselect.
        value(node.then);
        value(node.otherwise);
        test(node.test);
        return mode === "pair" ? simd(b, 0x52) : void b.op(0x1b);
      case "call":
        return call(node);
    }
  };
  const test = (node: Node): void => {
    if (node.kind !== "binary" || !(node.operator in SCALAR_COMPARE))
      throw new UnsupportedExpression("a choice must test a comparison");
    value(node.left);
    value(node.right);
    if (mode === "pair") simd(b, PAIR_COMPARE[node.operator]);
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
    if (mode === "pair") splat(b);
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
      return mode === "pair" ? simd(b, native[1]) : void b.op(native[0]);
    }
    if (mode === "pair" && node.callee === "Math.exp" && node.args.length === 1) {
      value(node.args[0]);
      return emitPairExp(b);
    }
    if (!node.callee.startsWith("Math.")) throw new UnsupportedExpression(`${node.callee} is not a Math function`);
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
        extractLane(b, lane);
      }
      b.op(0x10, index);
      if (lane === 0) {
        splat(b);
        b.set(result);
      } else replaceLane(b, 1);
    }
  };
  value(parseExpression(text));
}

/** A v128 constant of two i64 lanes (bit patterns), or of two f64 lanes. */
function i64Pair(b: FunctionBuilder, value: bigint): void {
  b.op(0xfd, 0x0c, ...new Uint8Array(BigInt64Array.of(value, value).buffer));
}

/**
 * exp(x) lane by lane, bit for bit V8's Math.exp (src/base/ieee754.cc, fdlibm's e_exp.c with
 * V8's exp(1) = E): every branch of it computed for both lanes, the lane's branch picked by a
 * mask. x is on the stack; the result is left there. test/simd-exp.test.ts compares it with
 * Math.exp on special values and millions of arguments.
 */
export function emitPairExp(b: FunctionBuilder): void {
  const x = b.local(V128);
  b.set(x);
  const local = (emit: () => void): number => {
    const l = b.local(V128);
    emit();
    b.set(l);
    return l;
  };
  const op = (...code: number[]) => simd(b, code[0], ...code.slice(1));
  const fAdd = () => op(0xf0);
  const fSub = () => op(0xf1);
  const fMul = () => op(0xf2);
  const fDiv = () => op(0xf3);
  const and = () => op(0x4e);
  const or = () => op(0x50);
  const select = () => op(0x52); // bitselect(a, b, mask): a where mask, else b
  // hx: the high word of |x| (as an i64 lane); comparisons on it as fdlibm's on the int.
  const hx = local(() => {
    b.get(x);
    i64Pair(b, 0x7fffffffffffffffn);
    and();
    b.i32(32);
    op(0xcd); // i64x2.shr_u
  });
  const hxBelow = (bound: number) => {
    b.get(hx);
    i64Pair(b, BigInt(bound));
    op(0xd8); // i64x2.lt_s
  };
  const hxAbove = (bound: number) => {
    b.get(hx);
    i64Pair(b, BigInt(bound));
    op(0xd9); // i64x2.gt_s
  };
  const signOf = (magnitude: number) => {
    // copysign(magnitude, x)
    b.get(x);
    i64Pair(b, -0x8000000000000000n);
    and();
    pairConst(b, magnitude);
    or();
  };
  // Argument reduction: |x| in (0.5 ln2, 1.5 ln2): k = ±1; above: k = (int)(x/ln2 ± 0.5); t = k.
  const inner = local(() => hxBelow(0x3ff0a2b2));
  const t = local(() => {
    signOf(1);
    b.get(x);
    pairConst(b, 1.4426950408889634);
    fMul();
    signOf(0.5);
    fAdd();
    op(0x7a); // f64x2.trunc: C's (int) cast of a value well inside int range
    b.get(inner);
    select();
  });
  const hi = local(() => {
    b.get(x);
    b.get(t);
    pairConst(b, 6.9314718036912381649e-1);
    fMul();
    fSub();
  });
  const lo = local(() => {
    b.get(t);
    pairConst(b, 1.90821492927058770002e-10);
    fMul();
  });
  // k = 0 where |x| <= 0.5 ln2: x stays as it is.
  const reduced = local(() => hxAbove(0x3fd62e42));
  const r = local(() => {
    b.get(hi).get(lo);
    fSub();
    b.get(x);
    b.get(reduced);
    select();
  });
  const sq = local(() => {
    b.get(r).get(r);
    fMul();
  });
  const c = local(() => {
    // c = r - t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5)))), t = r·r
    b.get(r).get(sq);
    pairConst(b, 1.66666666666666019037e-1);
    b.get(sq);
    pairConst(b, -2.77777777770155933842e-3);
    b.get(sq);
    pairConst(b, 6.61375632143793436117e-5);
    b.get(sq);
    pairConst(b, -1.6533902205465251539e-6);
    b.get(sq);
    pairConst(b, 4.13813679705723846039e-8);
    fMul();
    fAdd();
    fMul();
    fAdd();
    fMul();
    fAdd();
    fMul();
    fAdd();
    fMul();
    fSub();
  });
  // k = 0: 1 - ((r·c)/(c - 2) - r)
  const whenZero = local(() => {
    pairConst(b, 1);
    b.get(r).get(c);
    fMul();
    b.get(c);
    pairConst(b, 2);
    fSub();
    fDiv();
    b.get(r);
    fSub();
    fSub();
  });
  // else y = 1 - ((lo - (r·c)/(2 - c)) - hi), scaled by 2^k
  const y = local(() => {
    pairConst(b, 1);
    b.get(lo);
    b.get(r).get(c);
    fMul();
    pairConst(b, 2);
    b.get(c);
    fSub();
    fDiv();
    fSub();
    b.get(hi);
    fSub();
    fSub();
  });
  const k = local(() => {
    b.get(t);
    op(0xfc); // i32x4.trunc_sat_f64x2_s_zero
    op(0xc7); // i64x2.extend_low_i32x4_s
  });
  const power = (bias: number) => {
    // 2^(k + bias) as its bits: (k + bias + 1023) << 52
    b.get(k);
    i64Pair(b, BigInt(bias + 1023));
    op(0xce); // i64x2.add
    b.i32(52);
    op(0xcb); // i64x2.shl
  };
  const kAtLeast = (bound: number) => {
    b.get(k);
    i64Pair(b, BigInt(bound));
    op(0xdb); // i64x2.ge_s
  };
  const scaled = local(() => {
    // k >= -1021: y·2^k (k = 1024: y·2·2^1023); below: y·2^(k+1000)·2^-1000
    b.get(y);
    pairConst(b, 2);
    fMul();
    pairConst(b, 8.988465674311579539e307);
    fMul();
    b.get(y);
    power(0);
    fMul();
    kAtLeast(1024);
    select();
    b.get(y);
    power(1000);
    fMul();
    pairConst(b, 9.3326361850321887899e-302);
    fMul();
    kAtLeast(-1021);
    select();
  });
  // k = 0 where |x| <= 0.5 ln2; then the cases fdlibm returns early, each over the last.
  b.get(scaled).get(whenZero).get(reduced);
  select();
  const pick = (alternative: () => void, mask: () => void) => {
    const current = b.local(V128);
    b.set(current);
    alternative();
    b.get(current);
    mask();
    select();
  };
  pick(
    () => {
      pairConst(b, 1);
      b.get(x);
      fAdd();
    },
    () => hxBelow(0x3e300000), // |x| < 2^-28: 1 + x
  );
  pick(
    () => pairConst(b, 2.718281828459045),
    () => {
      b.get(x);
      pairConst(b, 1);
      op(0x47); // f64x2.eq: V8 returns E for exp(1)
    },
  );
  pick(
    () => pairConst(b, Infinity),
    () => {
      b.get(x);
      pairConst(b, 7.09782712893383973096e2);
      op(0x4a); // f64x2.gt: overflow
    },
  );
  pick(
    () => pairConst(b, 0),
    () => {
      b.get(x);
      pairConst(b, -7.4513321910194110842e2);
      op(0x49); // f64x2.lt: underflow
    },
  );
  pick(
    () => {
      b.get(x).get(x);
      fAdd();
    },
    () => {
      b.get(x).get(x);
      op(0x48); // f64x2.ne: NaN
    },
  );
}
