// The cost curves as a learner sees them: the whole history, the test set's curve beside the
// training one, a log axis when the costs span more than two decades (random ×10's 1773 beside
// He's 0.07), `--log`/`--linear` to choose, `--json --history`, and saved runs old and new.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { compileSource } from "../compiler/front-end.js";
import type { ModelIR } from "../contracts/ir.js";
import { loadModelData, trainModel, type RunResult } from "../drivers/train-model.js";
import { nodeFiles } from "../node/files.js";
import { reportSections } from "../report/html.js";
import { costSeries } from "../report/plot-files.js";
import { chooseCostScale, costCurveSpec } from "../report/plots.js";
import { parseRun } from "../report/run-file.js";
import { RandomState } from "../runtime/rng/index.js";
import { nnc } from "./helpers/run-cli.js";

function example(name: string): ModelIR {
  const file = `examples/${name}.nnspec`;
  const { ir, diagnostics } = compileSource(readFileSync(file, "utf8"), file);
  if (!ir) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return ir;
}

type Spec = {
  data: { values: { run: string; set: string; iteration: number; cost: number }[] };
  mark: { point: boolean };
  encoding: { y: { title: string; scale: { type?: string } }; strokeDash?: { field: string } };
  title: string | { subtitle: string };
};

const files = nodeFiles(resolve("examples"));
const runs: Record<string, { ir: ModelIR; result: RunResult }> = {};

const seriesOf = (name: string) => costSeries({ ir: runs[name].ir, ...runs[name].result });

beforeAll(async () => {
  for (const name of ["init-random", "init-he"]) {
    const ir = example(name);
    runs[name] = { ir, result: await trainModel(ir, { files, heldOutCurves: true }) };
  }
});

describe("the cost axis", () => {
  test("logarithmic for init-random (1773 down to 0.38), linear for init-he (0.88 down to 0.07)", () => {
    const random = seriesOf("init-random");
    const he = seriesOf("init-he");
    expect(random[0].costs[0].cost).toBe(1773.5859549373836);
    expect(chooseCostScale(random)).toBe("log");
    expect(chooseCostScale(he)).toBe("linear");
    // Side by side, random's 1773 would flatten He's curve: log.
    expect(chooseCostScale([...he, ...random])).toBe("log");
    const spec = costCurveSpec(random) as unknown as Spec;
    expect(spec.encoding.y.scale.type).toBe("log");
    expect(spec.encoding.y.title).toBe("cost (log scale)");
    const linear = costCurveSpec(he) as unknown as Spec;
    expect(linear.encoding.y.scale.type).toBeUndefined();
    expect(linear.encoding.y.title).toBe("cost");
    expect((costCurveSpec(he, "Cost", "iteration", "log") as unknown as Spec).encoding.y.scale.type).toBe("log");
    expect(
      (costCurveSpec(random, "Cost", "iteration", "linear") as unknown as Spec).encoding.y.scale.type,
    ).toBeUndefined();
  });

  test("a cost of 0 keeps the axis linear; a log axis asked for anyway leaves it out and says so", () => {
    const series = [
      {
        name: "m",
        costs: [
          { iteration: 0, cost: 500 },
          { iteration: 10, cost: 0 },
        ],
      },
    ];
    expect(chooseCostScale(series)).toBe("linear");
    const spec = costCurveSpec(series, "Cost", "iteration", "log") as unknown as Spec;
    expect(spec.data.values.map((v) => v.cost)).toEqual([500]);
    expect(spec.title).toEqual({
      text: "Cost",
      subtitle: "not drawn (not finite or not positive, on a log scale): iteration 10: 0",
    });
  });

  test("the whole history is drawn as a line, the test set's costs dashed beside it", () => {
    const { ir, result } = runs["init-he"];
    const spec = costCurveSpec(seriesOf("init-he")) as unknown as Spec;
    const train = spec.data.values.filter((v) => v.set === "train");
    const test = spec.data.values.filter((v) => v.set === "test");
    expect(train.map((v) => v.cost)).toEqual(result.history.map((p) => p.cost));
    expect(train).toHaveLength(151);
    expect(test.map((v) => v.cost)).toEqual(result.heldOutCosts!.test.map((p) => p.cost));
    expect(spec.mark.point).toBe(false);
    expect(spec.encoding.strokeDash?.field).toBe("set");
    expect(ir.report.accuracy).toEqual(["train", "test"]);
  });

  test("the report's figure says what it draws", async () => {
    const { ir, result } = runs["init-random"];
    const datasets = await loadModelData(ir, new RandomState(ir.seed ?? 0), files);
    const sections = await reportSections({ ...result, ir, params: result.params.map((p) => p.data), datasets });
    const training = sections.find((s) => s.id === "training")!.html;
    expect(training).toContain(
      "The cost on &#39;train&#39; at 151 points over 15000 " +
        "iterations, and on &#39;test&#39; (dashed: a prediction pass, " +
        "no dropout) at 76; the cost axis is logarithmic, as the costs span more than two decades.",
    );
  });
});

