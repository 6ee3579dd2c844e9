// `nnc import model.onnx`: a plain MLP graph read back as a .nnspec and its parameters. It takes
// the graphs `nnc emit --target onnx` writes and the ones PyTorch exports for a stack of
// nn.Linear and activations: each layer is a Gemm (transB 0 or 1) or a MatMul followed by an Add
// of the bias, whose weights are initializers (float32 or float64); between two layers, Relu,
// Sigmoid, Tanh, Softmax over the units, LeakyRelu or PRelu with one slope, nothing (linear), or
// elementwise arithmetic on the layer's output, which becomes a custom activation. Identity and
// Flatten are passed through. Anything else is refused at its node, by name and index.
import { DiagnosticError } from "../../contracts/diagnostic.js";
import { DataCodes } from "../../contracts/codes.js";
import { decodeModel, toInt, type ModelProto, type NodeProto } from "./proto.js";
import { tensorValues, typeName, type Constant } from "./tensors.js";
import { readActivation } from "./import-activation.js";
import { importContext, type ImportContext, type ImportedLayer, type ImportedModel } from "./import-context.js";
import type { NamedParam } from "./emit-onnx.js";
import { specText } from "./import-spec.js";

const LINEAR_OPS = new Set(["Gemm", "MatMul"]);
const PASS_THROUGH = new Set(["Identity", "Flatten"]);

function decode(bytes: Uint8Array, file: string): ModelProto {
  const notModel = (why: string): never => {
    throw new DiagnosticError([
      {
        severity: "error",
        code: DataCodes.onnxNotModel,
        file,
        message: `'${file}' is not an ONNX model: ${why}`,
        expected: "an .onnx file (a protobuf ModelProto), such as `nnc emit --target onnx` or torch.onnx.export write",
      },
    ]);
  };
  let model: ModelProto;
  try {
    model = decodeModel(bytes);
  } catch (error) {
    return notModel(`its bytes are not a protobuf ModelProto (${(error as Error).message})`);
  }
  if (!model.graph || !model.ir_version) return notModel("it has no IR version and graph");
  if ((model.graph.node ?? []).length === 0) return notModel("its graph has no nodes");
  return model;
}

/**
 * Reads an ONNX file's bytes into a .nnspec and its parameters; the spec's header names the files
 * they will be written to, `specFile` and `paramsFile` (relative to the spec).
 */
export function importOnnx(bytes: Uint8Array, file: string, specFile: string, paramsFile: string): ImportedModel {
  const model = decode(bytes, file);
  const graph = model.graph!;
  const nodes = graph.node ?? [];
  const constants = new Map<string, Constant>();
  const unreadable: string[] = [];
  for (const tensor of graph.initializer ?? []) {
    const values = tensorValues(tensor);
    if (values) constants.set(tensor.name ?? "", values);
    else unreadable.push(`${tensor.name} (${typeName(tensor.data_type)})`);
  }
  nodes.forEach((node) => {
    const value = node.op_type === "Constant" ? node.attribute?.find((a) => a.name === "value")?.t : undefined;
    const values = value && tensorValues(value);
    if (values) constants.set(node.output[0], values);
  });
  const ctx = importContext(file, nodes, constants);
  const used = new Set(nodes.flatMap((n) => n.input));
  const unread = unreadable.filter((u) => used.has(u.split(" ")[0]));
  if (unread.length) ctx.fail(`initializers of an element type nnc does not read: ${unread.join(", ")}`);
  const inputs = (graph.input ?? []).filter((i) => !constants.has(i.name));
  if (inputs.length !== 1)
    ctx.fail(
      `the graph has ${inputs.length} inputs (${inputs.map((i) => i.name).join(", ") || "none"}); an MLP has one`,
    );
  const input = inputs[0];
  const outputs = new Set((graph.output ?? []).map((o) => o.name));
  const consumers = new Map<string, number[]>();
  nodes.forEach((node, index) =>
    node.input.forEach((name) => consumers.set(name, [...(consumers.get(name) ?? []), index])),
  );
  const only = (tensor: string): number | undefined => {
    const users = consumers.get(tensor) ?? [];
    if (users.length > 1)
      ctx.unsupported(users[1], `'${tensor}' feeds ${users.length} nodes; an MLP's layers form one chain`);
    return users[0];
  };
  const dims = input.type?.tensor_type?.shape?.dim ?? [];
  let features = dims.length === 2 ? toInt(dims[1].dim_value) : undefined;
  const params: NamedParam[] = [];
  const layers: ImportedLayer[] = [];
  let current = input.name;
  const visited = new Set<number>();
  for (;;) {
    const index = only(current);
    if (index === undefined) break;
    const node = nodes[index];
    if (PASS_THROUGH.has(node.op_type)) {
      visited.add(index);
      current = node.output[0];
      continue;
    }
    if (!LINEAR_OPS.has(node.op_type))
      ctx.unsupported(
        index,
        layers.length === 0 ? "nnc's first layer is a dense one" : "this is not a dense layer's op",
        "nnc imports Gemm or MatMul + Add layers with Relu, Sigmoid, Tanh, Softmax, LeakyRelu or elementwise math",
      );
    const layer = readLinear(ctx, index, consumers, features);
    layer.nodes.forEach((i) => visited.add(i));
    const l = layers.length + 1;
    params.push({ name: `W${l}`, shape: [layer.units, layer.inputs], data: layer.W });
    params.push({ name: `b${l}`, shape: [layer.units, 1], data: layer.b });
    features ??= layer.inputs;
    const activation = readActivation(ctx, layer.z, consumers, LINEAR_OPS);
    activation.nodes.forEach((i) => visited.add(i));
    layers.push({ name: activation.output, units: layer.units, activation: activation.activation });
    features = layer.units;
    current = activation.output;
    if (outputs.has(current) && !consumers.has(current)) break;
  }
  if (layers.length === 0) ctx.fail(`the graph's input '${input.name}' feeds no layer`);
  if (!outputs.has(current))
    ctx.fail(`the last layer's output '${current}' is not the graph's output (${[...outputs].join(", ")})`);
  const last = layers[layers.length - 1].activation;
  if (last.kind !== "builtin" || !/^(sigmoid|softmax)$/.test(last.text))
    ctx.fail(
      `the graph's last layer ends in ${last.kind === "builtin" ? last.text : "a custom formula"}, ` +
        "not in a probability",
      "nnc's classifiers end in sigmoid (one unit) or softmax; export the model with its nn.Sigmoid() or " +
        "nn.Softmax(dim=1) at the end, or add it to the .onnx graph",
    );
  nodes.forEach((node, index) => {
    if (!visited.has(index) && node.op_type !== "Constant")
      ctx.unsupported(index, "it is not on the chain from the input to the output");
  });
  const inputsCount = params[0].shape[1];
  return specText({ model, file, specFile, paramsFile, inputName: input.name, inputs: inputsCount, layers, params });
}

