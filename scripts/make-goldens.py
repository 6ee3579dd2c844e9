#!/usr/bin/python3
"""Writes test/golden/numpy/*.json: what numpy's legacy generator, scikit-learn's make_circles /
make_moons and glibc's log() return here, for runtime/rng and runtime/data to match bit for bit.

Run with Debian's Python, which has numpy 1.24 and scikit-learn 1.2 (the tests never run Python):

    /usr/bin/python3 scripts/make-goldens.py

Doubles are stored exactly: bulk arrays as base64 of little-endian float64 bytes ("f64le"), small
ones as hex bit patterns. Integers are JSON numbers (all below 2^53). glibc-log.json depends on
the machine: glibc picks its FMA build of log() on CPUs with FMA and AVX2, which numpy then uses.
"""
import base64
import json
import math
import os
import platform
import struct
import sys
from fractions import Fraction

import numpy as np
import sklearn
from sklearn.datasets import make_circles, make_moons

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "golden", "numpy")


def f64le(values):
    """Exact doubles, compactly: base64 of little-endian float64 bytes."""
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f8").tobytes()).decode("ascii")


def bits(value):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", float(value)))[0]


def cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            flags = next(line for line in f if line.startswith("flags")).split()
        return [flag for flag in ("fma", "avx2", "avx512f") if flag in flags]
    except (OSError, StopIteration):
        return []


PROVENANCE = {
    "numpy": np.__version__,
    "sklearn": sklearn.__version__,
    "python": platform.python_version(),
    "libc": " ".join(platform.libc_ver()),
    "cpu": cpu_flags(),
    "made_by": "scripts/make-goldens.py",
}


def write(name, payload):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump({"provenance": PROVENANCE, **payload}, f, indent=1)
        f.write("\n")
    print("%-24s %8.1f kB" % (name, os.path.getsize(path) / 1024))


def mt19937():
    seeds = {}
    for seed in (0, 1, 3, 2**32 - 1):
        bit_generator = np.random.MT19937()
        bit_generator._legacy_seeding(seed)
        raw = bit_generator.random_raw(2000)
        # The same words through RandomState's public API, to be sure the two paths agree.
        through_randint = np.random.RandomState(seed).randint(0, 2**32, size=2000, dtype=np.uint32)
        assert (raw == through_randint).all()
        seeds[str(seed)] = [int(word) for word in raw]
    write("mt19937.json", {"description": "raw uint32 outputs after np.random.seed(s)", "seeds": seeds})


def uniform():
    rand = {}
    for seed in (0, 1, 2, 3, 2**32 - 1):
        np.random.seed(seed)
        rand[str(seed)] = f64le(np.random.rand(20000))
    cases = []
    for seed, low, high, size in ((5, -2.5, 7.25, 1000), (6, 0.0, 1e-300, 50), (7, -1e300, 1e300, 50), (8, 3.0, 3.0, 5)):
        np.random.seed(seed)
        values = np.random.uniform(low, high, size)
        cases.append({"seed": seed, "low": bits(low), "high": bits(high), "size": size, "values": f64le(values)})
    write("uniform.json", {"description": "np.random.rand(20000) per seed; np.random.uniform cases", "rand": rand, "uniform": cases})


def gaussian():
    randn = {}
    for seed in (0, 1, 2, 3, 42, 2**32 - 1):
        np.random.seed(seed)
        randn[str(seed)] = f64le(np.random.randn(40000))
    # The cached second gaussian survives between calls and is dropped by seed().
    np.random.seed(7)
    first = [np.random.standard_normal(), *np.random.randn(5), *np.random.randn(2)]
    np.random.seed(7)
    again = np.random.randn(3)
    cache = {"seed": 7, "calls": [1, 5, 2], "values": f64le(first), "after_reseed": f64le(again)}
    normal = []
    for seed, loc, scale, size in ((4, 1.5, 0.3, 1001), (2, 0.0, 0.05, 600), (9, -2.0, 0.0, 5), (10, 1e10, 1e-10, 100)):
        np.random.seed(seed)
        values = np.random.normal(loc, scale, size)
        normal.append({"seed": seed, "loc": bits(loc), "scale": bits(scale), "size": size, "values": f64le(values)})
    write("gaussian.json", {"description": "np.random.randn(40000) per seed (240,000 draws); cache behaviour; np.random.normal",
                            "randn": randn, "cache": cache, "normal": normal})


