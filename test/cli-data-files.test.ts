// The CLI gives the core the disk (node/files.ts): a model's data paths resolve against the
// model file's own folder, wherever nnc is started, and a file that cannot be read is a located
// diagnostic with a note at the declaration that named it, and exit code 1.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { nnc } from "./helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "nnc-data-files-"));
const source = readFileSync("examples/football-csv.nnspec", "utf8").replace("30000 iterations", "200 iterations");

function model(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("data files, read by the CLI", () => {
  it("resolve against the model's folder, not the working directory", async () => {
    expect(existsSync("data/football.csv")).toBe(false); // nnc runs in the project's root
    mkdirSync(join(dir, "data"), { recursive: true });
    copyFileSync("examples/data/football.csv", join(dir, "data", "football.csv"));
    const beside = await nnc("run", "--json", model("beside.nnspec", source));
    const absolutePath = resolve("examples/data/football.csv");
    const absoluteModel = model("absolute.nnspec", source.replaceAll("data/football.csv", absolutePath));
    const absolute = await nnc("run", "--json", absoluteModel);
    expect([beside.code, absolute.code, beside.stderr]).toEqual([0, 0, ""]);
    const [fromBeside, fromAbsolute] = [JSON.parse(beside.stdout), JSON.parse(absolute.stdout)];
    expect([fromBeside.costs, fromBeside.accuracy]).toEqual([fromAbsolute.costs, fromAbsolute.accuracy]);
    expect(fromBeside.costs).toHaveLength(1);
  });

  it("a missing file is NNC3001 naming the path it resolved to, with a note at the data line", async () => {
    const r = await nnc("run", model("missing.nnspec", source.replaceAll('"data/', '"nope/')));
    expect(r.code).toBe(1);
    const path = join(dir, "nope", "football.csv");
    expect(r.stderr).toContain(`error[NNC3001]: cannot read the data file '${path}': it does not exist`);
    expect(r.stderr).toMatch(/missing\.nnspec:6:3: note\[NNC2003\]: while loading data set 'train'/);
  });

  it("a path that names a folder says it is a directory (MAT: NNC3010)", async () => {
    mkdirSync(join(dir, "data"), { recursive: true });
    const text = source.replace(/csv\(file: "data\/football\.csv"[^)]*\)/, 'mat(file: "data", features: X, label: y)');
    const r = await nnc("run", model("folder.nnspec", text));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error[NNC3010]: cannot read the MAT file '${join(dir, "data")}': it is a directory`);
  });
});
