// What the product measurement scripts (measure-thread-crossover.mjs, measure-rewrite-crossover.mjs)
// share: the `--threads N` argument, made-up operands and the load they ran under.
import { loadavg } from "node:os";

/** `--threads N` from the command line, else 2. */
export function threadsArgument() {
  const at = process.argv.indexOf("--threads");
  return at > 0 ? Number(process.argv[at + 1]) : 2;
}

/** n numbers of both signs, different for each seed. */
export const fill = (n, seed) => Float64Array.from({ length: n }, (_, i) => Math.sin(seed + i * 0.37));

/** The 1, 5 and 15-minute load averages, as the header of a measurement. */
export function loadAverage() {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}
