#!/usr/bin/python3
# Goldens for multi-class classification (test/golden/numpy/softmax.json), with Debian's numpy 1.24
# and scikit-learn 1.2:
#   - make_blobs(n_samples, centers, n_features=2, cluster_std, random_state=None) after
#     np.random.seed(seed): the points (sklearn's (m, 2), row-major), the labels, and five randn
#     draws after it (so the number of draws matches);
#   - a [2, 10, 3] relu/softmax network, He-initialized after np.random.seed(3) (W = randn(n, fan_in)
#     * sqrt(2 / fan_in), b = 0, layer by layer), trained with full-batch gd in the lessons' style
#     on blobs(300, 3, 2.5, seed 1): the cost every 200 iterations of 2000, the training accuracy
#     (argmax == label) and the final parameters.
# Run: /usr/bin/python3 scripts/make-softmax-goldens.py
import json
import numpy as np
from sklearn.datasets import make_blobs

def b64(a):
    import base64
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f8").tobytes()).decode()

def blobs(samples, centers, std, seed):
    np.random.seed(seed)
    X, y = make_blobs(n_samples=samples, centers=centers, n_features=2, cluster_std=std, random_state=None)
    return X, y, np.random.randn(5)

def softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)

def categorical_cost(Z, y):
    m = Z.shape[1]
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return -np.sum(log_probs[y, np.arange(m)]) / m

def train(X, y, layers, learning_rate, iterations, every):
    np.random.seed(3)
    params = {}
    for l in range(1, len(layers)):
        params["W" + str(l)] = np.random.randn(layers[l], layers[l - 1]) * np.sqrt(2 / layers[l - 1])
        params["b" + str(l)] = np.zeros((layers[l], 1))
    m = X.shape[1]
    Y = np.zeros((layers[-1], m))
    Y[y, np.arange(m)] = 1
    costs = []
    for i in range(iterations):
        Z1 = params["W1"] @ X + params["b1"]
        A1 = np.maximum(Z1, 0)
        Z2 = params["W2"] @ A1 + params["b2"]
        A2 = softmax(Z2)
        if i % every == 0:
            costs.append([i, categorical_cost(Z2, y)])
        dZ2 = 1.0 / m * (A2 - Y)
        dW2 = dZ2 @ A1.T
        db2 = np.sum(dZ2, axis=1, keepdims=True)
        dA1 = params["W2"].T @ dZ2
        dZ1 = dA1 * (A1 > 0)
        dW1 = dZ1 @ X.T
        db1 = np.sum(dZ1, axis=1, keepdims=True)
        for name, grad in (("W1", dW1), ("b1", db1), ("W2", dW2), ("b2", db2)):
            params[name] = params[name] - learning_rate * grad
    A2 = softmax(params["W2"] @ np.maximum(params["W1"] @ X + params["b1"], 0) + params["b2"])
    accuracy = float(np.mean(np.argmax(A2, axis=0) == y))
    return costs, accuracy, {k: v.tolist() for k, v in params.items()}

out = {"blobs": []}
for samples, centers, std, seed in ((300, 3, 2.5, 1), (7, 4, 1.0, 2), (50, 2, 0.5, 0)):
    X, y, after = blobs(samples, centers, std, seed)
    out["blobs"].append({"samples": samples, "centers": centers, "std": std, "seed": seed,
                         "X_m_by_2": b64(X), "y": y.tolist(), "randn_after": after.tolist()})
X, y, _ = blobs(300, 3, 2.5, 1)
costs, accuracy, params = train(X.T, y, [2, 10, 3], 0.01, 2000, 200)
out["training"] = {"data": {"samples": 300, "centers": 3, "std": 2.5, "seed": 1}, "layers": [2, 10, 3],
                   "learning_rate": 0.01, "iterations": 2000, "costs": costs, "accuracy": accuracy, "params": params}
with open("test/golden/numpy/softmax.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(costs[:3], accuracy)
