import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { compileAny } from "../compiler/front-end.js";
import { loadModelData } from "../drivers/train-model.js";
import { compileProgram } from "../compiler/compile-program.js";
import { initParams } from "../runtime/init.js";
import { RandomState } from "../runtime/rng/index.js";
import { instantiateKernels } from "../runtime/train.js";
import { nodeFiles } from "../node/files.js";

const examples = readdirSync("examples").filter((f) => f.endsWith(".nnspec") && !f.startsWith("cat-"));
describe.each(examples)("%s", (file) => {
  test("simd = js", async () => {
    const { ir } = compileAny(readFileSync(join("examples", file), "utf8"), file);
    if (!ir) return;
    const stream = new RandomState(ir.seed ?? 0);
    const data = (await loadModelData(ir, stream, nodeFiles(dirname(resolve(join("examples", file)))))).get(ir.train.data)!;
    const program = compileProgram(ir, { samples: data.samples });
    console.log(file, program.emitted ? (program.emitted.simd ? "SIMD" : "no simd: " + program.emitted.simdSkipped) : "no emitted");
    if (!program.emitted?.simd) return;
    const params = initParams(program.params, stream);
    const js = instantiateKernels(program, params.map((p) => Float64Array.from(p)), "emitted").kernels;
    const simd = instantiateKernels(program, params.map((p) => Float64Array.from(p)), "simd").kernels;
    const G1 = params.map((p) => new Float64Array(p.length));
    const G2 = params.map((p) => new Float64Array(p.length));
    expect(simd.gradients(data.X, data.Y, data.samples, G2, [])).toBe(js.gradients(data.X, data.Y, data.samples, G1, []));
    G1.forEach((g, i) => expect(G2[i], program.params[i].name).toEqual(g));
  });
});
