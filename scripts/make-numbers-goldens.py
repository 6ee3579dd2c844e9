#!/usr/bin/python3
"""Goldens for `nnc derive --numbers` (test/golden/numbers/), made with numpy from the lessons' own
code: one training iteration of a model for one example, every value of its forward pass and
backprop for that example's column, the batch's gradients, the example's share of them, the cost
and the update.

  - init-he.json: the initialization lesson (bench/numpy/init_he.py: its data, He parameters,
    forward_propagation, backward_propagation, update_parameters), [2, 10, 5, 1], lr 0.01;
  - multiclass-blobs.json: the softmax model of scripts/make-softmax-goldens.py (the same blobs,
    softmax and categorical cost, written again here: that script writes its golden when loaded),
    [2, 10, 3], lr 0.01.

Each holds cases (iteration N, example K): the parameters after N full-batch steps, then step N + 1
seen from column K. A parameter's "share" for example K is the lesson's per-example term of its
gradient: dW = Σ_j dZ[:, j] A_prev[:, j]ᵀ, so example K's is dZ[:, K] A_prev[:, K]ᵀ (dZ already
carries the 1/m), and db's is dZ[:, K].

Run with Debian's python3 (numpy 1.24, scikit-learn 1.2):
    /usr/bin/python3 scripts/make-numbers-goldens.py
"""
import json
import os
import platform
import sys

import numpy as np
import sklearn
from sklearn.datasets import make_blobs

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bench", "numpy"))
import init_he as lesson  # noqa: E402

OUT = os.path.join(HERE, "..", "test", "golden", "numbers")


def blobs(samples, centers, std, seed):
    np.random.seed(seed)
    X, y = make_blobs(n_samples=samples, centers=centers, n_features=2, cluster_std=std, random_state=None)
    return X, y


def softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def log_softmax(Z):
    shifted = Z - Z.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


def column(a, k):
    return [float(v) for v in np.asarray(a)[:, k]]


def matrix(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.ravel(order="C")]}


def stable_losses(z3, Y):
    """The logit form of the cross-entropy nnc computes (`loss cross_entropy`), per example."""
    return np.maximum(z3, 0) - z3 * Y + np.log1p(np.exp(-np.abs(z3)))


def he_case(X, Y, params, k):
    a3, cache = lesson.forward_propagation(X, params)
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    grads = lesson.backward_propagation(X, Y, cache)
    losses = stable_losses(z3, Y)
    prev = {"1": X, "2": a1, "3": a2}
    dz = {"1": grads["dz1"], "2": grads["dz2"], "3": grads["dz3"]}
    shares = {}
    for l in ("1", "2", "3"):
        shares["dW" + l] = matrix(np.outer(dz[l][:, k], prev[l][:, k]))
        shares["db" + l] = matrix(dz[l][:, k:k + 1])
    after = lesson.update_parameters({n: v.copy() for n, v in params.items()}, grads, 0.01)
    return {
        "forward": {"X": column(X, k), "Z1": column(z1, k), "A1": column(a1, k), "Z2": column(z2, k),
                    "A2": column(a2, k), "Z3": column(z3, k), "A3": column(a3, k), "Y": column(Y, k)},
        "cost": float(np.mean(losses)),
        "example_loss": float(losses[0, k]),
        "backward": {"dZ3": column(grads["dz3"], k), "dA2": column(grads["da2"], k), "dZ2": column(grads["dz2"], k),
                     "dA1": column(grads["da1"], k), "dZ1": column(grads["dz1"], k)},
        "gradients": {n: matrix(grads[n]) for n in ("dW1", "db1", "dW2", "db2", "dW3", "db3")},
        "shares": shares,
        "before": {n: matrix(v) for n, v in params.items()},
        "after": {n: matrix(v) for n, v in after.items()},
    }, grads


def init_he_golden():
    X, Y, _, _ = lesson.load_dataset()
    params = lesson.initialize_parameters_he([2, 10, 5, 1])
    wanted = {0: [0, 7], 3: [0, 123]}
    cases = []
    for n in range(max(wanted) + 1):
        for k in wanted.get(n, []):
            case, _ = he_case(X, Y, params, k)
            cases.append({"iteration": n, "example": k, **case})
        _, grads = he_case(X, Y, params, 0)
        params = lesson.update_parameters(params, grads, 0.01)
    return {"model": "examples/init-he.nnspec", "learning_rate": 0.01, "cases": cases}


def softmax_golden():
    X_rows, y = blobs(300, 3, 2.5, 1)
    X = X_rows.T
    m = X.shape[1]
    np.random.seed(3)
    params = {}
    layers = [2, 10, 3]
    for l in range(1, len(layers)):
        params["W" + str(l)] = np.random.randn(layers[l], layers[l - 1]) * np.sqrt(2 / layers[l - 1])
        params["b" + str(l)] = np.zeros((layers[l], 1))
    Yhot = np.zeros((3, m))
    Yhot[y, np.arange(m)] = 1
    cases = []
    for n in range(3):
        Z1 = params["W1"] @ X + params["b1"]
        A1 = np.maximum(Z1, 0)
        Z2 = params["W2"] @ A1 + params["b2"]
        A2 = softmax(Z2)
        dZ2 = 1.0 / m * (A2 - Yhot)
        grads = {"dW2": dZ2 @ A1.T, "db2": np.sum(dZ2, axis=1, keepdims=True)}
        dA1 = params["W2"].T @ dZ2
        dZ1 = dA1 * (A1 > 0)
        grads["dW1"] = dZ1 @ X.T
        grads["db1"] = np.sum(dZ1, axis=1, keepdims=True)
        after = {name: params[name] - 0.01 * grads["d" + name] for name in params}
        if n in (0, 2):
            k = 5 if n == 0 else 42
            log_probs = log_softmax(Z2)
            cases.append({
                "iteration": n, "example": k, "label": int(y[k]),
                "forward": {"X": column(X, k), "Z1": column(Z1, k), "A1": column(A1, k), "Z2": column(Z2, k),
                            "A2": column(A2, k)},
                "cost": float(-np.sum(log_probs[y, np.arange(m)]) / m),
                "example_loss": float(-log_probs[y[k], k]),
                "backward": {"dZ2": column(dZ2, k), "dA1": column(dA1, k), "dZ1": column(dZ1, k)},
                "gradients": {name: matrix(g) for name, g in grads.items()},
                "shares": {"dW2": matrix(np.outer(dZ2[:, k], A1[:, k])), "db2": matrix(dZ2[:, k:k + 1]),
                           "dW1": matrix(np.outer(dZ1[:, k], X[:, k])), "db1": matrix(dZ1[:, k:k + 1])},
                "before": {name: matrix(v) for name, v in params.items()},
                "after": {name: matrix(v) for name, v in after.items()},
            })
        params = after
    return {"model": "examples/multiclass-blobs.nnspec", "learning_rate": 0.01, "cases": cases}


def provenance():
    return {"python": platform.python_version(), "numpy": np.__version__, "sklearn": sklearn.__version__,
            "script": "scripts/make-numbers-goldens.py"}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, doc in (("init-he", init_he_golden()), ("multiclass-blobs", softmax_golden())):
        doc["provenance"] = provenance()
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print("%s: %d cases, cost at 0 %r" % (path, len(doc["cases"]), doc["cases"][0]["cost"]), file=sys.stderr)


if __name__ == "__main__":
    main()
