// The ONNX messages nnc reads and writes, encoded and decoded by protobufjs/light from the
// descriptor of the official onnx.proto (emit/onnx/onnx-schema.ts, made by
// scripts/gen-onnx-schema.mjs): no .proto parser at run time, nothing Node-only.
//
// The interfaces below name only the fields nnc uses; field names are the .proto's own
// (snake_case). int64 fields decode as numbers when they fit in 53 bits (every count, dimension and
// version nnc meets does), else as protobufjs's Long, which `toInt` turns into a number.
import protobuf from "protobufjs/light.js";
import { onnxDescriptor } from "./onnx-schema.js";

/** TensorProto.DataType values nnc writes or reads. */
export const DataType = { FLOAT: 1, INT64: 7, DOUBLE: 11 } as const;

/** AttributeProto.AttributeType values nnc writes or reads. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

export type Int = number | { toNumber(): number };

export interface TensorProto {
  name?: string;
  dims?: Int[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  double_data?: number[];
  int64_data?: Int[];
}

export interface AttributeProto {
  name: string;
  type?: number;
  f?: number;
  i?: Int;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: Int[];
}

export interface NodeProto {
  name?: string;
  op_type: string;
  domain?: string;
  input: string[];
  output: string[];
  attribute?: AttributeProto[];
  doc_string?: string;
}

export interface Dimension {
  dim_value?: Int;
  dim_param?: string;
}

export interface ValueInfoProto {
  name: string;
  type?: { tensor_type?: { elem_type?: number; shape?: { dim?: Dimension[] } } };
  doc_string?: string;
}

export interface GraphProto {
  name?: string;
  node?: NodeProto[];
  initializer?: TensorProto[];
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
  doc_string?: string;
}

export interface ModelProto {
  ir_version?: Int;
  opset_import?: { domain?: string; version?: Int }[];
  producer_name?: string;
  producer_version?: string;
  doc_string?: string;
  graph?: GraphProto;
  metadata_props?: { key?: string; value?: string }[];
}

let modelType: protobuf.Type | undefined;

function modelMessage(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(onnxDescriptor as protobuf.INamespace).lookupType("onnx.ModelProto");
  return modelType;
}

export function encodeModel(model: ModelProto): Uint8Array {
  const message = modelMessage();
  return message.encode(message.fromObject(model as Record<string, unknown>)).finish();
}

/** Decodes an ONNX file's bytes; throws protobufjs's error when they are not a ModelProto. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const message = modelMessage();
  return message.toObject(message.decode(bytes), { longs: Number, arrays: true }) as ModelProto;
}

export function toInt(value: Int | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "number" ? value : value.toNumber();
}
