// The first-layer rewrite: algebra instead of brute force where the data is a constant.
//
// With plain gradient descent, the first layer's weights change by W1 ← W1 − lr · dZ1 · Xᵀ, and
// the forward pass needs only P = W1 · X (n1 × m). So P can be kept up to date directly,
//
//     P ← P − lr · dZ1 · (XᵀX) = P − lr · dZ1 · G,       G = XᵀX (m × m), computed once,
//
// and W1 rebuilt when it is wanted (for predictions, or at the end) from the sum of the dZ1,
//
//     W1 = W1₀ − lr · (Σ dZ1) · Xᵀ.
//
// Per step, the two products with X (n1 × features × m each) become one n1 × m × m product:
// for the cat lessons (12288 features, 209 examples) about 120 times less work. It is exact
// algebra, so it changes only the rounding (the lesson's figures agree to ~1e-12; see
// spec/semantics.md). The conditions, each a reason given when it does not apply:
//   - full-batch steps of plain gradient descent at a fixed learning rate (not mini-batches,
//     momentum, RMSprop, Adam or a decay: issue 8's runs take the mini-batch loop instead);
//   - a matmul_bias node multiplies the input X itself (the first layer), and its W is used by
//     no other node (so nothing else needs W1 during training). An l2/l1 penalty on W1 fails
//     this: it reads W1 every step and adds λ/m·W1 (or λ/m·sign W1) to dW1, so W1's update is no
//     longer − lr·dZ1·Xᵀ alone. Dropout does not: its masks multiply the hidden activations,
//     never X, so it changes dZ1 but not the form of the update, and the rewrite still holds;
//   - m < features: otherwise G is no smaller than X and the rewrite does not pay;
//   - the steps that will run repay setting it up (rewritePays below): forming G costs
//     features · m²/2 multiply-adds, as many as m / (4 · units) brute-force steps of that layer
//     (GRAM_COST), so a short run on many examples (10 steps on 2,090 cat pictures: G's 27·10⁹
//     multiply-adds take about 1.1 s on two threads, a step 45 ms) is faster without it. The
//     choice is made from sizes and the step count alone, never from a clock: the rewrite
//     changes the rounding, and the same model must give the same numbers on any machine and
//     with any number of threads.
import type { ForwardGraph, ParamSpec, RewritePlan } from "../runtime/program.js";
import type { TrainIR } from "../contracts/ir.js";

export function planFirstLayerRewrite(
  graph: ForwardGraph,
  params: readonly ParamSpec[],
  enabled: boolean,
  train?: TrainIR,
): RewritePlan {
  if (!enabled) return { applies: false, reason: "switched off (--no-rewrite)" };
  // P and XᵀX stand for the whole training set with W updated by lr · dW: a batch of other
  // columns each step, another update rule or a changing rate breaks that.
  if (train?.unit === "epochs" && train.batch !== undefined)
    return {
      applies: false,
      reason: `it needs full-batch steps, and this model trains in mini-batches of ${train.batch}`,
    };
  if (train && train.optimizer.name !== "gd")
    return {
      applies: false,
      reason: `it needs plain gradient descent, and this model trains with ${train.optimizer.name}`,
    };
  if (train?.decay)
    return { applies: false, reason: `it needs a fixed learning rate, and this model decays it (${train.decay.kind})` };
  const first = graph.nodes.find((n) => n.op === "matmul_bias" && n.inputs[1] === graph.input);
  if (!first) return { applies: false, reason: "no layer multiplies the input data directly" };
  const [weight, , bias] = first.inputs;
  const penalties = new Set(graph.penalties ?? []);
  const penalty = graph.nodes.find((n) => penalties.has(n.output) && n.inputs.includes(weight));
  if (penalty)
    return {
      applies: false,
      reason:
        `${weight} carries the ${penalty.op.replace("_penalty", "")} penalty, ` +
        "so its update is no longer − lr·dZ·Xᵀ alone",
    };
  const users = graph.nodes.filter((n) => n.inputs.includes(weight));
  if (users.length !== 1)
    return { applies: false, reason: `${weight} is used by ${users.length} nodes, not only the first layer` };
  const [features, m] = graph.values[graph.input].shape;
  if (m >= features)
    return {
      applies: false,
      reason: `it does not pay: ${m} examples ≥ ${features} features, so XᵀX (${m}×${m}) is no smaller than X`,
    };
  const units = graph.values[first.output].shape[0];
  const steps = train?.iterations;
  const cost = rewriteCost({ features, m, units });
  const repaid = Math.ceil(cost.setUp / cost.savedPerStep);
  if (steps !== undefined && !rewritePays(cost, steps)) {
    return {
      applies: false,
      reason:
        `it does not pay over ${steps} step${steps === 1 ? "" : "s"}: forming XᵀX (${m}×${m}) costs about ` +
        `as much as the first layer's products with X in ${repaid} steps`,
    };
  }
  const weightIndex = params.findIndex((p) => p.name === weight);
  const biasIndex = params.findIndex((p) => p.name === bias);
  const perStepBrute = 2 * units * features * m;
  const perStepRewritten = units * m * m;
  return {
    applies: true,
    node: first.id,
    weight: weightIndex,
    bias: biasIndex,
    explanation:
      `first-layer rewrite: ${weight} · X kept as P (${units}×${m}) and updated with XᵀX (${m}×${m}); ` +
      `${weight} rebuilt from the summed dZ; ` +
      `${(perStepBrute / perStepRewritten).toFixed(0)}× fewer multiply-adds per step in that layer` +
      (steps === undefined ? "" : `, forming XᵀX repaid after about ${repaid} of the ${steps} steps`),
  };
}

/**
 * What one multiply-add of XᵀX's upper half (runtime/wasm/simd-products.ts's gram: the product
 * kernels over the blocks on and above the diagonal of one copy of X) costs in multiply-adds of
 * the first layer's brute-force products on the same kernels. Measured with
 * scripts/measure-rewrite-crossover.mjs (Node 20, x86-64, 2 cores, idle): 0.7-1.2 on the cat
 * lessons' shapes, with the compiled and the WebAssembly kernels, on one thread and on two (1.5-9
 * when the gram ran in JavaScript on one thread). One figure for every machine and thread count,
 * so the choice, and with it the rounding, never depends on them; near the break-even the two
 * ways cost about the same, so an error in this figure costs little there.
 */
export const GRAM_COST = 1;

export interface RewriteCost {
  /** Forming G = XᵀX (weighted by GRAM_COST), P = W·X at the start and W = W₀ − S·Xᵀ at the end. */
  setUp: number;
  /** The two products with X (forward and dW) a step no longer does, less the one with G it does. */
  savedPerStep: number;
}

/** The rewrite's costs in brute-force multiply-adds, for a first layer of `units` on features × m data. */
export function rewriteCost({ features, m, units }: { features: number; m: number; units: number }): RewriteCost {
  const gram = (features * m * (m + 1)) / 2;
  const brute = 2 * units * features * m;
  return { setUp: GRAM_COST * gram + brute, savedPerStep: brute - units * m * m };
}

/** Whether `steps` full-batch steps save more than setting the rewrite up costs. */
export function rewritePays(cost: RewriteCost, steps: number): boolean {
  return cost.savedPerStep > 0 && steps * cost.savedPerStep > cost.setUp;
}
