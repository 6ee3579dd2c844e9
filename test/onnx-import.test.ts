// `nnc import` of MLPs exported by PyTorch (test/fixtures/onnx, made with torch 1.13 by
// scripts/make-onnx-torch-fixtures.py, with PyTorch's own predictions as goldens), and the errors
// for files it cannot take: not an ONNX model, an op that is not a dense layer's, a branch.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeModel, encodeModel, type ModelProto } from "../emit/onnx/proto.js";
import { nnc } from "./helpers/run-cli.js";
import { maxDifference, nncPredictions, workDir } from "./helpers/onnx-models.js";

const fixtures = "test/fixtures/onnx";
const goldens = JSON.parse(readFileSync(join(fixtures, "torch-goldens.json"), "utf8")) as {
  models: { file: string; X: number[][]; float64: number[][]; float32?: number[][] }[];
};

/** Rows (examples) of a golden as nnc's layout: one row per feature or output, examples along it. */
function columns(rows: number[][]): Float64Array {
  const m = rows.length;
  const n = rows[0].length;
  const out = new Float64Array(n * m);
  rows.forEach((row, j) => row.forEach((v, i) => (out[i * m + j] = v)));
  return out;
}

async function imported(file: string): Promise<{ spec: string; params: string; text: string }> {
  const spec = join(workDir, file.replace(".onnx", ".nnspec"));
  const r = await nnc("import", join(fixtures, file), "-o", spec);
  expect(r.stderr).not.toContain("error");
  expect(r.code).toBe(0);
  const params = spec.replace(".nnspec", ".params.json");
  return { spec, params, text: readFileSync(spec, "utf8") };
}

describe.each(goldens.models)("PyTorch's $file", (golden) => {
  it("imports as layers nnc predicts with, to 1e-12 of PyTorch's float64 forward pass", async () => {
    const { spec, params } = await imported(golden.file);
    const X = columns(golden.X);
    const predicted = nncPredictions(spec, params, X, golden.X.length);
    expect(maxDifference(predicted, columns(golden.float64))).toBeLessThan(1e-12);
    if (golden.float32) expect(maxDifference(predicted, columns(golden.float32))).toBeLessThan(1e-6);
  });

  it("and `nnc predict` on its placeholder data set prints PyTorch's probabilities", async () => {
    const { spec, params } = await imported(golden.file);
    const r = await nnc("predict", "--params", params, spec, "inputs");
    expect(r.code).toBe(0);
    const printed = [...r.stdout.matchAll(/^inputs\[(\d+)\]: class (\d+), probability (\S+),/gm)];
    expect(printed).toHaveLength(golden.X.length);
    for (const [, j, predictedClass, probability] of printed) {
      const row = golden.float64[Number(j)];
      const best = row.length === 1 ? (row[0] > 0.5 ? 1 : 0) : row.indexOf(Math.max(...row));
      expect(Number(predictedClass)).toBe(best);
      expect(Math.abs(Number(probability) - (row.length === 1 ? row[0] : row[best]))).toBeLessThan(1e-12);
    }
  });
});

describe("what the imported .nnspec says", () => {
  it("names the layers' sizes and activations, and says its data lines are placeholders", async () => {
    const { text } = await imported("mlp-gemm-f32.onnx");
    expect(text).toContain("model mlp_gemm_f32 {");
    expect(text).toContain("input features[4]");
    expect(text).toMatch(/dense h1\[8\] +relu\n/);
    expect(text).toMatch(/dense h2\[6\] +tanh\n/);
    expect(text).toMatch(/dense h3\[5\] +leaky_relu\(slope: 0\.1\)\n/);
    expect(text).toMatch(/dense probabilities\[3\] +softmax\n/);
    expect(text).toContain("placeholders");
    expect(text).toContain("nnc predict --params mlp-gemm-f32.params.json mlp-gemm-f32.nnspec inputs");
  });

  it("writes SiLU, exported as x * sigmoid(x), as a custom activation", async () => {
    const { text } = await imported("mlp-matmul-f64.onnx");
    expect(text).toContain("activation act1(z) = z * sigmoid(z)");
    expect(text).toMatch(/dense h1\[5\] +act1\n/);
  });
});

