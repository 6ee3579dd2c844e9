// `nnc emit --target onnx` and `nnc import`, checked by running the graphs in ONNX Runtime
// (onnxruntime-web's wasm CPU backend, in Node): the float64 graph predicts what `nnc predict`
// predicts to 1e-12 on every training example, the float32 one to float32's precision, and
// spec → onnx → spec gives the same predictions to the bit.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeModel, toInt } from "../emit/onnx/proto.js";
import { nnc } from "./helpers/run-cli.js";
import {
  maxDifference,
  nncPredictions,
  onnxPredictions,
  trained,
  workDir,
  type TrainedModel,
} from "./helpers/onnx-models.js";

const example = (file: string, iterations: string) =>
  readFileSync(join("examples", file), "utf8").replace(/for \d+ iterations/, `for ${iterations} iterations`);

/** leaky_relu and tanh, and a formula using every function a custom activation may call. */
const leakyTanh = `model leaky_tanh {
  seed 3
  data train = moons(samples: 200, noise: 0.2, seed: 1)
  activation mix(z) = softplus(z) - log(2, e) + 0.1 * sinh(z / 4) + tanh(z) / cosh(z / 3) - 2 ^ (-z * z)
    + sqrt(1 + z ^ 2) - pi / 4 + exp(-z) * sigmoid(z) + pow(z, 2) / 50
  input x[2]
  dense h1[8] leaky_relu(slope: 0.05) init he
  dense h2[6] tanh init xavier
  dense h3[4] mix init he
  dense out[1] sigmoid init he
  loss cross_entropy
  train gd(learning_rate: 0.05) on train for 300 iterations, report cost every 100
  report accuracy on train
}
`;

const cases: [string, () => string][] = [
  ["init_he", () => example("init-he.nnspec", "1500")],
  ["multiclass_blobs", () => example("multiclass-blobs.nnspec", "400")],
  ["swish_circles", () => example("custom-activation.nnspec", "1500")],
  ["leaky_tanh", () => leakyTanh],
];

const models = new Map<string, TrainedModel>();
beforeAll(async () => {
  for (const [name, text] of cases) models.set(name, await trained(name, text()));
}, 240_000);

async function emitted(name: string, ...flags: string[]): Promise<Uint8Array> {
  const model = models.get(name)!;
  const out = join(workDir, `${name}${flags.length ? ".f32" : ""}.onnx`);
  const r = await nnc("emit", "--target", "onnx", model.spec, "--params", model.params, "-o", out, ...flags);
  expect(r.stderr).toContain(`wrote ${out}`);
  expect(r.code).toBe(0);
  return readFileSync(out);
}

describe.each(cases.map(([name]) => name))("%s", (name) => {
  it("as a float64 graph, ONNX Runtime predicts what nnc predicts, to 1e-12", async () => {
    const model = models.get(name)!;
    const expected = nncPredictions(model.spec, model.params, model.X, model.samples);
    const got = await onnxPredictions(await emitted(name), model.X, model.samples);
    expect(got.type).toBe("float64");
    expect(got.dims[0]).toBe(model.samples);
    expect(maxDifference(got.values, expected)).toBeLessThan(1e-12);
    // A trained model, not a constant one: its predictions differ from example to example.
    expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.1);
  });

  it("as a float32 graph, to float32's precision", async () => {
    const model = models.get(name)!;
    const expected = nncPredictions(model.spec, model.params, model.X, model.samples);
    const got = await onnxPredictions(await emitted(name, "--float32"), model.X, model.samples, true);
    expect(got.type).toBe("float32");
    expect(maxDifference(got.values, expected)).toBeLessThan(2e-5);
  });

  it("spec → onnx → spec predicts the same, to the bit", async () => {
    const model = models.get(name)!;
    await emitted(name);
    const spec = join(workDir, `${name}.imported.nnspec`);
    const r = await nnc("import", join(workDir, `${name}.onnx`), "-o", spec);
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const params = join(workDir, `${name}.imported.params.json`);
    expect(r.stderr).toContain(`wrote ${spec} and its weights ${params}`);
    const before = nncPredictions(model.spec, model.params, model.X, model.samples);
    const after = nncPredictions(spec, params, model.X, model.samples);
    expect(Array.from(after)).toEqual(Array.from(before));
    const lines = readFileSync(spec, "utf8");
    for (const layer of model.ir.layers) expect(lines).toMatch(new RegExp(`dense ${layer.name}\\[${layer.units}\\]`));
  });
});

describe("the graph", () => {
  it("is IR version 8, opset 17, with named inputs and outputs of a symbolic batch dimension", async () => {
    const graph = decodeModel(await emitted("multiclass_blobs"));
    expect(toInt(graph.ir_version)).toBe(8);
    expect(graph.opset_import?.map((o) => [o.domain ?? "", toInt(o.version)])).toEqual([["", 17]]);
    const shape = (v: { type?: { tensor_type?: { shape?: { dim?: object[] } } } }) => v.type?.tensor_type?.shape?.dim;
    expect(graph.graph!.input!.map((i) => [i.name, shape(i)])).toEqual([
      ["x", [{ dim_param: "batch" }, { dim_value: 2 }]],
    ]);
    expect(graph.graph!.output!.map((o) => [o.name, shape(o)])).toEqual([
      ["out", [{ dim_param: "batch" }, { dim_value: 3 }]],
    ]);
    expect(graph.graph!.node!.map((n) => n.op_type)).toEqual(["Gemm", "Relu", "Gemm", "Softmax"]);
    expect(graph.graph!.initializer!.map((t) => [t.name, t.dims!.map((d) => toInt(d)), t.data_type])).toEqual([
      ["h1.W", [10, 2], 11],
      ["h1.b", [10], 11],
      ["out.W", [3, 10], 11],
      ["out.b", [3], 11],
    ]);
  });
});
