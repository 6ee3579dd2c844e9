// HDF5 files as data sets, through h5wasm (the HDF5 C library compiled to WebAssembly, shipped
// inside its npm package; see spec/data.md for why this library). The deep-network lesson's
// train_catvnoncat.h5 holds train_set_x (209, 64, 64, 3) uint8 and train_set_y (209,), and the
// lesson does
//
//     train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.
//
// so X is 12288 × 209 with X[f * m + j] = orig[j].flat[f] / 255: a true division, which rounds
// differently from a multiplication by 1/255 for 24 of the 256 byte values, so it is a division.
//
// The API is async because h5wasm compiles its WebAssembly asynchronously, once, on first use
// (about 0.13 s and 60 MB), so models without HDF5 data never pay for it. It is h5wasm's ESM build,
// which runs in Node and in browsers alike (its Node build reads the disk, and only runs in Node):
// the file's bytes come through a ModelFiles and are opened in the library's in-memory file system.
//
// Errors are DiagnosticErrors naming the file:
//
// | code    | when                                                                         |
// | ------- | ---------------------------------------------------------------------------- |
// | NNC3010 | the file cannot be read                                                      |
// | NNC3011 | no HDF5 signature (\x89HDF\r\n\x1a\n); says what the file looks like          |
// | NNC3013 | truncated (shorter than its superblock says) or damaged                      |
// | NNC3014 | no dataset of that name: did-you-mean, and the datasets present               |
// | NNC3015 | a dataset that is not numbers (strings, compound, float16, …)                 |
// | NNC3016 | features with no example axis, label not a vector, or example counts differ   |
// | NNC3017 | a label that is not 0 or 1                                                   |
// | NNC3018 | a feature that is NaN or infinite (after scaling)                            |
// | NNC3019 | a scale that is not a positive finite number                                 |
// | NNC3020 | a dataset of more than 2^27 values, refused before it is read                |
import { fileStem, type ModelFiles } from "../../contracts/files.js";
import type { Dataset } from "./dataset.js";
import {
  checkFinite,
  checkedLabels,
  describeContent,
  fail,
  hdf5SignatureOffset,
  loaderFor,
  MAXIMUM_VALUES,
  missingName,
  readBinaryFile,
  tooLarge,
} from "./binary-file.js";
import { DataCodes } from "../../contracts/codes.js";

type H5wasm = (typeof import("h5wasm"))["default"];
type H5File = InstanceType<H5wasm["File"]>;

export interface Hdf5Array {
  /** numpy's shape: (209, 64, 64, 3). */
  shape: number[];
  /** numpy's name for the element type: "uint8", "int64", "float64", "bool". */
  dtype: string;
  /** Row-major (C order), as h5py's `dataset[()]` gives it. */
  data: ArrayLike<number>;
}

export interface Hdf5DatasetOptions {
  /** The dataset whose first axis is the examples; the other axes are flattened into features. */
  features: string;
  /** The dataset holding one 0/1 label per example. */
  label: string;
  /** Every feature is divided by this (255 for the lesson's pixels); default 1. */
  scale?: number;
  /** Data set name; defaults to the file name without its extension. */
  name?: string;
}

interface Library {
  h5: H5wasm;
  /** The library's in-memory file system, where an opened file's bytes are put. */
  memory: Awaited<H5wasm["ready"]>["FS"];
}

let library: Promise<Library> | undefined;

function h5wasm(): Promise<Library> {
  library ??= import("h5wasm").then(async ({ default: h5 }) => {
    const module = await h5.ready;
    // By default the C library prints its whole error stack to stderr; this makes it throw instead.
    module.activate_throwing_error_handler();
    return { h5, memory: module.FS };
  });
  return library;
}

