// What forming XᵀX costs against the brute-force products it saves (compiler/rewrite.ts's
// GRAM_COST): per multiply-add of its upper half, the first-layer rewrite's gram against a
// brute-force step's two products with X (W·X and dZ·Xᵀ), both on the same kernels (the compiled
// ones where they were built) with X held constant as in training, with one thread and with
// `--threads N` (default 2), on the cat lessons' shapes.
// Prints each time and their ratio; run it on an idle machine (load in the header).
//
//   npm run build && node scripts/measure-rewrite-crossover.mjs [--threads 2]
import { workerPool } from "../dist/node/worker-pool.js";
import { fill, loadAverage, threadsArgument } from "./measure-setup.mjs";
import {
  holdConstant,
  productNN,
  productNT,
  releaseConstant,
  useParallelExecutor,
} from "../dist/runtime/wasm/simd-products.js";
import { gramMatrix } from "../dist/runtime/first-layer-rewrite.js";
import { GRAM_COST } from "../dist/compiler/rewrite.js";

const threads = threadsArgument();
// [features, examples, first-layer units]: both cat lessons, and the training set tiled 10 times
// (with fewer features first, so the gram takes seconds rather than twenty).
const shapes = [
  [12288, 209, 20],
  [12288, 209, 7],
  [2048, 2090, 20],
  [12288, 2090, 20],
];

function best(run, times) {
  let fastest = Infinity;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

console.log(`load average ${loadAverage()}; GRAM_COST now ${GRAM_COST}`);
const pools = [workerPool(1), workerPool(threads)];
for (const [features, m, units] of shapes) {
  const X = fill(features * m, 2),
    W = fill(units * features, 1),
    Z = new Float64Array(units * m),
    dZ = fill(units * m, 3),
    dW = new Float64Array(units * features);
  const parts = [`${features} × ${m}, ${units} units`];
  for (const pool of pools) {
    // X held, as in training: the gram and the step's products read its one resident copy.
    useParallelExecutor(pool);
    holdConstant(X);
    productNN(W, X, Z, units, features, m);
    const gramMs = best(() => gramMatrix(X, features, m), m > 1000 ? 1 : 3);
    const stepMs = best(() => {
      productNN(W, X, Z, units, features, m);
      productNT(dZ, X, dW, units, m, features);
    }, 5);
    releaseConstant(X);
    const ratio = gramMs / ((features * m * (m + 1)) / 2) / (stepMs / (2 * units * features * m));
    const label = `${pool.threads} thread${pool.threads > 1 ? "s" : ""}`;
    parts.push(`${label}: XᵀX ${gramMs.toFixed(0)} ms, products ${stepMs.toFixed(1)} ms, ratio ${ratio.toFixed(1)}`);
  }
  console.log(parts.join("; "));
}
useParallelExecutor(undefined);
for (const pool of pools) pool.close();