def integers():
    randint = []
    cases = ((10, 0, 2, 1000), (11, 0, 10, 1000), (12, -5, 5, 1000), (13, 0, 2**31, 500), (14, 0, 2**32 - 1, 300),
             (15, 0, 2**32, 300), (16, 0, 2**32 + 1, 300), (17, -2**40, 2**40, 300), (18, 0, 2**53, 300), (19, 7, 8, 10),
             (20, 3, 1000003, 1000), (21, -2**52, 3, 200))
    for seed, low, high, size in cases:
        np.random.seed(seed)
        values = np.random.randint(low, high, size)
        assert values.dtype == np.int64
        after = np.random.random_sample(2)
        randint.append({"seed": seed, "low": low, "high": high, "size": size,
                        "values": [int(v) for v in values], "then_random_sample": f64le(after)})
    shuffle = []
    for seed, n in ((30, 0), (31, 1), (32, 2), (33, 3), (34, 10), (35, 100), (36, 1000), (37, 5000)):
        np.random.seed(seed)
        values = np.arange(n)
        np.random.shuffle(values)
        shuffle.append({"seed": seed, "n": n, "values": [int(v) for v in values], "then_random_sample": f64le(np.random.random_sample(2))})
    # A Python list takes numpy's untyped path: same draws, same order.
    np.random.seed(38)
    words = ["w%d" % i for i in range(50)]
    np.random.shuffle(words)
    permutation = []
    for seed, n in ((40, 1), (41, 5), (42, 300), (43, 10000)):
        np.random.seed(seed)
        values = np.random.permutation(n)
        permutation.append({"seed": seed, "n": n, "values": [int(v) for v in values], "then_random_sample": f64le(np.random.random_sample(2))})
    write("integers.json", {"description": "np.random.randint (int64), shuffle of arange(n) and of a list, permutation(n)",
                            "randint": randint, "shuffle": shuffle, "shuffle_list": {"seed": 38, "values": words},
                            "permutation": permutation})


def datasets():
    sets = []
    for kind, seed, samples, noise in (("circles", 1, 300, 0.05), ("circles", 2, 100, 0.05), ("moons", 3, 300, 0.2),
                                       ("circles", 4, 7, 0.1), ("moons", 5, 5, 0.0)):
        np.random.seed(seed)
        make = make_circles if kind == "circles" else make_moons
        X, y = make(n_samples=samples, noise=noise)
        then = np.random.randn(5)
        sets.append({"kind": kind, "seed": seed, "samples": samples, "noise": noise,
                     "X_m_by_2": f64le(X), "y": [int(v) for v in y], "then_randn": f64le(then)})
    write("datasets.json", {"description": "sklearn make_circles / make_moons after np.random.seed(s), random_state=None; "
                            "X as sklearn's (m, 2) row-major; then np.random.randn(5)", "datasets": sets})


def port_constants():
    """glibc's log tables and coefficients, read back from our port (runtime/rng/glibc-log.ts).
    Only used to *choose* interesting inputs below; the expected values always come from libm."""
    import re
    with open(os.path.join(os.path.dirname(OUT), "..", "..", "runtime", "rng", "glibc-log.ts")) as f:
        source = f.read()
    table = source[source.index("new Float64Array([") + len("new Float64Array(["):source.index("]);")]
    values = np.array([float(v) for v in table.replace("\n", " ").split(",") if v.strip()])
    constants = dict((name, float(value)) for name, value in re.findall(r"const (\w+) = (-?[0-9.e-]+);", source))
    return values[0::2], values[1::2], constants


def unfused_glibc_log(x):
    """glibc's log algorithm with every multiply-add rounded twice (r = z/c - 1 still exact), for
    positive normal x. Where math.log differs from this, glibc's fused multiply-adds decide."""
    invc_table, logc_table, c = port_constants()
    A = [c["A%d" % i] for i in range(5)]
    B = [c["B%d" % i] for i in range(11)]
    ix = x.view(np.uint64)
    tmp = ix - np.uint64(0x3FE6000000000000)
    i = ((tmp >> np.uint64(45)) % np.uint64(128)).astype(np.int64)
    k = (tmp.view(np.int64) >> np.int64(52)).astype(np.float64)
    z = (ix - (tmp & np.uint64(0xFFF << 52))).view(np.float64)
    invc, logc = invc_table[i], logc_table[i]
    product = z * invc
    z_hi = z * 134217729.0; z_hi = z_hi - (z_hi - z); z_lo = z - z_hi
    c_hi = invc * 134217729.0; c_hi = c_hi - (c_hi - invc); c_lo = invc - c_hi
    error = ((z_hi * c_hi - product) + z_hi * c_lo + z_lo * c_hi) + z_lo * c_lo
    r = (product - 1.0) + error
    w = k * c["LN2_HIGH"] + logc
    hi = w + r
    lo = w - hi + r + k * c["LN2_LOW"]
    r2 = r * r
    y = lo + r2 * A[0] + r * r2 * (A[1] + r * A[2] + r2 * (A[3] + r * A[4])) + hi
    near = (ix >= np.uint64(0x3FEE000000000000)) & (ix < np.uint64(0x3FF1090000000000))
    r = x - 1.0
    r2 = r * r
    r3 = r * r2
    p = r3 * (B[1] + r * B[2] + r2 * B[3] + r3 * (B[4] + r * B[5] + r2 * B[6] + r3 * (B[7] + r * B[8] + r2 * B[9] + r3 * B[10])))
    w = r * 134217728.0
    rhi = r + w - w
    rlo = r - rhi
    w = rhi * rhi * B[0]
    hi = r + w
    lo = r - hi + w
    lo = lo + B[0] * rlo * (rhi + r)
    return np.where(near, (p + lo) + hi, y)