/** One dataset of the file at `path` (as a ModelFiles resolved it), as h5py's `dataset[()]` gives it. */
export async function readHdf5Dataset(files: ModelFiles, path: string, dataset: string): Promise<Hdf5Array> {
  const bytes = await readContainer(files, path);
  const { h5, memory } = await h5wasm();
  return withFile(h5, memory, path, bytes, (file) => readArray(h5, path, file, dataset, "the requested dataset"));
}

/** `path` as a ModelFiles resolved it; the file is read through `files`. */
export async function loadHdf5Dataset(files: ModelFiles, path: string, options: Hdf5DatasetOptions): Promise<Dataset> {
  const scale = options.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw fail({
      code: DataCodes.badLoaderOption,
      message: `the scale ${scale} is not a positive finite number`,
      file: path,
      expected: "a positive number to divide every feature by, such as 255 for 8-bit pixels",
    });
  }
  const bytes = await readContainer(files, path);
  const { h5, memory } = await h5wasm();
  const [features, label] = withFile(h5, memory, path, bytes, (file) => [
    readArray(h5, path, file, options.features, "the features"),
    readArray(h5, path, file, options.label, "the label"),
  ]);

  if (features.shape.length === 0) {
    throw fail({
      code: DataCodes.wrongShape,
      message: `the features '${options.features}' are a scalar, not an array of examples`,
      file: path,
      expected: "an array whose first axis is the examples, such as (209, 64, 64, 3)",
    });
  }
  const samples = features.shape[0];
  const featureCount = features.shape.slice(1).reduce((product, d) => product * d, 1);
  if (samples === 0 || featureCount === 0) {
    throw fail({
      code: DataCodes.wrongShape,
      message:
        `the features '${options.features}' have shape ${numpyShape(features.shape)}: ` +
        `there are no ${samples === 0 ? "examples" : "features"}`,
      file: path,
      expected: "at least one example along the first axis and one value in each",
    });
  }
  if (label.shape.filter((d) => d !== 1).length > 1) {
    throw fail({
      code: DataCodes.wrongShape,
      message: `the label '${options.label}' has shape ${numpyShape(label.shape)}, not a vector`,
      file: path,
      expected: `one label per example: shape (${samples},)`,
    });
  }
  if (label.data.length !== samples) {
    throw fail({
      code: DataCodes.wrongShape,
      message:
        `the label '${options.label}' has ${label.data.length} value${label.data.length === 1 ? "" : "s"} ` +
        `but the features '${options.features}' have ${samples} examples`,
      file: path,
      expected: `one label per example (first axis of '${options.features}'): shape (${samples},)`,
      notes: [
        `'${options.features}' has shape ${numpyShape(features.shape)}, ` +
          `'${options.label}' has shape ${numpyShape(label.shape)}`,
      ],
    });
  }

  // The lesson's reshape(m, -1).T: example j's values, in C order, become column j.
  const X = new Float64Array(featureCount * samples);
  const raw = features.data;
  for (let j = 0; j < samples; j++) {
    const row = j * featureCount;
    for (let f = 0; f < featureCount; f++) X[f * samples + j] = raw[row + f] / scale;
  }
  checkFinite(path, X, samples, (feature, example) =>
    numpyIndex(options.features, features.shape, example * featureCount + feature),
  );
  const Y = checkedLabels(path, label.data, (i) => numpyIndex(options.label, label.shape, i));
  return { name: options.name ?? fileStem(path), features: featureCount, samples, X, Y };
}

/** Each file opened gets its own name in the library's memory, removed when it is closed. */
let opened = 0;

/** Opens the file's bytes in the library's memory, hands the file to `use`, then closes and removes it. */
function withFile<T>(
  h5: H5wasm,
  memory: Library["memory"],
  path: string,
  bytes: Uint8Array,
  use: (file: H5File) => T,
): T {
  const name = `/nnc-${++opened}.h5`;
  memory.writeFile(name, bytes);
  try {
    let file: H5File;
    try {
      file = new h5.File(name, "r");
    } catch (error) {
      throw damaged(path, error);
    }
    try {
      return use(file);
    } finally {
      file.close();
    }
  } finally {
    memory.unlink(name);
  }
}

