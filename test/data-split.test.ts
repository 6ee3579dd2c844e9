// Held-out data from the same distribution: `data train, test = SOURCE split 300, 100` builds the
// source once and cuts it. Checked against the generators themselves: the parts are the source's
// columns in order (or permuted as documented), no example is in two parts, a blobs test set
// comes from the training set's clusters, the model's stream is drawn as spec/semantics.md says,
// and the sizes are checked with located errors (at load time for a file).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { compileSource, loadIR } from "../compiler/front-end.js";
import type { ModelIR } from "../contracts/ir.js";
import { loadModelData } from "../drivers/train-model.js";
import { formatNnspec } from "../grammar/format/format.js";
import { nodeFiles } from "../node/files.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { makeBlobs, makeCircles } from "../runtime/data/index.js";
import { RandomState } from "../runtime/rng/index.js";
import { nnc } from "./helpers/run-cli.js";

function compile(text: string, file = "model.nnspec"): ModelIR {
  const { ir, diagnostics } = compileSource(text, file);
  expect(diagnostics).toEqual([]);
  return ir!;
}

const model = (data: string) => `model m {
  seed 3
  ${data}
  input x[2]
  dense out[1] sigmoid init he
  loss cross_entropy
  train gd(learning_rate: 0.1) on train for 10 iterations, report cost every 5
  report accuracy on train
}
`;

/** Example j of a data set: its features and label. */
const example = (d: Dataset, j: number) => [
  ...Array.from({ length: d.features }, (_, f) => d.X[f * d.samples + j]),
  d.Y[j],
];
const columns = (d: Dataset, order: ArrayLike<number>) => Array.from(order, (j) => example(d, j));
const all = (d: Dataset) =>
  columns(
    d,
    Array.from({ length: d.samples }, (_, j) => j),
  );

describe("examples/multiclass-blobs-split.nnspec", () => {
  const file = "examples/multiclass-blobs-split.nnspec";
  const ir = compile(readFileSync(file, "utf8"), file);

  test("its IR: one entry per part, each the whole source with the split", () => {
    expect(ir.data.map((d) => [d.name, d.kind, "samples" in d && d.samples, d.split?.parts, d.split?.sizes])).toEqual([
      ["train", "blobs", 400, ["train", "test"], [300, 100]],
      ["test", "blobs", 400, ["train", "test"], [300, 100]],
    ]);
    // An IR file carries it through the schema and back.
    const back = loadIR(JSON.stringify(ir), "m.ir.json");
    expect(back.diagnostics).toEqual([]);
    expect(back.ir!.data).toEqual(ir.data);
  });

  test("the test set holds none of the training points, and both come from the same three clusters", async () => {
    const data = await loadModelData(ir, new RandomState(3));
    const [train, test] = [data.get("train")!, data.get("test")!];
    expect([train.samples, test.samples]).toEqual([300, 100]);
    // The parts are the source's examples in its own (already shuffled) order: the first 300, the last 100.
    const whole = makeBlobs(new RandomState(1), 400, 3, 2.5);
    const all = columns(
      whole,
      Array.from({ length: 400 }, (_, j) => j),
    );
    expect(
      columns(
        train,
        Array.from({ length: 300 }, (_, j) => j),
      ),
    ).toEqual(all.slice(0, 300));
    expect(
      columns(
        test,
        Array.from({ length: 100 }, (_, j) => j),
      ),
    ).toEqual(all.slice(300));
    const trainPoints = new Set(all.slice(0, 300).map((e) => `${e[0]},${e[1]}`));
    expect(all.slice(300).filter((e) => trainPoints.has(`${e[0]},${e[1]}`))).toEqual([]);

    // make_blobs draws the 3 centers first, uniformly in (-10, 10); each part's class means lie
    // within 4 standard errors (std 2.5 / sqrt(n)) of them.
    const centers = new RandomState(1).uniform(-10, 10, 6);
    const within = (d: Dataset) =>
      [0, 1, 2].every((c) => {
        const members = Array.from({ length: d.samples }, (_, j) => j).filter((j) => d.Y[j] === c);
        const mean = (f: number) => members.reduce((s, j) => s + d.X[f * d.samples + j], 0) / members.length;
        const error = (4 * 2.5) / Math.sqrt(members.length);
        const near = (f: number) => Math.abs(mean(f) - centers[2 * c + f]) < error;
        return members.length > 20 && near(0) && near(1);
      });
    expect(within(train)).toBe(true);
    expect(within(test)).toBe(true);
    // What the split is for: a test set of its own, with another seed, has other clusters.
    expect(within(makeBlobs(new RandomState(2), 100, 3, 2.5))).toBe(false);
  });

  test("it trains and reports on both parts", async () => {
    const r = await nnc("run", "--json", file);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc.accuracy)).toEqual(["train", "test"]);
    expect(doc.accuracy.test).toBeGreaterThan(0.8);
  });
});

