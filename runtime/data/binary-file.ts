// What the two binary loaders (mat.ts, hdf5.ts) share: reading the file, saying what a file of the
// wrong kind looks like, and turning a features array and a label array into a checked Dataset.
//
// Binary files have no lines, so these diagnostics carry the file but no span. Codes (the full
// table with examples is in spec/data.md):
//
// | code    | meaning                                                                        |
// | ------- | ------------------------------------------------------------------------------ |
// | NNC3010 | the file cannot be read (missing, a directory, no permission)                  |
// | NNC3011 | not a file of the expected format; says what the first bytes look like         |
// | NNC3012 | a MATLAB v7.3 file (HDF5 inside): the MAT loader points to the HDF5 loader      |
// | NNC3013 | the file is empty, truncated or damaged                                        |
// | NNC3014 | no variable / dataset of that name; did-you-mean and the list of those present  |
// | NNC3015 | a variable / dataset nnc cannot read as real numbers (complex, cell, strings…) |
// | NNC3016 | wrong shape: features not examples × …, label not a vector, counts differ      |
// | NNC3017 | a label that is not 0 or 1                                                     |
// | NNC3018 | a feature that is NaN or infinite                                              |
// | NNC3019 | a bad loader option (a scale that is not a positive finite number)             |
// | NNC3020 | a variable / dataset too large to load (checked before anything is allocated)  |
import { type Diagnostic, DiagnosticError, suggest } from "../../contracts/diagnostic.js";
import { DataCodes } from "../../contracts/codes.js";
import { type ModelFiles, unreadableReason } from "../../contracts/files.js";

/**
 * The most values one variable or dataset may hold: 2^27, 1 GiB as doubles. A data file is
 * untrusted input, and a few kilobytes of compressed zeros can claim billions of values.
 */
export const MAXIMUM_VALUES = 2 ** 27;

export function tooLarge(path: string, what: string, count: number): DiagnosticError {
  return fail({
    code: DataCodes.tooLargeToLoad,
    message:
      `${what} holds ${count.toLocaleString("en-US")} values, more than nnc ` +
      `loads (${MAXIMUM_VALUES.toLocaleString("en-US")}, 1 GiB as doubles)`,
    file: path,
    help: "train on a subset: save fewer examples, or fewer features per example, to a new file",
  });
}

/** How many bad values one diagnostic quotes before saying "and N more". */
const MAXIMUM_QUOTED = 5;

export function fail(diagnostic: Omit<Diagnostic, "severity">): DiagnosticError {
  return new DiagnosticError([{ severity: "error", ...diagnostic }]);
}

/** The bytes of a MAT or HDF5 file, or NNC3010 saying why they cannot be read. */
export async function readBinaryFile(files: ModelFiles, path: string, format: string): Promise<Uint8Array> {
  try {
    return await files.read(path);
  } catch (error) {
    throw fail({
      code: DataCodes.fileUnreadable,
      message: `cannot read the ${format} file '${path}': ${unreadableReason(error)}`,
      file: path,
      help: "data paths in a .nnspec are relative to the .nnspec file itself",
    });
  }
}

/** Latin-1 text, byte for byte (TextDecoder's "latin1" is windows-1252, which differs in 0x80-0x9f). */
export function latin1(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 4096) text += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return text;
}
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Where an HDF5 superblock starts: byte 0, or after a user block of 512, 1024, 2048… bytes (a
 * MATLAB v7.3 file has a 512-byte one). `bytesAt` reads from the file, which may not be in memory.
 */
export function hdf5SignatureOffset(
  size: number,
  bytesAt: (offset: number, length: number) => Uint8Array,
): number | undefined {
  for (let offset = 0; offset + HDF5_SIGNATURE.length <= size; offset = offset === 0 ? 512 : offset * 2) {
    const head = bytesAt(offset, HDF5_SIGNATURE.length);
    if (HDF5_SIGNATURE.every((byte, i) => head[i] === byte)) return offset;
  }
  return undefined;
}

export function hdf5SignatureIn(bytes: Uint8Array): number | undefined {
  return hdf5SignatureOffset(bytes.length, (offset, length) => bytes.subarray(offset, offset + length));
}

/**
 * What a file that is not of the expected format seems to be, from its first bytes, so that the
 * learner who passed football.csv to the MAT loader is told it is text, and which loader reads it.
 */