/** The file's bytes, after checking what the library would report less clearly: signature, length. */
async function readContainer(files: ModelFiles, path: string): Promise<Uint8Array> {
  const bytes = await readBinaryFile(files, path, "HDF5");
  const bytesAt = (position: number, length: number) => bytes.subarray(position, position + length);
  const offset = hdf5SignatureOffset(bytes.length, bytesAt);
  if (offset === undefined) {
    if (bytes.length === 0) {
      throw fail({
        code: DataCodes.damagedFile,
        message: "the HDF5 file is empty (0 bytes)",
        file: path,
        help: "copy the file again",
      });
    }
    const description = describeContent(bytesAt(0, 128));
    throw fail({
      code: DataCodes.notThatFormat,
      message: `'${path}' is not an HDF5 file: ${description}`,
      file: path,
      expected: "an HDF5 file, which starts with the signature \\x89HDF\\r\\n\\x1a\\n",
      help: loaderFor(description),
    });
  }
  const promised = promisedLength(bytesAt(offset, 64));
  if (promised !== undefined && bytes.length < promised) {
    throw fail({
      code: DataCodes.damagedFile,
      message: `the HDF5 file is truncated: it has ${bytes.length} bytes, its superblock says ${promised}`,
      file: path,
      help: "copy the file again: it was probably cut short",
    });
  }
  return bytes;
}

/**
 * The file length the superblock records in its end-of-file address, or undefined if it cannot
 * tell. Field offsets from the HDF5 File Format Specification, section II.A. The specification
 * calls the address relative to the base address, but the library writes, and checks against,
 * the whole file's length, user block included (a 1024-byte user block: base 1024, end = size).
 */
function promisedLength(superblock: Uint8Array): number | undefined {
  const version = superblock[8];
  let offsetSize: number;
  let baseAt: number;
  if (version === 0 || version === 1) {
    offsetSize = superblock[13];
    baseAt = version === 0 ? 24 : 28; // version 1 adds the indexed storage K and two reserved bytes
  } else if (version === 2 || version === 3) {
    offsetSize = superblock[9];
    baseAt = 12;
  } else {
    return undefined;
  }
  const endAt = baseAt + 2 * offsetSize; // past the free-space (v0, v1) or extension (v2, v3) address
  if (![2, 4, 8].includes(offsetSize) || endAt + offsetSize > superblock.length) return undefined;
  const field = superblock.subarray(endAt, endAt + offsetSize);
  if (field.every((byte) => byte === 0xff)) return undefined; // the "undefined address"
  // Six bytes reach 256 TiB; a larger promise is certainly not truncation we can measure.
  if (field.subarray(6).some((byte) => byte !== 0)) return undefined;
  let length = 0;
  for (let i = Math.min(offsetSize, 6) - 1; i >= 0; i--) length = length * 256 + field[i];
  return length;
}

function readArray(h5: H5wasm, path: string, file: H5File, name: string, role: string): Hdf5Array {
  const entity = lookUp(file, name);
  if (!(entity instanceof h5.Dataset)) throw missingName(path, "dataset", name, role, datasetsIn(h5, file));
  const metadata = entity.metadata;
  const shape = entity.shape ?? [];
  const dtype = dtypeName(metadata);
  if (dtype === undefined) {
    throw fail({
      code: DataCodes.notRealNumbers,
      message: `the dataset '${name}' (wanted as ${role}) holds ${describeType(metadata)}, not numbers`,
      file: path,
      expected: "a dataset of integers, floats or booleans",
    });
  }
  const count = metadata.total_size;
  if (count > MAXIMUM_VALUES) throw tooLarge(path, `the dataset '${name}' ${numpyShape(shape)}`, count);
  let value: unknown;
  try {
    value = entity.value;
  } catch (error) {
    if (/not supported/i.test(String((error as Error).message))) {
      throw fail({
        code: DataCodes.notRealNumbers,
        message:
          `the dataset '${name}' (wanted as ${role}) is ${dtype}, ` +
          `which cannot be read here: ${(error as Error).message}`,
        file: path,
        expected: "a dataset of 8- to 64-bit integers, float32, float64 or booleans",
      });
    }
    throw damaged(path, error);
  }
  return { shape, dtype, data: asNumbers(value) };
}

