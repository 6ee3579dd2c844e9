// The gradient-checking lesson end to end, against numpy (test/golden/lessons/gradcheck.json, made
// by scripts/make-gradcheck-goldens.py) and the lesson's published figures: the 1-D case to the
// bit, the N-dimensional buggy and fixed backward blocks, the CLI's table and JSON, and the
// generated backward pass of every example.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkModel } from "../drivers/check-model.js";
import { trainModel as train } from "../drivers/train-model.js";
import { compileAny } from "../compiler/front-end.js";
import type { ModelIR } from "../contracts/ir.js";
import { checkGradients } from "../runtime/gradcheck.js";
import { localise } from "../runtime/gradcheck-localise.js";
import { scalarProblem } from "../runtime/gradcheck-scalar.js";
import { nnc } from "./helpers/run-cli.js";
import { nodeFiles } from "../node/files.js";

const examples = new URL("../examples/", import.meta.url);
const golden = JSON.parse(readFileSync(new URL("golden/lessons/gradcheck.json", import.meta.url), "utf8"));
const baseDir = examples.pathname;

function compileExample(name: string, edit: (text: string) => string = (t) => t) {
  const file = `examples/${name}.nnspec`;
  const result = compileAny(edit(readFileSync(new URL(`${name}.nnspec`, examples), "utf8")), file);
  if (!result.ir && !result.scalar) throw new Error(JSON.stringify(result.diagnostics, null, 1));
  return result;
}

async function checkExample(name: string, edit?: (text: string) => string) {
  return checkModel(compileExample(name, edit).ir!, { files: nodeFiles(baseDir) });
}

describe("the 1-D lesson: J(θ) = θ·x, x = 2, θ = 4", () => {
  it("gives numpy's difference to the bit, hand-written and derived", () => {
    expect(golden.one_d.difference).toBe(2.919335883291695e-10);
    const { scalar } = compileExample("gradcheck-1d");
    expect(checkGradients(scalarProblem(scalar!)).difference).toBe(golden.one_d.difference);
    const derived = compileExample("gradcheck-1d", (t) => t.replace(/backward \{[^}]*\}/, "")).scalar!;
    expect(derived.derived).toEqual([{ name: "dtheta", expression: "x" }]);
    expect(checkGradients(scalarProblem(derived)).difference).toBe(golden.one_d.difference);
  });

  it("a wrong hand-written gradient fails with its ratio", () => {
    const { scalar } = compileExample("gradcheck-1d", (t) => t.replace("dtheta = x", "dtheta = 2 * x"));
    const report = checkGradients(scalarProblem(scalar!));
    expect(report.passed).toBe(false);
    expect(report.parameters[0].ratioText).toBe("2");
  });
});

