// loadCsv: the lesson's football.csv loads as the lesson splits it, and every malformed file is a
// DiagnosticError with a stable code pointing at the line (1 = header) and character column.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Diagnostic, DiagnosticError } from "../../contracts/diagnostic.js";
import { type CsvOptions, loadCsv } from "./index.js";
import { nodeFiles } from "../../node/files.js";
import { memoryFiles } from "../../contracts/files.js";

// The project ships the lesson's data (a CSV conversion of its data.mat) with the examples.
const FOOTBALL = fileURLToPath(new URL("../../examples/data/football.csv", import.meta.url));
const directory = mkdtempSync(join(tmpdir(), "nnc-csv-"));
const xy: CsvOptions = { features: ["x1", "x2"], label: "y" };
// The disk, as the CLI reads it; the paths below are absolute, so the folder does not matter.
const disk = nodeFiles(directory);

function csvFile(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

/** The diagnostics loadCsv throws (failing the test if it does not throw one). */
async function diagnosticsOf(path: string, options: CsvOptions = xy): Promise<Diagnostic[]> {
  try {
    await loadCsv(disk, path, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DiagnosticError);
    return (error as DiagnosticError).diagnostics;
  }
  throw new Error(`expected ${path} to be rejected`);
}

function where(diagnostic: Diagnostic): [string, number | undefined, number | undefined, number | undefined] {
  return [diagnostic.code, diagnostic.span?.line, diagnostic.span?.column, diagnostic.span?.endColumn];
}

describe("football.csv", () => {
  const split = (equals: string) => loadCsv(disk, FOOTBALL, { ...xy, where: { column: "split", equals } });

  it("splits into the lesson's 211 training and 200 test examples", async () => {
    const [train, test] = await Promise.all([split("train"), split("test")]);
    expect([train.samples, test.samples]).toEqual([211, 200]);
    expect([train.features, train.X.length, train.Y.length]).toEqual([2, 422, 211]);
    expect(train.name).toBe("football");
  });

  it("stores X as features × samples, in file order", async () => {
    const train = await split("train");
    // First data row: -0.158986,0.423977,1,train
    expect([train.X[0], train.X[train.samples], train.Y[0]]).toEqual([-0.158986, 0.423977, 1]);
    expect(new Set(train.Y)).toEqual(new Set([0, 1]));
  });
});

describe("well-formed files", () => {
  it("read the same through a page's in-memory files as from the disk", async () => {
    const page = memoryFiles({ "data/football.csv": readFileSync(FOOTBALL) });
    const options = { ...xy, where: { column: "split", equals: "test" } };
    const fromPage = await loadCsv(page, page.resolve("data/football.csv"), options);
    const fromDisk = await loadCsv(disk, FOOTBALL, options);
    expect(fromPage).toEqual(fromDisk);
    expect([fromPage.name, fromPage.samples]).toEqual(["football", 200]);
  });

  it("accept quotes, CRLF, a byte-order mark, blank lines and spaces around numbers", async () => {
    const path = csvFile("lenient.csv", '\uFEFF"x1","x2",y\r\n 1.5 , -2e-3 ,1\r\n\r\n".25",3,"0"\r\n');
    const data = await loadCsv(disk, path, { ...xy, name: "tiny" });
    expect(data.name).toBe("tiny");
    expect(Array.from(data.X)).toEqual([1.5, 0.25, -0.002, 3]);
    expect(Array.from(data.Y)).toEqual([1, 0]);
  });

  it("pick the features asked for, in the order asked", async () => {
    const path = csvFile("order.csv", "a,b,c,y\n1,2,3,0\n4,5,6,1\n");
    const data = await loadCsv(disk, path, { features: ["c", "a"], label: "y" });
    expect(Array.from(data.X)).toEqual([3, 6, 1, 4]);
  });
});

describe("errors", () => {
  it("NNC3001: a missing file, with no span (there is no line to point at)", async () => {
    const [diagnostic] = await diagnosticsOf(join(directory, "nope.csv"));
    expect(where(diagnostic)).toEqual(["NNC3001", undefined, undefined, undefined]);
    expect(diagnostic.message).toContain("does not exist");
    expect(diagnostic.file).toBe(join(directory, "nope.csv"));
  });

  it("NNC3001: a directory, and a file a page's reader does not hold, say so", async () => {
    const [folder] = await diagnosticsOf(directory);
    expect([folder.code, folder.message]).toEqual([
      "NNC3001",
      `cannot read the data file '${directory}': it is a directory`,
    ]);
    const page = memoryFiles({ "data/football.csv": readFileSync(FOOTBALL) });
    for (const [path, reason] of [
      ["data/footbal.csv", "it does not exist"],
      ["data", "it is a directory"],
    ]) {
      const rejected = await loadCsv(page, page.resolve(path), xy).catch((error: DiagnosticError) => error.diagnostics);
      const message = `cannot read the data file '${path}': ${reason}`;
      expect(rejected).toMatchObject([{ code: "NNC3001", file: path, message }]);
    }
  });

  it("NNC3002: an empty file, at 1:1", async () => {
    const [diagnostic] = await diagnosticsOf(csvFile("empty.csv", "\n"));
    expect(where(diagnostic)).toEqual(["NNC3002", 1, 1, 1]);
    expect(diagnostic.expected).toContain("header row");
  });

  it("NNC3003: an unknown column, on the header, with a suggestion when one is close", async () => {
    const path = csvFile("names.csv", "x1,x2,label\n1,2,0\n");
    const [diagnostic] = await diagnosticsOf(path, { ...xy, label: "lable" });
    expect(where(diagnostic)).toEqual(["NNC3003", 1, 1, 11]);
    expect(diagnostic.help).toBe("did you mean 'label'?");
    expect(diagnostic.expected).toBe("one of: x1, x2, label");
  });

  it("NNC3003: and no suggestion for a short name that is not a case slip", async () => {
    const [diagnostic] = await diagnosticsOf(FOOTBALL, { features: ["x1", "x3"], label: "y" });
    expect(where(diagnostic)).toEqual(["NNC3003", 1, 1, 13]);
    expect(diagnostic.help).toBeUndefined();
  });

  it("NNC3004: a row with the wrong number of fields, at its line", async () => {
    const [diagnostic] = await diagnosticsOf(csvFile("fields.csv", "x1,x2,y\n1,2,0\n3,4\n"));
    expect(where(diagnostic)).toEqual(["NNC3004", 3, 1, 3]);
    expect(diagnostic.message).toBe("this row has 2 fields, the header has 3");
  });

  it("NNC3005: a bad number, at its line and the column of the field, however parseFloat would read it", async () => {
    const [diagnostic] = await diagnosticsOf(csvFile("number.csv", "x1,x2,y\n1,2,0\n0.5,1.5abc,1\n"));
    expect(where(diagnostic)).toEqual(["NNC3005", 3, 5, 10]);
    expect(diagnostic.message).toBe("'1.5abc' in column 'x2' is not a number");
    expect(diagnostic.expected).toContain("decimal number");
  });

  it.each([["Infinity"], ["0x10"], ["1,5"], ["NaN"], ["1e"], ["--1"]])("NNC3005: rejects %s", async (text) => {
    const path = csvFile("strict.csv", `x1,x2,y\n"${text}",2,0\n`);
    expect(where((await diagnosticsOf(path))[0])).toEqual(["NNC3005", 2, 1, text.length + 2]);
  });

  it("NNC3005: an empty field, and every bad field of the file at once", async () => {
    const diagnostics = await diagnosticsOf(csvFile("many.csv", "x1,x2,y\n,2,0\n1,x,1\n"));
    expect(diagnostics.map(where)).toEqual([
      ["NNC3005", 2, 1, 1],
      ["NNC3005", 3, 3, 3],
    ]);
    expect(diagnostics[0].message).toBe("column 'x1' is empty in this row");
  });

  it("NNC3006: a label that is not 0 or 1", async () => {
    const [diagnostic] = await diagnosticsOf(csvFile("label.csv", "x1,x2,y\n1,2,0\n1,2,2\n"));
    expect(where(diagnostic)).toEqual(["NNC3006", 3, 5, 5]);
  });

  it("class indices 0..K-1 for a softmax model of K classes; NNC3006 names the range otherwise", async () => {
    const path = csvFile("classes.csv", "x1,x2,y\n1,2,0\n3,4,2\n5,6,1\n");
    expect(Array.from((await loadCsv(disk, path, { ...xy, classes: 3 })).Y)).toEqual([0, 2, 1]);
    const [diagnostic] = await diagnosticsOf(csvFile("classes-bad.csv", "x1,x2,y\n1,2,0\n3,4,3\n5,6,1.5\n"), {
      ...xy,
      classes: 3,
    });
    expect(where(diagnostic)).toEqual(["NNC3006", 3, 5, 5]);
    expect(diagnostic.message).toBe("label '3' in column 'y' is not a class index 0 … 2");
    expect(
      (await diagnosticsOf(csvFile("classes-bad.csv", "x1,x2,y\n1,2,0\n3,4,3\n5,6,1.5\n"), { ...xy, classes: 3 }))
        .length,
    ).toBe(2);
    expect((await diagnosticsOf(path))[0].message).toBe("label '2' in column 'y' is not 0 or 1");
  });

  it("NNC3007: no rows left after `where`, suggesting a value the column does hold", async () => {
    const [diagnostic] = await diagnosticsOf(FOOTBALL, { ...xy, where: { column: "split", equals: "trian" } });
    expect(where(diagnostic)).toEqual(["NNC3007", 1, 1, 13]);
    expect(diagnostic.message).toBe("no rows have split = 'trian'");
    expect(diagnostic.help).toBe("did you mean 'train'?");
  });

  it("NNC3007: a header and no rows", async () => {
    expect(where((await diagnosticsOf(csvFile("header-only.csv", "x1,x2,y\n")))[0])).toEqual(["NNC3007", 1, 1, 7]);
  });

  it("NNC3008: a column named twice", async () => {
    expect(where((await diagnosticsOf(csvFile("twice.csv", "x1,x2,x1,y\n1,2,3,0\n")))[0])).toEqual([
      "NNC3008",
      1,
      7,
      8,
    ]);
  });

  it("NNC3009: a quote that never closes, from the quote to the end of the line", async () => {
    expect(where((await diagnosticsOf(csvFile("quote.csv", 'x1,x2,y\n1,"2,0\n')))[0])).toEqual(["NNC3009", 2, 3, 6]);
  });

  it("names the file in every diagnostic", async () => {
    const path = csvFile("named.csv", "x1,x2,y\n1,2,7\n");
    expect((await diagnosticsOf(path)).every((d) => d.file === path && d.severity === "error")).toBe(true);
  });
});
