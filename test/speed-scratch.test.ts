import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "vitest";
import { compileAny } from "../compiler/front-end.js";
import { loadModelData } from "../drivers/train-model.js";
import { compileProgram } from "../compiler/compile-program.js";
import { initParams } from "../runtime/init.js";
import { RandomState } from "../runtime/rng/index.js";
import { instantiateKernels } from "../runtime/train.js";
import { nodeFiles } from "../node/files.js";
test("speed", async () => {
  const file = "examples/init-he.nnspec";
  const { ir } = compileAny(readFileSync(file, "utf8"), file);
  const stream = new RandomState(ir!.seed ?? 0);
  const data = (await loadModelData(ir!, stream, nodeFiles(dirname(resolve(file))))).get(ir!.train.data)!;
  const program = compileProgram(ir!, { samples: data.samples });
  const params = initParams(program.params, stream);
  const ks = (["emitted", "simd"] as const).map((engine) => {
    const P = params.map((p) => Float64Array.from(p));
    return { engine, P, k: instantiateKernels(program, P, engine, true, "step").kernels, best: Infinity };
  });
  for (let round = 0; round < 8; round++)
    for (const e of ks) {
      const t = performance.now();
      for (let i = 0; i < 2000; i++) e.k.step(data.X, data.Y, data.samples, 0.01, i % 1000 === 0);
      e.best = Math.min(e.best, (performance.now() - t) / 2000);
    }
  for (const e of ks) console.log(e.engine, (e.best * 1000).toFixed(1), "us/step", e.P[0][0]);
}, 60000);
