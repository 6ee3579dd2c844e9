// Carries out the first-layer rewrite that compiler/rewrite.ts plans: while training on one
// data set X, the first layer's W·X is kept as P and updated with G = XᵀX,
//
//     P ← P − lr · dZ · G,      S ← S + lr · dZ,
//
// and W is rebuilt as W₀ − S · Xᵀ only when someone needs it (sync). Everything is allocated
// when the rewrite is set up for a data set; a step allocates nothing.
//
// The layer's output on another data set X₂ (a test set's cost curve while training) is
// W₀ · X₂ − S · (XᵀX₂): with XᵀX₂ (m × m₂) computed once and W₀ · X₂ once per W₀, each
// such pass costs units × m × m₂ instead of rebuilding W (units × m × features), and
// leaves the rewrite as it is.
import { gram, productNN, productNT, productTN } from "./wasm/simd-products.js";

/** What forwardOn keeps for one other data set. */
interface OtherData {
  m: number;
  /** The training data the cross products were taken with. */
  data: Float64Array;
  /** XᵀX₂ (m × m₂). */
  cross: Float64Array;
  /** W₀ · X₂ (units × m₂), for the W₀ of `start`. */
  startProduct: Float64Array;
  start: number;
}

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
  /** Counts the times W₀ was taken from W, so products with W₀ know when they are stale. */
  private starts = 0;
  private readonly others = new Map<Float64Array, OtherData>();

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
    this.starts++;
  }

  /**
   * Z = W · X₂ + b for another data set X₂ (features × m₂) with the weights as they are now,
   * without writing W back or otherwise changing what the next step computes.
   */
  forwardOn(X2: Float64Array, m2: number, b: Float64Array, Z: Float64Array): void {
    const { units, features } = this;
    if (!this.active) {
      productNN(this.W, X2, Z, units, features, m2);
    } else {
      const other = this.crossProducts(X2, m2);
      productNN(this.S, other.cross, Z, units, this.m, m2);
      const start = other.startProduct;
      for (let e = 0; e < Z.length; e++) Z[e] = start[e] - Z[e];
    }
    for (let k = 0; k < units; k++) {
      const bk = b[k];
      for (let j = k * m2; j < (k + 1) * m2; j++) Z[j] += bk;
    }
  }

  private crossProducts(X2: Float64Array, m2: number): OtherData {
    let other = this.others.get(X2);
    if (!other || other.m !== m2 || other.data !== this.data) {
      const cross = new Float64Array(this.m * m2);
      productTN(this.data!, X2, cross, this.m, this.features, m2);
      other = { m: m2, data: this.data!, cross, startProduct: new Float64Array(this.units * m2), start: -1 };
      this.others.set(X2, other);
    }
    if (other.start !== this.starts) {
      productNN(this.W0, X2, other.startProduct, this.units, this.features, m2);
      other.start = this.starts;
    }
    return other;
  }

  /** True while W is behind (until the next sync). */
  isActive(): boolean {
    return this.active;
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
