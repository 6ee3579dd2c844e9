// The package entry point, as a user imports it: the same numbers as the command line.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkGradients, checkModel, compile, parse, RandomState, scalarProblem, train } from "../index.js";
import { nodeFiles } from "../node/files.js";

describe("nnc as a library", () => {
  it("parses, compiles and trains the zeros lesson, with the lesson's cost and accuracies", async () => {
    const file = "examples/init-zeros.nnspec";
    const source = readFileSync(file, "utf8").replace("15000 iterations", "2000 iterations");
    expect(parse(source, file).diagnostics).toEqual([]);
    const { ir, diagnostics } = compile(source, file);
    expect(diagnostics).toEqual([]);
    const result = await train(ir!, { files: nodeFiles("examples") });
    expect(result.costs).toEqual([
      { iteration: 0, cost: 0.6931471805599453 },
      { iteration: 1000, cost: 0.6931471805599453 },
    ]);
    expect(result.accuracy).toEqual({ train: 0.5, test: 0.5 });
  });

  it("checks gradients: the lesson's buggy network and its 1-D case", async () => {
    const buggy = compile(readFileSync("examples/gradcheck-buggy.nnspec", "utf8"), "examples/gradcheck-buggy.nnspec");
    const { report } = await checkModel(buggy.ir!, { files: nodeFiles("examples") });
    expect(report.parameters.filter((p) => !p.passed).map((p) => `${p.name} ×${p.ratioText}`)).toEqual([
      "b1 ×4",
      "W2 ×2",
    ]);
    const oneD = compile(readFileSync("examples/gradcheck-1d.nnspec", "utf8"), "examples/gradcheck-1d.nnspec");
    expect(checkGradients(scalarProblem(oneD.scalar!)).difference).toBe(2.919335883291695e-10);
  });

  it("exports numpy's generator", () => {
    // np.random.seed(3); np.random.randn(2), printed by numpy 1.24
    expect(new RandomState(3).randn(2)).toEqual(Float64Array.from([1.7886284734303186, 0.43650985051198943]));
  });
});
