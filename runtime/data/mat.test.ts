// readMat / loadMatDataset: the lesson's football.mat read bit for bit as scipy reads it (goldens
// from scripts/make-data-goldens.py), equal to football.csv, and every bad file a DiagnosticError
// with a stable code. Small MAT files are built here byte by byte, so each path of the format
// (uncompressed, compressed, big-endian, small data elements, integer storage) is exercised.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { type Diagnostic, DiagnosticError } from "../../contracts/diagnostic.js";
import { loadCsv } from "./csv.js";
import { loadMatDataset, readMat } from "./mat.js";
import { nodeFiles } from "../../node/files.js";

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const FOOTBALL_MAT = here("../../examples/data/football.mat");
const FOOTBALL_CSV = here("../../examples/data/football.csv");
const golden = JSON.parse(readFileSync(here("../../test/golden/data/football-mat.json"), "utf8")) as {
  header: string;
  variables: Record<string, { dims: number[]; class: string; columnMajor: number[] }>;
  lesson: Record<string, { shape: number[]; values: number[] }>;
};
const directory = mkdtempSync(join(tmpdir(), "nnc-mat-"));
// The disk, as the CLI reads it; the paths below are absolute, so the folder does not matter.
const disk = nodeFiles(directory);

/** Same doubles, bit for bit (Object.is tells 0 from -0, and NaN from everything but NaN). */
function expectSameDoubles(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  const differing: string[] = [];
  for (let i = 0; i < expected.length && differing.length < 5; i++) {
    if (!Object.is(actual[i], expected[i])) differing.push(`[${i}] ${actual[i]} !== ${expected[i]}`);
  }
  expect(differing).toEqual([]);
}

// --- A MAT v5 writer, just enough for tests -------------------------------------------------

interface MatArray {
  name: string;
  dims: number[];
  values?: number[];
  /** mx class number: 6 double, 9 uint8, 4 char, 1 cell … */
  classNumber?: number;
  /** mi storage type of the values: 9 double, 2 uint8, 5 int32 … */
  storage?: number;
  complex?: boolean;
}

const STORAGE_BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8 };

function encode(storage: number, values: number[], littleEndian: boolean): Buffer {
  const size = STORAGE_BYTES[storage];
  const out = Buffer.alloc(values.length * size);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  values.forEach((value, i) => {
    const at = i * size;
    const writers: Record<number, () => void> = {
      1: () => view.setInt8(at, value),
      2: () => view.setUint8(at, value),
      3: () => view.setInt16(at, value, littleEndian),
      4: () => view.setUint16(at, value, littleEndian),
      5: () => view.setInt32(at, value, littleEndian),
      6: () => view.setUint32(at, value, littleEndian),
      7: () => view.setFloat32(at, value, littleEndian),
      9: () => view.setFloat64(at, value, littleEndian),
      12: () => view.setBigInt64(at, BigInt(value), littleEndian),
      13: () => view.setBigUint64(at, BigInt(value), littleEndian),
    };
    writers[storage]();
  });
  return out;
}

function element(type: number, data: Buffer, littleEndian: boolean, options: { pad?: boolean } = {}): Buffer {
  const u32 = (value: number) => {
    const b = Buffer.alloc(4);
    if (littleEndian) b.writeUInt32LE(value);
    else b.writeUInt32BE(value);
    return b;
  };
  if (data.length > 0 && data.length <= 4 && options.pad !== false) {
    // Small data element form, as MATLAB writes short names and flags-free scalars.
    return Buffer.concat([u32((data.length << 16) | type), data, Buffer.alloc(4 - data.length)]);
  }
  const padding = options.pad === false ? 0 : (8 - (data.length % 8)) % 8;
  return Buffer.concat([u32(type), u32(data.length), data, Buffer.alloc(padding)]);
}

