// Where splitting a product across threads starts to pay (runtime/wasm/kernel-calls.ts's
// THREAD_THRESHOLD): each product of a ladder of sizes on the SIMD kernels, one thread against
// `--threads N` (default 2), best of many calls each, the data held constant as in training.
// Prints multiply-adds, both times and their ratio; run it on an idle machine (load in the header).
//
//   npm run build && node scripts/measure-thread-crossover.mjs [--threads 2]
import { workerPool } from "../dist/node/worker-pool.js";
import { fill, loadAverage, threadsArgument } from "./measure-setup.mjs";
import {
  productNN,
  productNT,
  holdConstant,
  releaseConstant,
  useParallelExecutor,
} from "../dist/runtime/wasm/simd-products.js";
import { THREAD_THRESHOLD } from "../dist/runtime/wasm/kernel-calls.js";

const threads = threadsArgument();
// [rows, summed, columns]: the cat lessons' first layer and a ladder around the crossover.
const shapes = [
  [16, 64, 128],
  [16, 128, 128],
  [20, 256, 128],
  [20, 256, 209],
  [20, 512, 209],
  [20, 1024, 209],
  [20, 2048, 209],
  [20, 12288, 209],
];

function best(run, budgetMs = 300) {
  let fastest = Infinity;
  const end = performance.now() + budgetMs;
  for (let i = 0; i < 5 || performance.now() < end; i++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

console.log(`threads ${threads}; load average ${loadAverage()}; current threshold ${THREAD_THRESHOLD} multiply-adds`);
const pool = workerPool(threads);
for (const [r, n, c] of shapes) {
  const W = fill(r * n, 1),
    X = fill(n * c, 2),
    Z = new Float64Array(r * c);
  const dZ = fill(r * c, 3),
    Xt = fill(c * n, 4),
    dW = new Float64Array(r * n);
  const times = {};
  for (const [label, executor] of [
    ["one", undefined],
    ["many", pool],
    ["one", undefined],
    ["many", pool],
  ]) {
    useParallelExecutor(executor);
    holdConstant(X);
    holdConstant(Xt);
    // Z = W·X (r × n × c) and dW = dZ·Xᵀ (r × c × n), as a layer's forward and backward.
    const t = best(() => {
      productNN(W, X, Z, r, n, c);
      productNT(dZ, Xt, dW, r, c, n);
    });
    times[label] = Math.min(times[label] ?? Infinity, t);
    releaseConstant(X);
    releaseConstant(Xt);
  }
  const madds = r * n * c;
  console.log(
    `${String(madds).padStart(9)} multiply-adds (${r}×${n}×${c}): one thread ${times.one.toFixed(3)} ms, ` +
      `${threads} threads ${times.many.toFixed(3)} ms, ratio ${(times.many / times.one).toFixed(2)}`,
  );
}
pool.close();
