// A reader for MATLAB level 5 MAT files (MathWorks, "MAT-File Format", the v5 chapter), enough for
// numeric data sets: the 128-byte header, tagged data elements (including the small-data-element
// form), miCOMPRESSED elements inflated with the platform's DecompressionStream (Node 18+ and every
// browser have it, so the reader runs in both), and miMATRIX arrays of the numeric classes
// stored as any numeric type, in the file's own byte order ('IM' little-endian, 'MI' big-endian).
//
// Values stay column-major, as the file stores them: a 211×2 X is its first column (211 values)
// then its second. Other kinds of variable (char, cell, struct, sparse, complex, objects) are
// recognised and listed, so that asking for one gives a precise error rather than "not found".
// Errors: NNC3011 (not a MAT file), NNC3012 (v7.3, i.e. HDF5), NNC3013 (truncated or damaged);
// see binary-file.ts for the table.
import { DiagnosticError } from "../../contracts/diagnostic.js";
import {
  describeContent,
  fail,
  formatShape,
  hdf5SignatureIn,
  latin1,
  loaderFor,
  MAXIMUM_VALUES,
  tooLarge,
} from "./binary-file.js";
import { DataCodes } from "../../contracts/codes.js";

export interface MatVariable {
  name: string;
  /** MATLAB's dimensions, at least two: a column vector of 211 is [211, 1]. */
  dims: number[];
  /** Column-major, as stored, converted to doubles whatever the storage type. */
  data: Float64Array;
  /** The MATLAB class: "double", "single", "uint8", … ("logical" for logical arrays). */
  className: string;
}

export interface MatContents {
  header: string;
  littleEndian: boolean;
  numeric: Map<string, MatVariable>;
  /** Variables nnc cannot use as numbers, with what they are ("a 1×5 char array"). */
  others: Map<string, string>;
}

const HEADER_BYTES = 128;
/** Room for a variable's flags, dims and name next to its values when capping inflation. */
const MAXIMUM_HEADER_BYTES = 1 << 16;
const TAG_BYTES = 8;

// Data element types (Table 1-1 of the format description).
const MI_INT8 = 1;
const MI_UINT32 = 6;
const MI_INT32 = 5;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

interface NumericType {
  bytes: number;
  read(view: DataView, offset: number, littleEndian: boolean): number;
}

const NUMERIC_TYPES: Record<number, NumericType> = {
  1: { bytes: 1, read: (v, o) => v.getInt8(o) },
  2: { bytes: 1, read: (v, o) => v.getUint8(o) },
  3: { bytes: 2, read: (v, o, le) => v.getInt16(o, le) },
  4: { bytes: 2, read: (v, o, le) => v.getUint16(o, le) },
  5: { bytes: 4, read: (v, o, le) => v.getInt32(o, le) },
  6: { bytes: 4, read: (v, o, le) => v.getUint32(o, le) },
  7: { bytes: 4, read: (v, o, le) => v.getFloat32(o, le) },
  9: { bytes: 8, read: (v, o, le) => v.getFloat64(o, le) },
  // Beyond 2^53 these round to the nearest double, as numpy's astype(float64) would.
  12: { bytes: 8, read: (v, o, le) => Number(v.getBigInt64(o, le)) },
  13: { bytes: 8, read: (v, o, le) => Number(v.getBigUint64(o, le)) },
};

// Array classes (Table 1-3): index = class number.
const CLASS_NAMES = [
  "unknown",
  "cell",
  "struct",
  "object",
  "char",
  "sparse",
  "double",
  "single",
  "int8",
  "uint8",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "int64",
  "uint64",
  "function handle",
  "opaque object",
];
const FIRST_NUMERIC_CLASS = 6;
const LAST_NUMERIC_CLASS = 15;
const OPAQUE_CLASS = 17;
const COMPLEX_FLAG = 0x08;
const LOGICAL_FLAG = 0x02;

interface Element {
  type: number;
  /** Byte count of the data, padding excluded. */
  size: number;
  /** Where the data starts. */
  start: number;
  /** Where the next element's tag starts. */
  next: number;
}

