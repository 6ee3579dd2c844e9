"""The regularization lesson (deeplearning.ai course 2 week 1) in its own numpy code (reg_utils and
the notebook's model): no regularization, L2 (lambda 0.7) and dropout (keep 0.86, the lesson's
np.random.seed(1) at the start of every forward pass). Used two ways:

  /usr/bin/python3 bench/numpy/reg_lesson.py bench none|l2|dropout [repeats]
      times model() (parameter init + 30000 steps) and prints one JSON object for bench/run.js;
  imported by scripts/make-reg-goldens.py, which records the cost lines and accuracies.

The data is the lesson's data.mat (examples/data/football.mat): train_X = X.T, test_X = Xval.T.
"""
import json
import os
import sys
import time

import numpy as np
import scipy.io

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "examples", "data", "football.mat")


def load_2D_dataset(path=DATA):
    data = scipy.io.loadmat(path)
    return data['X'].T, data['y'].T, data['Xval'].T, data['yval'].T


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def initialize_parameters(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def forward_propagation(X, parameters):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    np.random.seed(1)
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    D1 = np.random.rand(A1.shape[0], A1.shape[1])
    D1 = D1 < keep_prob
    A1 = A1 * D1
    A1 = A1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    D2 = np.random.rand(A2.shape[0], A2.shape[1])
    D2 = D2 < keep_prob
    A2 = A2 * D2
    A2 = A2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def compute_cost(a3, Y):
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return 1. / m * np.nansum(logprobs)


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    W1, W2, W3 = parameters["W1"], parameters["W2"], parameters["W3"]
    cross_entropy_cost = compute_cost(A3, Y)
    L2_regularization_cost = (1. / m * lambd / 2) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    return cross_entropy_cost + L2_regularization_cost


def backward_propagation(X, Y, cache):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T) + lambd / m * W3
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T) + lambd / m * W2
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T) + lambd / m * W1
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def backward_propagation_with_l1(X, Y, cache, l1):
    # Not in the lesson: its L2 code with the L1 term, cost + l1/m * sum|W|, dW + l1/m * sign(W).
    m = X.shape[1]
    grads = backward_propagation(X, Y, cache)
    W1, W2, W3 = cache[2], cache[6], cache[10]
    for name, W in (("dW1", W1), ("dW2", W2), ("dW3", W3)):
        grads[name] = grads[name] + l1 / m * np.sign(W)
    return grads


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dA2 = dA2 * D2
    dA2 = dA2 / keep_prob
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dA1 = dA1 * D1
    dA1 = dA1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def update_parameters(parameters, grads, learning_rate):
    for k in range(3):
        parameters["W" + str(k + 1)] = parameters["W" + str(k + 1)] - learning_rate * grads["dW" + str(k + 1)]
        parameters["b" + str(k + 1)] = parameters["b" + str(k + 1)] - learning_rate * grads["db" + str(k + 1)]
    return parameters


def predict(X, y, parameters):
    a3, _ = forward_propagation(X, parameters)
    p = (a3 > 0.5)
    return float(np.mean((p[0, :] == y[0, :])))


def model(X, Y, learning_rate=0.3, num_iterations=30000, print_every=10000, lambd=0, keep_prob=1, l1=0):
    costs = []
    parameters = initialize_parameters([X.shape[0], 20, 3, 1])
    for i in range(0, num_iterations):
        if keep_prob == 1:
            a3, cache = forward_propagation(X, parameters)
        else:
            a3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)
        if l1 != 0:
            m = Y.shape[1]
            cost = compute_cost(a3, Y) + l1 / m * sum(np.sum(np.abs(parameters["W%d" % l])) for l in (1, 2, 3))
            grads = backward_propagation_with_l1(X, Y, cache, l1)
            parameters = update_parameters(parameters, grads, learning_rate)
            if i % print_every == 0:
                costs.append({"iteration": i, "cost": float(cost)})
            continue
        if lambd == 0:
            cost = compute_cost(a3, Y)
        else:
            cost = compute_cost_with_regularization(a3, Y, parameters, lambd)
        if lambd == 0 and keep_prob == 1:
            grads = backward_propagation(X, Y, cache)
        elif lambd != 0:
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        else:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % print_every == 0:
            costs.append({"iteration": i, "cost": float(cost)})
    return parameters, costs


RUNS = {"none": {}, "l2": {"lambd": 0.7}, "dropout": {"keep_prob": 0.86}, "l1": {"l1": 0.1}}


def blas():
    try:
        import threadpoolctl
        infos = [p for p in threadpoolctl.threadpool_info() if p.get("user_api") == "blas"]
        return ", ".join("%s %s %s" % (p.get("internal_api"), p.get("version"), p.get("architecture")) for p in infos) or None
    except Exception:
        return None


def main():
    kind = sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    train_X, train_Y, test_X, test_Y = load_2D_dataset()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        parameters, costs = model(train_X, train_Y, **RUNS[kind])
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "best": min(seconds), "last_reported_cost": costs[-1]["cost"],
                      "train_accuracy": predict(train_X, train_Y, parameters),
                      "test_accuracy": predict(test_X, test_Y, parameters), "blas": blas(), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
