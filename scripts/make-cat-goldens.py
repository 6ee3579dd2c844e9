#!/usr/bin/python3
"""Golden numbers for the deep-network lesson's cat / non-cat models (deeplearning.ai, course 1
week 4), made by the lesson's own numpy code in bench/numpy/cat_lessons.py.

Run with Debian's python3 (numpy 1.24, h5py):
    /usr/bin/python3 scripts/make-cat-goldens.py
Writes test/golden/lessons/cat-{two,deep}.json: the cost at every iteration of the first
ITERATIONS (the lesson's cost, computed before each update) and the train / test accuracies after
ITERATIONS steps. The full 2500-iteration figures are the lesson's published ones, checked by
`npm run check:cats` (scripts/check-cat-lessons.mjs), not by the test suite.
"""
import json
import os
import platform
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "numpy"))
import cat_lessons as lesson  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "golden", "lessons")
ITERATIONS = 60


def main():
    train_x, train_y, test_x, test_y = lesson.load_data()
    for which in ("two", "deep"):
        parameters, iteration_costs = lesson.L_layer_model(
            train_x, train_y, lesson.LAYERS[which], 0.0075, ITERATIONS, two_layer=which == "two", cost_every=1)
        costs = [cost for _, cost in iteration_costs]
        doc = {
            "made_by": "scripts/make-cat-goldens.py (the lesson's numpy code, bench/numpy/cat_lessons.py)",
            "numpy": np.__version__,
            "python": platform.python_version(),
            "layers": lesson.LAYERS[which],
            "iterations": ITERATIONS,
            "costs": [repr(c) for c in costs],
            "train_accuracy": lesson.predict(train_x, train_y, parameters),
            "test_accuracy": lesson.predict(test_x, test_y, parameters),
            "W1_after_0_to_4": [repr(float(v)) for v in parameters["W1"].ravel()[:5]],
        }
        with open(os.path.join(OUT, "cat-%s.json" % which), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