function lookUp(file: H5File, name: string): unknown {
  try {
    return file.get(name);
  } catch {
    return null; // the library throws for a path through a missing group
  }
}

/** Every dataset in the file, by path, with its shape and type, for "did you mean". */
function datasetsIn(h5: H5wasm, file: H5File): Map<string, string> {
  const found = new Map<string, string>();
  for (const path of file.paths()) {
    const entity = lookUp(file, path);
    if (!(entity instanceof h5.Dataset)) continue;
    const what = `${numpyShape(entity.shape ?? [])} ${dtypeName(entity.metadata) ?? describeType(entity.metadata)}`;
    found.set(path.replace(/^\//, ""), what);
  }
  return found;
}

type Metadata = InstanceType<H5wasm["Dataset"]>["metadata"];

// HDF5 type classes (H5Tpublic.h).
const INTEGER = 0;
const FLOAT = 1;
const ENUM = 8;

function dtypeName(metadata: Metadata): string | undefined {
  if (metadata.type === INTEGER) return `${metadata.signed ? "int" : "uint"}${metadata.size * 8}`;
  if (metadata.type === FLOAT) return `float${metadata.size * 8}`;
  // h5py stores numpy booleans as an enum FALSE = 0, TRUE = 1 over int8; the library reads the ints.
  if (metadata.type === ENUM && metadata.enum_type?.type === INTEGER) {
    const members = metadata.enum_type.members;
    return members.FALSE === 0 && members.TRUE === 1 ? "bool" : `enum(int${metadata.size * 8})`;
  }
  return undefined;
}

function describeType(metadata: Metadata): string {
  const kinds: Record<number, string> = {
    2: "times",
    3: "strings",
    4: "bit fields",
    5: "opaque bytes",
    6: "compound records",
    7: "references",
    8: "enumerated values",
    9: "variable-length sequences",
    10: "fixed-size arrays",
  };
  return kinds[metadata.type] ?? `HDF5 type class ${metadata.type}`;
}

function asNumbers(value: unknown): ArrayLike<number> {
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
    // Exact below 2^53, which any count or label is; larger values round as numpy's float64 would.
    return Float64Array.from(value, (v) => Number(v));
  }
  if (typeof value === "number") return [value]; // a scalar dataset, shape ()
  if (typeof value === "bigint") return [Number(value)];
  if (typeof value === "boolean") return [value ? 1 : 0];
  return value as ArrayLike<number>;
}

function damaged(path: string, error: unknown): ReturnType<typeof fail> {
  const text = String((error as Error)?.message ?? error);
  // The library's stack lists the failure from the outermost call in; the innermost says why.
  const reasons = [...text.matchAll(/#\d+: .* in [\w.]+\(\): (.*)$/gm)].map((match) => match[1]);
  const reason = reasons.length > 0 ? reasons[reasons.length - 1] : text.split("\n")[0];
  return fail({
    code: DataCodes.damagedFile,
    message: `the HDF5 file is damaged: ${reason}`,
    file: path,
    help: "copy the file again, or write it again with h5py",
  });
}

/** numpy's (209, 64, 64, 3), with the trailing comma of a 1-tuple. */
function numpyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** numpy's train_set_x[17, 3, 5, 2] for the C-order flat index. */
function numpyIndex(name: string, shape: readonly number[], flat: number): string {
  const index: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index.unshift(flat % shape[axis]);
    flat = Math.floor(flat / shape[axis]);
  }
  return `${name}[${index.join(", ")}]`;
}
