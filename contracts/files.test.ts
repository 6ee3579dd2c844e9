// The readers a page uses (memoryFiles, fetchFiles) and the one a run without files gets (noFiles):
// paths resolve as the CLI resolves them against a model's folder, and each way a file cannot be
// read is the FileAccessError the loaders turn into their diagnostics.
import { describe, expect, it } from "vitest";
import { FileAccessError, fetchFiles, fileStem, joinPath, memoryFiles, noFiles, unreadableReason } from "./files.js";

const bytes = (text: string) => new TextEncoder().encode(text);

async function problemOf(read: Promise<unknown>): Promise<[string, string, string]> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileAccessError);
  const { problem, path } = error as FileAccessError;
  return [problem, path, unreadableReason(error)];
}

describe("joinPath", () => {
  it.each([
    ["", "data/football.csv", "data/football.csv"],
    ["examples", "./data/../data/football.csv", "examples/data/football.csv"],
    ["examples/lessons", "../data/x.csv", "examples/data/x.csv"],
    ["", "../x.csv", "../x.csv"],
    ["/srv/models", "../../../x.csv", "/x.csv"],
    ["examples", "/abs/x.csv", "/abs/x.csv"],
    ["examples", "C:\\data\\x.csv", "C:\\data\\x.csv"],
    ["examples", "https://example.org/x.csv", "https://example.org/x.csv"],
    ["a\\b", "c.csv", "a/b/c.csv"],
  ])("%s + %s = %s", (folder, file, joined) => {
    expect(joinPath(folder, file)).toBe(joined);
  });
});

describe("fileStem", () => {
  it.each([
    ["/data/football.mat", "football"],
    ["C:\\data\\train_catvnoncat.h5", "train_catvnoncat"],
    ["x.tar.gz", "x.tar"],
    ["data/.hidden", ".hidden"],
    ["plain", "plain"],
  ])("%s → %s", (path, stem) => expect(fileStem(path)).toBe(stem));
});

describe("memoryFiles", () => {
  const page = memoryFiles({ "data/football.csv": bytes("x1,x2,y\n"), "./other.mat": bytes("MATLAB") });

  it("reads a held file by the path resolve gives, relative to the model's folder or to a base", async () => {
    expect(page.resolve("data/football.csv")).toBe("data/football.csv");
    expect(page.resolve("football.csv", "data")).toBe("data/football.csv");
    expect(new TextDecoder().decode(await page.read(page.resolve("./data/../data/football.csv")))).toBe("x1,x2,y\n");
    expect(new TextDecoder().decode(await page.read(page.resolve("other.mat")))).toBe("MATLAB");
  });

  it("says a file it does not hold is missing, and a folder of held files is a directory", async () => {
    expect(await problemOf(page.read("data/footbal.csv"))).toEqual([
      "missing",
      "data/footbal.csv",
      "it does not exist",
    ]);
    expect(await problemOf(page.read("data"))).toEqual(["directory", "data", "it is a directory"]);
  });
});

describe("fetchFiles", () => {
  const served: Record<string, Response | Error> = {
    "https://nnc.test/examples/data/football.csv": new Response("x1,x2,y\n"),
    "https://nnc.test/examples/data/secret.csv": new Response("no", { status: 403 }),
    "https://nnc.test/examples/data/offline.csv": new TypeError("Failed to fetch"),
  };
  const fakeFetch = (async (url: string) => {
    const answer = served[url] ?? new Response("not found", { status: 404 });
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof fetch;
  const site = fetchFiles("https://nnc.test/examples/", fakeFetch);

  it("resolves a model's paths against its folder's URL, or a base folder, and reads the body", async () => {
    expect(site.resolve("data/football.csv")).toBe("https://nnc.test/examples/data/football.csv");
    expect(site.resolve("football.csv", "data")).toBe("https://nnc.test/examples/data/football.csv");
    expect(site.resolve("football.csv", "/examples/data/")).toBe("https://nnc.test/examples/data/football.csv");
    expect(new TextDecoder().decode(await site.read(site.resolve("data/football.csv")))).toBe("x1,x2,y\n");
  });

  it("turns a 404 into a missing file, and other statuses and network errors into unreadable ones", async () => {
    const url = (name: string) => site.resolve(`data/${name}`);
    expect(await problemOf(site.read(url("nope.csv")))).toEqual(["missing", url("nope.csv"), "it does not exist"]);
    expect(await problemOf(site.read(url("secret.csv")))).toEqual([
      "unreadable",
      url("secret.csv"),
      "the server answered 403",
    ]);
    expect(await problemOf(site.read(url("offline.csv")))).toEqual([
      "unreadable",
      url("offline.csv"),
      "Failed to fetch",
    ]);
  });
});

describe("noFiles", () => {
  it("refuses every file, saying the run was given no way to read one", async () => {
    expect(await problemOf(noFiles.read(noFiles.resolve("football.csv", "data")))).toEqual([
      "unreadable",
      "data/football.csv",
      "this run was given no way to read files",
    ]);
  });
});
