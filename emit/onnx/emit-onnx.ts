// `nnc emit --target onnx`: a trained model as a standard ai.onnx graph. Each dense layer is one
// Gemm (Y = X·Wᵀ + b, transB = 1, so W keeps nnc's [units, inputs] layout) with W and b as
// initializers, then its activation: Relu, Sigmoid, Tanh, Softmax (over the units, axis 1),
// PRelu for leaky_relu in float64 (LeakyRelu's alpha is a float32 attribute, which would change
// the slope in the 8th digit), LeakyRelu in float32, nothing for linear, and a custom activation
// as the elementwise nodes of its formula (formula-nodes.ts).
//
// ONNX lays examples out as rows, [batch, features]; nnc's X is [features, examples]. The
// graph's input and output carry a symbolic `batch` first dimension.
//
// IR version 8 and opset 17: Debian's onnx 1.12 checker refuses later IR versions, and every
// op used here has had its current definition since opset 13 or earlier.
import type { ModelIR } from "../../contracts/ir.js";
import { parse } from "../../grammar/index.js";
import type { Span } from "../../contracts/diagnostic.js";
import { ACTIVATION_FUNCTIONS, parseCheckedFormula } from "../../runtime/expr.js";
import { formulaNodes } from "./formula-nodes.js";
import { floatAttribute, GraphBuilder, intAttribute, type ElementType } from "./graph-builder.js";
import { DataType, encodeModel, type ValueInfoProto } from "./proto.js";

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;
/** metadata_props keys nnc writes and its importer reads. */
export const METADATA = { model: "nnc.model", data: "nnc.data", train: "nnc.train" } as const;

export interface NamedParam {
  name: string;
  shape: readonly number[];
  data: ArrayLike<number>;
}

export interface OnnxEmitOptions {
  float32?: boolean;
  /** The .nnspec text the IR came from: its data, loss, train and report lines are kept as metadata. */
  sourceText?: string;
  /** nnc's version, for producer_version. */
  version?: string;
}

/** The source text a span covers (end column inclusive). */
function spanText(lines: readonly string[], span: Span): string {
  if (span.line === span.endLine) return lines[span.line - 1].slice(span.column - 1, span.endColumn);
  const first = lines[span.line - 1].slice(span.column - 1);
  const middle = lines.slice(span.line, span.endLine - 1);
  const last = lines[span.endLine - 1].slice(0, span.endColumn);
  return [first, ...middle, last].join("\n");
}

/**
 * The statements of a .nnspec that a graph does not hold, as written, one per line: `data` (seed
 * and data) and `train` (loss, regularize, train, report). `nnc import` puts them back, so a
 * round trip trains and predicts on the same data. Undefined when the text does not parse.
 */
export function trainingStatements(sourceText: string): { data: string; train: string } | undefined {
  const { ast } = parse(sourceText);
  if (!ast) return undefined;
  const lines = sourceText.split(/\r\n|\r|\n/);
  const of = (kinds: string[]) =>
    ast.model.statements
      .filter((s) => kinds.includes(s.kind))
      .map((s) => spanText(lines, s.span))
      .join("\n");
  return { data: of(["seed", "data"]), train: of(["loss", "regularize", "train", "report"]) };
}

function tensorInfo(name: string, type: ElementType, units: number): ValueInfoProto {
  const dim = [{ dim_param: "batch" }, { dim_value: units }];
  return { name, type: { tensor_type: { elem_type: type, shape: { dim } } } };
}

/** The ONNX bytes of `ir` with its trained parameters (W1, b1, W2, ... as `nnc run --save` names them). */
export function emitOnnx(ir: ModelIR, params: readonly NamedParam[], options: OnnxEmitOptions = {}): Uint8Array {
  const type: ElementType = options.float32 ? DataType.FLOAT : DataType.DOUBLE;
  const graph = new GraphBuilder(type);
  const byName = new Map(params.map((p) => [p.name, p]));
  const custom = new Map((ir.activations ?? []).map((a) => [a.name, a]));
  let previous = ir.input.name;
  let inputs = ir.input.units;
  ir.layers.forEach((layer, index) => {
    const W = byName.get(`W${index + 1}`);
    const b = byName.get(`b${index + 1}`);
    if (!W || !b) throw new Error(`no parameters W${index + 1} and b${index + 1} for layer '${layer.name}'`);
    if (W.shape[0] !== layer.units || W.shape[1] !== inputs)
      throw new Error(`W${index + 1} has shape [${W.shape}], layer '${layer.name}' needs [${layer.units}, ${inputs}]`);
    const weight = graph.tensor(`${layer.name}.W`, W.data, [layer.units, inputs]);
    const bias = graph.tensor(`${layer.name}.b`, b.data, [layer.units]);
    const activation = layer.activation;
    const z = activation.name === "linear" ? layer.name : `${layer.name}.z`;
    graph.node("Gemm", [previous, weight, bias], z, [intAttribute("transB", 1)], `${layer.name}.Gemm`);
    const named = (opType: string, extra: string[] = [], attributes = []) =>
      graph.node(opType, [z, ...extra], layer.name, attributes, `${layer.name}.${opType}`);
    if ("custom" in activation) {
      const formula = custom.get(activation.name)!;
      const tree = parseCheckedFormula(formula.formula, [formula.parameter, "e", "pi"], ACTIVATION_FUNCTIONS);
      const result = formulaNodes(tree, formula.parameter, z, `${layer.name}.${activation.name}`, graph);
      graph.node("Identity", [result], layer.name, [], `${layer.name}.${activation.name}`);
    } else if (activation.name === "relu") named("Relu");
    else if (activation.name === "sigmoid") named("Sigmoid");
    else if (activation.name === "tanh") named("Tanh");
    else if (activation.name === "softmax")
      graph.node("Softmax", [z], layer.name, [intAttribute("axis", 1)], `${layer.name}.Softmax`);
    else if (activation.name === "leaky_relu") {
      if (type === DataType.FLOAT)
        graph.node(
          "LeakyRelu",
          [z],
          layer.name,
          [floatAttribute("alpha", activation.slope)],
          `${layer.name}.LeakyRelu`,
        );
      else named("PRelu", [graph.tensor(`${layer.name}.slope`, [activation.slope], [1])]);
    }
    previous = layer.name;
    inputs = layer.units;
  });
  const statements = options.sourceText === undefined ? undefined : trainingStatements(options.sourceText);
  const metadata: { key: string; value: string }[] = [{ key: METADATA.model, value: ir.model }];
  if (statements)
    metadata.push({ key: METADATA.data, value: statements.data }, { key: METADATA.train, value: statements.train });
  const last = ir.layers[ir.layers.length - 1];
  return encodeModel({
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: "", version: ONNX_OPSET }],
    producer_name: "nnc",
    producer_version: options.version ?? "",
    doc_string: `model ${ir.model}${ir.source ? ` from ${ir.source}` : ""}, ${options.float32 ? "float32" : "float64"}`,
    graph: {
      name: ir.model,
      node: graph.nodes,
      initializer: graph.initializers,
      input: [tensorInfo(ir.input.name, type, ir.input.units)],
      output: [tensorInfo(last.name, type, last.units)],
    },
    metadata_props: metadata,
  });
}
