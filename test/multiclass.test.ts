// Multi-class classification: make_blobs against scikit-learn 1.2 after np.random.seed, and the
// softmax network of examples/multiclass-blobs.nnspec against a numpy run of the same network in
// the lessons' gd style (test/golden/numpy/softmax.json, from scripts/make-softmax-goldens.py).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/main.js";
import { compileSource } from "../compiler/front-end.js";
import { trainModel } from "../drivers/train-model.js";
import { compileProgram } from "../compiler/compile-program.js";
import { makeBlobs } from "../runtime/data/index.js";
import { categoricalCrossEntropy } from "../runtime/ops/categorical-cross-entropy.js";
import { softmax } from "../runtime/ops/softmax.js";
import { RandomState } from "../runtime/rng/index.js";
import { instantiateKernels, predictedClasses } from "../runtime/train.js";
import { decisionBoundary } from "../report/boundary.js";
import { CLASS_COLORS } from "../report/plots.js";
import { nodeFiles } from "../node/files.js";

const golden = JSON.parse(readFileSync(new URL("./golden/numpy/softmax.json", import.meta.url), "utf8"));

function doubles(base64: string): Float64Array {
  const bytes = Buffer.from(base64, "base64");
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe.each<any>(golden.blobs)("blobs(samples: $samples, centers: $centers, std: $std) after seed $seed", (g) => {
  const rng = new RandomState(g.seed);
  const data = makeBlobs(rng, g.samples, g.centers, g.std);
  const sklearnX = doubles(g.X_m_by_2);

  it("has sklearn's labels, points (to the bit) and number of draws", () => {
    expect(Array.from(data.Y)).toEqual(g.y);
    for (let j = 0; j < g.samples; j++) {
      expect(data.X[j]).toBe(sklearnX[2 * j]);
      expect(data.X[g.samples + j]).toBe(sklearnX[2 * j + 1]);
    }
    expect(Array.from(rng.randn(5))).toEqual(g.randn_after);
  });
});

describe("softmax and categorical cross-entropy kernels", () => {
  const run = (Z: number[], rows: number, cols: number, Y: number[]) => {
    const A = new Float64Array(rows * cols);
    const shapes = [[rows, cols] as const, [rows, cols] as const, [1, cols] as const];
    softmax.forward({
      inputs: [Float64Array.from(Z)],
      inputShapes: [shapes[0]],
      output: A,
      outputShape: shapes[0],
      attrs: {},
    });
    const J = new Float64Array(1);
    const inputs = [Float64Array.from(Z), A, Float64Array.from(Y)];
    categoricalCrossEntropy.forward({ inputs, inputShapes: shapes, output: J, outputShape: [1, 1], attrs: {} });
    const dZ = new Float64Array(rows * cols);
    categoricalCrossEntropy.backward(
      { inputs, inputShapes: shapes, output: J, outputShape: [1, 1], attrs: {}, dOutput: Float64Array.of(1) },
      [dZ, null, null],
    );
    return { A, J: J[0], dZ };
  };

  it("gives each column's probabilities, the mean −log of the labelled one, and dZ = (A − onehot) / m", () => {
    // Columns (1, 2, 3) and (0, 0, 0): softmax (e⁻², e⁻¹, 1)/(1 + e⁻¹ + e⁻²) and thirds.
    const { A, J, dZ } = run([1, 0, 2, 0, 3, 0], 3, 2, [2, 0]);
    const s = 1 + Math.exp(-1) + Math.exp(-2);
    expect(A[0]).toBeCloseTo(Math.exp(-2) / s, 15);
    expect(A[4]).toBeCloseTo(1 / s, 15);
    expect(A[1]).toBeCloseTo(1 / 3, 15);
    expect(J).toBeCloseTo((Math.log(s) + Math.log(3)) / 2, 15);
    expect(dZ[4]).toBeCloseTo((1 / s - 1) / 2, 15);
    expect(dZ[1]).toBeCloseTo((1 / 3 - 1) / 2, 15);
    expect(dZ[3]).toBeCloseTo(1 / 3 / 2, 15);
  });

  it("stays finite where the naive log of the softmax is −inf", () => {
    const { A, J } = run([1000, -1000], 2, 1, [1]);
    expect(A[1]).toBe(0);
    expect(J).toBe(2000);
  });

  it("refuses a label that is not a class index", () => {
    expect(() => run([1, 2, 3, 4], 2, 2, [0, 2])).toThrow(/label 2 of example 1 is not a class index 0..1/);
  });

  it("argmax picks the first of equal probabilities, as np.argmax", () => {
    expect(Array.from(predictedClasses(Float64Array.of(0.2, 0.5, 0.5, 0.5, 0.3, 0), 3, 2))).toEqual([1, 0]);
  });
});

describe("examples/multiclass-blobs.nnspec against numpy's run of the same network", () => {
  const file = resolve("examples/multiclass-blobs.nnspec");
  const { ir, diagnostics } = compileSource(readFileSync(file, "utf8"), file);

  it("compiles, and runs on the interpreter (the per-example code declines softmax)", () => {
    expect(diagnostics).toEqual([]);
    const program = compileProgram(ir!, { samples: 300 });
    expect(program.emitted).toBeFalsy();
    expect(program.emitSkipped).toMatch(/softmax reads whole columns/);
  });

  it("prints numpy's costs within 1e-12 relative, its accuracy exactly and its parameters within 1e-10", async () => {
    const result = await trainModel(ir!, { files: nodeFiles(resolve("examples")) });
    const t = golden.training;
    expect(result.costs.map((c) => c.iteration)).toEqual(t.costs.map((c: number[]) => c[0]));
    expect(result.costs[0].cost).toBe(t.costs[0][1]);
    result.costs.forEach(({ cost }, i) => expect(Math.abs(cost - t.costs[i][1]) / t.costs[i][1]).toBeLessThan(1e-12));
    expect(result.accuracy.train).toBe(t.accuracy);
    for (const p of result.params) {
      const expected = (t.params[p.name] as number[][]).flat();
      p.data.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-10));
    }
  });
});

