// What the importer's parts share: the graph being read, its constants, and the two ways a
// graph is refused (a node nnc cannot take, named with its index; a shape nnc cannot take).
import { DiagnosticError } from "../../contracts/diagnostic.js";
import { DataCodes } from "../../contracts/codes.js";
import type { NodeProto } from "./proto.js";
import type { Constant } from "./tensors.js";
import type { NamedParam } from "./emit-onnx.js";

export type ImportedActivation =
  | { kind: "builtin"; text: string }
  | {
      kind: "custom";
      formula: string;
      /** The name the graph gives it (`h1.swish.0` → swish), if any. */ name?: string;
    };

export interface ImportedLayer {
  name?: string;
  units: number;
  activation: ImportedActivation;
}

export interface ImportedModel {
  /** The .nnspec text. */
  spec: string;
  /** W1, b1, W2, ... in nnc's shapes ([units, inputs] and [units, 1]), for writeParamsFile. */
  params: NamedParam[];
  model: string;
}

export interface ImportContext {
  file: string;
  nodes: NodeProto[];
  constants: Map<string, Constant>;
  fail(message: string, help?: string, code?: string): never;
  unsupported(index: number, why: string, help?: string): never;
}

export function importContext(file: string, nodes: NodeProto[], constants: Map<string, Constant>): ImportContext {
  const fail = (message: string, help?: string, code: string = DataCodes.onnxUnsupportedGraph): never => {
    throw new DiagnosticError([
      {
        severity: "error",
        code,
        file,
        message,
        expected: "a plain MLP: Gemm (or MatMul + Add) per layer with constant weights, and its activation",
        help,
      },
    ]);
  };
  const unsupported = (index: number, why: string, help?: string): never => {
    const node = nodes[index];
    const name = node.name ? `'${node.name}'` : "(unnamed)";
    return fail(`node ${index} ${name} (${node.op_type}): ${why}`, help, DataCodes.onnxUnsupportedNode);
  };
  return { file, nodes, constants, fail, unsupported };
}
