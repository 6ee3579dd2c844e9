// The PyTorch script's data section: `load_data(stream)` builds the model's data sets in
// declaration order, as drivers/load-data.ts does: generated sets with sklearn's make_* (nnc's
// generators are ports of them, drawing the same numbers; only numpy's SIMD cos/sin can round a
// coordinate by an ulp) from RandomState(seed) or the model's stream, files from the paths the
// spec gives (CSV, .mat with scipy, .h5 with h5py), or every set from .npy files that
// `nnc emit --data-out DIR` wrote. Arrays are examples × features, as torch wants them.
import type { DataIR } from "../contracts/ir.js";
import { pyFloat, pyString, type SourceLines } from "./python-text.js";

export interface DataSection {
  imports: string[];
  /** Helper functions, each a block of lines. */
  helpers: string[][];
  /** The `load_data` function. */
  loader: string[];
}

const HELPERS: Record<string, { imports: string[]; lines: string[] }> = {
  circles: {
    imports: ["from sklearn.datasets import make_circles"],
    lines: [
      "def circles(rng, samples, noise, factor):",
      '    """sklearn\'s make_circles drawing from `rng` (nnc ports it: runtime/data/synthetic.ts)."""',
      "    X, y = make_circles(n_samples=samples, noise=noise, factor=factor, random_state=rng)",
      "    return X, y.astype(np.float64)",
    ],
  },
  moons: {
    imports: ["from sklearn.datasets import make_moons"],
    lines: [
      "def moons(rng, samples, noise):",
      '    """sklearn\'s make_moons drawing from `rng` (nnc ports it: runtime/data/synthetic.ts)."""',
      "    X, y = make_moons(n_samples=samples, noise=noise, random_state=rng)",
      "    return X, y.astype(np.float64)",
    ],
  },
  blobs: {
    imports: ["from sklearn.datasets import make_blobs"],
    lines: [
      "def blobs(rng, samples, centers, std):",
      '    """sklearn\'s make_blobs in two features drawing from `rng`; labels are the cluster indices."""',
      "    X, y = make_blobs(",
      "        n_samples=samples, n_features=2, centers=centers, cluster_std=std, random_state=rng",
      "    )",
      "    return X, y.astype(np.float64)",
    ],
  },
  randn: {
    imports: [],
    lines: [
      "def randn(rng, features, samples, labels):",
      '    """The gradient-checking lesson\'s x = np.random.randn(features, samples), one example a column."""',
      "    return rng.randn(features, samples).T.copy(), np.array(labels, dtype=np.float64)",
    ],
  },
  csv: {
    imports: ["import csv"],
    lines: [
      "def csv_file(path, features, label, where=None):",
      '    """A CSV file with a header row; `where` = (column, value) keeps the rows whose field equals value."""',
      '    with open(DATA_DIR / path, newline="", encoding="utf-8-sig") as file:',
      "        rows = [{k.strip(): v.strip() for k, v in row.items()} for row in csv.DictReader(file)]",
      "    if where is not None:",
      "        rows = [row for row in rows if row[where[0]] == where[1]]",
      "    X = np.array([[float(row[name]) for name in features] for row in rows])",
      "    return X, np.array([float(row[label]) for row in rows])",
    ],
  },
  hdf5: {
    imports: ["import h5py"],
    lines: [
      "def hdf5_file(path, features, label, scale):",
      '    """An HDF5 file: each example (first axis) flattened in C order, divided by `scale`."""',
      '    with h5py.File(DATA_DIR / path, "r") as file:',
      "        raw = np.asarray(file[features], dtype=np.float64)",
      "        y = np.asarray(file[label], dtype=np.float64).reshape(-1)",
      "    return raw.reshape(len(raw), -1) / scale, y",
    ],
  },
  mat: {
    imports: ["import scipy.io"],
    lines: [
      "def mat_file(path, features, label):",
      '    """A MATLAB file: `features` is examples × features, `label` one 0/1 value per example."""',
      "    variables = scipy.io.loadmat(DATA_DIR / path)",
      "    X = np.asarray(variables[features], dtype=np.float64)",
      "    return X, np.asarray(variables[label], dtype=np.float64).reshape(-1)",
    ],
  },
  split: {
    imports: [],
    lines: [
      "def split(whole, sizes, order):",
      '    """Cuts a source into parts: part k takes the next sizes[k] examples of `order`."""',
      "    X, y = whole",
      "    parts, start = [], 0",
      "    for size in sizes:",
      "        chosen = order[start : start + size]",
      "        parts.append((X[chosen], y[chosen]))",
      "        start += size",
      "    return parts",
    ],
  },
  npy: {
    imports: [],
    lines: [
      "def npy(name):",
      '    """A data set as `nnc emit --data-out` wrote it: NAME_X.npy (examples × features), NAME_y.npy."""',
      '    return np.load(NPY_DIR / f"{name}_X.npy"), np.load(NPY_DIR / f"{name}_y.npy")',
    ],
  },
};