export function describeContent(bytes: Uint8Array): string {
  if (bytes.length === 0) return "it is empty";
  const head = bytes.subarray(0, Math.min(bytes.length, 128));
  const text = latin1(head);
  if (text.startsWith("MATLAB 7.3 MAT-file")) return "it is a MATLAB v7.3 MAT file (an HDF5 file)";
  if (text.startsWith("MATLAB")) return "it is a MATLAB MAT file";
  if (hdf5SignatureIn(bytes) !== undefined) return "it is an HDF5 file";
  if (text.startsWith("\x93NUMPY")) return "it is a numpy .npy file";
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    return "it is a zip archive (a numpy .npz file is one)";
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return "it is gzip-compressed";
  if (looksLikeText(head)) {
    const firstLine = new TextDecoder()
      .decode(head)
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/)[0];
    const kind = firstLine.includes(",") ? "text, probably CSV" : "text";
    return `it is ${kind}: its first line reads '${truncate(firstLine, 60)}'`;
  }
  const hex = Array.from(head.subarray(0, 16), (byte) => byte.toString(16).padStart(2, "0")).join(" ");
  return `its first bytes are ${hex}`;
}

function looksLikeText(head: Uint8Array): boolean {
  let printable = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte === 9 || byte === 10 || byte === 13 || byte >= 32) printable++;
  }
  return printable === head.length;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** Which loader reads what describeContent found, as a `help:` line. */
export function loaderFor(description: string): string | undefined {
  if (description.includes("CSV")) return "read it with the CSV loader (csv(file: ...) in a .nnspec)";
  if (description.includes("v7.3") || description.includes("HDF5")) {
    return "read it with the HDF5 loader (loadHdf5Dataset)";
  }
  if (description.includes("MAT file")) return "read it with the MAT loader (loadMatDataset)";
  return undefined;
}

/** The "no such variable" error both formats share: the names present and a close one. */
export function missingName(
  path: string,
  kind: "variable" | "dataset",
  name: string,
  role: string,
  present: Map<string, string>,
): DiagnosticError {
  const guess = suggest(name, present.keys());
  const format = kind === "variable" ? "MAT" : "HDF5";
  return fail({
    code: DataCodes.unknownVariable,
    message: `the ${format} file has no ${kind} '${name}' (wanted as ${role})`,
    file: path,
    expected: present.size > 0 ? `one of: ${[...present.keys()].join(", ")}` : `a file that holds ${kind}s`,
    help: guess ? `did you mean '${guess}'?` : undefined,
    notes:
      present.size > 0
        ? [`the file holds: ${[...present].map(([n, what]) => `${n} (${what})`).join(", ")}`]
        : [`the file holds no ${kind}s`],
  });
}

/** "211×2", the way shapes read in messages. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? "a scalar" : shape.join("×");
}

/**
 * Labels as a Float64Array, each checked to be 0 or 1. `at(i)` names the i-th label the way the
 * file's own language would (y(18) for MATLAB, train_set_y[17] for numpy).
 */
export function checkedLabels(path: string, values: ArrayLike<number>, at: (index: number) => string): Float64Array {
  const labels = new Float64Array(values.length);
  const bad: string[] = [];
  let badCount = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== 0 && value !== 1) {
      if (badCount++ < MAXIMUM_QUOTED) bad.push(`${at(i)} = ${value}`);
    }
    labels[i] = value;
  }
  if (badCount > 0) {
    throw fail({
      code: DataCodes.labelNotBinary,
      message: `${badCount} label${badCount === 1 ? " is" : "s are"} not 0 or 1: ${bad.join(", ")}${
        badCount > bad.length ? `, and ${badCount - bad.length} more` : ""
      }`,
      file: path,
      expected: "0 or 1: nnc's losses are for binary classification",
    });
  }
  return labels;
}

/** Rejects NaN and ±Infinity in X (features × samples), which would poison every step of training. */
export function checkFinite(
  path: string,
  X: Float64Array,
  samples: number,
  at: (feature: number, example: number) => string,
): void {
  const bad: string[] = [];
  let badCount = 0;
  for (let i = 0; i < X.length; i++) {
    if (Number.isFinite(X[i])) continue;
    if (badCount++ < MAXIMUM_QUOTED) bad.push(`${at(Math.floor(i / samples), i % samples)} = ${X[i]}`);
  }
  if (badCount > 0) {
    throw fail({
      code: DataCodes.notFinite,
      message: `${badCount} feature value${badCount === 1 ? " is" : "s are"} not finite: ${bad.join(", ")}${
        badCount > bad.length ? `, and ${badCount - bad.length} more` : ""
      }`,
      file: path,
      expected: "finite numbers: a NaN or an infinity would make every cost and gradient NaN",
    });
  }
}
