#!/usr/bin/python3
"""Regenerates the small classification datasets of environments/data
(docs/theory/contextual.md §5.7).

Run with Debian's Python, which has numpy and the two data packages:
    apt-get install python3-numpy python3-sklearn dataset-fashion-mnist
    /usr/bin/python3 tools/data/make_datasets.py

Only numpy is imported: the sklearn tables are read as the CSV files Debian's python3-sklearn
ships (sklearn/datasets/data), Fashion-MNIST from the idx files of dataset-fashion-mnist. Neither
package is a dependency of regretlab itself; they are needed only to regenerate these files.

Output: CSV, header line, the integer label first, then the features.
  digits.csv           1797 x 64, 10 classes: pixel counts 0..16, as shipped
  wine.csv             178 x 13, 3 classes: each column standardised (z-score)
  breast_cancer.csv    569 x 30, 2 classes: each column standardised (z-score)
  fashion_mnist_pca64.csv  3000 x 64, 10 classes: a class-stratified subsample (300 per class)
                       of the 60,000 training images, projected on the first 64 principal
                       components of all 60,000 training images (pixels scaled to [0, 1] and
                       centred); 4 significant digits
Determinism: the subsample uses numpy's PCG64 with seed 20261126; the PCA is an SVD (sign fixed
so that each component's largest |loading| is positive).
"""
import gzip
import os
import sys

import numpy as np

SKLEARN_DATA = "/usr/lib/python3/dist-packages/sklearn/datasets/data"
FASHION = "/usr/share/datasets/fashion-mnist"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "environments", "data")


def write(name, labels, features, digits=6):
    path = os.path.join(OUT, name)
    with open(path, "w") as out:
        out.write("label," + ",".join(f"x{k}" for k in range(features.shape[1])) + "\n")
        for label, row in zip(labels, features):
            out.write(str(int(label)) + "," + ",".join(f"{v:.{digits}g}" for v in row) + "\n")
    print(f"{path}: {features.shape[0]} rows, {features.shape[1]} features, "
          f"{len(set(labels.tolist()))} classes")


def sklearn_table(name):
    """sklearn's CSV: a header of counts and names, then features with the label last."""
    opener = gzip.open if name.endswith(".gz") else open
    with opener(os.path.join(SKLEARN_DATA, name), "rt") as f:
        lines = f.read().strip().splitlines()
    if not name.startswith("digits"):
        lines = lines[1:]
    table = np.array([[float(v) for v in line.split(",")] for line in lines])
    return table[:, -1].astype(int), table[:, :-1]


def standardise(x):
    return (x - x.mean(axis=0)) / x.std(axis=0)


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    labels, features = sklearn_table("digits.csv.gz")
    write("digits.csv", labels, features)
    labels, features = sklearn_table("wine_data.csv")
    write("wine.csv", labels, standardise(features))
    labels, features = sklearn_table("breast_cancer.csv")
    write("breast_cancer.csv", labels, standardise(features))

    images = idx(os.path.join(FASHION, "train-images-idx3-ubyte.gz")).reshape(60000, -1) / 255.0
    targets = idx(os.path.join(FASHION, "train-labels-idx1-ubyte.gz")).astype(int)
    mean = images.mean(axis=0)
    _, _, vt = np.linalg.svd(images - mean, full_matrices=False)
    components = vt[:64]
    signs = np.sign(components[np.arange(64), np.abs(components).argmax(axis=1)])
    components = components * signs[:, None]
    rng = np.random.Generator(np.random.PCG64(20261126))
    chosen = np.concatenate([rng.choice(np.flatnonzero(targets == c), 300, replace=False)
                             for c in range(10)])
    chosen.sort()
    write("fashion_mnist_pca64.csv", targets[chosen], (images[chosen] - mean) @ components.T, 4)


if __name__ == "__main__":
    sys.exit(main())
