// Adam's update (runtime/optimizers/adam.ts) on WebAssembly SIMD, two weights per f64x2, for the
// mini-batch loop (runtime/train-epochs.ts). Its three divisions and square root a weight are most
// of a step's update, and f64x2.div and f64x2.sqrt do two at the cost of one (a deep cat model's
// 245,000 weights: 1.7 → 0.8 ms a step).
//
// The weights, gradients and Adam's two moments live in this module's memory (an arena, made
// once before training at its final size: it never grows, so the Float64Array views the rest of
// the runtime reads stay valid); the training loop uses those views as its parameter arrays, so an
// update copies nothing. Every operation is adam.ts's, in its order, each rounded once (IEEE 754
// division and square root are correctly rounded, in either form), so the weights are the same to
// the bit as the JavaScript update's (test: runtime/wasm/update-kernels.test.ts).
import { F64, FunctionBuilder, I32, moduleBytes, V128 } from "./binary.js";
import { power } from "../optimizers/power.js";
import type { OptimizerSettings } from "../optimizers/optimizer.js";

/** Byte offsets of P, dP and the moments v and s, the weights' count (even), then the scalars. */
const POINTERS = 5;
const SCALARS = ["beta1", "oneMinusBeta1", "beta2", "oneMinusBeta2", "correction1", "correction2", "lr", "epsilon"];
const BYTES = 8;
const PAGE = 65536;

const F64X2_SUB = 0xf1;
const F64X2_DIV = 0xf3;
const F64X2_SQRT = 0xef;

function emitAdam(): FunctionBuilder {
  const types = [...new Array<number>(POINTERS).fill(I32), ...SCALARS.map(() => F64)];
  const f = new FunctionBuilder(types.length, types);
  const [P, dP, v, s, count] = [0, 1, 2, 3, 4];
  const scalar = Object.fromEntries(SCALARS.map((name, i) => [name, POINTERS + i]));
  const at = f.local(I32),
    g = f.local(V128),
    newV = f.local(V128),
    newS = f.local(V128);
  const splat = (name: string): FunctionBuilder => f.get(scalar[name]).splat();
  /** Address of element `at` of the array whose byte offset is parameter `array`. */
  const element = (array: number): FunctionBuilder => f.get(array).get(at).i32(BYTES).mul().add();
  f.i32(0)
    .set(at)
    .loop(() => {
      f.get(at).get(count).geU().breakIf();
      element(dP).v128Load(0).set(g);
      // v = beta1 * v + (1 - beta1) * g
      element(v);
      splat("beta1");
      element(v).v128Load(0).f64x2Mul();
      splat("oneMinusBeta1");
      f.get(g).f64x2Mul().f64x2Add().tee(newV).v128Store(0);
      // s = beta2 * s + (1 - beta2) * (g * g)
      element(s);
      splat("beta2");
      element(s).v128Load(0).f64x2Mul();
      splat("oneMinusBeta2");
      f.get(g).get(g).f64x2Mul().f64x2Mul().f64x2Add().tee(newS).v128Store(0);
      // P = P - (lr * (v / correction1)) / (sqrt(s / correction2) + epsilon)
      element(P);
      element(P).v128Load(0);
      splat("lr");
      f.get(newV);
      splat("correction1");
      f.simd(F64X2_DIV).f64x2Mul();
      f.get(newS);
      splat("correction2");
      f.simd(F64X2_DIV).simd(F64X2_SQRT);
      splat("epsilon");
      f.f64x2Add().simd(F64X2_DIV).simd(F64X2_SUB).v128Store(0);
      f.advanceBy(at, 2);
    });
  return f;
}

/** Parameters, their gradients and their optimizer state as views of one arena's memory. */
export interface UpdateArena {
  readonly params: Float64Array[];
  readonly gradients: Float64Array[];
  readonly state: Float64Array[][];
  /** One step of the rule for parameter `index`, as the optimizer's `update` would take it. */
  update(index: number, lr: number, settings: OptimizerSettings, t: number): void;
}

const pad2 = (size: number): number => size + (size & 1);

/**
 * An arena for `sizes` (each parameter's element count) whose updates run on WebAssembly SIMD,
 * or null: for an optimizer other than Adam (their updates are one division or none a weight)
 * or where WebAssembly SIMD does not run. The arrays start at zero.
 */
export function updateArena(optimizer: string, sizes: readonly number[]): UpdateArena | null {
  if (optimizer !== "adam" || typeof WebAssembly !== "object") return null;
  const bytes = moduleBytes([{ name: "adam", body: emitAdam() }]);
  if (!WebAssembly.validate(bytes as BufferSource)) return null;
  // Each array padded to an even length: the padding's zeros stay zero through the update.
  const doubles = sizes.reduce((sum, size) => sum + 4 * pad2(size), 0);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((doubles * BYTES) / PAGE)) });
  } catch {
    return null; // more than WebAssembly's 4 GB, or than this page may take: the JavaScript update
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), { env: { memory } });
  const adam = instance.exports.adam as (...args: number[]) => void;
  const heap = new Float64Array(memory.buffer);
  let next = 0;
  const take = (size: number): Float64Array => {
    const view = heap.subarray(next, next + size);
    next += pad2(size);
    return view;
  };
  const params = sizes.map(take);
  const gradients = sizes.map(take);
  const state = sizes.map((size) => [take(size), take(size)]);
  return {
    params,
    gradients,
    state,
    update(index, lr, settings, t) {
      const { beta1, beta2, epsilon } = settings;
      const [v, s] = state[index];
      adam(
        params[index].byteOffset,
        gradients[index].byteOffset,
        v.byteOffset,
        s.byteOffset,
        pad2(sizes[index]),
        beta1,
        1 - beta1,
        beta2,
        1 - beta2,
        1 - power(beta1, t),
        1 - power(beta2, t),
        lr,
        epsilon,
      );
    },
  };
}
