#!/usr/bin/python3
"""Golden numbers for the initialization lesson (deeplearning.ai, "Initialization"), made by the
lesson's own numpy code in bench/numpy/init_he.py.

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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "numpy"))
import init_he as lesson  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "golden", "lessons")


def stable_loss(z3, Y):
    """The same cost computed from the logit, finite where the lesson's prints inf (not lesson code)."""
    return float(np.mean(np.maximum(z3, 0) - z3 * Y + np.log1p(np.exp(-np.abs(z3)))))


def run(X, Y, initialization):
    """The lesson's model(), recording its initial parameters, its step 0 and its parameters after 10 steps."""
    record = {}

    def observe(i, parameters, cache, cost, grads):
        if i == 0:
            record["initial_params"] = {k: v.copy() for k, v in parameters.items()}
            record["gradients_at_0"] = grads
            record["cost_at_0"] = cost
            record["stable_cost_at_0"] = stable_loss(cache[8], Y)
        elif i == 10:
            record["params_after_10"] = {k: v.copy() for k, v in parameters.items()}

    parameters, costs = lesson.model(X, Y, initialization=initialization, observe=observe)
    return parameters, [{"iteration": 1000 * k, "cost": number(c)} for k, c in enumerate(costs)], record


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
    train_X, train_Y, test_X, test_Y = lesson.load_dataset()
    os.makedirs(OUT, exist_ok=True)
    for initialization in ("he", "zeros", "random"):
        # The lesson's cost is inf under large weights; numpy's warnings about it say nothing new.
        with np.errstate(divide="ignore", invalid="ignore"):
            parameters, costs, record = run(train_X, train_Y, initialization)
        doc = {
            "lesson": "Initialization",
            "initialization": initialization,
            "layers": [2, 10, 5, 1],
            "learning_rate": 0.01,
            "iterations": 15000,
            "costs": costs,
            "train_accuracy": lesson.predict(train_X, train_Y, parameters),
            "test_accuracy": lesson.predict(test_X, test_Y, parameters),
            "final_params": {k: matrix(v) for k, v in parameters.items()},
        }
        doc["stable_cost_at_0"] = record["stable_cost_at_0"]
        if initialization == "he":
            doc["initial_params"] = {k: matrix(v) for k, v in record["initial_params"].items()}
            doc["cost_at_0"] = number(record["cost_at_0"])
            doc["gradients_at_0"] = {k: matrix(v) for k, v in record["gradients_at_0"].items()}
            doc["params_after_10"] = {k: matrix(v) for k, v in record["params_after_10"].items()}
            doc["he_2_4_1_W1"] = matrix(lesson.initialize_parameters_he([2, 4, 1])["W1"])
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
