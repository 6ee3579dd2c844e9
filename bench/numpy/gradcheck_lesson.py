"""The gradient-checking lesson (deeplearning.ai, "Gradient Checking") in its own numpy code, nearly
verbatim (gc_utils.py and the notebook; gradient_check_n returns the vectors it compares instead of
printing, and backward_propagation_n takes `buggy`: the lesson's deliberate mistakes in dW2 and db1, or
their corrections). scripts/make-gradcheck-goldens.py imports it.

Usage: /usr/bin/python3 bench/numpy/gradcheck_lesson.py
Prints the lesson's three differences: the 1-D check, and the N-dimensional check of the buggy and the
fixed backward pass.
"""
import numpy as np


# ---- 1-dimensional gradient checking -------------------------------------------------------
def forward_propagation(x, theta):
    J = theta * x
    return J


def backward_propagation(x, theta):
    dtheta = x
    return dtheta


def gradient_check(x, theta, epsilon=1e-7):
    thetaplus = theta + epsilon
    thetaminus = theta - epsilon
    J_plus = forward_propagation(x, thetaplus)
    J_minus = forward_propagation(x, thetaminus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    return difference


# ---- gc_utils.py -----------------------------------------------------------------------------
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"]


def dictionary_to_vector(parameters):
    return np.concatenate([parameters[k].reshape((-1, 1)) for k in KEYS], axis=0)


def vector_to_dictionary(theta):
    shapes = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    parameters, start = {}, 0
    for k in KEYS:
        size = shapes[k][0] * shapes[k][1]
        parameters[k] = theta[start:start + size].reshape(shapes[k])
        start += size
    return parameters


def gradients_to_vector(gradients):
    return np.concatenate([gradients["d" + k].reshape((-1, 1)) for k in KEYS], axis=0)


# ---- N-dimensional gradient checking ---------------------------------------------------------
def forward_propagation_n(X, Y, parameters):
    m = X.shape[1]
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = 1. / m * np.sum(logprobs)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return cost, cache


def backward_propagation_n(X, Y, cache, buggy):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T) * (2 if buggy else 1)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = (4. if buggy else 1.) / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
    parameters_values = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        thetaplus = np.copy(parameters_values)
        thetaplus[i][0] = thetaplus[i][0] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaplus))
        thetaminus = np.copy(parameters_values)
        thetaminus[i][0] = thetaminus[i][0] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaminus))
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    return difference, grad, gradapprox


def gradient_check_n_test_case():
    """The lesson's testCases.gradient_check_n_test_case: x, y, then W1, b1, W2, b2, W3, b3 after np.random.seed(1)."""
    np.random.seed(1)
    x = np.random.randn(4, 3)
    y = np.array([1, 1, 0])
    W1 = np.random.randn(5, 4)
    b1 = np.random.randn(5, 1)
    W2 = np.random.randn(3, 5)
    b2 = np.random.randn(3, 1)
    W3 = np.random.randn(1, 3)
    b3 = np.random.randn(1, 1)
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    return x, y, parameters


def main():
    print("1-D difference", repr(gradient_check(2, 4)))
    x, y, parameters = gradient_check_n_test_case()
    cost, cache = forward_propagation_n(x, y, parameters)
    for name, buggy in (("buggy", True), ("fixed", False)):
        difference, _, _ = gradient_check_n(parameters, backward_propagation_n(x, y, cache, buggy), x, y)
        print(name, "difference", repr(float(difference)))


if __name__ == "__main__":
    main()