describe("from the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "nnc-curves-"));

  test("--json --history: the printed costs are the history's entries at their iterations, exactly", async () => {
    const plain = JSON.parse((await nnc("run", "--json", "examples/init-he.nnspec")).stdout);
    expect(Object.keys(plain)).not.toContain("history");
    const r = await nnc("run", "--json", "--history", "examples/init-he.nnspec");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.costs).toEqual(plain.costs);
    expect(doc.history[0]).toEqual({ iteration: 0, cost: 0.8830537463419761 });
    const history = new Map(doc.history.map((p: { iteration: number; cost: number }) => [p.iteration, p.cost]));
    for (const printed of doc.costs) expect(history.get(printed.iteration)).toBe(printed.cost);
    expect(doc.held_out_costs.test).toHaveLength(76);
  });

  test("--plot chooses the log axis for init-random; `nnc plot --linear` redraws it linear; not both", async () => {
    const run = join(dir, "random.json");
    const r = await nnc("run", "-q", "examples/init-random.nnspec", "--plot", join(dir, "auto"), "--save-run", run);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "auto", "cost.svg"), "utf8")).toContain(">cost (log scale)</text>");
    const linear = await nnc("plot", run, "--linear", "-o", join(dir, "linear"));
    expect(linear.code).toBe(0);
    const svg = readFileSync(join(dir, "linear", "cost.svg"), "utf8");
    expect(svg).not.toContain("log scale");
    expect(svg).toContain(">1,800</text>");
    const both = await nnc("plot", run, "--log", "--linear", "-o", join(dir, "both"));
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("error[NNC3107]: `--log` and `--linear` ask for two different cost axes");
    const he = await nnc("run", "-q", "examples/init-he.nnspec", "--plot", join(dir, "he"), "--log");
    expect(readFileSync(join(dir, "he", "cost.svg"), "utf8")).toContain(">cost (log scale)</text>");
    expect(he.code).toBe(0);
  });

  test("a run saved before the history is still read, and its plot draws the printed points", async () => {
    const run = join(dir, "random.json");
    const saved = JSON.parse(readFileSync(run, "utf8"));
    expect(saved.history).toHaveLength(151);
    expect(Object.keys(saved.held_out_costs)).toEqual(["test"]);
    delete saved.history;
    delete saved.held_out_costs;
    const old = join(dir, "old.json");
    writeFileSync(old, JSON.stringify(saved));
    const parsed = parseRun(readFileSync(old, "utf8"), old);
    const series = costSeries(parsed);
    expect(series).toEqual([{ name: "init_random", set: "train", costs: parsed.costs }]);
    expect(series[0].costs).toHaveLength(15);
    expect((await nnc("plot", old, "-o", join(dir, "old"))).code).toBe(0);
    expect(readFileSync(join(dir, "old", "cost.svg"), "utf8")).toContain(">cost (log scale)</text>");
  });
});
