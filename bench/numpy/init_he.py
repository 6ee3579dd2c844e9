"""The initialization lesson's He model in its own numpy code, timed: the reference for bench/run.js.

Usage: /usr/bin/python3 bench/numpy/init_he.py [repeats]
Prints one JSON object: {"seconds": [...], "best": s, "final_cost": c, "train_accuracy": a, "blas": "..."}.
Only model() is timed (parameter init + 15000 steps), not imports or data generation, as on the
nnc side only compiling the program and training are.
"""
import json
import sys
import time

import numpy as np
import sklearn.datasets


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def forward_propagation(X, parameters):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    z1 = np.dot(W1, X) + b1
    a1 = relu(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = relu(z2)
    z3 = np.dot(W3, a2) + b3
    a3 = sigmoid(z3)
    return a3, (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)


def backward_propagation(X, Y, cache):
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    dz3 = 1. / m * (a3 - Y)
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
    return {"dW3": dW3, "db3": db3, "dW2": dW2, "db2": db2, "dW1": dW1, "db1": db1}


def update_parameters(parameters, grads, learning_rate):
    for k in range(3):
        parameters["W" + str(k + 1)] = parameters["W" + str(k + 1)] - learning_rate * grads["dW" + str(k + 1)]
        parameters["b" + str(k + 1)] = parameters["b" + str(k + 1)] - learning_rate * grads["db" + str(k + 1)]
    return parameters


def compute_loss(a3, Y):
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return 1. / m * np.nansum(logprobs)


def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2. / layers_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def model(X, Y, learning_rate=0.01, num_iterations=15000):
    # As the lesson: the loss every iteration, printed (here: kept) every 1000.
    costs = []
    parameters = initialize_parameters_he([X.shape[0], 10, 5, 1])
    for i in range(0, num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 1000 == 0:
            costs.append(cost)
    return parameters, costs[-1]


def blas():
    try:
        import threadpoolctl
        infos = [p for p in threadpoolctl.threadpool_info() if p.get("user_api") == "blas"]
        return ", ".join("%s %s %s" % (p.get("internal_api"), p.get("version"), p.get("architecture")) for p in infos) or None
    except Exception:
        return None


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    np.random.seed(1)
    train_X, train_Y = sklearn.datasets.make_circles(n_samples=300, noise=.05)
    X, Y = train_X.T, train_Y.reshape((1, train_Y.shape[0]))
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        parameters, cost = model(X, Y)
        seconds.append(time.perf_counter() - start)
    a3, _ = forward_propagation(X, parameters)
    print(json.dumps({"seconds": seconds, "best": min(seconds), "last_reported_cost": float(cost),
                      "train_accuracy": float(np.mean((a3 > 0.5)[0, :] == Y[0, :])), "blas": blas(),
                      "numpy": np.__version__}))


if __name__ == "__main__":
    main()
