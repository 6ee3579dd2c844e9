"""Goldens for the optimization lesson (issue 8): runs bench/numpy/optim.py, the lesson's own
numpy code, for every acceptance case and writes test/golden/lessons/optim.json.

    /usr/bin/python3 scripts/make-optim-goldens.py
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CASES = [
    ("gd", "gd", 0.0007, None),
    ("momentum", "momentum", 0.0007, None),
    ("adam", "adam", 0.0007, None),
    ("gd-inverse", "gd", 0.1, "inverse"),
    ("gd-scheduled", "gd", 0.1, "scheduled"),
    ("momentum-scheduled", "momentum", 0.1, "scheduled"),
    ("adam-scheduled", "adam", 0.01, "scheduled"),
    ("rmsprop", "rmsprop", 0.0007, None),
]


def main():
    out = {}
    for name, optimizer, lr, decay in CASES:
        args = [sys.executable, os.path.join(ROOT, "bench", "numpy", "optim.py"), optimizer, repr(lr)]
        if decay:
            args.append(decay)
        result = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
        del result["seconds"]
        out[name] = result
        print(name, result["accuracy"], file=sys.stderr)
    with open(os.path.join(ROOT, "test", "golden", "lessons", "optim.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