interface LinearLayer {
  nodes: number[];
  W: Float64Array;
  b: Float64Array;
  units: number;
  inputs: number;
  z: string;
}

function attribute(node: NodeProto, name: string, fallback: number): number {
  const a = node.attribute?.find((x) => x.name === name);
  return a === undefined ? fallback : a.f !== undefined && a.type === 1 ? a.f : (toInt(a.i) ?? fallback);
}

/** W ([units, inputs], row-major) from a weight stored [inputs, units] (transposed) or [units, inputs]. */
function weights(c: Constant, transposed: boolean): { W: Float64Array; units: number; inputs: number } {
  const [rows, cols] = c.dims;
  if (!transposed) return { W: c.values, units: rows, inputs: cols };
  const W = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) W[j * rows + i] = c.values[i * cols + j];
  return { W, units: cols, inputs: rows };
}

function readLinear(
  ctx: ImportContext,
  index: number,
  consumers: Map<string, number[]>,
  features: number | undefined,
): LinearLayer {
  const node = ctx.nodes[index];
  const weight = ctx.constants.get(node.input[1]);
  if (!weight || weight.dims.length !== 2)
    ctx.unsupported(index, `its weight '${node.input[1]}' is not a constant matrix (an initializer)`);
  let biasName: string | undefined;
  let z = node.output[0];
  const nodes = [index];
  let transposed: boolean;
  if (node.op_type === "Gemm") {
    if (attribute(node, "alpha", 1) !== 1 || attribute(node, "beta", 1) !== 1 || attribute(node, "transA", 0) !== 0)
      ctx.unsupported(index, "a Gemm with alpha or beta other than 1, or transA, is not a plain dense layer");
    transposed = attribute(node, "transB", 0) === 0;
    biasName = node.input[2] || undefined;
  } else {
    transposed = true;
    const users = consumers.get(z) ?? [];
    const add = users.length === 1 ? ctx.nodes[users[0]] : undefined;
    if (add?.op_type === "Add") {
      biasName = add.input.find((name) => name !== z);
      nodes.push(users[0]);
      z = add.output[0];
    }
  }
  const { W, units, inputs } = weights(weight!, transposed);
  if (features !== undefined && inputs !== features)
    ctx.unsupported(index, `its weight takes ${inputs} inputs, but the layer before gives ${features}`);
  let b = new Float64Array(units);
  if (biasName) {
    const bias = ctx.constants.get(biasName);
    if (!bias) ctx.unsupported(nodes[nodes.length - 1], `its bias '${biasName}' is not a constant (an initializer)`);
    if (bias!.values.length !== units && bias!.values.length !== 1)
      ctx.unsupported(index, `its bias has ${bias!.values.length} values for ${units} units`);
    b = bias!.values.length === units ? Float64Array.from(bias!.values) : b.fill(bias!.values[0]);
  }
  return { nodes, W, b, units, inputs, z };
}