function matrix(array: MatArray, littleEndian: boolean): Buffer {
  const classNumber = array.classNumber ?? 6;
  const flags = Buffer.alloc(8);
  const word = classNumber | ((array.complex ? 0x08 : 0) << 8);
  if (littleEndian) flags.writeUInt32LE(word);
  else flags.writeUInt32BE(word);
  const parts = [
    element(6, flags, littleEndian, { pad: false }),
    element(5, encode(5, array.dims, littleEndian), littleEndian),
    element(1, Buffer.from(array.name, "latin1"), littleEndian),
  ];
  if (array.values) {
    const storage = array.storage ?? 9;
    parts.push(element(storage, encode(storage, array.values, littleEndian), littleEndian));
    if (array.complex) parts.push(element(storage, encode(storage, array.values, littleEndian), littleEndian));
  }
  return element(14, Buffer.concat(parts), littleEndian);
}

function matBytes(arrays: MatArray[], options: { littleEndian?: boolean; compress?: boolean } = {}): Buffer {
  const littleEndian = options.littleEndian ?? true;
  const header = Buffer.alloc(128, " ");
  header.write("MATLAB 5.0 MAT-file, written by nnc's tests", "latin1");
  header.fill(0, 116, 124);
  header.write(littleEndian ? "\x00\x01IM" : "\x01\x00MI", 124, "latin1");
  const body = arrays.map((array) => {
    const bytes = matrix(array, littleEndian);
    return options.compress ? element(15, deflateSync(bytes), littleEndian, { pad: false }) : bytes;
  });
  return Buffer.concat([header, ...body]);
}

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(directory, name);
  writeFileSync(path, bytes);
  return path;
}

/** A 3-example, 2-feature data set: X = [[1, 2], [3, 4], [5, 6]], y = [1, 0, 1]. */
const SMALL: MatArray[] = [
  { name: "X", dims: [3, 2], values: [1, 3, 5, 2, 4, 6] },
  { name: "y", dims: [3, 1], values: [1, 0, 1], classNumber: 9, storage: 2 },
];

async function diagnosticOf(path: string, options = { features: "X", label: "y" }): Promise<Diagnostic> {
  try {
    await loadMatDataset(disk, path, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DiagnosticError);
    const diagnostics = (error as DiagnosticError).diagnostics;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].file).toBe(path);
    return diagnostics[0];
  }
  throw new Error(`expected ${path} to be rejected`);
}

// --- The lesson's file ------------------------------------------------------------------------

describe("football.mat", () => {
  it("holds X, y, Xval, yval with scipy's dims and values, column-major", async () => {
    const variables = await readMat(disk, FOOTBALL_MAT);
    expect([...variables.keys()].sort()).toEqual(["X", "Xval", "y", "yval"]);
    for (const [name, expected] of Object.entries(golden.variables)) {
      const variable = variables.get(name)!;
      expect([variable.name, variable.dims]).toEqual([name, expected.dims]);
      expectSameDoubles(variable.data, expected.columnMajor);
    }
  });

  it("loads as the lesson's train_X, train_Y, test_X, test_Y, bit for bit", async () => {
    const train = await loadMatDataset(disk, FOOTBALL_MAT, { features: "X", label: "y" });
    const test = await loadMatDataset(disk, FOOTBALL_MAT, { features: "Xval", label: "yval", name: "football-test" });
    expect([train.name, train.features, train.samples]).toEqual(["football", 2, 211]);
    expect([test.name, test.features, test.samples]).toEqual(["football-test", 2, 200]);
    expect(golden.lesson.train_X.shape).toEqual([2, 211]);
    expectSameDoubles(train.X, golden.lesson.train_X.values);
    expectSameDoubles(train.Y, golden.lesson.train_Y.values);
    expectSameDoubles(test.X, golden.lesson.test_X.values);
    expectSameDoubles(test.Y, golden.lesson.test_Y.values);
  });

  it("equals football.csv exactly, as the data README says", async () => {
    for (const [split, features, label] of [
      ["train", "X", "y"],
      ["test", "Xval", "yval"],
    ] as const) {
      const fromMat = await loadMatDataset(disk, FOOTBALL_MAT, { features, label });
      const fromCsv = await loadCsv(disk, FOOTBALL_CSV, {
        features: ["x1", "x2"],
        label: "y",
        where: { column: "split", equals: split },
      });
      expectSameDoubles(fromMat.X, fromCsv.X);
      expectSameDoubles(fromMat.Y, fromCsv.Y);
    }
  });
});

