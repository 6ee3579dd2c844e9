// `nnc predict --x 0.5,0.2` (one example typed on the command line) and predict's header, which says
// what each line's probability is: of class 1 for a two-class model, of the predicted class for a
// softmax (issue 12).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { nnc } from "./helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "nnc-predict-x-"));
const shortened = (example: string, iterations: string) => {
  const file = join(dir, example);
  writeFileSync(
    file,
    readFileSync(`examples/${example}`, "utf8").replace(/for \d+ iterations/, `for ${iterations} iterations`),
  );
  return file;
};
const twoClass = shortened("init-he.nnspec", "300");
const softmax = shortened("multiclass-blobs.nnspec", "200");
const twoClassParams = join(dir, "init-he.json");
const softmaxParams = join(dir, "blobs.json");

beforeAll(async () => {
  expect((await nnc("run", "--save", twoClassParams, twoClass)).code).toBe(0);
  expect((await nnc("run", "--save", softmaxParams, softmax)).code).toBe(0);
}, 60_000);

interface Saved {
  params: { name: string; shape: [number, number]; data: number[] }[];
}

/** A = g(W·x + b), written out for one example from the saved parameters. */
function dense(saved: Saved, layer: number, x: number[], g: (z: number) => number): number[] {
  const W = saved.params.find((p) => p.name === `W${layer}`)!;
  const b = saved.params.find((p) => p.name === `b${layer}`)!;
  const [rows, cols] = W.shape;
  return Array.from({ length: rows }, (_, r) =>
    g(x.reduce((sum, v, c) => sum + W.data[r * cols + c] * v, 0) + b.data[r]),
  );
}
const relu = (z: number) => Math.max(0, z);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe("nnc predict --x", () => {
  it("predicts one typed example: the network's output for those features", async () => {
    const r = await nnc("predict", "--params", twoClassParams, twoClass, "--x", "0.5,-0.25");
    expect(r.code, r.stderr).toBe(0);
    const saved: Saved = JSON.parse(readFileSync(twoClassParams, "utf8"));
    const [p] = dense(saved, 3, dense(saved, 2, dense(saved, 1, [0.5, -0.25], relu), relu), sigmoid);
    const [header, line] = r.stdout.trimEnd().split("\n");
    expect(header).toContain("probability of class 1");
    const match = /^x = \[0\.5, -0\.25\]: class ([01]), probability (\S+)$/.exec(line)!;
    expect(match).not.toBeNull();
    expect(Math.abs(Number(match[2]) - p)).toBeLessThan(1e-12);
    expect(Number(match[1])).toBe(p > 0.5 ? 1 : 0);
  });

  it("a wrong count of features is an error at the model's input line", async () => {
    const r = await nnc("predict", "--params", twoClassParams, twoClass, "--x", "0.5,0.2,0.1");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${twoClass}:9:3: error[NNC3064]: --x gives 3 features, but model 'init_he' takes 2`);
    expect(r.stderr).toContain("input x[2]");
  });

  it("a word that is not a number, and INPUT with --x, are usage errors", async () => {
    const word = await nnc("predict", "--params", twoClassParams, twoClass, "--x", "0.5,abc");
    expect(word.code).toBe(1);
    expect(word.stderr).toContain("--x item 2 ('abc') is not a number");
    const both = await nnc("predict", "--params", twoClassParams, twoClass, "train", "--x", "0.5,0.2");
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("takes an INPUT or --x, not both");
    const neither = await nnc("predict", "--params", twoClassParams, twoClass);
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain("needs an INPUT or --x");
  });
});

describe("predict's header says what the probability is", () => {
  it("two classes: the probability of class 1, also on the lines of class 0", async () => {
    const r = await nnc("predict", "--params", twoClassParams, twoClass, "train");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "Predictions of model init_he: class (1 when the output is above 0.5) and the probability of class 1",
    );
    const rows = lines.slice(1, -1).map((l) => /class ([01]), probability (\S+),/.exec(l)!);
    expect(rows).toHaveLength(300);
    for (const [, cls, p] of rows) expect(Number(cls)).toBe(Number(p) > 0.5 ? 1 : 0);
    expect(rows.some(([, cls]) => cls === "0")).toBe(true);
  });

  it("a softmax: the probability of the predicted class, the most probable", async () => {
    const r = await nnc("predict", "--params", softmaxParams, softmax, "--x", "1,2");
    expect(r.code, r.stderr).toBe(0);
    const [header, line] = r.stdout.trimEnd().split("\n");
    expect(header).toBe(
      "Predictions of model multiclass_blobs: class (the most probable of 3) and the probability of that class",
    );
    const saved: Saved = JSON.parse(readFileSync(softmaxParams, "utf8"));
    const z = dense(saved, 2, dense(saved, 1, [1, 2], relu), (v) => v);
    const e = z.map((v) => Math.exp(v - Math.max(...z)));
    const probabilities = e.map((v) => v / e.reduce((a, b) => a + b));
    const best = probabilities.indexOf(Math.max(...probabilities));
    const match = /^x = \[1\.0, 2\.0\]: class (\d), probability (\S+)$/.exec(line)!;
    expect(Number(match[1])).toBe(best);
    expect(Math.abs(Number(match[2]) - probabilities[best])).toBeLessThan(1e-12);
  });
});
