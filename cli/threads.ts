// `--threads N` of the training commands (run, compare, report): how many threads the large
// products may split across (runtime/parallel.ts), by default one per core the process may use.
// The pool starts no thread until a product is large enough to split, so a small model pays
// nothing for it, and the results are the same to the bit at any count.
import { availableParallelism } from "node:os";
import { usageError } from "./command.js";
import { workerPool, type WorkerPool } from "../node/worker-pool.js";
import { simdProductCount } from "../runtime/wasm/simd-products.js";

export const threadsOption = {
  threads: {
    type: "string",
    argName: "N",
    help: "Threads for the large products (default: the cores available); the results are the same at any N",
  },
} as const;

/** The pool `--threads` asks for (with one thread it starts none, but carries the compiled kernels). */
export function requestedThreads(options: Record<string, string | boolean | undefined>): WorkerPool {
  const given = options.threads;
  const threads = typeof given === "string" ? Number(given) : availableParallelism();
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
    usageError(
      `\`--threads\` takes a whole number of threads from 1 to 256, not '${String(given)}'`,
      `try \`--threads ${availableParallelism()}\`, the cores available here`,
    );
  }
  return workerPool(threads);
}

/** `--verbose`'s line on the threads. */
export function describeThreads(pool: WorkerPool): string {
  if (pool.threads === 1) return "threads: 1 (one asked for, or one core available)";
  const used = pool.threadsUsed();
  return used > 1
    ? `threads: ${used} of ${pool.threads} ran the large products`
    : `threads: 1 of ${pool.threads} (no product was large enough to split)`;
}

/** `--verbose`'s line on the kernels the large products ran on. */
export function describeKernels(pool: WorkerPool): string {
  if (simdProductCount() === 0)
    return "products: JavaScript kernels (none large enough for the vector kernels, or NNC_KERNELS=js)";
  return pool.native
    ? `products: kernels compiled for this machine (${pool.native.lanes} doubles a vector)`
    : "products: WebAssembly SIMD kernels (2 doubles a vector; the compiled ones were not built or NNC_KERNELS=simd)";
}
