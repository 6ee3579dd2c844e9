#!/usr/bin/python3
"""Golden numbers for the gradient-checking lesson (deeplearning.ai, "Gradient Checking"), made by
the lesson's own numpy code in bench/numpy/gradcheck_lesson.py.

Run with Debian's python3 (numpy 1.24):
    /usr/bin/python3 scripts/make-gradcheck-goldens.py
Writes test/golden/lessons/gradcheck.json: the 1-D difference, and for the N-dimensional case the
data and parameters drawn after np.random.seed(1), the analytic gradients of the buggy and the
fixed backward pass, numpy's gradapprox, and the differences overall and per tensor (the lesson
flattens in the order W1, b1, W2, b2, W3, b3 and its difference is over the whole vector).
"""
import json
import os
import platform
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "numpy"))
import gradcheck_lesson as lesson  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "golden", "lessons")


def per_tensor(parameters, grad, gradapprox):
    out, start = {}, 0
    for k in lesson.KEYS:
        size = parameters[k].size
        g, a = grad[start:start + size], gradapprox[start:start + size]
        out[k] = float(np.linalg.norm(g - a) / (np.linalg.norm(g) + np.linalg.norm(a)))
        start += size
    return out


def flat(a):
    return [float(v) for v in np.asarray(a).reshape(-1)]


def main():
    one_d = lesson.gradient_check(2, 4)

    x, y, parameters = lesson.gradient_check_n_test_case()
    cost, cache = lesson.forward_propagation_n(x, y, parameters)
    cases = {}
    for name, buggy in (("buggy", True), ("fixed", False)):
        gradients = lesson.backward_propagation_n(x, y, cache, buggy)
        difference, grad, gradapprox = lesson.gradient_check_n(parameters, gradients, x, y, 1e-7)
        cases[name] = {
            "difference": float(difference),
            "per_tensor": per_tensor(parameters, grad, gradapprox),
            "grad": flat(grad),
            "gradapprox": flat(gradapprox),
        }

    doc = {
        "made_by": "scripts/make-gradcheck-goldens.py",
        "numpy": np.__version__,
        "python": platform.python_version(),
        "one_d": {"x": 2, "theta": 4, "epsilon": 1e-7, "difference": float(one_d)},
        "n_d": {
            "epsilon": 1e-7,
            "x": flat(x),
            "y": flat(y),
            "parameters": {k: flat(v) for k, v in parameters.items()},
            "cost": float(cost),
            **cases,
        },
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "gradcheck.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("1-D", repr(one_d), "buggy", repr(cases["buggy"]["difference"]), "fixed", repr(cases["fixed"]["difference"]))
    print("fixed per tensor", cases["fixed"]["per_tensor"])


if __name__ == "__main__":
    main()
