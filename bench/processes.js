// Whole processes for bench/cats.js and bench/scale.js: `nnc run` on a model file written to a
// temporary folder, and the numpy and torch scripts, each timed from outside (the whole process)
// and from inside (the training loop, as the process itself reports it), with nnc's peak resident
// set and CPU seconds from /usr/bin/time when the machine has it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PYTHON = "/usr/bin/python3";
const NNC = fileURLToPath(new URL("../dist/cli/nnc.js", import.meta.url));
const TIME = "/usr/bin/time";
const TIME_FORMAT = "peak-rss-kb %M cpu %U %S";

/** The process's peak resident set (bytes) and CPU seconds (user + system) as /usr/bin/time printed them. */
function resources(stderr) {
  const found = /peak-rss-kb (\d+) cpu ([\d.]+) ([\d.]+)/.exec(stderr);
  return found ? { peakRss: Number(found[1]) * 1024, cpu: Number(found[2]) + Number(found[3]) } : {};
}
export const EXAMPLES = fileURLToPath(new URL("../examples/", import.meta.url));

/** The child's environment: OpenBLAS left to choose its own kernel (set, these pin a slower one). */
export function unpinnedEnv() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** Whether /usr/bin/python3 can import each module. */
export function pythonHas(...modules) {
  const probe = spawnSync(PYTHON, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8" });
  return !probe.error && probe.status === 0;
}

/** A temporary folder for model files, removed by the returned function. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), "nnc-bench-"));
  return {
    dir,
    write: (name, text) => (writeFileSync(join(dir, name), text), join(dir, name)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * `nnc run --verbose [flags] model`: wall seconds of the process, the training loop's seconds as
 * `--verbose` prints them, the last cost line, and the peak resident set in bytes (or undefined).
 */
export function nncRun(model, flags = []) {
  const command = ["node", NNC, "run", "--verbose", ...flags, model];
  const measured = existsSync(TIME);
  const start = performance.now();
  const run = measured
    ? spawnSync(TIME, ["-f", TIME_FORMAT, ...command], { encoding: "utf8", maxBuffer: 1 << 26 })
    : spawnSync(command[0], command.slice(1), { encoding: "utf8", maxBuffer: 1 << 26 });
  const wall = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`nnc run ${model} failed: ${run.stderr}`);
  const trained = /trained in ([\d.]+) s/.exec(run.stderr);
  const costs = [...run.stdout.matchAll(/^Cost after \w+ \d+: (\S+)/gm)];
  return {
    wall,
    seconds: Number(trained[1]),
    lastCost: Number(costs.at(-1)[1]),
    engine: /engine: (.*)/.exec(run.stderr)?.[1],
    rewrite: /first-layer rewrite: (.*)/.exec(run.stderr)?.[1],
    ...resources(run.stderr),
  };
}

/** A numpy or torch script (`bench/<side>/<script>`) with its JSON answer and its process's wall seconds. */
export function pythonRun(side, script, args) {
  const path = fileURLToPath(new URL(`./${side}/${script}`, import.meta.url));
  const start = performance.now();
  const command = [PYTHON, path, ...args.map(String)];
  const options = { encoding: "utf8", env: unpinnedEnv() };
  const run = existsSync(TIME)
    ? spawnSync(TIME, ["-f", TIME_FORMAT, ...command], options)
    : spawnSync(command[0], command.slice(1), options);
  const wall = (performance.now() - start) / 1000;
  if (run.status !== 0) return { skipped: `${side} run failed: ${run.stderr.trim().split("\n").pop()}` };
  return { ...(run.stdout.trim() ? JSON.parse(run.stdout) : {}), wall, ...resources(run.stderr) };
}

/** The least of `key` over the runs that have it, or undefined. */
export function leastOf(runs, key) {
  const values = runs.map((r) => r[key]).filter((v) => v !== undefined);
  return values.length ? Math.min(...values) : undefined;
}

/** Runs `once` `repeats` times and keeps the run with the least `key` (the others' values in `all`). */
export function bestOf(repeats, once, key = "seconds") {
  const runs = Array.from({ length: repeats }, once);
  if (runs.some((r) => r.skipped)) return runs.find((r) => r.skipped);
  const best = runs.reduce((a, b) => (b[key] < a[key] ? b : a));
  const peakRss = Math.max(...runs.map((r) => r.peakRss ?? 0)) || undefined;
  return { ...best, all: runs.map((r) => r[key]), peakRss, cpu: leastOf(runs, "cpu"), wall: leastOf(runs, "wall") };
}

export const ratio = (ours, theirs) => (theirs?.skipped || theirs === undefined ? "—" : (ours / theirs).toFixed(2));
