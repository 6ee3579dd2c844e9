"""The torch side of bench/scale.js and bench/cats.js: the same networks, data, parameters and
steps as bench/numpy/ladder.py and cat_lessons.py, written as a lean torch loop (float64 tensors,
the forward, backward and update by hand, in place where torch allows; threads as torch chooses).
The data and the first parameters come from the numpy code, so the costs agree with numpy's.

    /usr/bin/python3 bench/torch/ladder.py circles M STEPS REPEATS
    /usr/bin/python3 bench/torch/ladder.py cats TILE STEPS REPEATS
    /usr/bin/python3 bench/torch/ladder.py cat-two STEPS REPEATS     (the two-layer cat model [12288, 7, 1])
    /usr/bin/python3 bench/torch/ladder.py cat-adam EPOCHS REPEATS
    /usr/bin/python3 bench/torch/ladder.py circles-adam M EPOCHS REPEATS

Prints one JSON object: {"seconds": [...], "best": s, "steps": n, "last_cost": c, "torch": "...",
"threads": n, "blas": "..."}. Timed: moving the first parameters into tensors and the loop.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "numpy"))
import cat_lessons  # noqa: E402
import init_he  # noqa: E402
import ladder  # noqa: E402

BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-8


def tensors(parameters):
    L = len(parameters) // 2
    return ([torch.from_numpy(parameters["W%d" % l].copy()) for l in range(1, L + 1)],
            [torch.from_numpy(parameters["b%d" % l].copy()) for l in range(1, L + 1)])


def forward(X, Ws, bs):
    A, caches = X, []
    for l, (W, b) in enumerate(zip(Ws, bs)):
        Z = torch.addmm(b, W, A)
        caches.append((A, Z))
        A = torch.sigmoid(Z) if l == len(Ws) - 1 else torch.relu(Z)
    return A, caches


def loss_sum(AL, Y):
    return -(Y * torch.log(AL) + (1 - Y) * torch.log(1 - AL)).sum()


def backward(AL, Y, Ws, caches):
    """dZ = (A − Y) / m at the sigmoid output, then the relu layers; no dA for the input."""
    dZ = (AL - Y) / Y.shape[1]
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        A_prev, _ = caches[l]
        dWs[l] = dZ @ A_prev.T
        dbs[l] = dZ.sum(dim=1, keepdim=True)
        if l > 0:
            dZ = (Ws[l].T @ dZ) * (caches[l - 1][1] > 0)
    return dWs, dbs


def gd(X, Y, steps, parameters, lr):
    Ws, bs = tensors(parameters)
    X, Y = torch.from_numpy(X), torch.from_numpy(Y).double()
    cost = None
    for _ in range(steps):
        AL, caches = forward(X, Ws, bs)
        cost = loss_sum(AL, Y) / Y.shape[1]
        dWs, dbs = backward(AL, Y, Ws, caches)
        for p, g in zip(Ws + bs, dWs + dbs):
            p.sub_(g, alpha=lr)
    return float(cost), steps


def adam(X, Y, epochs, parameters, lr=ladder.LR_ADAM, batch=64):
    """The lesson's shuffle (np.random.seed(10 + epoch), permutation, slices) and Adam, in place."""
    Ws, bs = tensors(parameters)
    params = Ws + bs
    v = [torch.zeros_like(p) for p in params]
    s = [torch.zeros_like(p) for p in params]
    X, Y = torch.from_numpy(X), torch.from_numpy(Y).double()
    m, t, seed, cost = X.shape[1], 0, 10, None
    for _ in range(epochs):
        seed += 1
        np.random.seed(seed)
        order = torch.from_numpy(np.random.permutation(m))
        Xs, Ys = X[:, order], Y[:, order]
        cost_total = 0.0
        for k in range(0, m, batch):
            Xb, Yb = Xs[:, k:k + batch], Ys[:, k:k + batch]
            AL, caches = forward(Xb, Ws, bs)
            cost_total += float(loss_sum(AL, Yb))
            dWs, dbs = backward(AL, Yb, Ws, caches)
            t += 1
            for p, g, vp, sp in zip(params, dWs + dbs, v, s):
                vp.mul_(BETA1).add_(g, alpha=1 - BETA1)
                sp.mul_(BETA2).addcmul_(g, g, value=1 - BETA2)
                denominator = (sp / (1 - BETA2 ** t)).sqrt_().add_(EPSILON)
                p.addcdiv_(vp / (1 - BETA1 ** t), denominator, value=-lr)
        cost = cost_total / m
    return cost, t


def main():
    mode, args = sys.argv[1], [int(a) for a in sys.argv[2:]]
    he = lambda X: init_he.initialize_parameters_he([X.shape[0], 10, 5, 1])  # noqa: E731
    deep = lambda X: cat_lessons.initialize_parameters_deep(cat_lessons.LAYERS["deep"])  # noqa: E731
    if mode == "circles":
        (X, Y), run, n, repeats = ladder.circles(args[0]), lambda X, Y, n: gd(X, Y, n, he(X), 0.01), args[1], args[2]
    elif mode == "cats":
        (X, Y), run, n, repeats = ladder.cats(args[0]), lambda X, Y, n: gd(X, Y, n, deep(X), 0.0075), args[1], args[2]
    elif mode == "cat-two":
        two = cat_lessons.initialize_parameters(*cat_lessons.LAYERS["two"])
        (X, Y), run, n, repeats = ladder.cats(1), lambda X, Y, n: gd(X, Y, n, two, 0.0075), args[0], args[1]
    elif mode == "cat-adam":
        (X, Y), run, n, repeats = ladder.cats(1), lambda X, Y, n: adam(X, Y, n, deep(X)), args[0], args[1]
    elif mode == "circles-adam":
        (X, Y), run, n, repeats = ladder.circles(args[0]), lambda X, Y, n: adam(X, Y, n, he(X)), args[1], args[2]
    else:
        raise SystemExit("unknown mode " + mode)
    seconds, cost, steps = ladder.timed(run, X, Y, n, repeats)
    print(json.dumps({"seconds": seconds, "best": min(seconds), "steps": steps, "last_cost": cost,
                      "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": cat_lessons.blas()}))


if __name__ == "__main__":
    main()
