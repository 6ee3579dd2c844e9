// Drawing a model's parameters, exactly as the lessons' numpy code does: layer by layer in
// declaration order, each layer's W (randn(n_l, n_{l-1}), filled row-major) then its b (zeros,
// no draw), all from one RandomState seeded like np.random.seed. The scale is applied to each
// draw the way numpy evaluates `randn(...) * np.sqrt(2./fan_in)`: the double sqrt(2/fan_in) is
// computed once and every draw multiplied by it; `deep` divides, as the deep-network lesson's
// `randn(...) / np.sqrt(fan_in)` does. spec/semantics.md lists every scheme.
import type { InitIR } from "../contracts/ir.js";
import type { ParamSpec } from "./program.js";
import { compileInitFormula } from "./expr.js";
import type { RandomState } from "./rng/index.js";

/** No single parameter array larger than this is ever allocated (2^27 doubles = 1 GiB). */
export const MAX_PARAM_ELEMENTS = 2 ** 27;

export function initParams(params: readonly ParamSpec[], rng: RandomState): Float64Array[] {
  // Check every size before allocating anything, so a layer of 10^12 units is an error, not an
  // out-of-memory crash halfway through.
  for (const p of params) {
    const size = p.shape[0] * p.shape[1];
    if (!Number.isSafeInteger(size) || size > MAX_PARAM_ELEMENTS) {
      throw new RangeError(
        `${p.name} of layer ${p.layer} would have ${p.shape[0]}×${p.shape[1]} ` +
          `elements, more than ${MAX_PARAM_ELEMENTS}`,
      );
    }
  }
  // In order: a bias with an init scheme is drawn right after its layer's weights (the
  // gradient-checking lesson's W1, b1, W2, b2, ... from one stream).
  return params.map((p) => drawWeights(p, rng));
}

/** The factor every standard-normal draw is multiplied by, for the schemes that scale randn. */
function multiplier(init: InitIR, fanIn: number, fanOut: number): number | undefined {
  switch (init.scheme) {
    case "he":
      return Math.sqrt(2 / fanIn);
    case "lecun":
      return Math.sqrt(1 / fanIn);
    case "xavier":
      return Math.sqrt(2 / (fanIn + fanOut));
    case "random":
      return init.scale;
    default:
      return undefined;
  }
}

export function drawWeights(p: ParamSpec, rng: RandomState): Float64Array {
  const size = p.shape[0] * p.shape[1];
  const init = p.init;
  switch (init.scheme) {
    case "zeros":
      return new Float64Array(size);
    case "he":
    case "lecun":
    case "xavier":
    case "random": {
      const scale = multiplier(init, p.fanIn, p.fanOut)!;
      const W = rng.randn(size);
      for (let i = 0; i < size; i++) W[i] = W[i] * scale;
      return W;
    }
    case "deep": {
      const divisor = Math.sqrt(p.fanIn);
      const W = rng.randn(size);
      for (let i = 0; i < size; i++) W[i] = W[i] / divisor;
      return W;
    }
    case "uniform":
      return rng.uniform(init.low, init.high, size);
    case "formula": {
      const formula = compileInitFormula(init.expression);
      const W = new Float64Array(size);
      for (let i = 0; i < size; i++) W[i] = formula({ fanIn: p.fanIn, fanOut: p.fanOut, rng });
      return W;
    }
    default: {
      const unknown: never = init;
      throw new Error(`unknown init scheme ${JSON.stringify(unknown)}`);
    }
  }
}
