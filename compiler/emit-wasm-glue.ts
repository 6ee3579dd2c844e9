// The JavaScript around the SIMD per-example code (emit-wasm.ts), as lines of emit-js.ts's
// generated source: it instantiates the module, copies the parameters (in the three forms the
// code reads), 1/m, X and Y into its memory, runs the leaves over the examples in numpy's
// pairwise tree and adds the leaves' sums up that tree, then reads dW and db out. What follows a
// pass (penalties, the cost, the update) is emit-js.ts's own code, unchanged.
import { BLOCK } from "../runtime/ops/sum.js";
import type { LossTemplates } from "../runtime/ops/index.js";
import type { ParamSpec } from "../runtime/program.js";
import type { WasmLayout } from "./wasm-layout.js";

/** Lines at the top of the generated function: the instance, its memory and the helpers. */
export function simdSetup(
  layout: WasmLayout,
  params: readonly ParamSpec[],
  features: number,
  loss: LossTemplates,
): string[] {
  const places = params.map((p) => {
    const place = layout.params[p.name];
    return [place.rows * place.cols, place.splats / 8];
  });
  const accumulators = layout.accumulators.map((a) => [a.offset / 8, ((a.mode === "pair" ? 16 : 8) * a.slots) / 8]);
  const { first, count } = layout.sumsRegion;
  const names = Object.fromEntries(layout.lossInputs.map(({ name }) => [name, `loss${name}`]));
  const lossTerm = (loss.branchingTerm ?? loss.term)(names);
  return [
    "// The forward and backward pass run in WebAssembly with SIMD (lib.simdModule), a leaf of at most",
    `// ${BLOCK} examples per call; see compiler/emit-wasm.ts.`,
    "const simdMemory = new WebAssembly.Memory({ initial: 1 });",
    "const simdLeaf = new WebAssembly.Instance(lib.simdModule, { env: { memory: simdMemory }, Math }).exports.leaf;",
    "let heap = new Float64Array(simdMemory.buffer);",
    `let leafSums = heap.subarray(${first}, ${first + count});`,
    "// [elements, where their splats start (in doubles)] of each parameter, in P's order.",
    `const simdPlaces = ${JSON.stringify(places)};`,
    `const simdAccumulators = ${JSON.stringify(accumulators)};`,
    "const simdLevels = [];",
    `const simdTerms = new Float64Array(${BLOCK});`,
    "// A leaf's loss terms from its examples' Z and A (in the leaf's buffers) and Y (from `labels`,",
    "// in doubles), as the JavaScript code computes them (JavaScript calls Math.log1p faster than",
    "// WebAssembly can), summed pairwise.",
    "function simdLossLeaf(n, labels) {",
    "  for (let e = 0; e < n; e++) {",
    ...layout.lossInputs.map(
      ({ name, offset }) => `    const loss${name} = heap[${offset === "labels" ? "labels" : offset / 8} + e];`,
    ),
    `    const term = ${lossTerm};`,
    loss.skipNaN ? "    simdTerms[e] = term === term ? term : 0; // nansum" : "    simdTerms[e] = term;",
    "  }",
    "  return pairwiseSum(simdTerms, 0, n);",
    "}",
    "// The X and Y last copied in and the holds they were copied under: kept while the runtime",
    "// promises them unchanged, under the same hold (lib.constantHold; 0: not held).",
    "let residentX = null;",
    "let residentY = null;",
    "let residentXHold = 0;",
    "let residentYHold = 0;",
    "function simdPack() {",
    "  for (let p = 0; p < P.length; p++) {",
    "    const [elements, splats] = simdPlaces[p];",
    "    const W = P[p];",
    "    for (let e = 0; e < elements; e++) heap[splats + 2 * e] = heap[splats + 2 * e + 1] = W[e];",
    "  }",
    "}",
    "function simdTree(start, n, depth, want, m, labels) {",
    `  if (simdLevels.length <= depth) simdLevels.push(new Float64Array(${count}));`,
    "  const level = simdLevels[depth];",
    `  if (n <= ${BLOCK}) {`,
    "    simdLeaf(start, n, m, labels);",
    "    level.set(leafSums);",
    `    if (want) level[${summedElement(layout, "loss", 0)}] = simdLossLeaf(n, labels / 8 + start);`,
    "    return level;",
    "  }",
    "  // numpy's split (runtime/ops/sum.ts): the left half a multiple of 8, left + right.",
    "  let half = Math.floor(n / 2);",
    "  half -= half % 8;",
    "  level.set(simdTree(start, half, depth + 1, want, m, labels));",
    "  const right = simdTree(start + half, n - half, depth + 1, want, m, labels);",
    `  for (let u = 0; u < ${count}; u++) level[u] += right[u];`,
    "  return level;",
    "}",
    "/** One pass over the m examples; returns the sums of the loss terms and of each dZ row. */",
    "function simdPass(X, Y, m, invM, wantCost) {",
    `  const labels = ${layout.inputs} + Math.ceil((${features} * m * 8) / 16) * 16;`,
    "  const bytes = labels + 8 * m + 16; // the odd last example reads its partner's place",
    "  if (bytes > simdMemory.buffer.byteLength) {",
    "    simdMemory.grow(Math.ceil((bytes - simdMemory.buffer.byteLength) / 65536));",
    "    heap = new Float64Array(simdMemory.buffer);",
    `    leafSums = heap.subarray(${first}, ${first + count});`,
    "  }",
    "  const hold = lib.constantHold ?? (() => 0);",
    "  const xHold = hold(X), yHold = hold(Y);",
    `  if (!(X === residentX && xHold !== 0 && xHold === residentXHold && X.length === ${features} * m)) {`,
    `    heap.set(X.length === ${features} * m ? X : X.subarray(0, ${features} * m), ${layout.inputs / 8});`,
    "    residentX = X;",
    "    residentXHold = xHold;",
    "    residentY = null; // Y's place follows X's size",
    "  }",
    "  if (!(Y === residentY && yHold !== 0 && yHold === residentYHold && Y.length === m)) {",
    "    heap.set(Y.length === m ? Y : Y.subarray(0, m), labels / 8);",
    "    residentY = Y;",
    "    residentYHold = yHold;",
    "  }",
    `  heap[${layout.invM / 8}] = invM;`,
    "  simdPack();",
    "  for (const [at, size] of simdAccumulators) heap.fill(0, at, at + size);",
    "  return simdTree(0, m, 0, wantCost ? 1 : 0, m, labels);",
    "}",
  ];
}