/** Where we are in which buffer, so that a truncation can say which variable it cut. */
class Reader {
  readonly view: DataView;
  constructor(
    readonly path: string,
    readonly bytes: Uint8Array,
    readonly littleEndian: boolean,
    /** "the file" or "the compressed data of variable 3", for messages. */
    readonly where: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  element(offset: number, end: number, what: string): Element {
    if (offset + TAG_BYTES > end) throw this.truncated(what, offset, TAG_BYTES, end);
    const first = this.view.getUint32(offset, this.littleEndian);
    // Small data element: the byte count sits in the upper half of the first word, the data in
    // the four bytes that would otherwise hold the count.
    if (first >>> 16 !== 0) {
      const size = first >>> 16;
      if (size > 4) throw this.damaged(`${what} at byte ${offset} claims ${size} bytes in a 4-byte small element`);
      return { type: first & 0xffff, size, start: offset + 4, next: offset + TAG_BYTES };
    }
    const size = this.view.getUint32(offset + 4, this.littleEndian);
    const start = offset + TAG_BYTES;
    if (start + size > end) throw this.truncated(what, offset, TAG_BYTES + size, end);
    // Elements are padded to 8 bytes, except compressed ones, whose stream is followed directly.
    const padded = first === MI_COMPRESSED ? size : Math.ceil(size / 8) * 8;
    return { type: first, size, start, next: Math.min(start + padded, end) };
  }

  truncated(what: string, offset: number, needed: number, end: number): DiagnosticError {
    return fail({
      code: DataCodes.damagedFile,
      message:
        `the MAT file is truncated: ${what} at byte ${offset} of ${this.where} ` +
        `needs ${needed} bytes, only ${Math.max(0, end - offset)} remain`,
      file: this.path,
      help: "copy the file again: it was probably cut short",
    });
  }

  damaged(detail: string): DiagnosticError {
    return fail({
      code: DataCodes.damagedFile,
      message: `the MAT file is damaged: ${detail} (in ${this.where})`,
      file: this.path,
      help: "copy the file again, or save it again from MATLAB, Octave or scipy.io.savemat",
    });
  }
}

/** Parses a whole MAT v5 file already in memory (async: compressed variables inflate as a stream). */
export async function parseMat(path: string, bytes: Uint8Array): Promise<MatContents> {
  const header = checkHeader(path, bytes);
  const littleEndian = header.littleEndian;
  const contents: MatContents = { header: header.text, littleEndian, numeric: new Map(), others: new Map() };
  const file = new Reader(path, bytes, littleEndian, "the file");
  let index = 0;
  for (let offset = HEADER_BYTES; offset < bytes.length;) {
    index++;
    const element = file.element(offset, bytes.length, `variable ${index}`);
    if (element.type === MI_COMPRESSED) {
      const inflated = await inflate(file, bytes.subarray(element.start, element.start + element.size), index);
      const inner = new Reader(path, inflated, littleEndian, `the compressed data of variable ${index}`);
      const matrix = inner.element(0, inflated.length, `variable ${index}`);
      if (matrix.type === MI_MATRIX) readMatrix(inner, matrix, contents);
    } else if (element.type === MI_MATRIX) {
      readMatrix(file, element, contents);
    }
    // Any other top-level element is not a variable; MATLAB writes none, so skip it.
    offset = element.next;
  }
  return contents;
}

function checkHeader(path: string, bytes: Uint8Array): { text: string; littleEndian: boolean } {
  if (bytes.length === 0) {
    throw fail({
      code: DataCodes.damagedFile,
      message: "the MAT file is empty (0 bytes)",
      file: path,
      help: "copy the file again",
    });
  }
  const start = bytes.subarray(0, HEADER_BYTES);
  const text = latin1(start.subarray(0, 116)).replace(/[\s\0]+$/, "");
  const indicator = bytes.length >= HEADER_BYTES ? latin1(start.subarray(126, 128)) : "";
  const littleEndian = indicator === "IM";
  // The version word 0x0100 (v5 to v7) or 0x0200 (v7.3) is written in the file's byte order;
  // like scipy, look at its major byte only.
  const major = indicator === "IM" ? start[125] : indicator === "MI" ? start[124] : 0;
  if (major === 1 && !text.startsWith("MATLAB 7.3")) return { text, littleEndian };

  if (text.startsWith("MATLAB") && (major === 2 || hdf5SignatureIn(bytes) !== undefined)) {
    throw fail({
      code: DataCodes.matV73,
      message: "this is a MATLAB v7.3 MAT file, which is an HDF5 file: the MAT loader reads versions 5 to 7",
      file: path,
      help:
        "read it with the HDF5 loader (loadHdf5Dataset), or save it " +
        "again with `save(file, '-v7')` in MATLAB or scipy.io.savemat",
      notes: [
        "an HDF5 reader sees each MATLAB variable as a dataset with its " +
          "dimensions reversed: X of 211×2 is a dataset of shape (2, 211)",
      ],
    });
  }
  if (bytes.length < HEADER_BYTES && text.startsWith("MATLAB")) {
    throw fail({
      code: DataCodes.damagedFile,
      message: `the MAT file is truncated: it has ${bytes.length} bytes, fewer than its 128-byte header`,
      file: path,
      help: "copy the file again: it was probably cut short",
    });
  }
  const description = describeContent(bytes);
  throw fail({
    code: DataCodes.notThatFormat,
    message: `'${path}' is not a MATLAB MAT file: ${description}`,
    file: path,
    expected: "a MAT file (versions 5 to 7) starting with a 128-byte header such as 'MATLAB 5.0 MAT-file'",
    help: loaderFor(description),
  });
}

/** Capped, so that a small file of compressed zeros cannot claim all memory before dims are read. */
const MAXIMUM_INFLATED_BYTES = MAXIMUM_VALUES * 8 + MAXIMUM_HEADER_BYTES;

async function inflate(file: Reader, compressed: Uint8Array, index: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = new Blob([compressed as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream("deflate"))
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > MAXIMUM_INFLATED_BYTES) {
        void reader.cancel();
        throw fail({
          code: DataCodes.tooLargeToLoad,
          message:
            `variable ${index} inflates to more than ${MAXIMUM_VALUES * 8} bytes, ` +
            `more than nnc loads (${MAXIMUM_VALUES} doubles)`,
          file: file.path,
          help: "train on a subset: save fewer examples, or fewer features per example, to a new file",
        });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof DiagnosticError) throw error;
    const reason = String((error as Error)?.message ?? error);
    // Bytes after the end of a whole stream: zlib (and scipy) ignore them, Chromium's stream
    // reports them once it has given every inflated byte. Read them the way zlib does.
    if (/junk/i.test(reason) && length > 0) return concatenate(chunks, length);
    // zlib (Node) says "unexpected end of file", Chromium "Compressed input was truncated."
    if (/unexpected end|truncated/i.test(reason)) {
      throw fail({
        code: DataCodes.damagedFile,
        message: `the MAT file is truncated: the compressed data of variable ${index} ends early (${reason})`,
        file: file.path,
        help: "copy the file again: it was probably cut short",
      });
    }
    throw file.damaged(`the compressed data of variable ${index} cannot be inflated (${reason})`);
  }
  return concatenate(chunks, length);
}

