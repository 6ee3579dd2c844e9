// The per-example code's SIMD form (compiler/emit-wasm.ts): each template, lane by lane, is the
// JavaScript template's value to the bit, and the SIMD kernels give the JavaScript kernels' cost
// and gradients to the bit on every example model, at every number of examples (odd, under 8,
// one leaf, several), and train to the same parameters.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { compileAny } from "../compiler/front-end.js";
import { compileProgram } from "../compiler/compile-program.js";
import { emitExpression, MathImports, type Operand } from "../compiler/wasm-expression.js";
import { loadModelData } from "../drivers/train-model.js";
import { nodeFiles } from "../node/files.js";
import { initParams } from "../runtime/init.js";
import { codeLibrary, ops, type ElementwiseTemplates, type LossTemplates } from "../runtime/ops/index.js";
import { RandomState } from "../runtime/rng/index.js";
import { instantiateKernels } from "../runtime/train.js";
import { F64, FunctionBuilder, moduleBytes } from "../runtime/wasm/binary.js";
import type { Dataset } from "../runtime/data/dataset.js";

// Both signs, zeros of both signs, the kink, tiny and huge values, infinities and NaN.
const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 1e-300, -1e-300, 2 ** -21, -(2 ** -19), 3.7, -3.7, 40, -40, 800, -800];
const INPUTS = [...SPECIAL, Infinity, -Infinity, NaN, ...Array.from({ length: 40 }, (_, i) => 6 * Math.sin(7.3 * i))];

/** `text` over names a, b, c, d (at 0, 16, 32, 48; scalar mode reads lane 0) into 64. */
function compiled(text: string, mode: "pair" | "scalar"): (values: number[][]) => number[] {
  const b = new FunctionBuilder(0, []);
  const operands = new Map<string, Operand>(
    ["a", "b", "c", "d"].map((name, i) => [
      name,
      mode === "pair" ? { pair: (f) => f.i32(0).v128Load(16 * i) } : { scalar: (f) => f.i32(0).f64Load(16 * i) },
    ]),
  );
  const math = new MathImports();
  b.i32(0);
  emitExpression(b, text, mode, operands, math);
  if (mode === "pair") b.v128Store(64);
  else b.f64Store(64);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(
    new WebAssembly.Module(moduleBytes([{ name: "run", body: b }], undefined, math.imports)),
    {
      env: { memory },
      Math,
    },
  );
  const heap = new Float64Array(memory.buffer);
  return (values) => {
    values.forEach((pair, i) => heap.set(pair, 2 * i));
    (instance.exports.run as () => void)();
    return [heap[8], heap[9]];
  };
}

function javascript(text: string): (a: number, b: number, c: number, d: number) => number {
  const names = Object.keys(codeLibrary);
  const fn = new Function(...names, "a", "b", "c", "d", `return ${text};`);
  return (...args) => fn(...Object.values(codeLibrary), ...args) as number;
}

describe("each op's templates in WebAssembly, lane by lane, are the JavaScript templates' values to the bit", () => {
  const cases: [string, string][] = [];
  for (const op of ops.values()) {
    if (op.columnwise) continue; // softmax: no per-example template
    const t = op.templates;
    const attrs = Object.fromEntries((op.attributes ?? []).map((a) => [a.name, a.default ?? 0.1])) as never;
    if (t.kind === "elementwise") {
      const e = t as ElementwiseTemplates;
      cases.push([`${op.name} forward`, e.forward("a", attrs)]);
      cases.push([`${op.name} backward`, e.backward({ dA: "c", Z: "a", A: "b" }, attrs)]);
    } else if (t.kind === "loss") {
      const l = t as LossTemplates;
      const v = { Z: "a", A: "b", Y: "d" };
      cases.push([`${op.name} term`, l.term(v)], [`${op.name} gradient`, l.gradient({ ...v, invM: "c" })]);
    }
  }
  test.each(cases)("%s: %s", (_name, text) => {
    const pair = compiled(text, "pair");
    const scalar = compiled(text, "scalar");
    const js = javascript(text);
    const same = (x: number, y: number) => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
    for (let i = 0; i < INPUTS.length; i++) {
      const lane0 = [INPUTS[i], Math.abs(INPUTS[(i + 3) % INPUTS.length]) % 1, INPUTS[(i + 7) % INPUTS.length], i % 2];
      const lane1 = [INPUTS[(i + 1) % INPUTS.length], 0.3, -0.7, (i + 1) % 2];
      const [got0, got1] = pair(lane0.map((v, k) => [v, lane1[k]]));
      const want0 = js(...(lane0 as [number, number, number, number]));
      const want1 = js(...(lane1 as [number, number, number, number]));
      expect(same(got0, want0), `${text} at ${lane0}: ${got0} vs ${want0}`).toBe(true);
      expect(same(got1, want1), `${text} at ${lane1}: ${got1} vs ${want1}`).toBe(true);
      const [one] = scalar(lane0.map((v) => [v, 0]));
      expect(same(one, want0), `${text} (scalar) at ${lane0}`).toBe(true);
    }
  });
});

