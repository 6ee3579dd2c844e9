"""The numpy side of bench/scale.js and of the cat benches' mini-batch rows: the lessons' own numpy
code (bench/numpy/init_he.py, cat_lessons.py, optim.py) run at other sizes.

    /usr/bin/python3 bench/numpy/ladder.py circles M STEPS REPEATS
        the initialization lesson's He network [2, 10, 5, 1] on make_circles(M, noise .05) after
        np.random.seed(1), STEPS full-batch gd steps at 0.01 (its forward, loss, backward, update)
    /usr/bin/python3 bench/numpy/ladder.py cats TILE STEPS REPEATS
        the deep cat model [12288, 20, 7, 5, 1] on the training set tiled TILE times (209·TILE
        images), STEPS full-batch gd steps at 0.0075 (L_layer_model)
    /usr/bin/python3 bench/numpy/ladder.py tile-h5 TILE PATH
        writes the training set tiled TILE times to PATH (HDF5, the lesson's names), for nnc
    /usr/bin/python3 bench/numpy/ladder.py cat-adam EPOCHS REPEATS
    /usr/bin/python3 bench/numpy/ladder.py circles-adam M EPOCHS REPEATS
        EPOCHS epochs of Adam (lr 0.0007) on mini-batches of 64: the optimization lesson's
        random_mini_batches (seed 10 + epoch) and update_parameters_with_adam around the deep cat
        model's / the He network's forward and backward

Prints one JSON object: {"seconds": [...], "best": s, "steps": n, "last_cost": c, "blas": "...",
"numpy": "..."}. Timed: parameter drawing and the loop, not the data.
"""
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cat_lessons  # noqa: E402
import init_he  # noqa: E402
import optim  # noqa: E402

LR_ADAM = 0.0007


def circles(m):
    import sklearn.datasets
    np.random.seed(1)
    X, Y = sklearn.datasets.make_circles(n_samples=m, noise=.05)
    return X.T, Y.reshape((1, m))


def cats(tile):
    X, Y, _, _ = cat_lessons.load_data()
    return np.tile(X, (1, tile)), np.tile(Y, (1, tile))


def circles_gd(X, Y, steps):
    parameters = init_he.initialize_parameters_he([X.shape[0], 10, 5, 1])
    cost = None
    for _ in range(steps):
        a3, cache = init_he.forward_propagation(X, parameters)
        cost = init_he.compute_loss(a3, Y)
        grads = init_he.backward_propagation(X, Y, cache)
        parameters = init_he.update_parameters(parameters, grads, 0.01)
    return cost, steps


def cats_gd(X, Y, steps):
    _, costs = cat_lessons.L_layer_model(X, Y, cat_lessons.LAYERS["deep"], 0.0075, steps, False, cost_every=steps)
    return costs[-1][1], steps


def adam_epochs(X, Y, epochs, parameters, forward, backward):
    """optim.py's model() with Adam, the network's own forward and backward."""
    v, s = optim.initialize_adam(parameters)
    t, seed, m, cost = 0, 10, X.shape[1], None
    for _ in range(epochs):
        seed = seed + 1
        cost_total = 0
        for minibatch_X, minibatch_Y in optim.random_mini_batches(X, Y, 64, seed):
            AL, caches = forward(minibatch_X, parameters)
            cost_total += optim.compute_cost(AL, minibatch_Y)
            grads = backward(minibatch_X, minibatch_Y, AL, caches)
            t = t + 1
            parameters, v, s = optim.update_parameters_with_adam(parameters, grads, v, s, t, LR_ADAM)
        cost = cost_total / m
    return cost, t


def cat_adam(X, Y, epochs):
    parameters = cat_lessons.initialize_parameters_deep(cat_lessons.LAYERS["deep"])
    return adam_epochs(X, Y, epochs, parameters, cat_lessons.L_model_forward,
                       lambda _X, Yb, AL, caches: cat_lessons.L_model_backward(AL, Yb, caches))


def circles_adam(X, Y, epochs):
    parameters = init_he.initialize_parameters_he([X.shape[0], 10, 5, 1])
    return adam_epochs(X, Y, epochs, parameters, optim.forward_propagation,
                       lambda Xb, Yb, _AL, cache: optim.backward_propagation(Xb, Yb, cache))


def write_tiled(tile, path):
    import h5py
    with h5py.File(os.path.join(cat_lessons.DATA, "train_catvnoncat.h5"), "r") as train:
        x, y = train["train_set_x"][:], train["train_set_y"][:]
    with h5py.File(path, "w") as out:
        out["train_set_x"] = np.tile(x, (tile, 1, 1, 1))
        out["train_set_y"] = np.tile(y, tile)


def timed(run, X, Y, n, repeats):
    """Each repeat's seconds of run(X, Y, n), and the last repeat's cost and steps (torch's ladder uses it too)."""
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        cost, steps = run(X, Y, n)
        seconds.append(time.perf_counter() - start)
    return seconds, cost, steps


def main():
    if sys.argv[1] == "tile-h5":
        return write_tiled(int(sys.argv[2]), sys.argv[3])
    mode, args = sys.argv[1], [int(a) for a in sys.argv[2:]]
    if mode == "circles":
        (X, Y), run, n, repeats = circles(args[0]), circles_gd, args[1], args[2]
    elif mode == "cats":
        (X, Y), run, n, repeats = cats(args[0]), cats_gd, args[1], args[2]
    elif mode == "cat-adam":
        (X, Y), run, n, repeats = cats(1), cat_adam, args[0], args[1]
    elif mode == "circles-adam":
        (X, Y), run, n, repeats = circles(args[0]), circles_adam, args[1], args[2]
    else:
        raise SystemExit("unknown mode " + mode)
    seconds, cost, steps = timed(run, X, Y, n, repeats)
    print(json.dumps({"seconds": seconds, "best": min(seconds), "steps": steps, "last_cost": float(cost),
                      "blas": cat_lessons.blas(), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
