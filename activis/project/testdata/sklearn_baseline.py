#!/usr/bin/python3
"""scikit-learn baseline for activis/project's t-SNE (the sklearn half of `make bench-tsne`).

Runs scikit-learn's Barnes-Hut TSNE on the same Fashion-MNIST images as
activis/project/internal/cmd/tsnebench (test set first, pixels / 255,
PCA to 50 dimensions, perplexity 30, 1000 iterations, init="pca",
learning_rate="auto", angle 0.5), then scores both embeddings with the same
10-nearest-neighbour class agreement and prints them side by side.

    /usr/bin/python3 activis/project/testdata/sklearn_baseline.py -n 10000 --go build/tsne-go-10000.json

Needs Debian's python3-sklearn and python3-numpy; not used by `go test`.
"""
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE
from sklearn.neighbors import NearestNeighbors


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(directory, n):
    xs, ys = [], []
    for part in ("t10k", "train"):
        xs.append(read_idx(os.path.join(directory, part + "-images-idx3-ubyte.gz")).reshape(-1, 784))
        ys.append(read_idx(os.path.join(directory, part + "-labels-idx1-ubyte.gz")))
    x = np.concatenate(xs)[:n].astype(np.float64) / 255.0
    y = np.concatenate(ys)[:n].astype(int)
    return x, y


def agreement(emb, labels, k=10):
    nn = NearestNeighbors(n_neighbors=k + 1).fit(emb)
    _, idx = nn.kneighbors(emb)
    idx = idx[:, 1:]  # drop the point itself
    return float(np.mean(labels[idx] == labels[:, None]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--dir", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--go", help="JSON written by tsnebench -out, scored beside sklearn")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--npy", help="project these N x D activations (tsnebench -model ... -save-npy) instead of the pixels")
    args = ap.parse_args()

    x, labels = load(args.dir, args.n)
    if args.npy:
        x = np.load(args.npy).astype(np.float64)
        if len(x) != len(labels):
            sys.exit(f"{args.npy} has {len(x)} rows, want {len(labels)}")
    t0 = time.perf_counter()
    x50 = PCA(n_components=50, random_state=args.seed).fit_transform(x)
    tsne = TSNE(n_components=2, perplexity=30.0, n_iter=1000, init="pca",
                learning_rate="auto", method="barnes_hut", angle=0.5,
                random_state=args.seed)
    emb = tsne.fit_transform(x50)
    secs = time.perf_counter() - t0
    sk = {"seconds": secs, "kl": float(tsne.kl_divergence_), "agreement10": agreement(emb, labels)}

    print(f"n={args.n}")
    print(f"{'':10s} {'seconds':>9s} {'KL':>8s} {'10-NN agreement':>16s}")
    print(f"{'sklearn':10s} {sk['seconds']:9.2f} {sk['kl']:8.4f} {sk['agreement10']:16.4f}")
    if args.go:
        with open(args.go) as f:
            g = json.load(f)
        if g["labels"] != labels.tolist():
            sys.exit("go JSON was computed on different images")
        gemb = np.column_stack([g["x"], g["y"]])
        ga = agreement(gemb, labels)
        print(f"{'go':10s} {g['seconds']:9.2f} {g['kl']:8.4f} {ga:16.4f}")
        print(f"go - sklearn: agreement {100 * (ga - sk['agreement10']):+.2f} points, "
              f"KL {100 * (g['kl'] - sk['kl']) / sk['kl']:+.2f}%, speed-up x{sk['seconds'] / g['seconds']:.2f}")


if __name__ == "__main__":
    main()
