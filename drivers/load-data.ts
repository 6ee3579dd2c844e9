// Builds the data sets an IR declares, in declaration order. A generator with its own `seed`
// draws from a fresh RandomState(seed) — the lessons' `np.random.seed(1); make_circles(...)` —
// and one without draws from the model's stream, so every draw of a model comes from one
// documented stream in declaration order. Files (CSV, HDF5, MAT) are read through a ModelFiles
// (contracts/files.ts): the disk for the CLI, uploads or fetch for a page; paths resolve against the
// declaring file's folder. Async because files are read so, and the HDF5 reader compiles its
// WebAssembly on first use; the data sets are still built one after another, in declaration
// order, so the stream is drawn the same.
//
// A source split into parts (`data train, test = circles(...) split 300, 100`) is built once; its
// examples are then permuted when the split asks for it (`shuffled`: permutation(m) from the
// model's stream, right after the source's own draws; `shuffled(seed: s)`: from RandomState(s)),
// and part k takes the next sizes[k] of them, in that order.
import type { ModelFiles } from "../contracts/files.js";
import type { DataIR, SplitIR } from "../contracts/ir.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { loadCsv, makeBlobs, makeCircles, makeMoons } from "../runtime/data/index.js";
import { loadHdf5Dataset } from "../runtime/data/hdf5.js";
import { loadMatDataset } from "../runtime/data/mat.js";
import { RandomState } from "../runtime/rng/index.js";

/** `classes`: how many classes a label may name (a softmax output's units; 2 for a sigmoid). */
export async function loadDataset(
  spec: DataIR,
  modelStream: RandomState,
  files: ModelFiles,
  classes = 2,
): Promise<Dataset> {
  switch (spec.kind) {
    case "circles":
    case "moons": {
      const rng = spec.seed !== undefined ? new RandomState(spec.seed) : modelStream;
      return spec.kind === "circles"
        ? makeCircles(rng, spec.samples, spec.noise, spec.factor ?? 0.8, spec.name)
        : makeMoons(rng, spec.samples, spec.noise, spec.name);
    }
    case "blobs": {
      const rng = spec.seed !== undefined ? new RandomState(spec.seed) : modelStream;
      return makeBlobs(rng, spec.samples, spec.centers, spec.std, spec.name);
    }
    case "randn": {
      // The lesson's `x = np.random.randn(4, 3)`: filled row-major, which is X's layout here.
      const rng = spec.seed !== undefined ? new RandomState(spec.seed) : modelStream;
      const X = rng.randn(spec.features * spec.samples);
      return { name: spec.name, features: spec.features, samples: spec.samples, X, Y: Float64Array.from(spec.labels) };
    }
    case "csv": {
      const { features, label, where, name } = spec;
      return loadCsv(files, files.resolve(spec.file, spec.base), { features, label, where, name, classes });
    }
    case "hdf5": {
      const { features, label, scale, name } = spec;
      return loadHdf5Dataset(files, files.resolve(spec.file, spec.base), { features, label, scale, name });
    }
    case "mat": {
      const { features, label, name } = spec;
      return loadMatDataset(files, files.resolve(spec.file, spec.base), { features, label, name });
    }
  }
}

/** The parts of a split source, named as the split names them; `whole` has as many examples as the sizes add up to. */
export function splitDataset(whole: Dataset, split: SplitIR, modelStream: RandomState): Dataset[] {
  const { features, samples: m } = whole;
  const shuffle = split.shuffle;
  const order = shuffle
    ? (shuffle.kind === "seed" ? new RandomState(shuffle.seed) : modelStream).permutation(m)
    : Int32Array.from({ length: m }, (_, j) => j);
  let start = 0;
  return split.parts.map((name, k) => {
    const size = split.sizes[k];
    const X = new Float64Array(features * size);
    const Y = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      const source = order[start + j];
      for (let f = 0; f < features; f++) X[f * size + j] = whole.X[f * m + source];
      Y[j] = whole.Y[source];
    }
    start += size;
    return { name, features, samples: size, X, Y };
  });
}
