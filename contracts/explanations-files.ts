// The codes of data files (NNC30xx), gradient checks and generated code (NNC303x, NNC304x),
// pictures and parameter files (NNC306x), saved runs and plots (NNC308x) and the files and command
// lines a user names (NNC31xx), each with an example and its fix. Form and testing:
// explanation-format.ts; a `# NAME:` comment block gives a data file's text.
import type { Code, DataCode, ReportCode } from "./codes.js";
import type { Explanation } from "./explanation-format.js";
import { backwardBlock } from "./explanations-model.js";

/** A CSV data set and the file it reads, written as a `model` example. */
const csv = (rows: string, statement = 'csv(file: "points.csv", features: [x1, x2], label: y)') =>
  [`data train = ${statement}`, "# points.csv:", ...rows.split("\n").map((row) => `#   ${row}`)].join("\n");
const splitOn = (value: string) => `csv(file: "points.csv", features: [x1, x2], label: y, where: split == "${value}")`;
/** A python line that writes an HDF5 file `d.h5` with these datasets. */
const h5py = (datasets: string) => `python -c "import h5py, numpy; h5py.File('d.h5', 'w').update(${datasets})"`;
const mat = (features = "X", label = "y", file = "data/football.mat") =>
  `data train = mat(file: "${file}", features: ${features}, label: ${label})`;
const hdf5 = (features: string, label: string, options = ", scale: 255") =>
  `data train = hdf5(file: "data/train_catvnoncat.h5", features: ${features}, label: ${label}${options})`;

/** Two examples (m = 2) and 7 units in h2: `dZ3 * A2` fits the stand-in m = 7 only. */
const twoExamples = `dense h2[7] relu init he\n${csv("x1,x2,y\n0.5,1.2,1\n0.3,0.8,0")}`;

