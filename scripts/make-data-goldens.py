#!/usr/bin/python3
"""Writes test/golden/data/*.json: what scipy and h5py read from the lessons' binary data files
(examples/data/football.mat, train_catvnoncat.h5, test_catvnoncat.h5) and what the lessons then
compute from them, for runtime/data/mat.ts and runtime/data/hdf5.ts to match bit for bit.

Run with Debian's Python, which has numpy 1.24, scipy and h5py (the tests never run Python):

    /usr/bin/python3 scripts/make-data-goldens.py

Doubles are written by Python's json, which uses repr: the shortest text that reads back as the
same double, so JSON.parse on the other side gives exactly the same bits.

The cat images are 2.5 million values, too many to commit. Their golden is instead:
- an exact weighted checksum of the raw uint8 values in file order, which catches any value or
  any reordering within its 65521-periodic weights;
- the 256 possible quotients k / 255 as numpy computes them (a true division, which rounds
  differently from k * (1 / 255) for some k), so the whole scaled X is pinned down once the raw
  values and their layout are;
- 200 sampled entries of the lesson's train_x (features x examples) after `/ 255.`, plus the
  corners, as an end-to-end check of the layout;
- every label.
"""
import json
import os
import sys

import h5py
import numpy as np
import scipy
import scipy.io

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "examples", "data")
OUT = os.path.join(ROOT, "test", "golden", "data")
CHECKSUM_PERIOD = 65521  # weights 1..65521: the largest sum stays far below 2^53
SAMPLES = 200


def floats(array):
    return [float(v) for v in np.asarray(array, dtype=np.float64).ravel(order="C")]


def made_by():
    return {
        "script": "scripts/make-data-goldens.py",
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "h5py": h5py.__version__,
        "hdf5": h5py.version.hdf5_version,
    }


def football_mat():
    path = os.path.join(DATA, "football.mat")
    data = scipy.io.loadmat(path)
    variables = {}
    for name in ("X", "y", "Xval", "yval"):
        value = data[name]
        variables[name] = {
            "dims": list(value.shape),
            "class": str(value.dtype),
            # As the file stores it: column-major, which readMat returns unchanged.
            "columnMajor": floats(value.ravel(order="F")),
        }
    # The lesson: train_X = data['X'].T; train_Y = data['y'].T; test_X = data['Xval'].T; ...
    lesson = {}
    for key, name in (("train_X", "X"), ("train_Y", "y"), ("test_X", "Xval"), ("test_Y", "yval")):
        value = data[name].T
        lesson[key] = {"shape": list(value.shape), "values": floats(value)}
    return {
        "madeBy": made_by(),
        "file": "examples/data/football.mat",
        "header": data["__header__"].decode("ascii"),
        "version": data["__version__"],
        "variables": variables,
        "lesson": lesson,
    }


def checksum(raw):
    flat = raw.ravel(order="C").astype(np.int64)
    weights = np.arange(flat.size, dtype=np.int64) % CHECKSUM_PERIOD + 1
    return int(np.sum(flat * weights))


def cat_h5(split):
    path = os.path.join(DATA, f"{split}_catvnoncat.h5")
    with h5py.File(path, "r") as f:
        datasets = {name: {"shape": list(f[name].shape), "dtype": str(f[name].dtype)} for name in f.keys()}
        x_orig = np.array(f[f"{split}_set_x"][:])
        y_orig = np.array(f[f"{split}_set_y"][:])
        classes = [c.decode("ascii") for c in f["list_classes"][:]]
    m = x_orig.shape[0]
    # The lesson's preprocessing, verbatim.
    x_flatten = x_orig.reshape(x_orig.shape[0], -1).T
    x = x_flatten / 255.
    y = y_orig.reshape((1, m))
    features = x.shape[0]
    rng = np.random.RandomState(20240101)
    positions = [(0, 0), (0, m - 1), (features - 1, 0), (features - 1, m - 1)]
    positions += [(int(f), int(j)) for f, j in zip(rng.randint(0, features, SAMPLES), rng.randint(0, m, SAMPLES))]
    return {
        "madeBy": made_by(),
        "file": f"examples/data/{split}_catvnoncat.h5",
        "datasets": datasets,
        "listClasses": classes,
        "raw": {
            "dataset": f"{split}_set_x",
            "checksumPeriod": CHECKSUM_PERIOD,
            "weightedChecksum": checksum(x_orig),
            "sum": int(x_orig.astype(np.int64).sum()),
        },
        "quotientsOf255": floats(np.arange(256, dtype=np.float64) / 255.),
        "x": {
            "shape": list(x.shape),
            "samples": [{"feature": f, "example": j, "value": float(x[f, j])} for f, j in positions],
        },
        "y": {"shape": list(y.shape), "values": [int(v) for v in y.ravel()]},
    }


def userblock_h5():
    """A tiny HDF5 file after a 4096-byte user block (as MATLAB v7.3 files have one of 512), with a
    version 3 superblock: the loader must look for the signature past byte 0 and read the newer
    layout. x = arange(6).reshape(3, 2), y = [0, 1, 1]."""
    path = os.path.join(OUT, "userblock.h5")
    # Through the low-level API, to turn off the root group's timestamps too: running the script
    # again must write the same bytes.
    fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
    fcpl.set_userblock(4096)
    fcpl.set_obj_track_times(False)
    fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
    fapl.set_libver_bounds(h5py.h5f.LIBVER_LATEST, h5py.h5f.LIBVER_LATEST)
    fid = h5py.h5f.create(path.encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl, fapl=fapl)
    with h5py.File(fid) as f:
        x = np.arange(6, dtype="<f8").reshape(3, 2)
        f.create_dataset("x", data=x, chunks=(1, 2), compression="gzip", track_times=False)
        f.create_dataset("y", data=np.array([0, 1, 1], dtype="<i8"), track_times=False)
    with open(path, "r+b") as raw:
        raw.write(b"user block: written by scripts/make-data-goldens.py")


def write(name, value):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def main():
    write("football-mat.json", football_mat())
    write("cat-h5.json", {"train": cat_h5("train"), "test": cat_h5("test")})
    userblock_h5()


if __name__ == "__main__":
    main()
