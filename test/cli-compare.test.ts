// `nnc compare`'s final cost is the last cost the run computed (issue 12): where early stopping
// ended training before the next report line, the cost at the stop, not the one before training;
// and a model trained in epochs labels its point `epoch`, not `iteration`.
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { nnc } from "./helpers/run-cli.js";

/** A copy of an example beside a link to examples/data, changed by `edit`. */
function variant(example: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "nnc-compare-"));
  symlinkSync(resolve("examples/data"), join(dir, "data"));
  const file = join(dir, example);
  writeFileSync(file, edit(readFileSync(join("examples", example), "utf8")));
  return file;
}

describe("compare's final cost", () => {
  it("of an early-stopped run is the training cost at the stop, as a cost line there prints it", async () => {
    const compared = await nnc("compare", "--json", "examples/reg-early-stop.nnspec");
    expect(compared.code, compared.stderr).toBe(0);
    const [run] = JSON.parse(compared.stdout);
    // The model reports every 10000 iterations and stops long before 10000.
    expect(run.early_stop.iterations).toBeLessThan(10000);
    expect(run.final_cost.iteration).toBe(run.early_stop.iterations - 1);
    expect(run.final_cost.iteration).toBeGreaterThan(0);

    const reportingAtStop = variant("reg-early-stop.nnspec", (text) =>
      text.replace("report cost every 10000", `report cost every ${run.final_cost.iteration}`),
    );
    const single = await nnc("run", "--json", reportingAtStop);
    expect(single.code, single.stderr).toBe(0);
    const costs: { iteration: number; cost: number }[] = JSON.parse(single.stdout).costs;
    expect(costs.at(-1)).toEqual({ iteration: run.final_cost.iteration, cost: run.final_cost.cost });
    expect(run.final_cost.cost).toBeLessThan(costs[0].cost);

    const table = await nnc("compare", "examples/reg-early-stop.nnspec");
    expect(table.stdout).toContain(`${run.final_cost.cost} @${run.final_cost.iteration}`);
  }, 120_000);

  it("of a model trained in epochs is labelled epoch, in --json and in the table", async () => {
    const short = variant("optim-gd.nnspec", (text) =>
      text.replace("for 5000 epochs", "for 30 epochs").replace("report cost every 1000", "report cost every 10"),
    );
    const compared = await nnc("compare", "--json", short);
    expect(compared.code, compared.stderr).toBe(0);
    const [run] = JSON.parse(compared.stdout);
    const single = JSON.parse((await nnc("run", "--json", short)).stdout);
    expect(run.final_cost).toEqual({ epoch: 20, cost: single.costs.at(-1).cost });
    expect(run.final_cost).not.toHaveProperty("iteration");
    const table = await nnc("compare", short);
    expect(table.stdout).toContain(`${single.costs.at(-1).cost} @epoch 20`);
  }, 60_000);
});
