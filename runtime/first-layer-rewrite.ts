// Carries out the first-layer rewrite that compiler/rewrite.ts plans: while training on one
// data set X, the first layer's W·X is kept as P and updated with G = XᵀX,
//
//     P ← P − lr · dZ · G,      S ← S + lr · dZ,
//
// and W is rebuilt as W₀ − S · Xᵀ only when someone needs it (sync). Everything is allocated
// when the rewrite is set up for a data set; a step allocates nothing.
import { gram } from "./ops/products.js";
import { productNN, productNT } from "./wasm/simd-products.js";

export class FirstLayerRewrite {
  /** XᵀX for the data set it was built for (m × m). */
  private gram: Float64Array | null = null;
  private data: Float64Array | null = null;
  private m = 0;
  /** W · X as of the last step (units × m). */
  private P = new Float64Array(0);
  /** W when P was last built from it. */
  private readonly W0: Float64Array;
  /** Σ lr · dZ since then (units × m). */
  private S = new Float64Array(0);
  /** dZ · G, the step's change of P before scaling. */
  private T = new Float64Array(0);
  /** S · Xᵀ, for rebuilding W (units × features). */
  private readonly D: Float64Array;
  /** True while P, W0 and S are in use and W may be behind. */
  private active = false;

  constructor(
    private readonly W: Float64Array,
    private readonly units: number,
    private readonly features: number,
  ) {
    this.W0 = new Float64Array(W.length);
    this.D = new Float64Array(W.length);
  }

  /** Makes the rewrite ready to step on X (m examples): builds G once per data set, P from W. */
  begin(X: Float64Array, m: number): void {
    if (this.data !== X || this.m !== m) {
      this.sync();
      this.gram = gramMatrix(X, this.features, m);
      this.data = X;
      this.m = m;
      this.P = new Float64Array(this.units * m);
      this.S = new Float64Array(this.units * m);
      this.T = new Float64Array(this.units * m);
    }
    if (this.active) return;
    productNN(this.W, X, this.P, this.units, this.features, m);
    this.W0.set(this.W);
    this.S.fill(0);
    this.active = true;
  }

  /** True when `X` is the data set the rewrite is currently stepping on. */
  isActiveFor(X: Float64Array, m: number): boolean {
    return this.active && this.data === X && this.m === m;
  }

  /** Z = P + b, b broadcast over the columns: the layer's forward pass without X. */
  forward(b: Float64Array, Z: Float64Array): void {
    const { P, m } = this;
    for (let k = 0; k < this.units; k++) {
      const bk = b[k];
      for (let j = k * m; j < (k + 1) * m; j++) Z[j] = P[j] + bk;
    }
  }

  /** The weight update W ← W − lr · dZ · Xᵀ, carried out on P and S instead of W. */
  update(dZ: Float64Array, lr: number): void {
    const { P, S, T, m } = this;
    productNN(dZ, this.gram!, T, this.units, m, m);
    for (let e = 0; e < P.length; e++) {
      P[e] -= lr * T[e];
      S[e] += lr * dZ[e];
    }
  }

  /** Writes the current weights into W (W₀ − S · Xᵀ) and leaves the rewrite until the next begin. */
  sync(): void {
    if (!this.active) return;
    this.D.fill(0);
    productNT(this.S, this.data!, this.D, this.units, this.m, this.features);
    const { W, W0, D } = this;
    for (let e = 0; e < W.length; e++) W[e] = W0[e] - D[e];
    this.active = false;
  }
}

/** G = XᵀX for X of features × m: G[j, l] = Σ_f X[f, j] · X[f, l]. */
export function gramMatrix(X: Float64Array, features: number, m: number): Float64Array {
  const G = new Float64Array(m * m);
  gram(X, G, features, m);
  return G;
}
