// numpy's .npy format (version 1.0) for a float64 array, so `nnc emit --data-out` can hand the
// loaded data to the PyTorch script: the magic string, a header dict padded to 64 bytes, then the
// values little-endian in C order (numpy.lib.format).
export function npyFloat64(shape: readonly number[], values: Float64Array): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) throw new Error(`shape ${shape.join("×")} does not hold ${values.length} values`);
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${dims}, }`;
  const unpadded = 10 + header.length + 1;
  header += " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const bytes = new Uint8Array(10 + header.length + 8 * count);
  bytes.set([0x93, ...Array.from("NUMPY", (c) => c.charCodeAt(0)), 1, 0]);
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  const body = new DataView(bytes.buffer, 10 + header.length);
  for (let i = 0; i < count; i++) body.setFloat64(8 * i, values[i], true);
  return bytes;
}

/** A data set's X (features × m, nnc's layout) as the script's examples × features. */
export function examplesByRow(X: Float64Array, features: number, samples: number): Float64Array {
  const out = new Float64Array(X.length);
  for (let f = 0; f < features; f++) for (let j = 0; j < samples; j++) out[j * features + f] = X[f * samples + j];
  return out;
}
