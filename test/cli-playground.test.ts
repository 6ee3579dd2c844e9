// `nnc playground`: serves dist/playground on 127.0.0.1 at the port given (or a free one), prints
// the URL, answers with the page and its Content-Security-Policy, refuses paths outside the folder,
// and says what is wrong with a bad --port.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runPlayground } from "../cli/playground.js";
import type { IO } from "../cli/commands.js";
import { nnc } from "./helpers/run-cli.js";

function capture(): IO & { lines: string[] } {
  const lines: string[] = [];
  return { stdout: process.stdout, stderr: process.stderr, out: (l) => lines.push(l), err: () => {}, lines };
}

describe("nnc playground", () => {
  it("prints a URL on 127.0.0.1 that serves the page, and nothing outside its folder", async () => {
    const io = capture();
    const controller = new AbortController();
    const serving = runPlayground("0", io, controller.signal);
    while (io.lines.length === 0) await new Promise((r) => setTimeout(r, 50));
    const url = /^nnc playground: (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)$/.exec(io.lines[0])?.[1];
    expect(url).toBeDefined();
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toBe(readFileSync("dist/playground/index.html", "utf8"));
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect((await fetch(`${url}../package.json`)).status).toBe(404);
    expect((await fetch(`${url}%2e%2e/package.json`)).status).toBe(404);
    controller.abort();
    expect(await serving).toBe(0);
  }, 120_000);

  it("refuses a port that is not one", async () => {
    const result = await nnc("playground", "--port", "http");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("--port needs a port number from 0 to 65535, got 'http'");
  });
});
