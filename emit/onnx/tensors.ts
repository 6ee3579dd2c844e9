// The numbers an ONNX tensor holds, as doubles: float32 and float64 tensors in either of the
// forms files use (little-endian raw_data, or the typed repeated fields), and int64 ones (shapes).
import { DataType, toInt, type TensorProto } from "./proto.js";

export interface Constant {
  dims: number[];
  values: Float64Array;
  type: number;
}

const TYPE_NAMES: Record<number, string> = {
  1: "float32",
  2: "uint8",
  3: "int8",
  5: "int16",
  6: "int32",
  7: "int64",
  9: "bool",
  10: "float16",
  11: "float64",
  16: "bfloat16",
};

export function typeName(type: number | undefined): string {
  return TYPE_NAMES[type ?? 0] ?? `type ${type ?? 0}`;
}

/** The tensor's values as doubles, or undefined for an element type nnc does not read. */
export function tensorValues(tensor: TensorProto): Constant | undefined {
  const dims = (tensor.dims ?? []).map((d) => toInt(d)!);
  const count = dims.reduce((a, b) => a * b, 1);
  const type = tensor.data_type ?? 0;
  const raw = tensor.raw_data && tensor.raw_data.length > 0 ? tensor.raw_data : undefined;
  const view = raw ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : undefined;
  const values = new Float64Array(count);
  const width = type === DataType.FLOAT ? 4 : type === DataType.DOUBLE || type === DataType.INT64 ? 8 : 0;
  if (width === 0) return undefined;
  if (view) {
    if (view.byteLength !== count * width) return undefined;
    for (let i = 0; i < count; i++) {
      if (type === DataType.FLOAT) values[i] = view.getFloat32(i * 4, true);
      else if (type === DataType.DOUBLE) values[i] = view.getFloat64(i * 8, true);
      else values[i] = Number(view.getBigInt64(i * 8, true));
    }
  } else {
    const typed =
      type === DataType.FLOAT
        ? tensor.float_data
        : type === DataType.DOUBLE
          ? tensor.double_data
          : tensor.int64_data?.map((v) => toInt(v)!);
    if (!typed || typed.length !== count) return undefined;
    values.set(typed);
  }
  return { dims, values, type };
}

/**
 * The shortest decimal that reads back as the same float32 (0.01 for the float nearest 0.01), so a
 * float32 graph's constants are written as their author wrote them, not as 0.009999999776482582.
 */
export function shortestFloat32(value: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}
