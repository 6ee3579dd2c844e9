// MATLAB MAT files (versions 5 to 7) as data sets: the regularization lesson's data.mat, shipped
// as examples/data/football.mat, holds X (211×2), y (211×1), Xval (200×2) and yval (200×1), and the
// lesson takes `train_X = data['X'].T; train_Y = data['y'].T`.
//
// One row of the features matrix is one example. MATLAB stores X column-major, so its first 211
// values are feature 1 of every example and the next 211 feature 2: exactly the row-major layout
// of X.T that Dataset wants (X[f * m + j]). No reordering happens; the values are copied as stored.
//
// Errors are DiagnosticErrors naming the file (binary files have no line to point at):
//
// | code    | when                                                                        |
// | ------- | --------------------------------------------------------------------------- |
// | NNC3010 | the file cannot be read                                                     |
// | NNC3011 | it is not a MAT file; says what it looks like (CSV text, HDF5, …)            |
// | NNC3012 | it is a MAT v7.3 file, which is HDF5: use the HDF5 loader                    |
// | NNC3013 | empty, truncated (an element runs past the end) or damaged                  |
// | NNC3014 | no variable of that name: did-you-mean, and the variables present            |
// | NNC3015 | the variable is not a real numeric array (char, cell, struct, complex, …)   |
// | NNC3016 | features not a 2-D examples × features matrix, label not a vector, or their  |
// |         | example counts differ                                                       |
// | NNC3017 | a label that is not 0 or 1                                                  |
// | NNC3018 | a feature that is NaN or infinite                                           |
// | NNC3020 | a variable of more than 2^27 values, refused before it is allocated         |
import { fileStem, type ModelFiles } from "../../contracts/files.js";
import type { Dataset } from "./dataset.js";
import { checkFinite, checkedLabels, fail, formatShape, missingName, readBinaryFile } from "./binary-file.js";
import { type MatContents, type MatVariable, parseMat } from "./mat-format.js";
import { DataCodes } from "../../contracts/codes.js";

export type { MatVariable } from "./mat-format.js";

export interface MatDatasetOptions {
  /** The variable whose rows are the examples and whose columns are the features (X). */
  features: string;
  /** The variable holding one 0/1 label per example (y), a column or a row vector. */
  label: string;
  /** Data set name; defaults to the file name without its extension. */
  name?: string;
}

/**
 * The numeric variables of a MAT file by name, each column-major as stored. Variables of other
 * kinds (char, cell, struct, sparse, complex) are left out; loadMatDataset names them if asked.
 */
export async function readMat(
  files: ModelFiles,
  path: string,
): Promise<Map<string, { name: string; dims: number[]; data: Float64Array }>> {
  const contents = await parseMat(path, await readBinaryFile(files, path, "MAT"));
  return new Map([...contents.numeric].map(([name, { dims, data }]) => [name, { name, dims, data }]));
}

/** `path` as a ModelFiles resolved it; the file is read through `files`. */
export async function loadMatDataset(files: ModelFiles, path: string, options: MatDatasetOptions): Promise<Dataset> {
  const contents = await parseMat(path, await readBinaryFile(files, path, "MAT"));
  const features = variable(path, contents, options.features, "the features");
  const label = variable(path, contents, options.label, "the label");

  if (features.dims.length !== 2) {
    throw fail({
      code: DataCodes.wrongShape,
      message: `the features '${features.name}' are ${formatShape(features.dims)}, not a matrix`,
      file: path,
      expected: "a 2-D matrix with one row per example and one column per feature, such as 211×2",
    });
  }
  const [samples, featureCount] = features.dims;
  if (samples === 0 || featureCount === 0) {
    throw fail({
      code: DataCodes.wrongShape,
      message:
        `the features '${features.name}' are ${formatShape(features.dims)}: ` +
        `there are no ${samples === 0 ? "examples" : "features"}`,
      file: path,
      expected: "at least one example (row) and one feature (column)",
    });
  }
  const longSides = label.dims.filter((d) => d !== 1);
  if (longSides.length > 1) {
    throw fail({
      code: DataCodes.wrongShape,
      message: `the label '${label.name}' is ${formatShape(label.dims)}, not a vector`,
      file: path,
      expected: `one label per example: ${samples}×1 (or 1×${samples})`,
    });
  }
  if (label.data.length !== samples) {
    throw fail({
      code: DataCodes.wrongShape,
      message:
        `the label '${label.name}' has ${label.data.length} value${label.data.length === 1 ? "" : "s"} ` +
        `but the features '${features.name}' have ${samples} rows`,
      file: path,
      expected: `one label per example (row of '${features.name}'): ${samples}×1`,
      notes: [`'${features.name}' is ${formatShape(features.dims)}, '${label.name}' is ${formatShape(label.dims)}`],
    });
  }

  // Column-major m × n is row-major n × m: the stored order is already Dataset's.
  const X = Float64Array.from(features.data);
  // MATLAB's 1-based (row, column) indexing, so the learner can find the value in MATLAB or Octave.
  checkFinite(path, X, samples, (feature, example) => `${features.name}(${example + 1}, ${feature + 1})`);
  const Y = checkedLabels(path, label.data, (i) => `${label.name}(${i + 1})`);
  return { name: options.name ?? fileStem(path), features: featureCount, samples, X, Y };
}

function variable(path: string, contents: MatContents, name: string, role: string): MatVariable {
  const found = contents.numeric.get(name);
  if (found) return found;
  const other = contents.others.get(name);
  if (other) {
    throw fail({
      code: DataCodes.notRealNumbers,
      message: `the variable '${name}' (wanted as ${role}) is ${other}, not an array of real numbers`,
      file: path,
      expected: "a real numeric or logical matrix (double, single, int8 … uint64)",
    });
  }
  const present = new Map<string, string>();
  for (const [n, v] of contents.numeric) present.set(n, `${formatShape(v.dims)} ${v.className}`);
  for (const [n, what] of contents.others) present.set(n, what.replace(/^an? /, ""));
  throw missingName(path, "variable", name, role, present);
}
