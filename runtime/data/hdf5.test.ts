// readHdf5Dataset / loadHdf5Dataset: the lesson's cat / non-cat files read and scaled exactly as
// h5py and numpy do (goldens from scripts/make-data-goldens.py: an exact checksum of the raw bytes,
// numpy's 256 quotients k / 255, sampled entries of train_x, every label), and every bad file a
// DiagnosticError with a stable code. Small HDF5 files for the error cases are written with h5wasm.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import h5wasm from "h5wasm/node";
import { beforeAll, describe, expect, it } from "vitest";
import { type Diagnostic, DiagnosticError } from "../../contracts/diagnostic.js";
import { type Hdf5DatasetOptions, loadHdf5Dataset, readHdf5Dataset } from "./hdf5.js";
import { nodeFiles } from "../../node/files.js";

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const FILES = {
  train: here("../../examples/data/train_catvnoncat.h5"),
  test: here("../../examples/data/test_catvnoncat.h5"),
};

interface CatGolden {
  datasets: Record<string, { shape: number[]; dtype: string }>;
  raw: { dataset: string; checksumPeriod: number; weightedChecksum: number; sum: number };
  quotientsOf255: number[];
  x: { shape: number[]; samples: Array<{ feature: number; example: number; value: number }> };
  y: { shape: number[]; values: number[] };
}
const golden = JSON.parse(readFileSync(here("../../test/golden/data/cat-h5.json"), "utf8")) as Record<
  "train" | "test",
  CatGolden
>;
const directory = mkdtempSync(join(tmpdir(), "nnc-hdf5-"));
// The disk, as the CLI reads it; the paths below are absolute, so the folder does not matter.
const disk = nodeFiles(directory);
const CAT = (split: "train" | "test"): Hdf5DatasetOptions => ({
  features: `${split}_set_x`,
  label: `${split}_set_y`,
  scale: 255,
});

async function diagnosticOf(
  path: string,
  options: Hdf5DatasetOptions = { features: "x", label: "y" },
): Promise<Diagnostic> {
  try {
    await loadHdf5Dataset(disk, path, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DiagnosticError);
    const diagnostics = (error as DiagnosticError).diagnostics;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].file).toBe(path);
    return diagnostics[0];
  }
  throw new Error(`expected ${path} to be rejected`);
}

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(directory, name);
  writeFileSync(path, bytes);
  return path;
}

/** A small HDF5 file written by the same library, holding the given datasets. */
function h5File(
  name: string,
  datasets: Record<string, { data: number[] | Float64Array | string[]; shape?: number[]; dtype?: string }>,
): string {
  const path = join(directory, name);
  const out = new h5wasm.File(path, "w");
  try {
    for (const [dataset, { data, shape, dtype }] of Object.entries(datasets)) {
      const typed = Array.isArray(data) && typeof data[0] === "number" ? Float64Array.from(data as number[]) : data;
      out.create_dataset({ name: dataset, data: typed, shape: shape ?? null, dtype: dtype ?? null });
    }
  } finally {
    out.close();
  }
  return path;
}

beforeAll(async () => {
  await h5wasm.ready;
});