/**
 * The pass, then each trained parameter's gradient as a local (`dW1_0_1`, `db1_0`): dW as the code
 * accumulated it, db as 0 plus the examples' pairwise sum, as the JavaScript code writes them.
 */
export function simdPassLines(
  layout: WasmLayout,
  trained: readonly { param: ParamSpec; elements: readonly [string, number][] }[],
): string[] {
  const lines = ["const totals = simdPass(X, Y, m, invM, wantCost);"];
  for (const { param, elements } of trained)
    for (const [element, index] of elements) {
      if (param.kind === "bias") {
        lines.push(`let d${element} = 0;`, `d${element} += totals[${summedElement(layout, param.name, index)}];`);
      } else {
        const [row, col] = [Math.floor(index / param.shape[1]), index % param.shape[1]];
        lines.push(`let d${element} = heap[${accumulatedElement(layout, param.name, row, col)}];`);
      }
    }
  return lines;
}

/** Where element (row, col) of dW is after a pass, as an index into `heap`. */
export function accumulatedElement(layout: WasmLayout, param: string, row: number, col: number): number {
  const acc = layout.accumulators.find((a) => a.param === param);
  if (!acc) throw new Error(`no accumulator for ${param}`);
  const cols = layout.params[param].cols;
  if (acc.along === "rows") return (acc.offset + 16 * ((row >> 1) * cols + col)) / 8 + (row & 1);
  if (acc.along === "cols") return (acc.offset + 16 * (row * Math.ceil(cols / 2) + (col >> 1))) / 8 + (col & 1);
  return acc.offset / 8;
}

/** Where the pass's sum of unit k of `of` ("loss" or a bias) is, as an index into the totals. */
export function summedElement(layout: WasmLayout, of: string, k: number): number {
  const sum = layout.sums.find((s) => s.of === of);
  if (!sum) throw new Error(`no sum for ${of}`);
  return sum.offset / 8 + k - layout.sumsRegion.first;
}
