// `--threads N` of the training commands (run, compare, report): how many threads the large
// products may split across (runtime/parallel.ts), by default one per core the process may use.
// The pool starts no thread until a product is large enough to split, so a small model pays
// nothing for it, and the results are the same to the bit at any count.
import { availableParallelism } from "node:os";
import { usageError } from "./command.js";
import { workerPool, type WorkerPool } from "../node/worker-pool.js";

export const threadsOption = {
  threads: {
    type: "string",
    argName: "N",
    help: "Threads for the large products (default: the cores available); the results are the same at any N",
  },
} as const;

/** The pool `--threads` asks for, or undefined for one thread. */
export function requestedThreads(options: Record<string, string | boolean | undefined>): WorkerPool | undefined {
  const given = options.threads;
  const threads = typeof given === "string" ? Number(given) : availableParallelism();
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
    usageError(
      `\`--threads\` takes a whole number of threads from 1 to 256, not '${String(given)}'`,
      `try \`--threads ${availableParallelism()}\`, the cores available here`,
    );
  }
  return threads > 1 ? workerPool(threads) : undefined;
}

/** `--verbose`'s line on the threads. */
export function describeThreads(pool: WorkerPool | undefined): string {
  if (!pool) return "threads: 1 (one asked for, or one core available)";
  const used = pool.threadsUsed();
  return used > 1
    ? `threads: ${used} of ${pool.threads} ran the large products`
    : `threads: 1 of ${pool.threads} (no product was large enough to split)`;
}
