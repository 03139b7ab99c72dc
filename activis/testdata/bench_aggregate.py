#!/usr/bin/python3
"""NumPy side of the core aggregation benchmark (make bench-core).

Reads what BenchmarkAggregateCore (aggregate_bench_test.go) wrote to DIR:
data.npy (N x 512 float32, memory-mapped here as in Go) and the membership
matrices random.npy and metadata.npy (N x 60 float32, 1 where an instance
belongs to a group), and times the per-neuron means of all 60 groups as a
membership matrix times the data, M @ X / counts, the way one computes
them with NumPy, beside NumPy's read of the same mapped buffer (x.sum()).
The Go side computes count, mean, std, fraction active, min and max;
NumPy computes only the means, which favours NumPy.

Usage: /usr/bin/python3 bench_aggregate.py DIR   (Debian's python3-numpy
with OpenBLAS; make bench-core runs it with OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE unset)
"""
import os
import sys
import time

import numpy as np


def best_of(fn, repeat=3):
    """Best wall time and the CPU time of that run."""
    runs = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
    return min(runs)


def main():
    d = sys.argv[1]
    x = np.load(os.path.join(d, "data.npy"), mmap_mode="r")
    n, dim = x.shape
    members = {k: np.load(os.path.join(d, k + ".npy")) for k in ("random", "metadata")}
    gb = x.nbytes / 1e9

    def means(m):
        counts = m.sum(axis=0)
        return (m.T @ x) / np.maximum(counts, 1)[:, None]

    # Check the means against a direct computation on one group.
    g = members["random"][:, 10] > 0
    ref = np.asarray(x[g]).mean(axis=0, dtype=np.float64)
    got = means(members["random"])[10]
    assert np.allclose(got, ref, rtol=1e-4, atol=1e-5), "M @ X means disagree with x[mask].mean()"

    t_read, c_read = best_of(lambda: x.sum(dtype=np.float64))
    print(f"numpy {np.__version__}, N={n} D={dim} ({gb:.2f} GB, memory-mapped), 60 groups as M @ X; wall and CPU time")
    print(f"numpy-floor            {t_read*1e3:9.1f} ms  {c_read*1e3:9.1f} cpu-ms  {gb/t_read:6.2f} GB/s  (x.sum())")
    for k, m in members.items():
        per = m.sum() / n
        t, c = best_of(lambda: means(m))
        print(f"numpy-{k}-means {' ' * (9 - len(k))}{t*1e3:9.1f} ms  {c*1e3:9.1f} cpu-ms  {t/t_read:6.1f}x numpy-floor  ({per:.2f} memberships per instance)")


if __name__ == "__main__":
    main()