def fma_sensitive_inputs(rng, count):
    """Inputs where glibc's FMA build of log differs from the same algorithm unfused. Away from 1
    none turned up in 6 million tries (once r = z/c - 1 is exact, its fusing is all that counts),
    but in the window around 1, whose polynomial GCC fuses, about 1 input in 8,000 differs (1 in
    83,000 of the polar method's r2 values). So a few thousand random inputs would
    almost never hold one: search for them."""
    found = []
    while len(found) < count:
        x1 = 2.0 * rng.random_sample(1000000) - 1.0
        x2 = 2.0 * rng.random_sample(1000000) - 1.0
        r2 = x1 * x1 + x2 * x2
        r2 = r2[(r2 >= 0.9375) & (r2 < 1.0)]
        near_one = 1.0 + (rng.random_sample(1000000) - 0.5) * 2.0**-3
        for xs in (r2, near_one):
            with np.errstate(all="ignore"):
                unfused = unfused_glibc_log(xs)
            found.extend(x for x, u in zip(xs, unfused) if math.log(x) != u)
    return found[:count]


def glibc_log():
    rng = np.random.RandomState(2024)
    x1 = 2.0 * rng.random_sample(8000) - 1.0
    x2 = 2.0 * rng.random_sample(8000) - 1.0
    r2 = x1 * x1 + x2 * x2
    r2 = r2[(r2 < 1.0) & (r2 != 0.0)][:5000]  # what legacy_gauss feeds log
    near_one = np.frombuffer(
        (np.uint64(0x3FEE000000000000) - np.uint64(4) + rng.randint(0, 0x3FF1090000000000 - 0x3FEE000000000000 + 8, 1500, dtype=np.uint64)).tobytes(), "<f8")
    any_positive = np.frombuffer(rng.randint(0, 0x7FF0000000000000, 1500, dtype=np.uint64).tobytes(), "<f8")
    subnormal = np.frombuffer(rng.randint(1, 0x0010000000000000, 300, dtype=np.uint64).tobytes(), "<f8")
    edges = [1.0, 2.0, 0.5, 5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
             float.fromhex("0x1.fffffffffffffp-1"), float.fromhex("0x1.0000000000001p0"), float.fromhex("0x1.ep-1"),
             float.fromhex("0x1.109p0"), float.fromhex("0x1.0fffffffffffffp0"), 0.0, math.inf]
    sensitive = fma_sensitive_inputs(rng, 200)
    inputs = [*edges, *sensitive, *r2, *near_one, *any_positive, *subnormal]
    outputs = [math.log(x) if x > 0 else (-math.inf if x == 0 else math.nan) for x in inputs]
    # fma(a, b, c) rounded once: exact rationals, then CPython's correctly rounded int division.
    fma = []
    for _ in range(3000):
        kind = rng.randint(3)
        if kind == 0:
            a = 0.6875 + 0.6875 * rng.random_sample()
            b = (1.0 / a) * (1.0 + (rng.random_sample() - 0.5) * 2.0**-7)
            c = -1.0
        elif kind == 1:
            a, b, c = 2.0 * rng.random_sample(3) - 1.0
        else:
            a, b = 1.0 + rng.random_sample(2)
            c = -(a * b)
            c = float(np.nextafter(c, math.inf if rng.randint(2) else -math.inf))
        exact = Fraction(a) * Fraction(b) + Fraction(c)
        fma.append([bits(a), bits(b), bits(c), bits(float(exact))])
    write("glibc-log.json", {"description": "glibc log() (via Python's math.log) as hex bits; fma(a, b, c) correctly rounded",
                             "fma_sensitive_log_inputs": len(sensitive),
                             "log": [[bits(x), bits(y)] for x, y in zip(inputs, outputs)], "fma": fma})


if __name__ == "__main__":
    if sys.version_info < (3, 8) or not np.__version__.startswith("1.24"):
        print("warning: goldens were made with numpy 1.24; this is numpy", np.__version__, file=sys.stderr)
    mt19937()
    uniform()
    gaussian()
    integers()
    datasets()
    glibc_log()