describe("the N-dimensional lesson", () => {
  it("draws x, W1, b1, ..., b3 from one stream in declaration order, as numpy does", async () => {
    const { problem } = await checkExample("gradcheck-fixed");
    expect(Array.from(problem.workspace.values.get("X")!)).toEqual(golden.n_d.x);
    for (const p of problem.params)
      expect([p.name, Array.from(p.data)]).toEqual([p.name, golden.n_d.parameters[p.name]]);
  });

  it("buggy: difference 0.2850931567761623, exactly W2 and b1 fail, ratios 2 and 4", async () => {
    const { report, problem } = await checkExample("gradcheck-buggy");
    expect(Math.abs(report.difference - 0.2850931567761623) / 0.2850931567761623).toBeLessThan(1e-6);
    expect(Math.abs(report.difference - golden.n_d.buggy.difference) / golden.n_d.buggy.difference).toBeLessThan(1e-6);
    expect(report.passed).toBe(false);
    const failing = report.parameters.filter((p) => !p.passed);
    expect(failing.map((p) => [p.name, p.ratio])).toEqual([
      ["b1", 4],
      ["W2", 2],
    ]);
    const where = localise(problem);
    expect(where.firstWrong?.name).toBe("dW2");
    expect(where.firstWrong?.at?.line).toBe(20);
  });

  it("fixed: difference ≈ 1.19e-7 < 2e-7 and every tensor PASS, b1 only thanks to the noise estimate", async () => {
    const { report } = await checkExample("gradcheck-fixed");
    expect(report.difference).toBeLessThan(2e-7);
    expect(Math.abs(report.difference - golden.n_d.fixed.difference) / golden.n_d.fixed.difference).toBeLessThan(0.05);
    expect(report.passed).toBe(true);
    expect(report.parameters.map((p) => p.verdict)).toEqual(["PASS", "PASS", "PASS", "PASS", "PASS", "PASS"]);
    const b1 = report.parameters.find((p) => p.name === "b1")!;
    expect(b1.difference).toBeGreaterThan(2e-7); // numpy's own b1 scores 3.25e-7
    expect(Math.abs(b1.difference - golden.n_d.fixed.per_tensor.b1) / golden.n_d.fixed.per_tensor.b1).toBeLessThan(0.1);
    // The analytic gradient agrees with numpy's backward_propagation_n to rounding.
    const analytic = report.parameters.flatMap((p) => Array.from(p.analytic));
    analytic.forEach((g, i) => expect(Math.abs(g - golden.n_d.fixed.grad[i])).toBeLessThan(1e-14));
  });

  it("`nnc check --json` has the issue's shape; the table names the first wrong equation", async () => {
    const json = await nnc("check", "--json", "examples/gradcheck-buggy.nnspec");
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.passed).toBe(false);
    expect(doc.difference).toBeCloseTo(0.2850931567761623, 6);
    const w2 = doc.parameters.find((p: { name: string }) => p.name === "W2");
    expect(w2).toMatchObject({
      name: "W2",
      layer: "h2",
      ratio: 2,
      passed: false,
      worst: { index: [expect.any(Number), expect.any(Number)] },
    });
    expect(doc.first_wrong_equation).toMatchObject({ name: "dW2", line: 20 });
    const table = await nnc("check", "examples/gradcheck-buggy.nnspec");
    expect(table.stdout).toMatch(/^W2\s+h2\s+3×5\s+0\.3333\s+2\s+FAIL/m);
    expect(table.stdout).toContain(
      "first wrong equation: examples/gradcheck-buggy.nnspec:20: dW2 = 1 / m * dZ2 * A1' * 2",
    );
    const fixed = await nnc("check", "examples/gradcheck-fixed.nnspec");
    expect([fixed.code, fixed.stdout.includes("PASS: the backward pass is correct")]).toEqual([0, true]);
  });

  it("an IR file keeps the backward block and its lines", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "nnc-gc-")), "buggy.ir.json");
    expect((await nnc("compile", "examples/gradcheck-buggy.nnspec", "-o", out)).code).toBe(0);
    const doc = JSON.parse((await nnc("check", "--json", out)).stdout);
    expect(doc.difference).toBeCloseTo(0.2850931567761623, 6);
    expect(doc.first_wrong_equation).toMatchObject({ name: "dW2", equation: "dW2 = 1 / m * dZ2 * A1' * 2", line: 20 });
  });

  it("`nnc report` of a model with `check gradient` shows the check's table", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "nnc-gc-")), "report.html");
    expect((await nnc("report", "examples/gradcheck-fixed.nnspec", "-o", out)).code).toBe(0);
    const text = readFileSync(out, "utf8")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ");
    expect(text).toContain("difference 1.189e-7 over all parameters");
    expect(text).toContain("db1 3.265e-7 1 PASS difference 3.26e-7 is above 2e-7, but");
    expect(text).toContain("PASS: the backward pass is correct");
  });

  it("`check gradient` in the file stops `nnc run` before training when it fails", async () => {
    const buggy = await nnc("run", "examples/gradcheck-buggy.nnspec");
    expect(buggy.code).not.toBe(0);
    expect(buggy.stdout).toBe("");
    expect(buggy.stderr).toContain("error[NNC3030]: the gradient check failed (difference 0.285093)");
    expect(buggy.stderr).toContain("the first wrong equation is `dW2 = 1 / m * dZ2 * A1' * 2` at line 20");
    const fixed = await nnc("run", "examples/gradcheck-fixed.nnspec");
    expect(fixed.code).toBe(0);
    // One training step with the hand-written gradients; the cost is the lesson's forward pass.
    expect(fixed.stdout).toBe(`Cost after iteration 0: ${golden.n_d.cost}\n`);
  });
});

describe("hand-written backward blocks at run time", () => {
  it("train as the generated backward pass does", async () => {
    const longer = (t: string) =>
      t
        .replace("for 1 iterations, report cost every 1", "for 200 iterations, report cost every 100")
        .replace(/\n  check gradient[^\n]*/, "");
    const hand = compileExample("gradcheck-fixed", longer).ir!;
    const { backward: _b, ...generated } = hand;
    const a = await train(hand, { files: nodeFiles(baseDir) });
    const b = await train(generated, { files: nodeFiles(baseDir) });
    expect(a.engine).toBe("hand-written");
    expect(a.costs.map((c) => c.iteration)).toEqual([0, 100]);
    a.costs.forEach((c, i) => expect(Math.abs(c.cost - b.costs[i].cost) / b.costs[i].cost).toBeLessThan(1e-12));
  });

  it("an equation whose shapes only fail on the data's m is NNC3032, with its line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-gc-"));
    const csv = new URL("data/football.csv", examples).pathname;
    const source = `model football {
  data train = csv(file: ${JSON.stringify(csv)}, features: [x1, x2], label: y, where: split == "train")
  input x[2]
  dense h1[7] relu init deep
  dense out[1] sigmoid init deep
  loss cross_entropy
  train gd(learning_rate: 0.3) for 10 iterations
  backward {
    dZ2 = A2 - Y
    dW2 = 1 / m * dZ2 * A1'
    db2 = 1 / m * sum(dZ2, 2)
    dZ1 = W2' * dZ2 .* (A1 > 0)
    dW1 = 1 / m * dZ1 * X'
    db1 = 1 / m * sum(dZ1, 2) + 0 * sum(dZ1, 1)'
  }
}
`;
    writeFileSync(join(dir, "m.nnspec"), source);
    const result = await nnc("check", join(dir, "m.nnspec"));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("m.nnspec:14:5: error[NNC3032]: db1:");
    expect(result.stderr).toContain("with the training data's m = 211");
  });

  it("a model too large to check element by element is NNC3031", async () => {
    const big = compileExample("init-he", (t) => t.replace("h1[10]", "h1[300]").replace("h2[5]", "h2[200]")).ir!;
    await expect(checkModel(big, { files: nodeFiles(baseDir) })).rejects.toThrow(
      expect.objectContaining({ diagnostics: [expect.objectContaining({ code: "NNC3031" })] }),
    );
  });
});

