// The commands a learner reaches for: `nnc shapes` (and `lint --shapes`), `nnc new`, `nnc watch`.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { IO } from "../cli/command.js";
import { writeFileAtomic } from "../cli/files.js";
import { watchModel } from "../cli/watch.js";
import { compileSource } from "../compiler/front-end.js";
import { modelShapes } from "../compiler/model-shapes.js";
import { nnc } from "./helpers/run-cli.js";

const scratch = () => mkdtempSync(join(tmpdir(), "nnc-learner-"));

describe("nnc shapes", () => {
  it("prints init-he's layers with fan_in filled in and the total of 91 parameters", async () => {
    const { code, stdout } = await nnc("shapes", "examples/init-he.nnspec");
    expect(code).toBe(0);
    const rows = stdout.split("\n").filter((l) => /^\d /.test(l));
    expect(rows.map((r) => r.split(/\s{2,}/))).toEqual([
      ["1 h1", "10", "10 × 2", "10 × 1", "30", "relu", "he: randn · sqrt(2 / 2)"],
      ["2 h2", "5", "5 × 10", "5 × 1", "55", "relu", "he: randn · sqrt(2 / 10)"],
      ["3 out", "1", "1 × 5", "1 × 1", "6", "sigmoid", "he: randn · sqrt(2 / 5)"],
    ]);
    // 10·(2+1) + 5·(10+1) + 1·(5+1)
    expect(stdout).toContain("total: 91 parameters");
  });

  it("gives the same data as JSON, and `lint --shapes` prints the table before its verdict", async () => {
    const json = JSON.parse((await nnc("shapes", "--json", "examples/init-he.nnspec")).stdout);
    expect(json.totalParameters).toBe(91);
    expect(json.layers.map((l: { weightShape: number[] }) => l.weightShape)).toEqual([
      [10, 2],
      [5, 10],
      [1, 5],
    ]);
    const lint = await nnc("lint", "--shapes", "examples/reg-l2.nnspec");
    expect(lint.code).toBe(0);
    expect(lint.stdout).toMatch(/1 h1\s+20\s+20 × 2\s+20 × 1\s+60\s+relu\s+deep: randn \/ sqrt\(2\)/);
    expect(lint.stdout).toContain("total: 127 parameters");
    expect(lint.stdout.trimEnd().split("\n").at(-1)).toMatch(/ok — model 'reg_l2'/);
  });

  it("fills fan_in and fan_out into xavier, formulas and bias draws", () => {
    const { ir } = compileSource(
      `model m {
  seed 1
  data train = circles(samples: 20, noise: 0.1, seed: 1)
  input x[2]
  dense h[4] tanh init xavier bias randn
  dense out[1] sigmoid init normal(0, sqrt(2 / (fan_in + fan_out)))
  loss cross_entropy
  train gd(learning_rate: 0.1) on train for 1 iterations
}`,
      "m.nnspec",
    );
    expect(ir).toBeDefined();
    const shapes = modelShapes(ir!);
    expect(shapes.layers.map((l) => [l.initFormula, l.biasFormula])).toEqual([
      ["randn · sqrt(2 / (2 + 4))", "randn"],
      ["normal(0, sqrt(2 / (4 + 1)))", "0"],
    ]);
    expect(shapes.totalParameters).toBe(4 * (2 + 1) + 1 * (4 + 1));
  });
});

