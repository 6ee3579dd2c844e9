// `nnc emit`: the standalone module, written to a temporary folder and imported as a user would,
// gives the runtime's cost and gradients to the bit (same templates, same summation order), for
// every example; it trains like the runtime; and it is prettier-formatted, imports nothing and
// documents its API.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { format } from "prettier";
import { compileAny } from "../compiler/front-end.js";
import { emitModule } from "../compiler/emit-module.js";
import { loadModelData } from "../drivers/train-model.js";
import { compileProgram } from "../compiler/compile-program.js";
import { initParams } from "../runtime/init.js";
import { drawDropoutMasks } from "../runtime/regularize.js";
import { RandomState } from "../runtime/rng/index.js";
import { instantiateKernels } from "../runtime/train.js";
import type { StepKernels } from "../runtime/program.js";
import { nodeFiles } from "../node/files.js";

interface EmittedModule {
  model: string;
  parameters: { name: string; shape: [number, number]; layer: string; kind: string }[];
  createModel(P: Float64Array[]): StepKernels;
}

const folder = mkdtempSync(join(tmpdir(), "nnc-emit-"));

/** The example's program, its training data and its initial parameters, as `nnc run` makes them. */
async function setUp(file: string) {
  const { ir } = compileAny(readFileSync(file, "utf8"), file);
  const stream = new RandomState(ir!.seed ?? 0);
  const data = (await loadModelData(ir!, stream, nodeFiles(dirname(resolve(file))))).get(ir!.train.data)!;
  const program = compileProgram(ir!, { samples: data.samples });
  const params = initParams(program.params, stream);
  return { program, data, params };
}

async function importEmitted(source: string, name: string): Promise<EmittedModule> {
  const path = join(folder, `${name}.js`);
  writeFileSync(path, source);
  return (await import(pathToFileURL(path).href)) as EmittedModule;
}

// Networks only: a scalar model (gradcheck-1d, `param theta = 4`) has no graph to derive or emit.
// The cat lessons are past the unrolled code's size limit: `nnc emit` refuses them (NNC3040).
const examples = readdirSync("examples").filter(
  (f) =>
    f.endsWith(".nnspec") &&
    !f.startsWith("cat-") &&
    !f.startsWith("multiclass-") && // softmax reads whole columns: the per-example code declines it
    compileAny(readFileSync(join("examples", f), "utf8"), f).ir !== undefined,
);

describe.each(examples)("examples/%s", (file) => {
  test("the emitted module's cost and gradients equal the runtime's, bit for bit", async () => {
    const { program, data, params } = await setUp(join("examples", file));
    const source = await emitModule(program, `examples/${file}`);
    const mod = await importEmitted(source, file.replace(".nnspec", ""));
    expect(mod.model).toBe(program.model);
    expect(mod.parameters.map((p) => [p.name, p.shape])).toEqual(program.params.map((p) => [p.name, p.shape]));

    const grads = () => params.map((p) => new Float64Array(p.length));
    const standalone = grads();
    // Dropout models take their masks as an argument; one set, held fixed, for every engine.
    const masks = drawDropoutMasks(program, new RandomState(1), data.samples);
    const cost = mod
      .createModel(params.map((p) => Float64Array.from(p)))
      .gradients(data.X, data.Y, data.samples, standalone, masks);
    for (const engine of ["emitted", "interpreted"] as const) {
      const { kernels } = instantiateKernels(
        program,
        params.map((p) => Float64Array.from(p)),
        engine,
      );
      const G = grads();
      expect(cost, engine).toBe(kernels.gradients(data.X, data.Y, data.samples, G, masks));
      G.forEach((g, i) => expect(standalone[i], `${engine} ${program.params[i].name}`).toEqual(g));
    }
    expect(Number.isFinite(cost)).toBe(true);
  });
});

test("it trains as nnc does: 200 steps of the He lesson, same costs and parameters to the bit", async () => {
  const { program, data, params } = await setUp("examples/init-he.nnspec");
  const mod = await importEmitted(await emitModule(program), "he-train");
  const mine = params.map((p) => Float64Array.from(p));
  const theirs = params.map((p) => Float64Array.from(p));
  const a = mod.createModel(mine);
  const { kernels: b } = instantiateKernels(program, theirs, "interpreted");
  for (let i = 0; i < 200; i++) {
    expect(a.step(data.X, data.Y, data.samples, 0.01, true)).toBe(b.step(data.X, data.Y, data.samples, 0.01, true));
  }
  mine.forEach((p, i) => expect(p).toEqual(theirs[i]));
  // The lesson's first cost line, from the module alone.
  const fresh = mod.createModel(params.map((p) => Float64Array.from(p)));
  expect(fresh.step(data.X, data.Y, data.samples, 0.01, true)).toBe(0.8830537463419761);
  const out = new Float64Array(data.samples);
  fresh.predict(data.X, data.samples, out);
  expect(out.every((a) => a > 0 && a < 1)).toBe(true);
});

test("the module imports nothing, documents its API, is prettier's output and refuses wrong parameters", async () => {
  const { program } = await setUp("examples/init-he.nnspec");
  const source = await emitModule(program, "examples/init-he.nnspec");
  expect(source).not.toMatch(/^\s*import\b/m);
  expect(source).not.toMatch(/\brequire\(/);
  expect(source).toContain("createModel(P): P is one Float64Array per parameter");
  expect(source).toContain("//   dW3 = dZ3 * A2'");
  expect(await format(source, { parser: "babel", printWidth: 110 })).toBe(source);
  const mod = await importEmitted(source, "he-api");
  expect(() => mod.createModel([])).toThrow("createModel needs 6 Float64Arrays (W1, b1, W2, b2, W3, b3)");
  const wrong = program.params.map((p) => new Float64Array(p.shape[0] * p.shape[1]));
  wrong[2] = new Float64Array(3);
  expect(() => mod.createModel(wrong)).toThrow("W2 must be a Float64Array of 5 × 10");
});
