#!/usr/bin/python3
"""Golden numbers for the initialization lesson (deeplearning.ai, "Initialization"), made by the
lesson's own numpy code, copied below nearly verbatim (print_cost collects instead of printing).

Run with Debian's python3 (numpy 1.24, scikit-learn 1.2):
    /usr/bin/python3 scripts/make-lesson-goldens.py
Writes test/golden/lessons/init-{he,zeros,random}.json. Floats are written with repr, which
reads back as the same double; a cost of inf (the naive loss under large weights) is the string
"inf". The He file also holds the data (so backward can be compared with numpy's on exactly the
same inputs), the initial parameters, the gradients at iteration 0 and the parameters after 10
iterations.
"""
import json
import os
import platform
import sys

import numpy as np
import sklearn
import sklearn.datasets

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "golden", "lessons")


# ---- init_utils.py -------------------------------------------------------------------------
def sigmoid(x):
    s = 1 / (1 + np.exp(-x))
    return s


def relu(x):
    s = np.maximum(0, x)
    return s


def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]
    z1 = np.dot(W1, X) + b1
    a1 = relu(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = relu(z2)
    z3 = np.dot(W3, a2) + b3
    a3 = sigmoid(z3)
    cache = (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)
    return a3, cache


def backward_propagation(X, Y, cache):
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    dz3 = 1.0 / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(W3.T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(W2.T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    gradients = {"dz3": dz3, "dW3": dW3, "db3": db3, "da2": da2, "dz2": dz2, "dW2": dW2, "db2": db2,
                 "da1": da1, "dz1": dz1, "dW1": dW1, "db1": db1}
    return gradients


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for k in range(L):
        parameters["W" + str(k + 1)] = parameters["W" + str(k + 1)] - learning_rate * grads["dW" + str(k + 1)]
        parameters["b" + str(k + 1)] = parameters["b" + str(k + 1)] - learning_rate * grads["db" + str(k + 1)]
    return parameters


def compute_loss(a3, Y):
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    loss = 1.0 / m * np.nansum(logprobs)
    return loss


def load_dataset():
    np.random.seed(1)
    train_X, train_Y = sklearn.datasets.make_circles(n_samples=300, noise=.05)
    np.random.seed(2)
    test_X, test_Y = sklearn.datasets.make_circles(n_samples=100, noise=.05)
    train_X = train_X.T
    train_Y = train_Y.reshape((1, train_Y.shape[0]))
    test_X = test_X.T
    test_Y = test_Y.reshape((1, test_Y.shape[0]))
    return train_X, train_Y, test_X, test_Y


def predict(X, y, parameters):
    m = X.shape[1]
    p = np.zeros((1, m), dtype=np.int64)
    a3, caches = forward_propagation(X, parameters)
    for i in range(0, a3.shape[1]):
        if a3[0, i] > 0.5:
            p[0, i] = 1
        else:
            p[0, i] = 0
    return float(np.mean((p[0, :] == y[0, :])))


# ---- the notebook --------------------------------------------------------------------------
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2. / layers_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


INITIALIZERS = {"zeros": initialize_parameters_zeros, "random": initialize_parameters_random, "he": initialize_parameters_he}


def stable_loss(z3, Y):
    """The same cost computed from the logit, finite where the lesson's prints inf (not lesson code)."""
    return float(np.mean(np.maximum(z3, 0) - z3 * Y + np.log1p(np.exp(-np.abs(z3)))))


def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he", record=None):
    costs = []
    layers_dims = [X.shape[0], 10, 5, 1]
    parameters = INITIALIZERS[initialization](layers_dims)
    if record is not None:
        record["initial_params"] = {k: v.copy() for k, v in parameters.items()}
    for i in range(0, num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation(X, Y, cache)
        if record is not None and i == 0:
            record["gradients_at_0"] = grads
            record["cost_at_0"] = cost
            record["stable_cost_at_0"] = stable_loss(cache[8], Y)
        parameters = update_parameters(parameters, grads, learning_rate)
        if record is not None and i == 9:
            record["params_after_10"] = {k: v.copy() for k, v in parameters.items()}
        if print_cost and i % 1000 == 0:
            costs.append({"iteration": i, "cost": number(cost)})
    return parameters, costs


# ---- output ---------------------------------------------------------------------------------
def number(x):
    x = float(x)
    return x if np.isfinite(x) else repr(x)


def matrix(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.ravel(order="C")]}


def provenance():
    info = {"python": platform.python_version(), "numpy": np.__version__, "sklearn": sklearn.__version__,
            "script": "scripts/make-lesson-goldens.py"}
    info["OPENBLAS_CORETYPE"] = os.environ.get("OPENBLAS_CORETYPE")
    try:
        import threadpoolctl
        info["blas"] = [{k: p.get(k) for k in ("internal_api", "version", "architecture")} for p in threadpoolctl.threadpool_info()]
    except Exception:  # threadpoolctl is optional
        pass
    return info


def main():
    train_X, train_Y, test_X, test_Y = load_dataset()
    os.makedirs(OUT, exist_ok=True)
    for initialization in ("he", "zeros", "random"):
        record = {}
        parameters, costs = model(train_X, train_Y, initialization=initialization, record=record)
        doc = {
            "lesson": "Initialization",
            "initialization": initialization,
            "layers": [2, 10, 5, 1],
            "learning_rate": 0.01,
            "iterations": 15000,
            "costs": costs,
            "train_accuracy": predict(train_X, train_Y, parameters),
            "test_accuracy": predict(test_X, test_Y, parameters),
            "final_params": {k: matrix(v) for k, v in parameters.items()},
        }
        doc["stable_cost_at_0"] = record["stable_cost_at_0"]
        if initialization == "he":
            doc["initial_params"] = {k: matrix(v) for k, v in record["initial_params"].items()}
            doc["cost_at_0"] = number(record["cost_at_0"])
            doc["gradients_at_0"] = {k: matrix(v) for k, v in record["gradients_at_0"].items()}
            doc["params_after_10"] = {k: matrix(v) for k, v in record["params_after_10"].items()}
            doc["he_2_4_1_W1"] = matrix(initialize_parameters_he([2, 4, 1])["W1"])
            doc["data"] = {"train_X": matrix(train_X), "train_Y": matrix(train_Y), "test_X": matrix(test_X), "test_Y": matrix(test_Y)}
        doc["provenance"] = provenance()
        path = os.path.join(OUT, "init-%s.json" % initialization)
        with open(path, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print("%s: %s, train %s, test %s" % (path, [c["cost"] for c in costs[:2]], doc["train_accuracy"], doc["test_accuracy"]), file=sys.stderr)
    write_init_schemes()
    write_sums()


def write_sums():
    """np.sum and np.nansum of prefixes of one array: pins numpy's pairwise summation order."""
    np.random.seed(0)
    a = np.random.rand(1000) * 2 - 1
    sizes = [1, 7, 8, 9, 15, 16, 17, 100, 128, 129, 136, 255, 256, 300, 1000]
    doc = {"values": [float(v) for v in a], "sums": {str(n): float(np.sum(a[:n])) for n in sizes},
           "sequential": {str(n): float(sum(float(v) for v in a[:n])) for n in sizes}, "provenance": provenance()}
    with open(os.path.join(OUT, "numpy-sums.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def write_init_schemes():
    """Each init scheme's weights for layers [3, 4, 2] after np.random.seed(3), as numpy draws them
    (the lessons' expressions, and Keras's Glorot normal for xavier)."""
    dims = [3, 4, 2]
    schemes = {
        "he": lambda n, p: np.random.randn(n, p) * np.sqrt(2. / p),
        "lecun": lambda n, p: np.random.randn(n, p) * np.sqrt(1. / p),
        "xavier": lambda n, p: np.random.randn(n, p) * np.sqrt(2. / (p + n)),
        "deep": lambda n, p: np.random.randn(n, p) / np.sqrt(p),
        "random": lambda n, p: np.random.randn(n, p) * 10,
        "uniform": lambda n, p: np.random.uniform(-0.5, 0.25, (n, p)),
    }
    doc = {"layers": dims, "seed": 3, "uniform": {"low": -0.5, "high": 0.25}, "weights": {}}
    for name, draw in schemes.items():
        np.random.seed(3)
        doc["weights"][name] = [matrix(draw(dims[l], dims[l - 1])) for l in range(1, len(dims))]
    doc["provenance"] = provenance()
    with open(os.path.join(OUT, "init-schemes.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