describe("nnc new", () => {
  it("writes a starter that lints clean and trains, and refuses to overwrite it without --force", async () => {
    const file = join(scratch(), "first-net.nnspec");
    const made = await nnc("new", file.replace(/\.nnspec$/, ""));
    expect(made.code).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^model first_net \{/m);
    expect(text).toMatch(/^#/); // commented
    const lint = await nnc("lint", file);
    expect([lint.code, lint.stderr]).toEqual([0, ""]);
    const run = await nnc("run", "--json", file);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    const costs = result.costs.map((c: { cost: number }) => c.cost);
    expect(costs.at(-1)).toBeLessThan(costs[0] / 2);

    writeFileSync(file, "# mine\n");
    const again = await nnc("new", file);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(readFileSync(file, "utf8")).toBe("# mine\n");
    expect((await nnc("new", "--force", file)).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("an exclusive write never replaces a file that appeared after the existence check", () => {
    const dir = scratch();
    const file = join(dir, "raced.nnspec");
    writeFileSync(file, "# written by someone else meanwhile\n");
    expect(() => writeFileAtomic(file, "model x {}\n", { exclusive: true })).toThrow(/EEXIST/);
    expect(readFileSync(file, "utf8")).toBe("# written by someone else meanwhile\n");
    expect(readdirSync(dir)).toEqual(["raced.nnspec"]); // no temporary file left behind
    writeFileAtomic(join(dir, "fresh.nnspec"), "model y {}\n", { exclusive: true });
    expect(readFileSync(join(dir, "fresh.nnspec"), "utf8")).toBe("model y {}\n");
  });

  it("copies a shipped example under the new model name with its data paths still resolving", async () => {
    const folder = join(scratch(), "deeper", "still");
    mkdirSync(folder, { recursive: true });
    const file = join(folder, "kick.nnspec");
    expect((await nnc("new", "--from", "football-csv", file)).code).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^model kick \{/m);
    const paths = [...text.matchAll(/file: "([^"]+)"/g)].map((m) => m[1]);
    expect(paths.length).toBe(2);
    for (const p of paths)
      expect(readFileSync(resolve(dirname(file), p))).toEqual(readFileSync("examples/data/football.csv"));
    const lint = await nnc("lint", file);
    expect([lint.code, lint.stderr]).toEqual([0, ""]);

    const l2 = join(scratch(), "mine.nnspec");
    expect((await nnc("new", "--from", "reg-l2", l2)).code).toBe(0);
    // Outside nnc's folder the data paths become absolute; all else is the example, renamed.
    const dataFolder = resolve("examples/data");
    expect(readFileSync(l2, "utf8")).toBe(
      readFileSync("examples/reg-l2.nnspec", "utf8")
        .replace("model reg_l2", "model mine")
        .replaceAll('"data/', `"${dataFolder}/`),
    );
  });

  it("answers an unknown example with a did-you-mean and writes nothing", async () => {
    const file = join(scratch(), "x.nnspec");
    const { code, stderr } = await nnc("new", "--from", "init-hee", file);
    expect(code).toBe(1);
    expect(stderr).toContain("did you mean '--from init-he'?");
    expect(existsSync(file)).toBe(false);
  });
});

function capture(): { io: IO; text: () => string } {
  let all = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      all += String(chunk);
      done();
    },
  });
  return {
    io: { stdout: sink, stderr: sink, out: (l) => void (all += `${l}\n`), err: (l) => void (all += `${l}\n`) },
    text: () => all,
  };
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("nnc watch", () => {
  it("prints a new error on save, then 'fixed' when it is mended, and ends when stopped", async () => {
    const folder = scratch();
    const file = join(folder, "w.nnspec");
    expect((await nnc("new", file)).code).toBe(0);
    const good = readFileSync(file, "utf8");
    const { io, text } = capture();
    const controller = new AbortController();
    const watching = watchModel(file, { signal: controller.signal, debounceMs: 30 }, io);
    await until(() => text().includes(": ok"), "the first lint");
    expect(text()).not.toMatch(/error/);

    // An editor's save: a new file renamed over the old one.
    writeFileSync(`${file}.tmp`, good.replace("dense h2[5]  relu", "dense h2[5]  relux"));
    const { renameSync } = await import("node:fs");
    renameSync(`${file}.tmp`, file);
    await until(() => /error\[NNC\d+\].*relux/.test(text()), "the new error");
    const afterError = text().length;
    expect(text()).toMatch(/w\.nnspec: 1 error/);

    writeFileSync(file, good);
    await until(() => text().slice(afterError).includes("fixed:"), "the fix");
    const tail = text().slice(afterError);
    expect(tail).toMatch(/fixed: .*w\.nnspec:\d+:\d+ NNC\d+ .*relux/);
    expect(tail).not.toMatch(/error\[/);

    controller.abort();
    expect(await watching).toBe(0);
    expect(text()).toContain("stopped watching");
  }, 20_000);
});
