// The command line as a user meets it: exit codes, what goes to stdout and to stderr, one-line
// errors for files that are not models, atomic outputs. runCli runs in-process with captured
// streams, in this process.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { IO } from "../cli/commands.js";
import { runCli } from "../cli/main.js";

function capture(): { io: IO; stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const stdout = sink((s) => (out += s));
  const stderr = sink((s) => (err += s));
  return {
    io: { stdout, stderr, out: (l) => void (out += `${l}\n`), err: (l) => void (err += `${l}\n`) },
    stdout: () => out,
    stderr: () => err,
  };
}

async function nnc(...args: string[]) {
  const c = capture();
  const code = await runCli(args, c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

const scratch = () => mkdtempSync(join(tmpdir(), "nnc-cli-"));

/** A model small enough to train in milliseconds. */
const tiny = `model tiny {
  seed 3
  data train = circles(samples: 40, noise: 0.05, seed: 1)
  input x[2]
  dense h[3] relu init he
  dense out[1] sigmoid init he
  loss cross_entropy
  train gd(learning_rate: 0.1) for 20 iterations, report cost every 10
  report accuracy on train
}
`;

describe("files that are not models get one clear line and exit 1", () => {
  it("a missing file", async () => {
    const r = await nnc("run", "no/such/model.nnspec");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "no/such/model.nnspec: error[NNC3101]: no such file: 'no/such/model.nnspec'\n " +
        " = help: check the path; paths are relative to the current directory\n",
    );
    expect(r.stdout).toBe("");
  });

  it("an empty file", async () => {
    const file = join(scratch(), "empty.nnspec");
    writeFileSync(file, "  \n");
    const r = await nnc("run", file);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe(`${file}:1:1: error[NNC3102]: '${file}' is empty`);
  });

  it("a binary file", async () => {
    const file = join(scratch(), "weights.nnspec");
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    const r = await nnc("run", file);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe(
      `${file}:1:1: error[NNC3103]: '${file}' is not a text file (binary byte 0x89 at offset 0)`,
    );
  });

  it("a directory", async () => {
    const r = await nnc("run", scratch());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[NNC3105\]: '.*' is a directory, not a model file/);
  });

  it("a truncated file says where it stops and what was open", async () => {
    const file = join(scratch(), "cut.nnspec");
    writeFileSync(file, tiny.slice(0, tiny.indexOf("dense out")));
    const r = await nnc("run", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^.*cut\.nnspec:\d+:\d+: error\[NNC1\d{3}\]: /);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});

describe("run", () => {
  it("prints the cost lines as the lesson does, then the accuracies", async () => {
    const file = join(scratch(), "tiny.nnspec");
    writeFileSync(file, tiny);
    const r = await nnc("run", file);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Cost after iteration 0: 0\.\d{8,}$/);
    expect(lines[1]).toMatch(/^Cost after iteration 10: 0\.\d{8,}$/);
    expect(lines[2]).toMatch(/^Accuracy on train: (0\.\d+|1\.0)$/);
    expect(r.stderr).toBe("");
  });

  it("--json prints one document with the same numbers; --quiet only the accuracies", async () => {
    const file = join(scratch(), "tiny.nnspec");
    writeFileSync(file, tiny);
    const text = await nnc("run", file);
    const json = await nnc("run", "--json", file);
    const doc = JSON.parse(json.stdout) as {
      costs: { iteration: number; cost: number }[];
      accuracy: { train: number };
    };
    expect(doc.costs.map((c) => c.iteration)).toEqual([0, 10]);
    expect(text.stdout).toContain(`Cost after iteration 10: ${String(doc.costs[1].cost)}`);
    expect(text.stdout).toContain(`Accuracy on train: ${doc.accuracy.train}`);
    const quiet = await nnc("run", "--quiet", file);
    expect(quiet.stdout).toBe(`Accuracy on train: ${doc.accuracy.train}\n`);
  });

  it("an IR file gives the same numbers as its .nnspec", async () => {
    const dir = scratch();
    const file = join(dir, "tiny.nnspec");
    writeFileSync(file, tiny);
    const ir = join(dir, "out", "..", "tiny.ir.json");
    expect((await nnc("compile", file, "-o", ir)).code).toBe(0);
    const fromSource = await nnc("run", "--json", file);
    const fromIR = await nnc("run", "--json", ir);
    const strip = (s: string) => JSON.parse(s, (k, v) => (k === "seconds" ? undefined : v));
    expect(strip(fromIR.stdout)).toEqual(strip(fromSource.stdout));
  });
});

describe("compile", () => {
  it("writes the IR atomically and leaves nothing behind on failure", async () => {
    const dir = scratch();
    const file = join(dir, "tiny.nnspec");
    writeFileSync(file, tiny);
    const out = join(dir, "tiny.ir.json");
    const ok = await nnc("compile", file, "-o", out);
    expect(ok.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).model).toBe("tiny");
    expect(readdirSync(dir).sort()).toEqual(["tiny.ir.json", "tiny.nnspec"]);

    writeFileSync(file, tiny.replace("relu", "rleu"));
    const before = readFileSync(out, "utf8");
    const bad = await nnc("compile", file, "-o", out);
    expect(bad.code).toBe(1);
    expect(readFileSync(out, "utf8")).toBe(before);
    const unwritable = await nnc(
      "compile",
      join(dir, "tiny.nnspec").replace("tiny", "tiny"),
      "-o",
      join(dir, "missing-dir", "x.json"),
    );
    expect(unwritable.code).toBe(1);
    expect(existsSync(join(dir, "missing-dir"))).toBe(false);
  });

  it("re-anchors CSV paths on the IR file's folder", async () => {
    const dir = scratch();
    const file = join(process.cwd(), "examples", "football-csv.nnspec");
    const out = join(dir, "football.ir.json");
    expect((await nnc("compile", file, "-o", out)).code).toBe(0);
    const ir = JSON.parse(readFileSync(out, "utf8")) as { data: { file: string }[] };
    expect(existsSync(join(dir, ir.data[0].file))).toBe(true);
  });

  it("re-anchors HDF5 paths too", async () => {
    const dir = scratch();
    const out = join(dir, "cat.ir.json");
    expect((await nnc("compile", join(process.cwd(), "examples", "cat-two.nnspec"), "-o", out)).code).toBe(0);
    const ir = JSON.parse(readFileSync(out, "utf8")) as { data: { kind: string; file: string }[] };
    expect(ir.data.map((d) => d.kind)).toEqual(["hdf5", "hdf5"]);
    for (const d of ir.data) expect(existsSync(join(dir, d.file))).toBe(true);
  });
});

