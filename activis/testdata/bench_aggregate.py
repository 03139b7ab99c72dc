#!/usr/bin/python3
"""NumPy side of the core aggregation benchmark (make bench-core).

Times, on the problem of BenchmarkAggregateCore in aggregate_bench_test.go
(N = 1,000,000 x D = 512 float32 ReLU-like activations, 10 classes and 50
subsets of two kinds), how long NumPy takes to compute the per-neuron means
of every group from boolean masks (x[mask].mean(axis=0)), beside NumPy's own
memory-read time (x.sum()). The Go benchmark computes count, mean, std,
fraction active, min and max for all 60 groups in one pass; NumPy computes
only the means here, which favours NumPy.

Usage: /usr/bin/python3 bench_aggregate.py [N] [D]   (needs ~2.5 GB)
Debian's python3-numpy; not run by the tests (CI has no NumPy).
"""
import sys
import time

import numpy as np


def best_of(fn, repeat=3):
    """Best wall time and the CPU time of that run (steadier on a shared machine)."""
    runs = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
    return min(runs)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    d = int(sys.argv[2]) if len(sys.argv) > 2 else 512
    rng = np.random.default_rng(1)
    x = rng.standard_normal((n, d), dtype=np.float32)
    np.maximum(x, 0, out=x)
    classes = 10
    labels = rng.integers(0, classes, n)
    pred = labels.copy()
    wrong = rng.random(n) < 0.2
    pred[wrong] = rng.integers(0, classes, int(wrong.sum()))
    class_masks = [labels == c for c in range(classes)]
    random_masks = class_masks + [rng.random(n) < 0.01 + 0.08 * s / 49 for s in range(50)]
    meta_masks = list(class_masks)
    for s in range(50):
        cells = {(int(rng.integers(classes)), int(rng.integers(classes))) for _ in range(s % 6 + 1)}
        if s % 2 == 0:
            cells.add((s % classes, s % classes))
        m = np.zeros(n, dtype=bool)
        for l, p in cells:
            m |= (labels == l) & (pred == p)
        meta_masks.append(m)

    def means(masks):
        return [x[m].mean(axis=0) for m in masks]

    gb = x.nbytes / 1e9
    t_read, c_read = best_of(lambda: x.sum())
    t_rand, c_rand = best_of(lambda: means(random_masks), 1)
    t_meta, c_meta = best_of(lambda: means(meta_masks), 1)
    print(f"numpy {np.__version__}, N={n} D={d} ({gb:.2f} GB), 60 groups; wall and CPU time")
    print(f"numpy-memread          {t_read*1e3:9.1f} ms  {c_read*1e3:9.1f} cpu-ms  {gb/t_read:6.2f} GB/s  (x.sum())")
    print(f"numpy-random-means     {t_rand*1e3:9.1f} ms  {c_rand*1e3:9.1f} cpu-ms  {t_rand/t_read:6.1f}x memread")
    print(f"numpy-metadata-means   {t_meta*1e3:9.1f} ms  {c_meta*1e3:9.1f} cpu-ms  {t_meta/t_read:6.1f}x memread")


if __name__ == "__main__":
    main()
