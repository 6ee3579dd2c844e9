// `nnc emit --target pytorch` without Python: the script's model-specific lines (the draws in nnc's
// order and arithmetic, the layers, the loss, the loop), the formulas it translates, the .npy files
// of --data-out, and the errors. That the scripts train to nnc's costs is `npm run test:pytorch`.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { npyFloat64 } from "../emit/npy.js";
import { activationPython, initFormulaPython } from "../emit/python-formula.js";
import { pyFloat } from "../emit/python-text.js";
import { nnc } from "./helpers/run-cli.js";

const scratch = () => mkdtempSync(join(tmpdir(), "nnc-pytorch-"));

/** Reads a .npy file back: its header dict and its float64 values. */
function readNpy(bytes: Uint8Array): { header: string; values: number[] } {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
  const length = bytes[8] + 256 * bytes[9];
  expect((10 + length) % 64).toBe(0);
  const header = Buffer.from(bytes.subarray(10, 10 + length)).toString("latin1");
  const view = new DataView(bytes.buffer, bytes.byteOffset + 10 + length, bytes.byteLength - 10 - length);
  const values = Array.from({ length: view.byteLength / 8 }, (_, i) => view.getFloat64(8 * i, true));
  return { header, values };
}

describe("nnc emit --target pytorch", () => {
  it("writes the He lesson's script: its data, draws, layers, loss and loop as nnc has them", async () => {
    const dir = scratch();
    const out = join(dir, "init_he.py");
    const r = await nnc("emit", "--target", "pytorch", "-o", out, "examples/init-he.nnspec");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wrote ${out}\n`);
    const text = readFileSync(out, "utf8");
    expect(text).toContain('data["train"] = circles(np.random.RandomState(1), samples=300, noise=0.05, factor=0.8)');
    expect(text).toContain('("W2", stream.randn(5, 10) * np.sqrt(2 / 10)),');
    expect(text).toContain('("b3", np.zeros((1, 1))),');
    expect(text).toContain("# init-he.nnspec:11  dense h2[5] relu init he\n        self.h2 = nn.Linear(10, 5)");
    expect(text).toContain('F.binary_cross_entropy_with_logits(z[:, 0], y, reduction="sum")');
    expect(text).toContain("optimizer = GradientDescent(model.parameters(), learning_rate=0.01)");
    expect(text).toContain("SEED = 3");
    expect(text).toContain("ITERATIONS = 15000");
    expect(text).toContain("network.register_comm_hook(None, allreduce_sum)");
    // No line past black's 88 columns by more than the spec's own quoted lines allow.
    const long = text.split("\n").filter((line) => line.length > 120);
    expect(long).toEqual([]);
  });

  it("the mini-batch lesson gets the lesson's per-epoch reseeding in a DistributedSampler", async () => {
    const r = await nnc("emit", "--target", "pytorch", "examples/optim-adam.nnspec");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("class EpochBatches(DistributedSampler):");
    expect(r.stdout).toContain("self.order = np.random.RandomState(10 + epoch + 1).permutation(self.examples)");
    expect(r.stdout).toContain(
      "optimizer = Adam(model.parameters(), learning_rate=0.0007, beta1=0.9, beta2=0.999, epsilon=1e-8)",
    );
    expect(r.stdout).toContain('UNIT = "epoch"');
  });

  it("dropout with reseed draws its masks once from RandomState(reseed), layer by layer", async () => {
    const r = await nnc("emit", "--target", "pytorch", "examples/reg-dropout.nnspec");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "rng = np.random.RandomState(1)\n    masks = [rng.rand(20, m) < 0.86, rng.rand(3, m) < 0.86]",
    );
    expect(r.stdout).toContain("a = a * masks[1] / 0.86  # inverted dropout on h2");
  });

  it("--data-out writes each data set as .npy (examples × features) and the script reads them", async () => {
    const dir = scratch();
    const out = join(dir, "football.py");
    const r = await nnc(
      "emit",
      "--target",
      "pytorch",
      "--data-out",
      join(dir, "data"),
      "-o",
      out,
      "examples/reg-l2.nnspec",
    );
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, "data")).sort()).toEqual(["test_X.npy", "test_y.npy", "train_X.npy", "train_y.npy"]);
    const X = readNpy(readFileSync(join(dir, "data", "train_X.npy")));
    expect(X.header).toContain("'shape': (211, 2)");
    const y = readNpy(readFileSync(join(dir, "data", "train_y.npy")));
    expect(y.header).toContain("'shape': (211,)");
    expect(y.values.every((v) => v === 0 || v === 1)).toBe(true);
    // The first example of the lesson's data.mat: X[0] = [-0.158986, 0.423977].
    expect(X.values.slice(0, 2).map((v) => v.toFixed(6))).toEqual(["-0.158986", "0.423977"]);
    const text = readFileSync(out, "utf8");
    expect(text).toContain('NPY_DIR = Path(__file__).resolve().parent / "data"');
    expect(text).toContain('data["train"] = npy("train")');
  });

  it("refuses a hand-written backward block (NNC3041) and an unknown target (NNC3107)", async () => {
    const refused = await nnc("emit", "--target", "pytorch", "examples/gradcheck-fixed.nnspec");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("error[NNC3041]: model 'gradcheck_fixed' cannot be emitted as a PyTorch script");
    const unknown = await nnc("emit", "--target", "tensorflow", "examples/init-he.nnspec");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error[NNC3107]: unknown --target 'tensorflow'");
  });
});

describe("the script's pieces", () => {
  it("translates custom activations as nnc evaluates them", () => {
    expect(activationPython("z * sigmoid(z)", "z")).toBe("z * torch.sigmoid(z)");
    expect(activationPython("softplus(t) - log(2)", "t")).toBe("torch.log1p(torch.exp(z)) - math.log(2.0)");
    expect(activationPython("-(z ^ 2) / 2", "z")).toBe("(-(z ** 2.0)) / 2.0");
  });

  it("translates init formulas into draws from the stream, one weight at a time", () => {
    expect(initFormulaPython("normal(0, sqrt(2 / fan_in))")).toBe("rng.normal(0.0, math.sqrt(2.0 / fan_in))");
    expect(initFormulaPython("uniform(-1, 1) / fan_out")).toBe("rng.uniform(-1.0, 1.0) / fan_out");
  });

  it("writes literals Python reads back as the same double", () => {
    expect([0.1, 1e-8, 3, 2.5e21, -0.0007].map(pyFloat)).toEqual(["0.1", "1e-8", "3.0", "2.5e+21", "-0.0007"]);
  });

  it("writes .npy headers padded to 64 bytes, values little-endian", () => {
    const { header, values } = readNpy(npyFloat64([2, 3], Float64Array.from([1, -2.5, 0.1, 4, 5, 6])));
    expect(header.trimEnd()).toBe("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }");
    expect(values).toEqual([1, -2.5, 0.1, 4, 5, 6]);
  });
});