function concatenate(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const whole = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
}

function readMatrix(reader: Reader, matrix: Element, contents: MatContents): void {
  const end = matrix.start + matrix.size;
  if (matrix.size === 0) return; // an empty placeholder, as in cells; it has no name
  const flags = reader.element(matrix.start, end, "the array flags");
  if (flags.type !== MI_UINT32 || flags.size !== 8)
    throw reader.damaged("a variable does not start with its array flags");
  const word = reader.view.getUint32(flags.start, reader.littleEndian);
  const classNumber = word & 0xff;
  const flagBits = (word >>> 8) & 0xff;
  const className = CLASS_NAMES[classNumber] ?? `class ${classNumber}`;

  if (classNumber === OPAQUE_CLASS) {
    // Opaque objects (e.g. string arrays) have a name but no dimensions.
    const name = readName(reader, reader.element(flags.next, end, "the variable name"));
    if (name) contents.others.set(name, "a MATLAB object");
    return;
  }
  const dimsElement = reader.element(flags.next, end, "the dimensions");
  if (dimsElement.type !== MI_INT32 || dimsElement.size % 4 !== 0 || dimsElement.size < 8) {
    throw reader.damaged("a variable's dimensions are not a list of at least two int32");
  }
  const dims: number[] = [];
  for (let at = dimsElement.start; at < dimsElement.start + dimsElement.size; at += 4) {
    dims.push(reader.view.getInt32(at, reader.littleEndian));
  }
  if (dims.some((d) => d < 0)) throw reader.damaged(`a variable has negative dimensions ${formatShape(dims)}`);
  const nameElement = reader.element(dimsElement.next, end, "the variable name");
  const name = readName(reader, nameElement);
  if (!name) return; // MATLAB's hidden subsystem data (__function_workspace__) has no name

  const numeric = classNumber >= FIRST_NUMERIC_CLASS && classNumber <= LAST_NUMERIC_CLASS;
  const complex = (flagBits & COMPLEX_FLAG) !== 0;
  if (!numeric || complex) {
    const kind = complex ? `complex ${className}` : className;
    contents.others.set(name, `a ${formatShape(dims)} ${kind} array`);
    return;
  }
  const count = dims.reduce((product, d) => product * d, 1);
  if (count > MAXIMUM_VALUES) throw tooLarge(reader.path, `the variable '${name}' (${formatShape(dims)})`, count);
  const realPart = reader.element(nameElement.next, end, `the values of '${name}'`);
  const type = NUMERIC_TYPES[realPart.type];
  if (!type) throw reader.damaged(`the values of '${name}' have storage type ${realPart.type}, which is not numeric`);
  if (realPart.size !== count * type.bytes) {
    throw reader.damaged(
      `'${name}' is ${formatShape(dims)} (${count} values) but stores ${realPart.size / type.bytes} values`,
    );
  }
  const data = new Float64Array(count);
  for (let i = 0, at = realPart.start; i < count; i++, at += type.bytes) {
    data[i] = type.read(reader.view, at, reader.littleEndian);
  }
  const logical = (flagBits & LOGICAL_FLAG) !== 0;
  contents.numeric.set(name, { name, dims, data, className: logical ? "logical" : className });
}

function readName(reader: Reader, element: Element): string {
  if (element.type !== MI_INT8) throw reader.damaged("a variable's name is not stored as int8 text");
  return latin1(reader.bytes.subarray(element.start, element.start + element.size));
}