describe("nnc check --sample N", () => {
  it("checks N random elements per tensor and bisects a failing tensor down to its wrong elements", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-gc-"));
    const file = join(dir, "w1.nnspec");
    // A bug in the elements of W1 above 0.5 only: [0,2] [1,3] [2,1] [2,2] [2,3] [3,0] [4,1] (numpy).
    const wrong = ["0,2", "1,3", "2,1", "2,2", "2,3", "3,0", "4,1"];
    writeFileSync(
      file,
      readFileSync(new URL("gradcheck-fixed.nnspec", examples), "utf8").replace(
        "dW1 = 1 / m * dZ1 * X'",
        "dW1 = 1 / m * dZ1 * X' + (W1 > 0.5) * 0.3",
      ),
    );
    const result = await nnc("check", "--json", "--sample", "10", file);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    const w1 = doc.parameters.find((p: { name: string }) => p.name === "W1");
    expect(w1.verdict).toBe("FAIL");
    expect(
      doc.parameters.filter((p: { verdict: string }) => p.verdict === "FAIL").map((p: { name: string }) => p.name),
    ).toEqual(["W1"]);
    expect(w1.located).toHaveLength(3);
    for (const e of w1.located) {
      expect(wrong).toContain(e.index.join(","));
      expect(e.analytic - e.numeric).toBeCloseTo(0.3, 6);
    }
    const bad = await nnc("check", "--sample", "2.5", "examples/gradcheck-fixed.nnspec");
    expect([bad.code, bad.stderr]).toEqual([
      1,
      expect.stringContaining("error[NNC3107]: --sample needs a whole number of elements, got '2.5'"),
    ]);
    const fixed = await nnc("check", "--sample", "4", "examples/gradcheck-fixed.nnspec");
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain("over 19 sampled of 47 parameters");
  });
});

describe("the generated backward pass of every example passes", () => {
  // The cat lessons (86,031 and 245,973 parameters) are past the element-by-element limit (NNC3031).
  const files = readdirSync(examples).filter((f) => f.endsWith(".nnspec") && !f.startsWith("cat-"));
  it.each(files)("%s", async (file) => {
    const result = compileExample(file.replace(/\.nnspec$/, ""));
    if (result.scalar) {
      const { backward: _hand, ...generated } = result.scalar;
      expect(checkGradients(scalarProblem(generated)).passed).toBe(true);
      return;
    }
    const { backward: _hand, ...generated } = result.ir as ModelIR;
    const { report } = await checkModel(generated, { files: nodeFiles(baseDir) });
    expect(report.passed).toBe(true);
    const notPassing = report.parameters.filter((p) => p.verdict !== "PASS").map((p) => `${p.name} ${p.verdict}`);
    if (file === "init-zeros.nnspec") {
      // All weights 0: every relu input is exactly 0, so every step of W1, b1 and b2 crosses the
      // kink and nothing can be said about them; the rest passes.
      expect(notPassing).toEqual(["W1 INCONCLUSIVE", "b1 INCONCLUSIVE", "b2 INCONCLUSIVE"]);
      expect(report.parameters[0].kinks).toHaveLength(20);
    } else if (file.startsWith("optim-")) {
      // The optimization lesson's [2, 5, 2, 1] network: some moons points switch all five h1
      // relus off, so Z2 = b2 = 0 exactly there and every step of b2 crosses the kink; the rest passes.
      expect(notPassing).toEqual(["b2 INCONCLUSIVE"]);
      expect(report.parameters.filter((p) => p.verdict === "PASS").map((p) => p.name)).toEqual([
        "W1",
        "b1",
        "W2",
        "W3",
        "b3",
      ]);
    } else {
      expect(notPassing).toEqual([]);
      expect(report.difference).toBeLessThan(2e-7);
    }
  });
});
