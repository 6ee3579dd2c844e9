// `nnc run --save`, `--verbose`, `--no-rewrite` and `nnc predict`, on the cat lesson's pictures
// (a few iterations: the figures are checked in test/cat-lessons.test.ts).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { readHdf5Dataset } from "../runtime/data/hdf5.js";
import { nnc } from "./helpers/run-cli.js";
import { nodeFiles } from "../node/files.js";

const dir = mkdtempSync(join(tmpdir(), "nnc-predict-"));
const data = resolve("examples/data");
const model = join(dir, "cats.nnspec");
const params = join(dir, "params.json");
writeFileSync(
  model,
  readFileSync("examples/cat-two.nnspec", "utf8")
    .replaceAll('"data/', `"${data}/`)
    // 60 steps: enough to repay the first-layer rewrite's XᵀX (30 would not: compiler/rewrite.ts).
    .replace("for 2500 iterations", "for 60 iterations")
    .replace("every 100", "every 20"),
);

let trained: { code: number; stdout: string; stderr: string };
beforeAll(async () => {
  trained = await nnc("run", "--verbose", "--save", params, model);
});

describe("nnc run --save and --verbose", () => {
  it("writes every parameter with its name and shape, and says how it trained", () => {
    expect(trained.code).toBe(0);
    expect(trained.stdout.split("\n").slice(0, 5)).toEqual([
      "Cost after iteration 0: 0.693049735659989",
      expect.stringMatching(/^Cost after iteration 20: 0\.6/),
      expect.stringMatching(/^Cost after iteration 40: /),
      expect.stringMatching(/^Cost after iteration 59: /),
      expect.stringMatching(/^Accuracy on train: /),
    ]);
    expect(trained.stderr).toContain("engine: interpreter over the blocked kernels");
    expect(trained.stderr).toContain("first-layer rewrite: W1 · X kept as P (7×209)");
    const saved = JSON.parse(readFileSync(params, "utf8"));
    expect(saved.nnc_params).toBe(1);
    expect(saved.model).toBe("cat_two");
    expect(
      saved.params.map((p: { name: string; shape: number[]; data: number[] }) => [p.name, p.shape, p.data.length]),
    ).toEqual([
      ["W1", [7, 12288], 7 * 12288],
      ["b1", [7, 1], 7],
      ["W2", [1, 7], 7],
      ["b2", [1, 1], 1],
    ]);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("--no-rewrite says so and prints the same cost lines within 1e-10", async () => {
    const brute = await nnc("run", "--verbose", "--no-rewrite", model);
    expect(brute.stderr).toContain("first-layer rewrite: does not apply: switched off (--no-rewrite)");
    const costs = (s: string) => [...s.matchAll(/: (0\.\d+)/g)].map((m) => Number(m[1]));
    costs(brute.stdout).forEach((c, i) => expect(Math.abs(c - costs(trained.stdout)[i]) / c).toBeLessThan(1e-10));
  });
});

describe("nnc predict", () => {
  it("prints each example's class and probability and the accuracy, as run reported it", async () => {
    const r = await nnc("predict", "--params", params, model, "test");
    expect(r.code).toBe(0);
    const [header, ...lines] = r.stdout.trim().split("\n");
    expect(header).toBe(
      "Predictions of model cat_two: class (1 when the output is above 0.5) and the probability of class 1",
    );
    expect(lines).toHaveLength(51);
    expect(lines[0]).toMatch(/^test\[0\]: class [01], probability 0\.\d+, label [01]$/);
    expect(lines[50]).toBe(trained.stdout.trim().split("\n").pop());
  });

  it("a PNG or JPEG of a test picture gets the probability of that picture, to the resize's rounding", async () => {
    const picture = await readHdf5Dataset(nodeFiles(data), join(data, "test_catvnoncat.h5"), "test_set_x");
    const pixels = Uint8Array.from(picture.data).subarray(0, 64 * 64 * 3); // test picture 0
    const rgba = new Uint8Array(64 * 64 * 4);
    for (let p = 0; p < 64 * 64; p++) rgba.set([...pixels.subarray(3 * p, 3 * p + 3), 255], 4 * p);
    const png = new PNG({ width: 64, height: 64 });
    png.data = Buffer.from(rgba);
    writeFileSync(join(dir, "zero.png"), PNG.sync.write(png));
    writeFileSync(join(dir, "zero.jpg"), jpeg.encode({ data: rgba, width: 64, height: 64 }, 100).data);

    const fromSet = (await nnc("predict", "--params", params, model, "test")).stdout.split("\n")[1];
    const probability = (output: string) => Number(/probability (\S+?)(,|$)/m.exec(output)![1]);
    const png64 = await nnc("predict", "--params", params, model, join(dir, "zero.png"));
    expect(png64.code).toBe(0);
    // The same bytes, 64×64 already: exactly the data set's prediction.
    expect(probability(png64.stdout.trim())).toBe(probability(fromSet));
    const jpg = await nnc("predict", "--params", params, model, join(dir, "zero.jpg"));
    expect(Math.abs(probability(jpg.stdout.trim()) - probability(fromSet))).toBeLessThan(0.02);
  });

  it("refuses what it cannot use, with a code and a reason", async () => {
    const notImage = await nnc("predict", "--params", params, model, "examples/init-he.nnspec");
    expect(notImage.code).toBe(1);
    expect(notImage.stderr).toContain("error[NNC3061]");
    const nothing = await nnc("predict", "--params", params, model, "tset");
    expect(nothing.stderr).toContain("error[NNC3064]: 'tset' is neither a data set of model 'cat_two' nor a file");
    const otherModel = await nnc("predict", "--params", params, "examples/cat-deep.nnspec", "test");
    expect(otherModel.stderr).toContain(
      "error[NNC3063]: 'W1' has shape [7,12288] in the parameters file, but the model's is [20, 12288]",
    );
    const noParams = await nnc("predict", model, "test");
    expect(noParams.code).toBe(1);
    expect(noParams.stderr).toContain("needs --params FILE");
  });
});

describe("hdf5 data in a .nnspec: the file's problems point at the declaration", () => {
  it("a misspelt dataset name: NNC3014 with a did-you-mean, and a note at the data line", async () => {
    const bad = join(dir, "bad.nnspec");
    writeFileSync(bad, readFileSync(model, "utf8").replace("features: train_set_x", "features: train_set_X"));
    const r = await nnc("run", bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[NNC3014]: the HDF5 file has no dataset 'train_set_X' (wanted as the features)");
    expect(r.stderr).toContain("did you mean 'train_set_x'?");
    expect(r.stderr).toMatch(/bad\.nnspec:8:3: note\[NNC2003\]: while loading data set 'train'/);
  });

  it("a file that is not HDF5 (NNC3011), and an input size that does not fit the pictures (NNC2017)", async () => {
    const notHdf5 = join(dir, "not-hdf5.nnspec");
    writeFileSync(
      notHdf5,
      readFileSync(model, "utf8").replace(`${data}/train_catvnoncat.h5`, resolve("examples/data/football.csv")),
    );
    expect((await nnc("run", notHdf5)).stderr).toContain("error[NNC3011]");
    const wrongInput = join(dir, "wrong-input.nnspec");
    writeFileSync(wrongInput, readFileSync(model, "utf8").replace("input x[12288]", "input x[4096]"));
    expect((await nnc("run", wrongInput)).stderr).toContain(
      "error[NNC2017]: data set 'train' has 12288 features, but input 'x' has 4096 units",
    );
  });
});