describe("files nnc cannot import", () => {
  const gemm = () => decodeModel(readFileSync(join(fixtures, "mlp-gemm-f32.onnx")));
  const write = (name: string, model: ModelProto) => {
    const file = join(workDir, name);
    writeFileSync(file, encodeModel(model));
    return file;
  };

  it("a text file is not an ONNX model", async () => {
    const r = await nnc("import", "examples/init-he.nnspec", "-o", join(workDir, "x.nnspec"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "examples/init-he.nnspec: error[NNC3070]: 'examples/init-he.nnspec' is not an ONNX model",
    );
  });

  it("an op that is not a dense layer's is named with its index", async () => {
    const model = gemm();
    const relu = model.graph!.node!.findIndex((n) => n.op_type === "Relu");
    model.graph!.node![relu] = { ...model.graph!.node![relu], op_type: "Elu" };
    const r = await nnc("import", write("elu.onnx", model), "-o", join(workDir, "elu.nnspec"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error[NNC3071]: node ${relu} '/2/Relu' (Elu): nnc has no activation with this op`);
  });

  it("a graph whose last layer gives logits, not probabilities, is refused with the fix", async () => {
    const model = gemm();
    const nodes = model.graph!.node!;
    const softmax = nodes.findIndex((n) => n.op_type === "Softmax");
    nodes[softmax] = { ...nodes[softmax], op_type: "Identity", attribute: [] };
    const r = await nnc("import", write("logits.onnx", model), "-o", join(workDir, "logits.nnspec"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[NNC3072]: the graph's last layer ends in linear, not in a probability");
    expect(r.stderr).toContain("nn.Softmax(dim=1)");
  });

  it("a weight that is computed, not stored, is refused at its node", async () => {
    const model = gemm();
    const nodes = model.graph!.node!;
    const first = nodes.findIndex((n) => n.op_type === "Gemm");
    model.graph!.initializer = model.graph!.initializer!.filter((t) => t.name !== nodes[first].input[1]);
    model.graph!.input!.push({ name: nodes[first].input[1] });
    const r = await nnc("import", write("two.onnx", model), "-o", join(workDir, "two.nnspec"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[NNC3072]: the graph has 2 inputs");
  });
});

describe("nnc emit --target onnx refuses", () => {
  it("a parameters file of another model, naming what does not fit", async () => {
    const params = join(workDir, "blobs.params.json");
    writeFileSync(
      params,
      JSON.stringify({ nnc_params: 1, model: "x", params: [{ name: "W1", shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }] }),
    );
    const r = await nnc("emit", "--target", "onnx", "examples/init-he.nnspec", "--params", params, "-o", "x.onnx");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "error[NNC3063]: 'W1' has shape [3,2] in the parameters file, but the model's is [10, 2]",
    );
  });

  it("to write a binary graph to the terminal, or without the trained parameters", async () => {
    const noOut = await nnc("emit", "--target", "onnx", "examples/init-he.nnspec", "--params", "he.json");
    expect(noOut.stderr).toContain("error[NNC3107]: `nnc emit --target onnx` needs -o FILE");
    const noParams = await nnc("emit", "--target", "onnx", "examples/init-he.nnspec", "-o", "he.onnx");
    expect(noParams.stderr).toContain("error[NNC3107]: `nnc emit --target onnx` needs --params FILE");
  });
});

describe("the ONNX schema", () => {
  it("is the committed onnx.proto's descriptor (scripts/gen-onnx-schema.mjs was run after any change)", async () => {
    const { onnxDescriptor: fromProto } = await import("../scripts/gen-onnx-schema.mjs");
    const { onnxDescriptor } = await import("../emit/onnx/onnx-schema.js");
    const proto = readFileSync("emit/onnx/onnx.proto", "utf8");
    expect(onnxDescriptor).toEqual(fromProto(proto));
    expect(proto).toContain("SPDX-License-Identifier: Apache-2.0");
  });
});
