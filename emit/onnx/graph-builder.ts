// Collects an ONNX graph's nodes and initializers as they are made, with tensors written as
// little-endian raw_data (the form ONNX Runtime and PyTorch's exporter use) in the graph's one
// element type: float64, or float32 under `--float32`.
import { AttributeType, DataType, type AttributeProto, type NodeProto, type TensorProto } from "./proto.js";

export type ElementType = typeof DataType.DOUBLE | typeof DataType.FLOAT;

/** The little-endian bytes of `values` as doubles or floats. */
export function tensorBytes(values: ArrayLike<number>, type: ElementType): Uint8Array {
  const width = type === DataType.DOUBLE ? 8 : 4;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    if (width === 8) view.setFloat64(i * 8, values[i], true);
    else view.setFloat32(i * 4, values[i], true);
  }
  return bytes;
}

export function floatAttribute(name: string, value: number): AttributeProto {
  return { name, type: AttributeType.FLOAT, f: value };
}

export function intAttribute(name: string, value: number): AttributeProto {
  return { name, type: AttributeType.INT, i: value };
}

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly scalars = new Map<string, string>();

  constructor(readonly type: ElementType) {}

  /** An initializer holding `values` with shape `dims`; returns its name. */
  tensor(name: string, values: ArrayLike<number>, dims: readonly number[]): string {
    this.initializers.push({ name, dims: [...dims], data_type: this.type, raw_data: tensorBytes(values, this.type) });
    return name;
  }

  /** A scalar constant (shape []), one initializer per distinct value under `prefix`. */
  scalar(prefix: string, value: number): string {
    const key = `${prefix}|${Object.is(value, -0) ? "-0" : String(value)}`;
    let name = this.scalars.get(key);
    if (!name) {
      name = this.tensor(`${prefix}.c${this.scalars.size}`, [value], []);
      this.scalars.set(key, name);
    }
    return name;
  }

  /** A node named `name` whose one output is `output` (its name too, unless given). */
  node(opType: string, inputs: string[], output: string, attribute: AttributeProto[] = [], name = output): string {
    this.nodes.push({ name, op_type: opType, input: inputs, output: [output], attribute });
    return output;
  }
}
