// The deep-network lesson's cat / non-cat models end to end, from the example files: HDF5 data,
// L-layer graphs, the first-layer rewrite and the brute-force kernels, against numpy's run of
// the lesson's code (test/golden/lessons/cat-*.json, scripts/make-cat-goldens.py) and, for the
// two-layer model, the lesson's published figures after all 2500 iterations (1.5 s with the
// rewrite). The deep model's full figures take longer and are checked by `npm run check:cats`.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { compileAny } from "../compiler/front-end.js";
import type { ModelIR } from "../contracts/ir.js";
import { loadModelData } from "../drivers/train-model.js";
import { compileProgram } from "../compiler/compile-program.js";
import type { Dataset } from "../runtime/data/dataset.js";
import { RandomState } from "../runtime/rng/index.js";
import { train } from "../runtime/train.js";
import { nodeFiles } from "../node/files.js";

interface CatGolden {
  iterations: number;
  costs: string[];
  train_accuracy: number;
  test_accuracy: number;
  W1_after_0_to_4: string[];
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const golden = (which: string): CatGolden =>
  JSON.parse(readFileSync(new URL(`golden/lessons/cat-${which}.json`, import.meta.url), "utf8")) as CatGolden;

function example(which: string): ModelIR {
  const file = `examples/cat-${which}.nnspec`;
  const { ir, diagnostics } = compileAny(readFileSync(file, "utf8"), file);
  expect(diagnostics).toEqual([]);
  return ir!;
}

let datasets: Record<string, Dataset>;
beforeAll(async () => {
  // Both examples declare the same two files; hdf5 data draws nothing from the model's stream.
  datasets = Object.fromEntries(await loadModelData(example("two"), new RandomState(1), nodeFiles("examples")));
});

function run(ir: ModelIR, iterations: number, reportEvery: number, rewrite: boolean) {
  const shortened = { ...ir, train: { ...ir.train, iterations, report_every: reportEvery } };
  const program = compileProgram(shortened, { samples: datasets.train.samples, rewrite });
  return { program, result: train(program, datasets, { rewrite }) };
}

describe.each(["two", "deep"])("the cat lesson's %s-layer model", (which) => {
  const expected = golden(which);

  test("loads the pictures as the lesson does: 12288 × 209 and 12288 × 50, divided by 255", () => {
    expect([datasets.train.features, datasets.train.samples, datasets.test.samples]).toEqual([12288, 209, 50]);
    // train_x[0, 0] = train_set_x[0, 0, 0, 0] / 255 = 17 / 255
    expect(datasets.train.X[0]).toBe(17 / 255);
  });

  test(
    `with the rewrite: every cost of ${expected.iterations} ` + `iterations within 1e-10 of numpy, accuracies exact`,
    () => {
      const { program, result } = run(example(which), expected.iterations, 1, true);
      expect(program.rewrite).toMatchObject({ applies: true, node: 0, weight: 0, bias: 1 });
      expect(result.costs).toHaveLength(expected.iterations);
      result.costs.forEach(({ cost }, i) => expect(relative(cost, Number(expected.costs[i]))).toBeLessThan(1e-10));
      expect(result.accuracy).toEqual({ train: expected.train_accuracy, test: expected.test_accuracy });
      // W1 is rebuilt from the summed dZ1 at the end: numpy's W1 after the same steps.
      expected.W1_after_0_to_4.forEach((v, i) =>
        expect(relative(result.params[0].data[i], Number(v))).toBeLessThan(1e-10),
      );
    },
  );

  test("without the rewrite (the blocked brute-force products): the same costs within 1e-12", () => {
    const { program, result } = run(example(which), 4, 1, false);
    expect(program.rewrite).toEqual({ applies: false, reason: "switched off (--no-rewrite)" });
    result.costs.forEach(({ cost }, i) => expect(relative(cost, Number(expected.costs[i]))).toBeLessThan(1e-12));
  });
});

test("the two-layer model's published figures after 2500 iterations (rewrite on)", () => {
  const ir = example("two");
  expect(ir.train).toMatchObject({ iterations: 2500, report_every: 100, report_last: true });
  const { result } = run(ir, 2500, 100, true);
  // The cost lines, 0..2400 every 100 and the last one at 2499: the lesson's print_cost lines.
  expect(result.costs.map((c) => c.iteration)).toEqual([...Array.from({ length: 25 }, (_, i) => i * 100), 2499]);
  const at = (i: number) => result.costs.find((c) => c.iteration === i)!.cost;
  expect(relative(at(0), 0.693049735659989)).toBeLessThan(1e-8);
  expect(relative(at(100), 0.6464320953428849)).toBeLessThan(1e-8);
  expect(relative(at(2400), 0.04855478562877017)).toBeLessThan(1e-8);
  expect(result.accuracy).toEqual({ train: 1, test: 0.72 });
});
