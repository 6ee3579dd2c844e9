// Getting V8 to compile the generated per-example code before training starts.
//
// Measured (node --trace-opt --trace-deopt, circles [2, 10, 5, 1]): `step` takes V8's optimizing
// compiler 50-300 ms (it is one long unrolled function), on a background thread. Before, the
// warm-up ran a separate copy of the code on 4 made-up examples and training began at once, so:
// - the copy's feedback and compiled code were not the trained copy's (a factory called twice
//   has no feedback vector yet, so its two closures do not share one): the trained `step` started
//   over in the interpreter and was compiled a second time, on-stack, in the middle of its first
//   long call;
// - 4 examples never reach pairwiseSum's blocked and recursive branches, nor a buffer growing
//   after the feedback exists, so the first real step deoptimized `step` and it was compiled again.
// At 300,000 examples the first two steps took 280 and 160 ms instead of 48; at 3,000 the first
// ~30 steps ran at 10-30 ms instead of 0.4.
//
// So the warm-up now runs the kernels that will train (restoring the parameters bit for bit
// afterwards), feeds them a few passes over more than two blocks of examples, and, for training,
// waits (sleeping where the platform lets it) until a step on 4 examples is as fast as compiled
// code is, at most WAIT_LIMIT_MS. None of this changes a result: parameters are restored and every
// buffer a step reads is written earlier in the same step.
import type { Program, StepKernels } from "./program.js";
import { BLOCK } from "./ops/sum.js";

const WARM_UP_CALLS = 400;
/** Enough examples for pairwiseSum to split and recurse, and for every buffer to grow. */
const LARGE = 2 * BLOCK + 40;
/** Compiled code runs a small step some 30× faster than the interpreter; a quarter of that is safe. */
const COMPILED_SPEED_UP = 8;
const WAIT_LIMIT_MS = 600;

interface Examples {
  m: number;
  X: Float64Array;
  Y: Float64Array;
  out: Float64Array;
  masks: Float64Array[];
}

function examples(program: Program, m: number): Examples {
  const features = program.forward.values[program.forward.input].shape[0];
  const outputs = program.forward.values[program.forward.prediction].shape[0];
  return {
    m,
    // Both signs and a spread of sizes, so every comparison in the code goes both ways.
    X: Float64Array.from({ length: features * m }, (_, i) => 3 * Math.sin(1.7 * i + 0.5)),
    Y: Float64Array.from({ length: m }, (_, j) => j % 2),
    out: new Float64Array(outputs * m),
    // Masks with both values, so both sides of every dropout multiplication are seen.
    masks: (program.forward.masks ?? []).map((mask) =>
      Float64Array.from({ length: mask.rows * m }, (_, e) => (e % 3 === 0 ? 0 : 1)),
    ),
  };
}

/** Which kernel a training loop is about to run many times: the fused step or the mini-batch gradients. */
export type HotKernel = "step" | "gradients";

/**
 * Runs `kernels` (the ones that will train `params`) on made-up examples until V8 has compiled
 * them, then puts `params` back as they were. `waitFor`: also wait until that kernel is compiled.
 */
export function warmUp(
  program: Program,
  kernels: StepKernels,
  params: readonly Float64Array[],
  waitFor?: HotKernel,
): void {
  const saved = params.map((p) => Float64Array.from(p));
  const small = examples(program, 4);
  const large = examples(program, LARGE);
  const G = program.params.map((p) => new Float64Array(p.shape[0] * p.shape[1]));
  const step = (set: Examples, i: number) => kernels.step(set.X, set.Y, set.m, 0.01, i % 2 === 0, set.masks);
  const gradients = (set: Examples) => kernels.gradients(set.X, set.Y, set.m, G, set.masks);
  const call = waitFor === "gradients" ? gradients : step;
  try {
    const reference = fastestOf(() => call(small, 0));
    for (let i = 0; i < WARM_UP_CALLS; i++) {
      // The large passes come once V8 keeps feedback for the code (it starts after a few calls).
      const set = i % 50 === 20 || i % 50 === 45 ? large : small;
      step(set, i);
      if (waitFor === "gradients" || i % 16 === 0 || i === 120 || i === 270) gradients(set);
      if (i % 16 === 0 || i === 120 || i === 270) kernels.predict(set.X, set.m, set.out);
    }
    if (waitFor) waitUntilFaster(reference / COMPILED_SPEED_UP, () => fastestOf(() => call(small, 1)));
  } finally {
    params.forEach((p, i) => p.set(saved[i]));
  }
}

/** The fastest of 8 timed calls (the fastest, so a pre-empted call does not count). */
function fastestOf(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 8; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function waitUntilFaster(targetMs: number, measure: () => number): void {
  const start = performance.now();
  const nap = sleeper();
  while (performance.now() - start < WAIT_LIMIT_MS && measure() > targetMs) nap();
}

/** Sleeps 2 ms where the thread may block (Node, workers), so the compiler thread gets the core; else nothing. */
function sleeper(): () => void {
  try {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    Atomics.wait(cell, 0, 0, 0);
    return () => Atomics.wait(cell, 0, 0, 2);
  } catch {
    return () => {};
  }
}
