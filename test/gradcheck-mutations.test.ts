// Mutation test of the checker: each typical backprop bug planted in the lesson's correct
// hand-written backward block must make `nnc check` fail on exactly the tensors it corrupts, and
// localisation must name the equation where it was planted. The unmutated block passes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkModel } from "../drivers/check-model.js";
import { compileAny } from "../compiler/front-end.js";
import { localise } from "../runtime/gradcheck-localise.js";
import { nodeFiles } from "../node/files.js";

const examples = new URL("../examples/", import.meta.url);
const correct = readFileSync(new URL("gradcheck-fixed.nnspec", examples), "utf8");

async function check(source: string) {
  const { ir, diagnostics } = compileAny(source, "mutant.nnspec");
  if (!ir) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  const { report, problem } = await checkModel(ir, { files: nodeFiles(examples.pathname) });
  return { report, where: report.passed ? null : localise(problem) };
}

interface Mutation {
  bug: string;
  from: string;
  to: string;
  failing: string[];
  /** The equation localisation must name (the mutated one). */
  equation: string;
  /** Ratio analytic/numeric of the first failing tensor, when the bug is a plain factor. */
  ratio?: string;
}

const mutations: Mutation[] = [
  {
    bug: "factor 2",
    from: "dW3 = 1 / m * dZ3 * A2'",
    to: "dW3 = 2 / m * dZ3 * A2'",
    failing: ["W3"],
    equation: "dW3",
    ratio: "2",
  },
  {
    bug: "missing 1/m",
    from: "db2 = 1 / m * sum(dZ2, 2)",
    to: "db2 = sum(dZ2, 2)",
    failing: ["b2"],
    equation: "db2",
    ratio: "3",
  },
  // m = 3 and h2 has 3 units, so the transposed product even has the right shape: only the
  // checker can catch it.
  {
    bug: "transposed product",
    from: "dA2 = W3' * dZ3",
    to: "dA2 = dZ3' * W3",
    failing: ["W1", "b1", "W2", "b2"],
    equation: "dA2",
  },
  {
    bug: "wrong activation derivative",
    from: "dZ2 = dA2 .* (A2 > 0)",
    to: "dZ2 = dA2 .* A2 .* (1 - A2)",
    failing: ["W1", "b1", "W2", "b2"],
    equation: "dZ2",
  },
  {
    bug: "missing bias gradient",
    from: "db3 = 1 / m * sum(dZ3, 2)",
    to: "db3 = 0 * sum(dZ3, 2)",
    failing: ["b3"],
    equation: "db3",
    ratio: "0",
  },
  {
    bug: "sign flip",
    from: "dW1 = 1 / m * dZ1 * X'",
    to: "dW1 = -1 / m * dZ1 * X'",
    failing: ["W1"],
    equation: "dW1",
    ratio: "-1",
  },
  {
    bug: "sign flip upstream",
    from: "dZ3 = A3 - Y",
    to: "dZ3 = Y - A3",
    failing: ["W1", "b1", "W2", "b2", "W3", "b3"],
    equation: "dZ3",
    ratio: "-1",
  },
];

describe("mutation test: each planted bug is caught and located", () => {
  it("the correct block passes", async () => {
    expect((await check(correct)).report.passed).toBe(true);
  });

  it.each(mutations)("$bug: $to", async ({ from, to, failing, equation, ratio }) => {
    expect(correct).toContain(from);
    const { report, where } = await check(correct.replace(from, to));
    expect(report.passed).toBe(false);
    expect(report.parameters.filter((p) => p.verdict === "FAIL").map((p) => p.name)).toEqual(failing);
    if (ratio) expect(report.parameters.find((p) => p.verdict === "FAIL")!.ratioText).toBe(ratio);
    expect(where!.firstWrong!.name).toBe(equation);
    expect(where!.firstWrong!.equation).toBe(`${equation} = ${to.split(" = ")[1]}`);
    expect(where!.firstWrong!.at!.line).toBe(correct.split("\n").findIndex((l) => l.includes(from)) + 1);
  });
});
