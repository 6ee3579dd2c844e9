// Issue 16, part 1: the large products split across worker threads (node/worker-pool.ts over
// runtime/parallel.ts) give the single thread's results to the bit, on shapes with every padding
// remainder and along both cut axes; a run gives the same costs and parameters at any --threads;
// the helpers start only when a product is large enough and never keep the process alive.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
// @ts-expect-error a plain ES module of the build, without type declarations
import { bundleCli } from "../scripts/bundle-cli.js";
import { THREAD_THRESHOLD } from "../runtime/wasm/kernel-calls.js";
import { productNN, useParallelExecutor } from "../runtime/wasm/simd-products.js";
import { workerPool } from "../node/worker-pool.js";
import { nnc } from "./helpers/run-cli.js";
import {
  expectGramAsJavaScript,
  expectHeldDataProductsAsJavaScript,
  expectProductsAsJavaScript,
  filled,
} from "./helpers/kernels.js";

// Each above THREAD_THRESHOLD; r, c and n leave every remainder mod 4; some cut along rows, some
// along columns (the larger padded output axis is cut), one has a single row.
const shapes: [number, number, number][] = [
  [20, 600, 209],
  [9, 2001, 130],
  [7, 24577, 13],
  [13, 209, 1030],
  [1, 9001, 257],
  [130, 2050, 9],
];

// With the kernels compiled for this machine (node/native-kernels.ts) where they were built, and
// with the WebAssembly kernels (a pool given none).
const pools = [workerPool(2), workerPool(3), workerPool(2, null)];
afterAll(() => {
  useParallelExecutor(undefined);
  for (const pool of pools) pool.close();
});

// Pools outermost: switching executors starts the kernels (and their helpers) afresh.
const described = pools.map((pool) => [pool.threads, pool.native ? "compiled" : "WebAssembly", pool] as const);
describe.each(described)("products on %i threads, %s kernels", (_, __, pool) => {
  test.each(shapes)("of %i × %i × %i: the JS kernels' bits", (r, n, c) => {
    expect(Math.max(r, c) >= 4 && r * n * c >= THREAD_THRESHOLD).toBe(true);
    useParallelExecutor(pool);
    const { A, B } = expectProductsAsJavaScript(r, n, c);
    // On a busy machine the caller may claim every chunk itself; a helper takes some soon enough.
    const C = new Float64Array(r * c);
    for (let i = 0; i < 50 && pool.threadsUsed() < 2; i++) productNN(A, B, C, r, n, c);
    expect(pool.threadsUsed()).toBeGreaterThan(1);
  });
});

test("the data held constant (one resident copy, 211 columns padded to 212) gives the same bits split", () => {
  // A layer's forward Z = W·X and its dW = dZ·Xᵀ both read the one copy; cut across threads here.
  useParallelExecutor(pools[0]);
  expectHeldDataProductsAsJavaScript(20, 600, 211, 2);
});

test("the Gram matrix of held data (211 examples in blocks) gives the same bits split", () => {
  for (const pool of pools) {
    useParallelExecutor(pool);
    expectGramAsJavaScript(600, 211, true);
  }
});

test("a pool starts no thread until a product is large enough to split", () => {
  const pool = workerPool(2);
  useParallelExecutor(pool);
  const [r, n, c] = [10, 300, 10];
  const C = new Float64Array(r * c);
  productNN(filled(r * n, 1), filled(n * c, 2), C, r, n, c);
  useParallelExecutor(undefined);
  expect(pool.threadsUsed()).toBe(1);
});

/** A copy of a cat lesson that trains `iterations` steps, its data files found where the example's are. */
function shortCatModel(which: string, iterations: number): string {
  const examples = resolve("examples");
  const text = readFileSync(join(examples, `cat-${which}.nnspec`), "utf8")
    .replaceAll('file: "data/', `file: "${examples}/data/`)
    .replace(/for \d+ iterations, report cost every \d+/, `for ${iterations} iterations, report cost every 1`);
  const file = join(mkdtempSync(join(tmpdir(), "nnc-threads-")), `cat-${which}.nnspec`);
  writeFileSync(file, text);
  return file;
}

describe("a run gives the same numbers at any thread count", () => {
  test("the two-layer cat model by brute force (--no-rewrite), 3 iterations", async () => {
    const file = shortCatModel("two", 3);
    const runs = [];
    for (const threads of ["1", "2", "3"]) {
      const saved = `${file}.${threads}.json`;
      const result = await nnc(
        "run",
        "--json",
        "--verbose",
        "--no-rewrite",
        "--threads",
        threads,
        "--save",
        saved,
        file,
      );
      expect(result.code, result.stderr).toBe(0);
      if (threads !== "1") expect(result.stderr).toContain(`threads: ${threads} of ${threads} ran the large products`);
      const { costs, accuracy } = JSON.parse(result.stdout);
      runs.push({ costs, accuracy, params: readFileSync(saved, "utf8") });
    }
    expect(runs[0].costs).toHaveLength(3);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  }, 120_000);

  test("the He lesson, with --threads 1 and the default, says how many threads ran", async () => {
    const one = await nnc("run", "--verbose", "--threads", "1", "examples/init-he.nnspec");
    const auto = await nnc("run", "--verbose", "examples/init-he.nnspec");
    expect(one.code).toBe(0);
    expect(auto.stdout).toBe(one.stdout);
    expect(one.stdout).toContain("Cost after iteration 14000: ");
    expect(one.stderr).toContain("threads: 1 (one asked for");
    // Its products are far below the crossover: no helper starts.
    expect(auto.stderr).toMatch(/threads: 1( of \d+ \(no product was large enough to split\)| \(one asked for)/);
  }, 60_000);

  test("--threads takes a whole number", async () => {
    const result = await nnc("run", "--threads", "two", "examples/init-he.nnspec");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("`--threads` takes a whole number of threads from 1 to 256, not 'two'");
  });
});

describe("the bundled nnc", () => {
  mkdirSync(resolve("dist"), { recursive: true });
  const outdir = mkdtempSync(join(resolve("dist"), "threads-test-"));
  beforeAll(async () => {
    await bundleCli(outdir);
  }, 120_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test("runs its helpers from the bundle, and they do not keep the process alive", () => {
    const file = shortCatModel("two", 1);
    const started = Date.now();
    const child = spawnSync(
      process.execPath,
      [join(outdir, "nnc.js"), "run", "--verbose", "--no-rewrite", "--threads", "2", file],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(child.stderr).toContain("threads: 2 of 2 ran the large products");
    expect(child.stdout).toContain("Cost after iteration 0: 0.693");
    // The training itself takes a second or two; a helper keeping the process up would hit the timeout.
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);

  test("finds the compiled kernels from its chunks, and prints the WebAssembly kernels' numbers", () => {
    const file = shortCatModel("deep", 3);
    const run = (kernels?: string) =>
      spawnSync(process.execPath, [join(outdir, "nnc.js"), "run", "--verbose", "--no-rewrite", file], {
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, NNC_KERNELS: kernels },
      });
    const compiled = run();
    const webAssembly = run("simd");
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(webAssembly.status, webAssembly.stderr).toBe(0);
    if (process.env.NNC_KERNELS === undefined)
      expect(compiled.stderr).toMatch(/products: kernels compiled for this machine \([48] doubles a vector\)/);
    expect(webAssembly.stderr).toContain("products: WebAssembly SIMD kernels (2 doubles a vector;");
    expect(compiled.stdout).toContain("Cost after iteration 2: ");
    expect(compiled.stdout).toBe(webAssembly.stdout);
  }, 90_000);
});