describe("the model's stream and the order before the cut", () => {
  test("without `shuffled` a split draws what its source draws, nothing more", async () => {
    const split = compile(model("data train, test = circles(samples: 40, noise: 0.1) split 30, 10"));
    const whole = compile(model("data train = circles(samples: 40, noise: 0.1)"));
    const [a, b] = [new RandomState(3), new RandomState(3)];
    const parts = await loadModelData(split, a);
    const source = (await loadModelData(whole, b)).get("train")!;
    expect(Array.from(a.randn(4))).toEqual(Array.from(b.randn(4)));
    expect(columns(parts.get("test")!, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual(
      columns(source, [30, 31, 32, 33, 34, 35, 36, 37, 38, 39]),
    );
  });

  test("`shuffled` permutes with permutation(m) from the model's stream, right after the source's draws", async () => {
    const ir = compile(model("data train, test = circles(samples: 40, noise: 0.1) split 30, 10 shuffled"));
    const stream = new RandomState(3);
    const parts = await loadModelData(ir, stream);
    const expected = new RandomState(3);
    const source = makeCircles(expected, 40, 0.1);
    const order = expected.permutation(40);
    expect(all(parts.get("train")!)).toEqual(columns(source, order.slice(0, 30)));
    expect(all(parts.get("test")!)).toEqual(columns(source, order.slice(30)));
    // The weights are drawn after it, from where the permutation left the stream.
    expect(Array.from(stream.randn(3))).toEqual(Array.from(expected.randn(3)));
  });

  test("`shuffled(seed: 4)` permutes with RandomState(4) and leaves the model's stream alone", async () => {
    const text = model("data train, test = circles(samples: 40, noise: 0.1, seed: 1) split 25, 15 shuffled(seed: 4)");
    const ir = compile(text);
    const stream = new RandomState(3);
    const parts = await loadModelData(ir, stream);
    const source = makeCircles(new RandomState(1), 40, 0.1);
    const order = new RandomState(4).permutation(40);
    expect(all(parts.get("test")!)).toEqual(columns(source, order.slice(25)));
    expect(Array.from(stream.randn(3))).toEqual(Array.from(new RandomState(3).randn(3)));
  });
});

describe("sizes that do not add up", () => {
  test("a file's are found when it is read: a located error with the numbers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-split-"));
    const rows = Array.from({ length: 7 }, (_, i) => `${i},${-i},${i % 2}\n`);
    writeFileSync(join(dir, "f.csv"), `a,b,y\n${rows.join("")}`);
    const path = join(dir, "m.nnspec");
    writeFileSync(path, model('data train, test = csv(file: "f.csv", features: [a, b], label: y) split 5, 3'));
    const r = await nnc("run", path);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${path}:3:69: error[NNC2140]: the parts of the split add up to 8 examples, but the file 'f.csv' has 7`,
    );
    expect(r.stderr).toContain("= help: write `split 5, 2`");
    writeFileSync(path, model('data train, test = csv(file: "f.csv", features: [a, b], label: y) split 5, 2'));
    const fixed = compile(readFileSync(path, "utf8"), path);
    const ok = await loadModelData(fixed, new RandomState(3), nodeFiles(resolve(dir)));
    expect(columns(ok.get("test")!, [0, 1])).toEqual([
      [5, -5, 1],
      [6, -6, 0],
    ]);
  });

  test("an IR file's split is checked as a .nnspec's is", () => {
    const ir = compile(model("data train, test = circles(samples: 40, noise: 0.1) split 30, 10"));
    const edited = { ...ir, data: ir.data.map((d) => ({ ...d, split: { ...d.split!, sizes: [30, 5, 5] } })) };
    const { diagnostics } = loadIR(JSON.stringify(edited), "m.ir.json");
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "NNC2141 2 data sets are named, but the split has 3 sizes",
    ]);
  });
});

test("`nnc fmt` aligns a split's names as one column with the other data lines", () => {
  const text = model(
    "data   train ,test= circles( samples: 400, noise: 0.05 )  split 300 ,100   shuffled( seed :4)\n" +
      "  data extra = moons(samples: 10, noise: 0.1)",
  );
  const formatted = formatNnspec(text).text!;
  expect(formatted.split("\n").slice(2, 4)).toEqual([
    "  data train, test = circles(samples: 400, noise: 0.05) split 300, 100 shuffled(seed: 4)",
    "  data extra       = moons(samples: 10, noise: 0.1)",
  ]);
  expect(formatNnspec(formatted).text).toBe(formatted);
});