export const fileExplanations = {
  NNC3001: {
    summary: "A CSV data file that cannot be read (it does not exist, is a folder, or is not readable).",
    form: "model",
    mistake: csv("x1,x2,y\n0.5,1.2,1", 'csv(file: "point.csv", features: [x1, x2], label: y)'),
    fix: csv("x1,x2,y\n0.5,1.2,1"),
  },
  NNC3002: {
    summary: "A CSV data file that is empty: not even a header row.",
    form: "model",
    mistake: csv(""),
    fix: csv("x1,x2,y\n0.5,1.2,1"),
  },
  NNC3003: {
    summary: "A feature, label or `where` column that the CSV file's header does not name.",
    form: "model",
    mistake: csv("x1,x2,label\n0.5,1.2,1"),
    fix: csv("x1,x2,y\n0.5,1.2,1"),
  },
  NNC3004: {
    summary: "A CSV row with a different number of fields from the header.",
    form: "model",
    mistake: csv("x1,x2,y\n0.5,1.2,1\n0.3,0.8"),
    fix: csv("x1,x2,y\n0.5,1.2,1\n0.3,0.8,0"),
  },
  NNC3005: {
    summary: "A CSV field that should be a number is not one (or is empty).",
    form: "model",
    mistake: csv("x1,x2,y\n0.5,1.2,1\n0.3,n/a,0"),
    fix: csv("x1,x2,y\n0.5,1.2,1\n0.3,0.8,0"),
  },
  NNC3006: {
    summary: "A label that is not 0 or 1 (or, for a softmax model of K classes, not a class 0 … K − 1).",
    form: "model",
    mistake: csv("x1,x2,y\n0.5,1.2,1\n0.3,0.8,2"),
    fix: csv("x1,x2,y\n0.5,1.2,1\n0.3,0.8,0"),
  },
  NNC3007: {
    summary: "A CSV file with no rows after its header, or none left after `where`.",
    form: "model",
    mistake: csv("x1,x2,y,split\n0.5,1.2,1,train", splitOn("Train")),
    fix: csv("x1,x2,y,split\n0.5,1.2,1,train", splitOn("train")),
  },
  NNC3008: {
    summary: "A CSV header that names a column twice.",
    form: "model",
    mistake: csv("x1,x1,y\n0.5,1.2,1"),
    fix: csv("x1,x2,y\n0.5,1.2,1"),
  },
  NNC3009: {
    summary: "A quoted CSV field with no closing quote, or text after its closing quote.",
    form: "model",
    mistake: csv('x1,x2,y\n"0.5,1.2,1'),
    fix: csv('x1,x2,y\n"0.5",1.2,1'),
  },
  NNC3010: {
    summary: "A MAT or HDF5 data file that cannot be read (it does not exist, is a folder, or is not readable).",
    form: "model",
    mistake: mat("X", "y", "data/footbal.mat"),
    fix: mat(),
  },
  NNC3011: {
    summary: "A data file that is not of the format its loader reads (a CSV file given to `mat`, say).",
    form: "model",
    mistake: `${mat("X", "y", "points.mat")}\n# points.mat:\n#   x1,x2,y\n#   0.5,1.2,1`,
    fix: csv("x1,x2,y\n0.5,1.2,1"),
  },
  NNC3012: {
    summary: "A MATLAB v7.3 file, which is HDF5 inside: the `mat` loader reads versions 5 to 7.",
    form: "command",
    mistake: "matlab -batch \"X = rand(211, 2); y = X(:, 1) > 0.5; save('data.mat', 'X', 'y', '-v7.3')\"",
    fix: "matlab -batch \"X = rand(211, 2); y = X(:, 1) > 0.5; save('data.mat', 'X', 'y', '-v7')\"",
  },
  NNC3013: {
    summary: "A MAT or HDF5 file that is empty, truncated or damaged.",
    form: "model",
    mistake: `${mat("X", "y", "points.mat")}\n# points.mat:`,
    fix: mat(),
  },
  NNC3014: {
    summary: "A MAT variable or HDF5 dataset of that name is not in the file (the message lists those that are).",
    form: "model",
    mistake: mat("x", "y"),
    fix: mat("X", "y"),
  },
  NNC3015: {
    summary: "A MAT variable or HDF5 dataset that is not real numbers (text, cells, structs, complex numbers).",
    form: "model",
    mistake: hdf5("list_classes", "train_set_y"),
    fix: hdf5("train_set_x", "train_set_y"),
  },
  NNC3016: {
    summary:
      "Data of the wrong shape: features not one example per row, a label that is not a vector, counts that differ.",
    form: "model",
    mistake: mat("X", "Xval"),
    fix: mat("X", "y"),
  },
  NNC3017: {
    summary: "A label in a MAT or HDF5 file that is not 0 or 1.",
    form: "command",
    mistake: h5py("x=[[0.1, 0.2]], y=[2]"),
    fix: h5py("x=[[0.1, 0.2]], y=[1]"),
  },
  NNC3018: {
    summary: "A feature in a MAT or HDF5 file that is NaN or infinite (after scaling).",
    form: "command",
    mistake: h5py("x=[[numpy.nan, 0.2]], y=[1]"),
    fix: h5py("x=[[0.1, 0.2]], y=[1]"),
  },
  NNC3019: {
    summary: "A loader option out of its range (an HDF5 `scale` that is not a positive finite number).",
    form: "code",
    mistake: "await loadModelData({ ...ir, data: [{ ...ir.data[0], scale: 0 }] }, new RandomState(1), files)",
    fix: "await loadModelData({ ...ir, data: [{ ...ir.data[0], scale: 255 }] }, new RandomState(1), files)",
  },
  NNC3020: {
    summary: "A MAT variable or HDF5 dataset too large to load (more than 2^27 values), refused before it is read.",
    form: "command",
    mistake: h5py("x=numpy.zeros((300000, 1000)), y=numpy.zeros(300000)"),
    fix: h5py("x=numpy.zeros((30000, 1000)), y=numpy.zeros(30000)"),
  },
  NNC3030: {
    summary: "The gradient check (`check gradient(...)` in the model) failed, so training did not start.",
    form: "model",
    mistake: `check gradient(epsilon: 1e-7, threshold: 2e-7)\n${backwardBlock({ dW2: "2/m * dZ2 * A1'" })}`,
    fix: `check gradient(epsilon: 1e-7, threshold: 2e-7)\n${backwardBlock()}`,
  },
  NNC3031: {
    summary: "The model has too many parameters to check every one of them.",
    form: "command",
    mistake: "nnc check examples/cat-deep.nnspec",
    fix: "nnc check --sample 1000 examples/cat-deep.nnspec",
  },
  NNC3032: {
    summary:
      "A `backward` equation fails on the training data (its shapes were " +
      "checked with a stand-in m, the data's m is known only once loaded).",
    form: "model",
    mistake: `${twoExamples}\n${backwardBlock({ dW3: "1/m * dZ3 * A2" })}`,
    fix: `${twoExamples}\n${backwardBlock()}`,
  },
  NNC3040: {
    summary:
      "The model is too large (or of a form) for `nnc emit`'s generated JavaScript; the interpreter still trains it.",
    form: "command",
    mistake: "nnc emit examples/cat-deep.nnspec",
    fix: "nnc run examples/cat-deep.nnspec",
  },
  NNC3041: {
    summary:
      "A model `nnc emit --target pytorch` cannot write as a PyTorch script: one whose gradients come from a " +
      "hand-written backward block (the script's come from autograd, so a planted bug would not carry over).",
    form: "command",
    mistake: "nnc emit --target pytorch examples/gradcheck-fixed.nnspec",
    fix: "nnc check examples/gradcheck-fixed.nnspec",
  },
  NNC3060: {
    summary: "A picture given to `nnc predict` that cannot be read.",
    form: "command",
    mistake: "nnc predict --params cat.json examples/cat-two.nnspec my-cat.png",
    fix: "nnc predict --params cat.json examples/cat-two.nnspec photos/my-cat.png",
  },
  NNC3061: {
    summary: "A picture that is neither PNG nor JPEG.",
    form: "command",
    mistake: "nnc predict --params cat.json examples/cat-two.nnspec my-cat.gif",
    fix: "nnc predict --params cat.json examples/cat-two.nnspec my-cat.png",
  },
  NNC3062: {
    summary: "A PNG or JPEG picture that its decoder rejects (truncated or damaged).",
    form: "command",
    mistake: "head -c 1000 my-cat.png > cut.png && nnc predict --params cat.json examples/cat-two.nnspec cut.png",
    fix: "nnc predict --params cat.json examples/cat-two.nnspec my-cat.png",
  },
  NNC3063: {
    summary: "A parameters file that does not fit the model (names, shapes or values).",
    form: "command",
    mistake: "nnc predict --params he.json examples/cat-two.nnspec test",
    fix:
      "nnc run --save cat.json examples/cat-two.nnspec && " +
      "nnc predict --params cat.json examples/cat-two.nnspec test",
  },
  NNC3064: {
    summary: "What `nnc predict` should predict is neither a data set of the model nor a picture it can use.",
    form: "command",
    mistake: "nnc predict --params he.json examples/init-he.nnspec tset",
    fix: "nnc predict --params he.json examples/init-he.nnspec test",
  },
  NNC3070: {
    summary: "A file `nnc import` reads is not an ONNX model (no protobuf ModelProto with a graph in it).",
    form: "command",
    mistake: "nnc import examples/init-he.nnspec -o init-he.nnspec",
    fix:
      "nnc emit --target onnx examples/init-he.nnspec --params he.json -o he.onnx && " +
      "nnc import he.onnx -o he.nnspec",
  },
  NNC3071: {
    summary:
      "A node of an ONNX graph that is not part of a dense layer nnc can import; the message names it and its index.",
    form: "command",
    mistake: "nnc import convnet.onnx -o convnet.nnspec",
    fix:
      'python -c "import torch; m = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), ' +
      "torch.nn.Linear(4, 1), torch.nn.Sigmoid()); torch.onnx.export(m, torch.zeros(1, 2), 'mlp.onnx')\" && " +
      "nnc import mlp.onnx -o mlp.nnspec",
  },
  NNC3072: {
    summary: "An ONNX graph that is not a plain MLP: several inputs, weights computed instead of stored, a branch.",
    form: "command",
    mistake: "nnc import two-inputs.onnx -o model.nnspec",
    fix: "nnc import mlp.onnx -o mlp.nnspec",
  },
  NNC3080: {
    summary: "A run file that is not valid JSON.",
    form: "command",
    mistake: "nnc report run.txt",
    fix: "nnc run --save-run run.json examples/init-he.nnspec && nnc report run.json",
  },
  NNC3081: {
    summary: "A JSON file that is not a run file (an IR file is recognised as one).",
    form: "command",
    mistake: "nnc plot init-he.ir.json",
    fix: "nnc run --save-run run.json init-he.ir.json && nnc plot run.json",
  },
  NNC3082: {
    summary: "A run file of a version this nnc does not read.",
    form: "command",
    mistake: "nnc plot old-run.json",
    fix: "nnc run --save-run run.json examples/init-he.nnspec && nnc plot run.json",
  },
  NNC3083: {
    summary: "A run file whose parameters do not fit its model (missing, or the wrong number of values).",
    form: "command",
    mistake: "nnc report edited-run.json",
    fix: "nnc run --save-run run.json examples/init-he.nnspec && nnc report run.json",
  },
  NNC3084: {
    summary: "`--plot DIR` names a file, or a folder that cannot be created.",
    form: "command",
    mistake: "nnc run --plot README.md examples/init-he.nnspec",
    fix: "nnc run --plot plots examples/init-he.nnspec",
  },
  NNC3101: {
    summary: "The model file does not exist.",
    form: "command",
    mistake: "nnc run examples/init_he.nnspec",
    fix: "nnc run examples/init-he.nnspec",
  },
  NNC3102: {
    summary: "The model file is empty.",
    form: "command",
    mistake: "touch model.nnspec && nnc run model.nnspec",
    fix: "cp examples/init-he.nnspec model.nnspec && nnc run model.nnspec",
  },
  NNC3103: {
    summary: "The model file is binary, not text.",
    form: "command",
    mistake: "nnc lint examples/data/football.mat",
    fix: "nnc lint examples/football-csv.nnspec",
  },
  NNC3104: {
    summary: "The model file cannot be read.",
    form: "command",
    mistake: "chmod 000 model.nnspec && nnc run model.nnspec",
    fix: "chmod 644 model.nnspec && nnc run model.nnspec",
  },
  NNC3105: {
    summary: "A directory was given where a file was expected.",
    form: "command",
    mistake: "nnc run examples",
    fix: "nnc run examples/init-he.nnspec",
  },
  NNC3106: {
    summary: "An output file cannot be written.",
    form: "command",
    mistake: "nnc compile examples/init-he.nnspec -o no/such/folder/init-he.ir.json",
    fix: "nnc compile examples/init-he.nnspec -o init-he.ir.json",
  },
  NNC3107: {
    summary: "The command line is not one nnc understands.",
    form: "command",
    mistake: "nnc rn examples/init-he.nnspec",
    fix: "nnc run examples/init-he.nnspec",
  },
  NNC3125: {
    summary:
      "`nnc derive --numbers --example K` names an example the iteration's batch does not hold: K counts " +
      "its columns from 0, so it must be less than the training set's size (or the mini-batch's).",
    form: "command",
    mistake: "nnc derive --numbers --example 300 examples/init-he.nnspec",
    fix: "nnc derive --numbers --example 299 examples/init-he.nnspec",
  },
  NNC3126: {
    summary:
      "`nnc derive --numbers --iteration N` asks for an update the training never makes: N counts the " +
      "updates made before the one shown, so it must be less than the training's number of updates " +
      "(its iterations, or its epochs times the mini-batches of an epoch).",
    form: "command",
    mistake: "nnc derive --numbers --iteration 15000 examples/init-he.nnspec",
    fix: "nnc derive --numbers --iteration 14999 examples/init-he.nnspec",
  },
} satisfies Partial<Record<Code | DataCode | ReportCode, Explanation>>;