describe.each(["train", "test"] as const)("%s_catvnoncat.h5", (split) => {
  const expected = golden[split];

  it("reads every dataset with h5py's shape and dtype, and the raw pixels exactly", async () => {
    for (const [name, { shape, dtype }] of Object.entries(expected.datasets)) {
      if (name === "list_classes") continue; // strings: not for readHdf5Dataset
      const array = await readHdf5Dataset(disk, FILES[split], name);
      expect([name, array.shape, array.dtype]).toEqual([name, shape, dtype]);
    }
    const raw = (await readHdf5Dataset(disk, FILES[split], expected.raw.dataset)).data;
    let weighted = 0;
    let sum = 0;
    for (let i = 0; i < raw.length; i++) {
      weighted += raw[i] * ((i % expected.raw.checksumPeriod) + 1);
      sum += raw[i];
    }
    expect([weighted, sum]).toEqual([expected.raw.weightedChecksum, expected.raw.sum]);
  });

  it("loads as the lesson's train_x (pixels / 255.) and train_y, bit for bit", async () => {
    const data = await loadHdf5Dataset(disk, FILES[split], CAT(split));
    expect([data.features, data.samples]).toEqual(expected.x.shape);
    expect([1, data.Y.length]).toEqual(expected.y.shape);
    expect(Array.from(data.Y)).toEqual(expected.y.values);
    for (const { feature, example, value } of expected.x.samples) {
      expect(Object.is(data.X[feature * data.samples + example], value), `X[${feature}, ${example}]`).toBe(true);
    }
    // Every entry is a raw byte divided by 255, and numpy's 256 quotients are matched bit for bit:
    // together with the checksum above, that pins down the whole 12288 × m matrix.
    const raw = (await readHdf5Dataset(disk, FILES[split], `${split}_set_x`)).data;
    let mismatches = 0;
    for (let j = 0; j < data.samples; j++) {
      for (let f = 0; f < data.features; f++) {
        if (!Object.is(data.X[f * data.samples + j], expected.quotientsOf255[raw[j * data.features + f]])) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });
});

it("divides by the scale rather than multiplying by its reciprocal (they differ for 24 of 256 bytes)", () => {
  const differing = golden.train.quotientsOf255.filter((q, k) => q !== k * (1 / 255)).length;
  expect(differing).toBe(24);
});

describe("other files", () => {
  const USERBLOCK = here("../../test/golden/data/userblock.h5");

  it("finds the superblock after a 4096-byte user block, in a version 3 superblock file", async () => {
    const data = await loadHdf5Dataset(disk, USERBLOCK, { features: "x", label: "y" });
    expect([data.features, data.samples]).toEqual([2, 3]);
    expect(Array.from(data.X)).toEqual([0, 2, 4, 1, 3, 5]);
    expect(Array.from(data.Y)).toEqual([0, 1, 1]);
  });

  it("measures truncation against the whole file, user block included", async () => {
    const bytes = readFileSync(USERBLOCK);
    const d = await diagnosticOf(file("userblock-cut.h5", bytes.subarray(0, bytes.length - 1)));
    expect([d.code, d.message]).toEqual([
      "NNC3013",
      `the HDF5 file is truncated: it has ${bytes.length - 1} bytes, its superblock says ${bytes.length}`,
    ]);
  });

  it("reads labels stored as booleans, and features without scaling", async () => {
    const path = h5File("bools.h5", {
      x: { data: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5], shape: [3, 2] },
      y: { data: [1, 0, 1], shape: [3, 1], dtype: "<b" },
    });
    const data = await loadHdf5Dataset(disk, path, { features: "x", label: "y", name: "tiny" });
    expect([data.name, data.features, data.samples]).toEqual(["tiny", 2, 3]);
    expect(Array.from(data.X)).toEqual([0.5, 2.5, 4.5, 1.5, 3.5, 5.5]);
    expect(Array.from(data.Y)).toEqual([1, 0, 1]);
  });
});

describe("errors", () => {
  it("NNC3010: a missing file", async () => {
    const d = await diagnosticOf(join(directory, "nope.h5"));
    expect([d.code, d.message]).toEqual(["NNC3010", expect.stringContaining("does not exist")]);
  });

  it("NNC3010: a directory", async () => {
    const d = await diagnosticOf(directory);
    expect([d.code, d.message]).toEqual(["NNC3010", `cannot read the HDF5 file '${directory}': it is a directory`]);
  });

  it("NNC3011: a renamed CSV, random bytes, a MAT file: each named for what it is", async () => {
    const csv = await diagnosticOf(file("football.h5", readFileSync(here("../../examples/data/football.csv"))));
    expect([csv.code, csv.message, csv.help]).toEqual([
      "NNC3011",
      expect.stringContaining("is not an HDF5 file: it is text, probably CSV: its first line reads 'x1,x2,y,split'"),
      expect.stringContaining("CSV loader"),
    ]);
    const random = await diagnosticOf(file("random.h5", Buffer.from([0x89, 0x48, 0x44, 0x46, 0, 7, 7, 7])));
    expect([random.code, random.message]).toEqual([
      "NNC3011",
      expect.stringContaining("its first bytes are 89 48 44 46 00 07"),
    ]);
    const mat = await diagnosticOf(file("football.mat.h5", readFileSync(here("../../examples/data/football.mat"))));
    expect([mat.code, mat.message, mat.help]).toEqual([
      "NNC3011",
      expect.stringContaining("it is a MATLAB MAT file"),
      expect.stringContaining("MAT loader"),
    ]);
  });

  it("NNC3013: a truncated copy, with the lengths", async () => {
    const path = file("cut.h5", readFileSync(FILES.test).subarray(0, 100_000));
    const d = await diagnosticOf(path, CAT("test"));
    expect([d.code, d.message]).toEqual([
      "NNC3013",
      "the HDF5 file is truncated: it has 100000 bytes, its superblock says 616958",
    ]);
  });

  it("NNC3013: damaged metadata, with the library's reason", async () => {
    const bytes = Buffer.from(readFileSync(FILES.test));
    bytes.fill(0xa5, 96, 1400); // the root group's symbol table and object headers
    const d = await diagnosticOf(file("damaged.h5", bytes), CAT("test"));
    expect(d.code).toBe("NNC3013");
    expect(d.message).toMatch(/^the HDF5 file is damaged: /);
  });

  it("NNC3014: a missing dataset gets did-you-mean and the datasets present", async () => {
    const d = await diagnosticOf(FILES.train, { features: "train_set_X", label: "train_set_y" });
    expect(d.code).toBe("NNC3014");
    expect(d.message).toBe("the HDF5 file has no dataset 'train_set_X' (wanted as the features)");
    expect(d.help).toBe("did you mean 'train_set_x'?");
    expect(d.expected).toBe("one of: list_classes, train_set_x, train_set_y");
    expect(d.notes).toEqual([
      "the file holds: list_classes ((2,) strings), train_set_x ((209, 64, 64, 3) uint8), train_set_y ((209,) int64)",
    ]);
  });

  it("NNC3015: the class names are strings, not numbers", async () => {
    const d = await diagnosticOf(FILES.train, { features: "train_set_x", label: "list_classes" });
    expect([d.code, d.message]).toEqual([
      "NNC3015",
      "the dataset 'list_classes' (wanted as the label) holds strings, not numbers",
    ]);
  });

  it.each([
    {
      what: "label count",
      datasets: { x: { data: [1, 2, 3, 4], shape: [2, 2] }, y: { data: [0, 1, 1] } },
      message: "the label 'y' has 3 values but the features 'x' have 2 examples",
    },
    {
      what: "matrix label",
      datasets: { x: { data: [1, 2, 3, 4], shape: [2, 2] }, y: { data: [0, 1, 1, 0], shape: [2, 2] } },
      message: "the label 'y' has shape (2, 2), not a vector",
    },
    {
      what: "scalar features",
      datasets: { x: { data: [1], shape: [] }, y: { data: [0] } },
      message: "the features 'x' are a scalar, not an array of examples",
    },
  ])("NNC3016: $what", async ({ what, datasets, message }) => {
    const d = await diagnosticOf(h5File(`${what}.h5`, datasets));
    expect([d.code, d.message]).toEqual(["NNC3016", message]);
  });

  it("NNC3016: the images given as the label", async () => {
    const d = await diagnosticOf(FILES.train, { features: "train_set_x", label: "train_set_x" });
    expect([d.code, d.message]).toEqual([
      "NNC3016",
      "the label 'train_set_x' has shape (209, 64, 64, 3), not a vector",
    ]);
  });

  it("NNC3017: labels other than 0 and 1, in numpy's indexing", async () => {
    const path = h5File("labels.h5", {
      x: { data: [1, 2, 3, 4, 5, 6], shape: [3, 2] },
      y: { data: [0, 2, 1], shape: [3, 1] },
    });
    const d = await diagnosticOf(path);
    expect([d.code, d.message]).toEqual(["NNC3017", "1 label is not 0 or 1: y[1, 0] = 2"]);
  });

  it("NNC3018: a NaN or infinite feature, in numpy's indexing", async () => {
    const path = h5File("nan.h5", {
      x: { data: [1, 2, 3, Infinity, 5, NaN], shape: [3, 1, 2] },
      y: { data: [0, 1, 1] },
    });
    const d = await diagnosticOf(path);
    expect([d.code, d.message]).toEqual([
      "NNC3018",
      "2 feature values are not finite: x[1, 0, 1] = Infinity, x[2, 0, 1] = NaN",
    ]);
  });

  it("NNC3020: a dataset of 2^28 values (unwritten chunks, a tiny file) is refused before it is read", async () => {
    const path = join(directory, "huge.h5");
    const out = new h5wasm.File(path, "w");
    const x = out.create_dataset({
      name: "x",
      data: new Float64Array(1),
      shape: [1],
      maxshape: [null],
      chunks: [1024],
    });
    x.resize([2 ** 28]);
    out.create_dataset({ name: "y", data: new Float64Array(1) });
    out.close();
    const d = await diagnosticOf(path);
    expect([d.code, d.message]).toEqual([
      "NNC3020",
      "the dataset 'x' (268435456,) holds 268,435,456 values, more than nnc loads (134,217,728, 1 GiB as doubles)",
    ]);
  });

  it("NNC3019: a scale that is not a positive number", async () => {
    const d = await diagnosticOf(FILES.test, { ...CAT("test"), scale: 0 });
    expect([d.code, d.message]).toEqual(["NNC3019", "the scale 0 is not a positive finite number"]);
  });
});