describe("help and usage", () => {
  it("--help lists the commands; each command has its own help", async () => {
    const main = await nnc("--help");
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/^nnc — /);
    expect(main.stdout).toMatch(/\n  run +Train a model/);
    const run = await nnc("run", "--help");
    expect(run.stdout).toMatch(/^Usage: nnc run /);
    expect(run.stdout).toContain("--json");
  });

  it("`nnc help COMMAND` shows that command's help, explain's included; an unknown topic is an error", async () => {
    const run = await nnc("help", "run");
    expect(run.stdout).toMatch(/^Usage: nnc run /);
    const explain = await nnc("help", "explain");
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/nnc explain/);
    expect(explain.stdout).not.toMatch(/^nnc — /);
    const typo = await nnc("help", "rnu");
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("did you mean 'nnc help run'?");
  });

  it("--version prints the package's version", async () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect((await nnc("--version")).stdout).toBe(`nnc ${pkg.version}\n`);
  });

  it("an unknown command or option is a usage error with a suggestion", async () => {
    const r = await nnc("rnu", "x.nnspec");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[NNC3107]: unknown command 'rnu'");
    expect(r.stderr).toContain("did you mean 'nnc run'?");
    const o = await nnc("run", "--jsno", "x.nnspec");
    expect(o.code).toBe(1);
    expect(o.stderr).toContain("Unknown option '--jsno'");
    const missing = await nnc("run");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("needs");
  });

  it("explain prints what a code means", async () => {
    const { stdout } = await nnc("explain", "nnc2001");
    expect(stdout.split("\n")[0]).toBe("NNC2001: An activation name that nnc does not know.");
    expect(stdout).toContain("dense h1[10] relu init he");
    expect((await nnc("explain", "NNC9999")).code).toBe(1);
  });
});