/** The call that builds a data set (the whole source, for a split). */
function sourceCall(spec: DataIR, rng: string): { helper: string; call: string } {
  switch (spec.kind) {
    case "circles":
      return {
        helper: "circles",
        call:
          `circles(${rng}, samples=${spec.samples}, noise=${pyFloat(spec.noise)}, ` +
          `factor=${pyFloat(spec.factor ?? 0.8)})`,
      };
    case "moons":
      return { helper: "moons", call: `moons(${rng}, samples=${spec.samples}, noise=${pyFloat(spec.noise)})` };
    case "blobs":
      return {
        helper: "blobs",
        call: `blobs(${rng}, samples=${spec.samples}, centers=${spec.centers}, std=${pyFloat(spec.std)})`,
      };
    case "randn":
      return {
        helper: "randn",
        call: `randn(${rng}, ${spec.features}, ${spec.samples}, ${JSON.stringify(spec.labels)})`,
      };
    case "csv": {
      const where = spec.where ? `, where=(${pyString(spec.where.column)}, ${pyString(spec.where.equals)})` : "";
      const features = `[${spec.features.map(pyString).join(", ")}]`;
      return { helper: "csv", call: `csv_file(${pyString(spec.file)}, ${features}, ${pyString(spec.label)}${where})` };
    }
    case "hdf5":
      return {
        helper: "hdf5",
        call:
          `hdf5_file(${pyString(spec.file)}, ${pyString(spec.features)}, ${pyString(spec.label)}, ` +
          `${pyFloat(spec.scale ?? 1)})`,
      };
    case "mat":
      return {
        helper: "mat",
        call: `mat_file(${pyString(spec.file)}, ${pyString(spec.features)}, ${pyString(spec.label)})`,
      };
  }
}

/** Whether building this set draws from the model's stream (a generator without its own seed). */
function drawsFromStream(spec: DataIR): boolean {
  const generated = spec.kind === "circles" || spec.kind === "moons" || spec.kind === "blobs" || spec.kind === "randn";
  return (generated && spec.seed === undefined) || spec.split?.shuffle?.kind === "stream";
}

/**
 * `load_data(stream)`. With `fromNpy`, every set is read from the .npy files, and only the draws
 * that nnc's building of them took from the model's stream are replayed, so the weights after
 * them are drawn from the same place in the stream.
 */
export function dataSection(data: readonly DataIR[], source: SourceLines, fromNpy: boolean): DataSection {
  const used = new Set<string>();
  const body: string[] = [];
  const built = new Set<string>();
  for (const spec of data) {
    const key = spec.split ? spec.split.parts.join(",") : spec.name;
    if (built.has(key)) continue;
    built.add(key);
    body.push(...source.comment(spec.split?.at ?? spec.at, "    "));
    const names = spec.split ? spec.split.parts : [spec.name];
    const generated = spec.kind !== "csv" && spec.kind !== "hdf5" && spec.kind !== "mat";
    const ownSeed = generated ? spec.seed : undefined;
    const rng = ownSeed !== undefined ? `np.random.RandomState(${ownSeed})` : "stream";
    const { helper, call } = sourceCall(spec, rng);
    if (fromNpy) {
      if (drawsFromStream(spec)) {
        if (generated && spec.seed === undefined) {
          used.add(helper);
          body.push(`    ${call}  # drawn only to move the stream on, as nnc did`);
        }
        if (spec.split?.shuffle?.kind === "stream")
          body.push(`    stream.permutation(${spec.split.sizes.reduce((a, b) => a + b, 0)})  # the split's shuffle`);
      }
      used.add("npy");
      for (const name of names) body.push(`    data[${pyString(name)}] = npy(${pyString(name)})`);
      continue;
    }
    used.add(helper);
    if (!spec.split) {
      body.push(`    data[${pyString(spec.name)}] = ${call}`);
      continue;
    }
    used.add("split");
    const total = spec.split.sizes.reduce((a, b) => a + b, 0);
    const shuffle = spec.split.shuffle;
    const order = !shuffle
      ? `np.arange(${total})`
      : shuffle.kind === "seed"
        ? `np.random.RandomState(${shuffle.seed}).permutation(${total})`
        : `stream.permutation(${total})`;
    const targets = names.map((name) => `data[${pyString(name)}]`).join(", ");
    body.push(`    whole = ${call}`);
    body.push(`    ${targets} = split(whole, ${JSON.stringify(spec.split.sizes)}, ${order})`);
  }
  const order = ["circles", "moons", "blobs", "randn", "csv", "hdf5", "mat", "split", "npy"].filter((h) => used.has(h));
  return {
    imports: [...new Set(order.flatMap((h) => HELPERS[h].imports))],
    helpers: order.map((h) => HELPERS[h].lines),
    loader: [
      "def load_data(stream):",
      '    """The data sets in declaration order (drivers/load-data.ts): {name: (X, y)}, one example a row."""',
      "    data = {}",
      ...body,
      "    return data",
    ],
  };
}