describe("a hand-written backward block of a softmax model reads the labels one-hot as Yhot", () => {
  const nnc = async (file: string) => {
    let out = "";
    const sink = new Writable({ write: (chunk, _e, done) => void ((out += String(chunk)), done()) });
    const io = {
      stdout: sink,
      stderr: sink,
      out: (l: string) => void (out += `${l}\n`),
      err: (l: string) => void (out += `${l}\n`),
    };
    const code = await runCli(["check", file], io);
    return { code, out };
  };
  const fixture = readFileSync("test/fixtures/multiclass-backward.nnspec", "utf8");

  it("dZ2 = 1 / m * (A2 - Yhot) passes the gradient check", async () => {
    const { code, out } = await nnc("test/fixtures/multiclass-backward.nnspec");
    expect(out).toMatch(/PASS: the backward pass is correct/);
    expect(Number(/difference = (\S+)/.exec(out)![1])).toBeLessThan(1e-8);
    expect(code).toBe(0);
  });

  it("with the class indices Y in its place it fails, naming that equation", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "nnc-mc-")), "wrong.nnspec");
    writeFileSync(file, fixture.replace("(A2 - Yhot)", "(A2 - Y)"));
    const { code, out } = await nnc(file);
    expect(out).toMatch(/first wrong equation: .*wrong.nnspec:13: dZ2 = 1 \/ m \* \(A2 - Y\)/);
    expect(code).not.toBe(0);
  });
});

describe("the decision boundary of examples/multiclass-blobs.nnspec colours each of its three classes", () => {
  it("nnc run --plot draws boundary.svg with a region and a point colour per class, as accuracy counts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-mc-plot-"));
    let err = "";
    const sink = new Writable({ write: (_chunk, _e, done) => done() });
    const io = { stdout: sink, stderr: sink, out: () => {}, err: (l: string) => void (err += `${l}\n`) };
    expect(await runCli(["run", "-q", "examples/multiclass-blobs.nnspec", "--plot", dir], io)).toBe(0);
    expect(err).not.toContain("no boundary.svg");
    const svg = readFileSync(join(dir, "boundary.svg"), "utf8");
    for (const color of [...CLASS_COLORS.region.slice(0, 3), ...CLASS_COLORS.point.slice(0, 3)])
      expect(svg).toContain(`fill="${color}"`);
    expect(svg).not.toContain(`fill="${CLASS_COLORS.region[3]}"`);

    // The plane's classes are those accuracy counts: at the data points, the predicted class of the
    // cell a point falls in is the class the trained model gives it (all but boundary cells).
    const { ir } = compileSource(
      readFileSync("examples/multiclass-blobs.nnspec", "utf8"),
      "examples/multiclass-blobs.nnspec",
    );
    const result = await trainModel(ir!, { files: nodeFiles(resolve("examples")) });
    const data = makeBlobs(new RandomState(1), 300, 3, 2.5);
    const boundary = decisionBoundary(
      ir!,
      result.params.map((p) => p.data),
      [{ name: "train", features: 2, ...data, samples: 300 }],
    );
    const program = compileProgram(ir!, { samples: 300 });
    const { kernels } = instantiateKernels(
      program,
      result.params.map((p) => Float64Array.from(p.data)),
    );
    const out = new Float64Array(3 * 300);
    kernels.predict(data.X, 300, out);
    const predicted = predictedClasses(out, 3, 300);
    let agree = 0;
    boundary.points.forEach((p, j) => {
      const cell = boundary.regions.find((r) => p.x1 >= r.x && p.x1 < r.x2 && p.x2 >= r.y && p.x2 < r.y2);
      if (cell?.label === predicted[j]) agree++;
    });
    expect(agree / 300).toBeGreaterThan(0.95);
    expect(new Set(boundary.regions.map((r) => r.label))).toEqual(new Set([0, 1, 2]));
  });
});
