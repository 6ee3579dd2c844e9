"""The initialization lesson (deeplearning.ai, "Initialization") in its own numpy code, nearly verbatim
(init_utils.py and the notebook; predict returns the accuracy and model returns the costs it would print).
The reference for bench/run.js, which times the He model, and for scripts/make-lesson-goldens.py,
which imports it.

Usage: /usr/bin/python3 bench/numpy/init_he.py [repeats]
Prints one JSON object: {"seconds": [...], "best": s, "last_reported_cost": c, "train_accuracy": a,
"blas": "...", "numpy": "..."}. Only model() is timed (parameter init + 15000 steps), not imports or
data generation, as on the nnc side only compiling the program and training are.
"""
import json
import sys
import time

import numpy as np
import sklearn.datasets


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


def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he", observe=None):
    """The lesson's model(): returns the parameters and the costs it prints (every 1000 iterations).
    observe(i, parameters, cache, cost, grads), when given, sees each step before its update."""
    costs = []
    layers_dims = [X.shape[0], 10, 5, 1]
    parameters = INITIALIZERS[initialization](layers_dims)
    for i in range(0, num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation(X, Y, cache)
        if observe is not None:
            observe(i, parameters, cache, cost, grads)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 1000 == 0:
            costs.append(cost)
    return parameters, costs


# ---- the benchmark -------------------------------------------------------------------------
def blas():
    try:
        import threadpoolctl
        infos = [p for p in threadpoolctl.threadpool_info() if p.get("user_api") == "blas"]
        return ", ".join("%s %s %s" % (p.get("internal_api"), p.get("version"), p.get("architecture")) for p in infos) or None
    except Exception:
        return None


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    X, Y, _, _ = load_dataset()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        parameters, costs = model(X, Y)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "best": min(seconds), "last_reported_cost": float(costs[-1]),
                      "train_accuracy": predict(X, Y, parameters), "blas": blas(), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