// --- Every form of the format ------------------------------------------------------------------

describe("MAT v5 forms", () => {
  it.each([
    { form: "little-endian", options: {} },
    { form: "big-endian", options: { littleEndian: false } },
    { form: "compressed", options: { compress: true } },
    { form: "big-endian and compressed", options: { littleEndian: false, compress: true } },
  ])("reads $form files", async ({ form, options }) => {
    const data = await loadMatDataset(disk, file(`${form}.mat`, matBytes(SMALL, options)), {
      features: "X",
      label: "y",
    });
    expect([data.features, data.samples]).toEqual([2, 3]);
    expect(Array.from(data.X)).toEqual([1, 3, 5, 2, 4, 6]); // feature 1 of every example, then feature 2
    expect(Array.from(data.Y)).toEqual([1, 0, 1]);
  });

  it("converts every numeric storage type to doubles, column-major as stored", async () => {
    const values = [-3, 7, 0.5];
    const storages: Array<[number, number[]]> = [
      [1, [-3, 7, 100]],
      [2, [0, 7, 255]],
      [3, [-300, 7, 2]],
      [4, [65535, 7, 2]],
      [5, [-70000, 7, 2]],
      [6, [4000000000, 7, 2]],
      [7, values],
      [9, values],
      [12, [-(2 ** 40), 7, 2]],
      [13, [2 ** 52, 7, 2]],
    ];
    const arrays = storages.map(([storage, v]) => ({ name: `v${storage}`, dims: [1, 3], values: v, storage }));
    const variables = await readMat(disk, file("storages.mat", matBytes(arrays, { littleEndian: false })));
    for (const [storage, v] of storages) expect(Array.from(variables.get(`v${storage}`)!.data)).toEqual(v);
  });

  it("keeps N-D dims and leaves non-numeric variables out of readMat", async () => {
    const variables = await readMat(
      disk,
      file(
        "kinds.mat",
        matBytes(
          [
            { name: "cube", dims: [2, 1, 2], values: [1, 2, 3, 4] },
            { name: "label_text", dims: [1, 3], values: [97, 98, 99], classNumber: 4, storage: 4 },
          ],
          { compress: true },
        ),
      ),
    );
    expect([...variables.keys()]).toEqual(["cube"]);
    expect(variables.get("cube")!.dims).toEqual([2, 1, 2]);
  });

  it("reads a compressed variable followed by stray bytes as zlib and scipy do: the stream's end ends it", async () => {
    const stream = deflateSync(matrix(SMALL[0], true));
    const padded = Buffer.concat([stream, Buffer.from([0, 0, 0, 7])]);
    const label = matBytes([SMALL[1]]).subarray(128);
    const bytes = Buffer.concat([matBytes([]), element(15, padded, true, { pad: false }), label]);
    const data = await loadMatDataset(disk, file("stray.mat", bytes), { features: "X", label: "y" });
    expect(Array.from(data.X)).toEqual([1, 3, 5, 2, 4, 6]);
  });

  it("accepts a row-vector label and names the data set after the file", async () => {
    const data = await loadMatDataset(
      disk,
      file("row-label.mat", matBytes([SMALL[0], { name: "y", dims: [1, 3], values: [0, 0, 1] }])),
      { features: "X", label: "y" },
    );
    expect([data.name, Array.from(data.Y)]).toEqual(["row-label", [0, 0, 1]]);
  });
});

// --- Errors ------------------------------------------------------------------------------------

