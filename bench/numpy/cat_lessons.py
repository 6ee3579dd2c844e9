"""The deep-network lesson's cat / non-cat models in its own numpy code (dnn_app_utils):
the reference for bench/run.js and for scripts/make-cat-goldens.py.

Usage: /usr/bin/python3 bench/numpy/cat_lessons.py two|deep [repeats] [iterations]
Prints one JSON object: {"seconds": [...], "best": s, "costs": [[i, c], ...], "train_accuracy": a,
"test_accuracy": a, "blas": "...", "numpy": "..."}. Only the model function is timed (parameter
init + the training steps), not reading the HDF5 files, as on the nnc side.
"""
import json
import os
import sys
import time

import h5py
import numpy as np

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "data")


def load_data():
    train = h5py.File(os.path.join(DATA, "train_catvnoncat.h5"), "r")
    test = h5py.File(os.path.join(DATA, "test_catvnoncat.h5"), "r")
    train_x_orig, train_y = np.array(train["train_set_x"][:]), np.array(train["train_set_y"][:])
    test_x_orig, test_y = np.array(test["test_set_x"][:]), np.array(test["test_set_y"][:])
    train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.
    test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.
    return train_x, train_y.reshape((1, -1)), test_x, test_y.reshape((1, -1))


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z)), Z


def relu(Z):
    return np.maximum(0, Z), Z


def relu_backward(dA, cache):
    dZ = np.array(dA, copy=True)
    dZ[cache <= 0] = 0
    return dZ


def sigmoid_backward(dA, cache):
    s = 1 / (1 + np.exp(-cache))
    return dA * s * (1 - s)


def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def initialize_parameters_deep(layer_dims):
    np.random.seed(1)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def linear_activation_forward(A_prev, W, b, activation):
    Z = W.dot(A_prev) + b
    A, activation_cache = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, ((A_prev, W, b), activation_cache)


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = (1. / m) * (-np.dot(Y, np.log(AL).T) - np.dot(1 - Y, np.log(1 - AL).T))
    return np.squeeze(cost)


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1. / m * np.dot(dZ, A_prev.T)
    db = 1. / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    dZ = relu_backward(dA, activation_cache) if activation == "relu" else sigmoid_backward(dA, activation_cache)
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    for l in reversed(range(L - 1)):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], "relu")
        grads["dA" + str(l)], grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = dA_prev, dW, db
    return grads


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
    return parameters


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, two_layer=False, cost_every=100):
    # The lesson's two_layer_model and L_layer_model differ only in the initializer (and in how
    # they spell the same forward/backward steps for two layers). The costs are those the lesson
    # prints: every 100th and the last (cost_every=1: every one, for the goldens).
    costs = []
    if two_layer:
        parameters = initialize_parameters(*layers_dims)
    else:
        parameters = initialize_parameters_deep(layers_dims)
    for i in range(0, num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % cost_every == 0 or i == num_iterations - 1:
            costs.append((i, float(cost)))
    return parameters, costs


def predict(X, y, parameters):
    probas, _ = L_model_forward(X, parameters)
    return float(np.sum(((probas > 0.5) == y)) / X.shape[1])


def blas():
    try:
        import threadpoolctl
        infos = [p for p in threadpoolctl.threadpool_info() if p.get("user_api") == "blas"]
        return ", ".join("%s %s %s" % (p.get("internal_api"), p.get("version"), p.get("architecture")) for p in infos) or None
    except Exception:
        return None


LAYERS = {"two": [12288, 7, 1], "deep": [12288, 20, 7, 5, 1]}


def main():
    which = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    iterations = int(sys.argv[3]) if len(sys.argv) > 3 else 2500
    train_x, train_y, test_x, test_y = load_data()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        parameters, costs = L_layer_model(train_x, train_y, LAYERS[which], 0.0075, iterations, which == "two")
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "best": min(seconds), "costs": costs,
                      "train_accuracy": predict(train_x, train_y, parameters),
                      "test_accuracy": predict(test_x, test_y, parameters),
                      "blas": blas(), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
