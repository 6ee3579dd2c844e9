// The few pieces of the WebAssembly binary format the product kernels need, written by hand so
// the module is built from this source at run time: no toolchain, no prebuilt .wasm.
// Encoding per the WebAssembly core specification (binary format) and its fixed-width SIMD
// proposal (opcodes after the 0xfd prefix, LEB128-encoded).

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (text: string): number[] => [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];

/** A function body under construction: locals by index, instructions appended in order. */
export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly extraLocals: number[] = [];
  /** `params` i32 parameters, unless `paramTypes` gives each one's type. */
  constructor(
    readonly params: number,
    readonly paramTypes: readonly number[] = new Array<number>(params).fill(I32),
  ) {}

  local(type: number): number {
    this.extraLocals.push(type);
    return this.params + this.extraLocals.length - 1;
  }

  get(index: number): this {
    return this.op(0x20, ...uleb(index));
  }
  set(index: number): this {
    return this.op(0x21, ...uleb(index));
  }
  tee(index: number): this {
    return this.op(0x22, ...uleb(index));
  }
  i32(value: number): this {
    return this.op(0x41, ...sleb(value));
  }
  add(): this {
    return this.op(0x6a);
  }
  mul(): this {
    return this.op(0x6c);
  }
  geU(): this {
    return this.op(0x4f);
  }
  gtU(): this {
    return this.op(0x4b);
  }
  /** select: of the two values below the condition, the first if it is non-zero. */
  select(): this {
    return this.op(0x1b);
  }
  /** Block wrapping a loop: `body` runs until it branches out with `breakIf` (depth 1). */
  loop(body: () => void): this {
    this.op(0x02, 0x40, 0x03, 0x40);
    body();
    this.op(0x0c, 0, 0x0b, 0x0b);
    return this;
  }
  /** Inside `loop`'s body: leave the loop when the i32 on the stack is non-zero. */
  breakIf(): this {
    return this.op(0x0d, 1);
  }
  /** index += step (both i32; step a local). */
  advance(index: number, step: number): this {
    return this.get(index).get(step).add().set(index);
  }
  advanceBy(index: number, step: number): this {
    return this.get(index).i32(step).add().set(index);
  }

  f64Load(offset = 0): this {
    return this.op(0x2b, 3, ...uleb(offset));
  }
  f64Store(offset = 0): this {
    return this.op(0x39, 3, ...uleb(offset));
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  v128Load(offset = 0): this {
    return this.simd(0x00, 3, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, 3, ...uleb(offset));
  }
  loadSplat(offset = 0): this {
    return this.simd(0x0a, 3, ...uleb(offset));
  }
  zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  extractLane(lane: number): this {
    return this.simd(0x21, lane);
  }
  /** f64x2.splat: the f64 on the stack in both lanes. */
  splat(): this {
    return this.simd(0x14);
  }
  replaceLane(lane: number): this {
    return this.simd(0x22, lane);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }

  op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  /** A SIMD instruction: the 0xfd prefix, its opcode (LEB128) and immediates. */
  simd(opcode: number, ...immediates: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...immediates);
  }

  /** The body as the code section stores it: size, local declarations, instructions, end. */
  encode(): number[] {
    const groups: [number, number][] = [];
    for (const type of this.extraLocals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === type) last[0]++;
      else groups.push([1, type]);
    }
    const body = joined(
      uleb(groups.length),
      ...groups.map(([count, type]) => joined(uleb(count), type)),
      this.code,
      0x0b,
    );
    return joined(uleb(body.length), body);
  }
}

/** A function a module imports (e.g. Math.exp) and calls by its index, imports first. */
export interface FunctionImport {
  module: string;
  name: string;
  params: readonly number[];
  results: readonly number[];
}

const functionType = (params: readonly number[], results: readonly number[]): number[] => [
  0x60,
  ...uleb(params.length),
  ...params,
  ...uleb(results.length),
  ...results,
];

/**
 * The parts one after another (numbers and arrays of numbers). Spreading a generated function's
 * code (tens of thousands of bytes) into array literals took most of the time of building it.
 */
function joined(...parts: readonly (number | readonly number[])[]): number[] {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === "number") out.push(part);
    else for (let i = 0; i < part.length; i++) out.push(part[i]);
  }
  return out;
}

const section = (id: number, content: number[]): number[] => joined(id, uleb(content.length), content);
const vector = (items: number[][]): number[] => joined(uleb(items.length), ...items);

/**
 * A module importing `imports` (functions, indices 0 …) and its memory as env.memory, and
 * exporting `functions` (parameters as their builders say, no results) by name. With
 * `sharedMaximum` (pages) the memory is a shared one, which must declare its maximum: helper
 * threads run the same module over it (runtime/parallel.ts).
 */
export function moduleBytes(
  functions: { name: string; body: FunctionBuilder }[],
  sharedMaximum?: number,
  imports: readonly FunctionImport[] = [],
): Uint8Array {
  const types = [
    ...imports.map(({ params, results }) => functionType(params, results)),
    ...functions.map(({ body }) => functionType(body.paramTypes, [])),
  ];
  const functionImports = imports.map(({ module, name }, i) => [...utf8(module), ...utf8(name), 0x00, ...uleb(i)]);
  const limits = sharedMaximum === undefined ? [0x00, ...uleb(1)] : [0x03, ...uleb(1), ...uleb(sharedMaximum)];
  const memoryImport = [...utf8("env"), ...utf8("memory"), 0x02, ...limits];
  const bytes = joined(
    [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    section(1, vector(types)),
    section(2, vector([...functionImports, memoryImport])),
    section(3, vector(functions.map((_, i) => uleb(imports.length + i)))),
    section(7, vector(functions.map(({ name }, i) => [...utf8(name), 0x00, ...uleb(imports.length + i)]))),
    section(10, vector(functions.map(({ body }) => body.encode()))),
  );
  return Uint8Array.from(bytes);
}