test("a loss's branching term (the SIMD glue's) is its picking term's value, on both sides of the pick", () => {
  for (const op of ops.values()) {
    if (op.columnwise || op.templates.kind !== "loss") continue;
    const t = op.templates as LossTemplates;
    if (!t.branchingTerm) continue;
    const names = { Z: "a", A: "b", Y: "d" };
    const [picking, branching] = [javascript(t.term(names)), javascript(t.branchingTerm(names))];
    for (const z of INPUTS)
      for (const y of [0, 1]) {
        const a = 1 / (1 + Math.exp(-z));
        const [want, got] = [picking(z, a, 0, y), branching(z, a, 0, y)];
        expect(Object.is(want, got) || (Number.isNaN(want) && Number.isNaN(got)), `${op.name} at z = ${z}`).toBe(true);
      }
  }
});

/** The first `m` examples of a data set. */
function firstExamples(data: Dataset, m: number): Dataset {
  const X = new Float64Array(data.features * m);
  for (let k = 0; k < data.features; k++) X.set(data.X.subarray(k * data.samples, k * data.samples + m), k * m);
  return { ...data, X, Y: data.Y.slice(0, m), samples: m };
}

const examples = readdirSync("examples").filter(
  (f) => f.endsWith(".nnspec") && compileAny(readFileSync(join("examples", f), "utf8"), f).ir?.layers?.length,
);

describe.each(examples)("examples/%s", (file) => {
  test("the SIMD kernels' cost and gradients are the JavaScript kernels', for any number of examples", async () => {
    const { ir } = compileAny(readFileSync(join("examples", file), "utf8"), file);
    const stream = new RandomState(ir!.seed ?? 0);
    const data = (await loadModelData(ir!, stream, nodeFiles(dirname(resolve("examples", file))))).get(ir!.train.data)!;
    const program = compileProgram(ir!, { samples: data.samples });
    if (!program.emitted?.simd) {
      // Only what the SIMD code does not cover may go without: dropout, whole-column outputs, big models.
      expect(program.emitted?.simdSkipped ?? program.emitSkipped).toMatch(/dropout|columns|parameters/);
      return;
    }
    const params = initParams(program.params, stream);
    const js = instantiateKernels(
      program,
      params.map((p) => Float64Array.from(p)),
      "emitted",
    ).kernels;
    const simd = instantiateKernels(
      program,
      params.map((p) => Float64Array.from(p)),
      "simd",
    ).kernels;
    for (const m of [1, 3, 7, 8, 9, 130, 257, data.samples]) {
      if (m > data.samples) continue;
      const d = firstExamples(data, m);
      const wanted = params.map((p) => new Float64Array(p.length));
      const got = params.map((p) => new Float64Array(p.length));
      const cost = js.gradients(d.X, d.Y, m, wanted, []);
      expect(simd.gradients(d.X, d.Y, m, got, []), `cost, m = ${m}`).toBe(cost);
      wanted.forEach((g, i) => expect(got[i], `${program.params[i].name}, m = ${m}`).toEqual(g));
    }
  });
});

test("the He lesson trains to the same parameters, bit for bit, for 300 steps", async () => {
  const file = "examples/init-he.nnspec";
  const { ir } = compileAny(readFileSync(file, "utf8"), file);
  const stream = new RandomState(ir!.seed ?? 0);
  const data = (await loadModelData(ir!, stream, nodeFiles(dirname(resolve(file))))).get(ir!.train.data)!;
  const program = compileProgram(ir!, { samples: data.samples });
  const params = initParams(program.params, stream);
  const trained = (["emitted", "simd"] as const).map((engine) => {
    const P = params.map((p) => Float64Array.from(p));
    const { kernels, engine: ran } = instantiateKernels(program, P, engine);
    expect(ran).toBe(engine);
    const costs = Array.from({ length: 300 }, (_, i) => kernels.step(data.X, data.Y, data.samples, 0.01, i % 7 === 0));
    return { P, costs };
  });
  expect(trained[1].costs).toEqual(trained[0].costs);
  trained[0].P.forEach((p, i) => expect(trained[1].P[i]).toEqual(p));
  expect(trained[0].costs[0]).toBeCloseTo(0.8830537463419761, 15); // the lesson's first printed cost
});