describe("compare", () => {
  const second = tiny
    .replace("model tiny", "model tiny_l2")
    .replace("  loss cross_entropy", "  loss cross_entropy\n  regularize l2(lambda: 0.7)");
  it("trains each model and prints one table with the last cost, each accuracy and the time", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "a.nnspec"), tiny);
    writeFileSync(join(dir, "b.nnspec"), second);
    const r = await nnc("compare", join(dir, "a.nnspec"), join(dir, "b.nnspec"));
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^file +final cost +train accuracy +time$/);
    expect(lines).toHaveLength(4);
    const single = await nnc("run", "--json", join(dir, "a.nnspec"));
    const alone = JSON.parse(single.stdout);
    expect(lines[2]).toContain(`${alone.costs[1].cost} @10`);
    expect(lines[2]).toContain(String(alone.accuracy.train));
  });
  it("--json gives one object per model, and the L2 penalty raises the cost", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "a.nnspec"), tiny);
    writeFileSync(join(dir, "b.nnspec"), second);
    const r = await nnc("compare", "--json", join(dir, "a.nnspec"), join(dir, "b.nnspec"));
    const runs = JSON.parse(r.stdout);
    expect(runs.map((x: { model: string }) => x.model)).toEqual(["tiny", "tiny_l2"]);
    expect(runs[0].final_cost.iteration).toBe(10);
    expect(runs[1].final_cost.cost).toBeGreaterThan(runs[0].final_cost.cost);
    expect(Object.keys(runs[0].accuracy)).toEqual(["train"]);
  });
  it("checks every file before training any: a broken second file fails with its diagnostic", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "a.nnspec"), tiny);
    writeFileSync(join(dir, "b.nnspec"), second.replace("lambda: 0.7", "lambda: -1"));
    const r = await nnc("compare", join(dir, "a.nnspec"), join(dir, "b.nnspec"));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error[NNC2013]: `lambda` of `l2` is -1, outside its range");
  });
});

describe("report of a regularized model", () => {
  it("lists its regularizers in words, escaped", async () => {
    const dir = scratch();
    const model = tiny
      .replace("dense h[3] relu init he", "dense h[3] relu init he\n  dense g[2] relu init he")
      .replace(
        "  loss cross_entropy",
        "  loss cross_entropy\n  regularize l2(lambda: 0.7)\n  regularize dropout(keep: [0.9], on: h g, reseed: 1)",
      );
    writeFileSync(join(dir, "r.nnspec"), model);
    const r = await nnc("report", join(dir, "r.nnspec"), "-o", join(dir, "r.html"));
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    const items = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]);
    const rule = (item: string) => /<annotation encoding="application\/x-tex">(.*?)<\/annotation>/.exec(item)?.[1];
    const l2 = items.find((i) => i.startsWith("L2"))!;
    expect(l2).toMatch(
      /^L2, λ = 0\.7: each weight matrix&#39;s penalty R\[l\] above is added to the cost, and the penalty&#39;s/,
    );
    expect(rule(l2)).toBe("dW = \\frac{\\lambda}{m} W");
    const dropout = items.find((i) => i.startsWith("dropout"))!;
    expect(dropout).toContain(
      "dropout on h (keep 0.9), g (keep 0.9), masks re-seeded with 1 at every pass; never at prediction",
    );
    expect(rule(dropout)).toContain("dA = ");
  });
});
