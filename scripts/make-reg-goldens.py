"""The regularization lesson's three runs, from the lesson's numpy code (bench/numpy/reg_lesson.py),
as test/golden/lessons/reg-{none,l2,dropout,l1}.json (L1, not in the lesson, in the lesson's style) in the shape `nnc run --json` prints:
{"costs": [{"iteration": i, "cost": c}], "accuracy": {"train": a, "test": b}}, plus the first
dropout masks (D1, D2 of the lesson's re-seeded generator) for the mask test.

Usage: /usr/bin/python3 scripts/make-reg-goldens.py
"""
import json
import os
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(ROOT, "bench", "numpy"))
import reg_lesson  # noqa: E402


def main():
    train_X, train_Y, test_X, test_Y = reg_lesson.load_2D_dataset()
    for name, kwargs in reg_lesson.RUNS.items():
        parameters, costs = reg_lesson.model(train_X, train_Y, **kwargs)
        doc = {"costs": costs,
               "accuracy": {"train": reg_lesson.predict(train_X, train_Y, parameters),
                            "test": reg_lesson.predict(test_X, test_Y, parameters)},
               "W3": parameters["W3"].ravel().tolist()}
        path = os.path.join(ROOT, "test", "golden", "lessons", "reg-%s.json" % name)
        with open(path, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(name, json.dumps(doc["costs"]), doc["accuracy"])
    # The masks of the lesson's first dropout pass (it re-seeds with 1 at every pass; the weights do not matter).
    m = train_X.shape[1]
    parameters = reg_lesson.initialize_parameters([train_X.shape[0], 20, 3, 1])
    _, cache = reg_lesson.forward_propagation_with_dropout(train_X, parameters, keep_prob=0.86)
    D1, D2 = cache[1], cache[6]
    with open(os.path.join(ROOT, "test", "golden", "lessons", "reg-dropout-masks.json"), "w") as f:
        json.dump({"keep": 0.86, "m": m, "D1": D1.astype(int).ravel().tolist(), "D2": D2.astype(int).ravel().tolist()}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