describe("errors", () => {
  it("NNC3010: a missing file", async () => {
    const d = await diagnosticOf(join(directory, "nope.mat"));
    expect([d.code, d.message]).toEqual(["NNC3010", expect.stringContaining("does not exist")]);
  });

  it("NNC3010: a directory", async () => {
    const d = await diagnosticOf(directory);
    expect([d.code, d.message]).toEqual(["NNC3010", `cannot read the MAT file '${directory}': it is a directory`]);
  });

  it("NNC3011: a renamed CSV is called text, and pointed to the CSV loader", async () => {
    const d = await diagnosticOf(file("football.mat.csv", readFileSync(FOOTBALL_CSV)));
    expect(d.code).toBe("NNC3011");
    expect(d.message).toContain(
      "not a MATLAB MAT file: it is text, probably CSV: its first line reads 'x1,x2,y,split'",
    );
    expect(d.help).toContain("CSV loader");
  });

  it("NNC3011: random bytes are shown as hex", async () => {
    const d = await diagnosticOf(file("random.mat", Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4, 5])));
    expect([d.code, d.message]).toEqual(["NNC3011", expect.stringContaining("its first bytes are de ad be ef 00 01")]);
  });

  it("NNC3011: an HDF5 file is named as one", async () => {
    const d = await diagnosticOf(
      file("cats.mat", readFileSync(here("../../examples/data/test_catvnoncat.h5")).subarray(0, 4096)),
    );
    expect([d.code, d.message, d.help]).toEqual([
      "NNC3011",
      expect.stringContaining("it is an HDF5 file"),
      expect.stringContaining("HDF5 loader"),
    ]);
  });

  it("NNC3012: a MAT v7.3 file is HDF5, and the message says so", async () => {
    const header = Buffer.alloc(512, 0);
    header.write("MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00 .", "latin1");
    header.write("\x00\x02IM", 124, "latin1");
    const h5 = readFileSync(here("../../examples/data/test_catvnoncat.h5")).subarray(0, 1024);
    const d = await diagnosticOf(file("v73.mat", Buffer.concat([header, h5])));
    expect(d.code).toBe("NNC3012");
    expect(d.message).toContain("MATLAB v7.3 MAT file, which is an HDF5 file");
    expect(d.help).toContain("HDF5 loader");
  });

  it.each([
    { what: "empty", bytes: () => Buffer.alloc(0), part: "empty (0 bytes)" },
    {
      what: "cut in the header",
      bytes: () => readFileSync(FOOTBALL_MAT).subarray(0, 100),
      part: "fewer than its 128-byte header",
    },
    {
      what: "cut in a compressed stream",
      bytes: () => readFileSync(FOOTBALL_MAT).subarray(0, 3000),
      part: "truncated",
    },
    {
      what: "cut in a tag",
      bytes: () => matBytes(SMALL).subarray(0, 128 + 4),
      part: "truncated: variable 1 at byte 128",
    },
    { what: "cut in the values", bytes: () => matBytes(SMALL).subarray(0, 200), part: "truncated" },
  ])("NNC3013: a file $what", async ({ what, bytes, part }) => {
    const d = await diagnosticOf(file(`${what}.mat`, bytes()));
    expect([d.code, d.message]).toEqual(["NNC3013", expect.stringContaining(part)]);
  });

  it("NNC3013: a compressed stream that ends early, though its element is whole", async () => {
    const stream = deflateSync(matrix(SMALL[0], true));
    const cut = Buffer.concat([matBytes([]), element(15, stream.subarray(0, stream.length - 8), true, { pad: false })]);
    const d = await diagnosticOf(file("short-stream.mat", cut));
    expect([d.code, d.message]).toEqual([
      "NNC3013",
      expect.stringContaining("the compressed data of variable 1 ends early"),
    ]);
  });

  it("NNC3013: a value count that disagrees with the dims", async () => {
    const path = file("miscounted.mat", matBytes([{ name: "X", dims: [3, 3], values: [1, 2, 3, 4, 5, 6] }, SMALL[1]]));
    const d = await diagnosticOf(path);
    expect([d.code, d.message]).toEqual([
      "NNC3013",
      expect.stringContaining("'X' is 3×3 (9 values) but stores 6 values"),
    ]);
  });

  it("NNC3014: a missing variable gets did-you-mean and the list present", async () => {
    const d = await diagnosticOf(file("small.mat", matBytes(SMALL, { compress: true })), { features: "x", label: "y" });
    expect(d.code).toBe("NNC3014");
    expect(d.message).toBe("the MAT file has no variable 'x' (wanted as the features)");
    expect(d.help).toBe("did you mean 'X'?");
    expect(d.expected).toBe("one of: X, y");
    expect(d.notes).toEqual(["the file holds: X (3×2 double), y (3×1 uint8)"]);
  });

  it("NNC3014: in the lesson's file, Xvalid suggests Xval", async () => {
    const d = await diagnosticOf(FOOTBALL_MAT, { features: "Xvalid", label: "yval" });
    expect([d.code, d.help, d.expected]).toEqual(["NNC3014", "did you mean 'Xval'?", "one of: X, y, yval, Xval"]);
  });

  it("NNC3015: a char array is named for what it is", async () => {
    const path = file(
      "char.mat",
      matBytes([SMALL[0], { name: "y", dims: [1, 3], values: [97, 98, 99], classNumber: 4, storage: 4 }]),
    );
    const d = await diagnosticOf(path);
    expect([d.code, d.message]).toEqual([
      "NNC3015",
      "the variable 'y' (wanted as the label) is a 1×3 char array, not an array of real numbers",
    ]);
  });

  it("NNC3015: so is a complex matrix", async () => {
    const path = file("complex.mat", matBytes([{ ...SMALL[0], complex: true }, SMALL[1]]));
    expect((await diagnosticOf(path)).message).toContain("is a 3×2 complex double array");
  });

  it.each([
    {
      what: "3-D features",
      arrays: [{ name: "X", dims: [3, 1, 2], values: [1, 2, 3, 4, 5, 6] }, SMALL[1]],
      part: "the features 'X' are 3×1×2, not a matrix",
    },
    {
      what: "a matrix label",
      arrays: [SMALL[0], { name: "y", dims: [3, 2], values: [0, 1, 0, 1, 0, 1] }],
      part: "the label 'y' is 3×2, not a vector",
    },
    {
      what: "too few labels",
      arrays: [SMALL[0], { name: "y", dims: [2, 1], values: [0, 1] }],
      part: "the label 'y' has 2 values but the features 'X' have 3 rows",
    },
    {
      what: "no examples",
      arrays: [
        { name: "X", dims: [0, 2], values: [] },
        { name: "y", dims: [0, 1], values: [] },
      ],
      part: "the features 'X' are 0×2: there are no examples",
    },
  ])("NNC3016: $what", async ({ what, arrays, part }) => {
    const d = await diagnosticOf(file(`${what}.mat`, matBytes(arrays)));
    expect([d.code, d.message]).toEqual(["NNC3016", part]);
  });

  it("NNC3017: labels other than 0 and 1, in MATLAB's 1-based indexing", async () => {
    const path = file("labels.mat", matBytes([SMALL[0], { name: "y", dims: [3, 1], values: [1, 2, -1] }]));
    const d = await diagnosticOf(path);
    expect([d.code, d.message]).toEqual(["NNC3017", "2 labels are not 0 or 1: y(2) = 2, y(3) = -1"]);
  });

  it("NNC3020: a variable claiming 2^28 values is refused before anything is allocated", async () => {
    const path = file("huge.mat", matBytes([{ name: "X", dims: [16384, 16384] }, SMALL[1]]));
    const d = await diagnosticOf(path);
    expect([d.code, d.message]).toEqual([
      "NNC3020",
      "the variable 'X' (16384×16384) holds 268,435,456 values, more than nnc loads (134,217,728, 1 GiB as doubles)",
    ]);
  });

  it("NNC3018: a NaN feature", async () => {
    const path = file("nan.mat", matBytes([{ name: "X", dims: [3, 2], values: [1, 3, 5, 2, NaN, 6] }, SMALL[1]]));
    const d = await diagnosticOf(path);
    expect([d.code, d.message]).toEqual(["NNC3018", "1 feature value is not finite: X(2, 2) = NaN"]);
  });
});
