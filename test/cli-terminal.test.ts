// The command line as a terminal user meets it (issue 12): a reader that closes the pipe early
// (`nnc run f | head -2`) ends the command quietly with the shell's SIGPIPE status, and a mistyped
// command or option is answered with the nearest real one and the usage.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPipeExitCode } from "../cli/main.js";
// @ts-expect-error a plain ES module of the build, without type declarations
import { bundleCli } from "../scripts/bundle-cli.js";
import { nnc } from "./helpers/run-cli.js";

const root = fileURLToPath(new URL("..", import.meta.url));
mkdirSync(join(root, "dist"), { recursive: true });
const outdir = mkdtempSync(join(root, "dist", "terminal-test-"));

beforeAll(async () => {
  await bundleCli(outdir);
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Runs the bundled nnc, reads `lines` lines of its stdout, then closes the pipe as `head` does. */
function readThenClose(
  args: string[],
  lines: number,
): Promise<{ code: number | null; head: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(outdir, "nnc.js"), ...args], { cwd: root, stdio: "pipe" });
    let text = "";
    let stderr = "";
    let head: string[] | undefined;
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const got = text.split("\n");
      if (head === undefined && got.length > lines) {
        head = got.slice(0, lines);
        child.stdout.destroy();
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, head: head ?? [], stderr }));
  });
}

describe("a closed pipe ends a command quietly", () => {
  it("nnc run f | head -2: two cost lines, no stack trace, the SIGPIPE status", async () => {
    const { code, head, stderr } = await readThenClose(["run", "examples/init-he.nnspec"], 2);
    expect(head).toEqual([
      "Cost after iteration 0: 0.8830537463419761",
      "Cost after iteration 1000: 0.6879825919728063",
    ]);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(stderr).toBe("");
    expect(code).toBe(closedPipeExitCode);
    expect(closedPipeExitCode).toBe(128 + 13);
  }, 60_000);

  it("nnc report f (HTML to stdout) | head -1: no stack trace", async () => {
    const { code, head, stderr } = await readThenClose(["report", "examples/init-he.nnspec"], 1);
    expect(head[0], `stderr: ${stderr}\nexit: ${code}`).toMatch(/^<!doctype html>/i);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect([0, closedPipeExitCode]).toContain(code);
  }, 120_000);
});

describe("did you mean, on the command line", () => {
  it.each([
    ["rn", "run"],
    ["lnit", "lint"],
    ["comple", "compile"],
    ["predcit", "predict"],
  ])("nnc %s suggests nnc %s, names the usage and fails", async (typed, meant) => {
    const { code, stdout, stderr } = await nnc(typed, "examples/init-he.nnspec");
    expect(code).not.toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toContain(`unknown command '${typed}'`);
    expect(stderr).toContain(`did you mean 'nnc ${meant}'?`);
    expect(stderr).toContain("usage: nnc <command>");
  });

  it("a word far from every command gets the list, not a guess", async () => {
    const { code, stderr } = await nnc("xylophone");
    expect(code).not.toBe(0);
    expect(stderr).not.toContain("did you mean");
    expect(stderr).toContain("nnc --help");
  });

  it.each([
    ["run", "--jsn", "--json"],
    ["run", "--quite", "--quiet"],
    ["compare", "--jsno", "--json"],
    ["predict", "--param", "--params"],
  ])("nnc %s %s suggests %s and names the command's usage", async (command, typed, meant) => {
    const { code, stdout, stderr } = await nnc(command, typed, "examples/init-he.nnspec");
    expect(code).not.toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toContain(`Unknown option '${typed}'`);
    expect(stderr).toContain(`did you mean '${meant}'?`);
    expect(stderr).toContain(`usage: nnc ${command} `);
  });
});
