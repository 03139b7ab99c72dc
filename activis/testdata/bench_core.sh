#!/bin/sh
# The core aggregation benchmark with its ratios (make bench-core), all in
# one run on the same memory-mapped file: BenchmarkAggregateCore in the
# portable and the GOEXPERIMENT=simd build (each with its read floor: a
# plain parallel sum of the mapped buffer), then NumPy's membership-matrix
# means M @ X on the same file and memberships (bench_aggregate.py), then
# every figure over the floor and NumPy's over Go's. The floor is the
# fastest read of the run (the lowest of the builds' scalar and AVX2 sums).
# Data go to $ACTIVIS_BENCH_DIR (default build/bench-core: 2 GB + 480 MB,
# written once per N); needs about 5 GB of memory.
set -e
GO=${GO:-go}
PY=${PY:-/usr/bin/python3}
dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$dir/../.." && pwd)
ACTIVIS_BENCH_DIR=${ACTIVIS_BENCH_DIR:-$root/build/bench-core}
export ACTIVIS_BENCH_DIR
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "== machine: $(nproc) cores, GOMAXPROCS ${GOMAXPROCS:-$(nproc)}; data in $ACTIVIS_BENCH_DIR"
echo "== portable build"
GOEXPERIMENT= $GO test -run '^$' -bench 'AggregateCore' -benchtime ${BENCHTIME:-3x} -timeout 60m "$dir/.." | grep Benchmark | sed 's/^/portable /' | tee -a "$out"
echo "== GOEXPERIMENT=simd build (what the kernel binary uses)"
GOEXPERIMENT=simd $GO test -run '^$' -bench 'AggregateCore' -benchtime ${BENCHTIME:-3x} -timeout 60m "$dir/.." | grep Benchmark | sed 's/^/simd /' | tee -a "$out"
echo "== NumPy (Debian's python3-numpy; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset)"
if $PY -c 'import numpy' 2>/dev/null; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $PY "$dir/bench_aggregate.py" "$ACTIVIS_BENCH_DIR" | tee -a "$out"
else
  echo "(no NumPy for $PY: skipped; apt-get install python3-numpy libopenblas0-pthread)"
fi
echo "== ratios (wall time, same run; floor = fastest plain read of the mapped buffer)"
awk '
  $1 == "portable" || $1 == "simd" {
    split($2, p, "/"); name = p[2]; sub(/-[0-9]+$/, "", name)
    ms = $4 / 1e6; b = $1
    if (name == "floor" || name == "floor-simd") {
      fl[b " " name] = ms
      if (floor == 0 || ms < floor) { floor = ms; fname = b " " name }
    } else { order[++k] = b SUBSEP name; t[b, name] = ms }
  }
  /^numpy-floor/          { npfloor = $2 }
  /^numpy-random-means/   { np["random"] = $2 }
  /^numpy-metadata-means/ { np["metadata"] = $2 }
  END {
    for (f in fl) printf("floor    %-16s %7.0f ms\n", f, fl[f])
    if (npfloor) printf("floor    %-16s %7.0f ms\n", "numpy x.sum()", npfloor)
    printf("the floor below: %s, %.0f ms\n", fname, floor)
    for (i = 1; i <= k; i++) {
      split(order[i], q, SUBSEP); b = q[1]; name = q[2]; ms = t[b, name]
      line = sprintf("%-8s %-16s %7.0f ms  %5.2fx the floor", b, name, ms, ms / floor)
      if (name == "stats-random" && t[b, "random"]) line = line sprintf(", %4.2fx Aggregate (random)", ms / t[b, "random"])
      if (np[name]) line = line sprintf(", NumPy M @ X %.0f ms = %4.2fx the floor, %4.2fx Go", np[name], np[name] / floor, np[name] / ms)
      print line
    }
  }' "$out"
