// The deep-network lesson's published figures, checked in full (2500 iterations of each cat
// model, with the first-layer rewrite unless --no-rewrite is given): every cost line the
// lesson prints within 1e-8 relative, the accuracies exact. The test suite checks the two-layer
// model this way and both for fewer iterations against numpy; this is the whole acceptance.
//
//   npm run check:cats                 (builds first; about 10 s)
//   node scripts/check-cat-lessons.mjs --no-rewrite   (the brute-force kernels: several minutes)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileAny } from "../dist/compiler/front-end.js";
import { trainModel } from "../dist/drivers/train-model.js";
import { nodeFiles } from "../dist/node/files.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const rewrite = !process.argv.includes("--no-rewrite");
const published = {
  two: { costs: { 0: 0.693049735659989, 100: 0.6464320953428849, 2400: 0.04855478562877017 }, train: 1.0, test: 0.72 },
  deep: {
    costs: { 0: 0.7717493284237686, 100: 0.6720534400822914, 2400: 0.09287821526472397, 2499: 0.088439943441702 },
    train: 0.9856459330143541,
    test: 0.8,
  },
};

let failures = 0;
for (const [which, figures] of Object.entries(published)) {
  const file = `${root}examples/cat-${which}.nnspec`;
  const { ir, diagnostics } = compileAny(readFileSync(file, "utf8"), file);
  if (!ir) throw new Error(`${file} does not compile: ${JSON.stringify(diagnostics)}`);
  const result = await trainModel(ir, { files: nodeFiles(`${root}examples`), rewrite });
  console.log(`cat-${which}: ${result.seconds.toFixed(2)} s, ${result.rewrite}`);
  for (const [iteration, expected] of Object.entries(figures.costs)) {
    const got = result.costs.find((c) => c.iteration === Number(iteration))?.cost;
    const error = got === undefined ? Infinity : Math.abs(got - expected) / expected;
    const ok = error <= 1e-8;
    if (!ok) failures++;
    const relative = `relative ${error.toExponential(1)}`;
    console.log(`  ${ok ? "ok  " : "FAIL"} cost at ${iteration}: ${got} (published ${expected}, ${relative})`);
  }
  for (const set of ["train", "test"]) {
    const ok = result.accuracy[set] === figures[set];
    if (!ok) failures++;
    console.log(`  ${ok ? "ok  " : "FAIL"} ${set} accuracy ${result.accuracy[set]} (published ${figures[set]})`);
  }
}
console.log(failures ? `${failures} figure(s) differ` : "all published figures reproduced");
process.exit(failures ? 1 : 0);
