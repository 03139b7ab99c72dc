#!/bin/sh
# The core aggregation benchmark with its ratios (make bench-core), all in
# one run on the same memory-mapped file: BenchmarkAggregateCore in the
# portable and the GOEXPERIMENT=simd build (each with its read floor: a
# plain parallel sum of the mapped buffer), then NumPy's membership-matrix
# means M @ X on the same file and memberships (bench_aggregate.py), then
# every figure over the floor and NumPy's over Go's. The floor is the
# fastest read of the run (the lowest of the builds' scalar, AVX2 and
# AVX-512 sums).
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
echo "== ratios, same run (floor = fastest plain read of the mapped buffer); wall time, then CPU time (steadier on a shared machine)"
awk '
  $1 == "portable" || $1 == "simd" {
    split($2, p, "/"); name = p[2]; sub(/-[0-9]+$/, "", name)
    b = $1; ms = cpu = ams = acpu = 0
    for (i = 4; i < NF; i++) {
      if ($(i+1) == "ns/op") ms = $i / 1e6
      if ($(i+1) == "cpu-ms/op") cpu = $i
      if ($(i+1) == "agg-ms/op") ams = $i
      if ($(i+1) == "agg-cpu-ms/op") acpu = $i
    }
    if (name == "floor" || name == "floor-simd" || name == "floor-avx512") {
      fl[b " " name] = ms " " cpu
      if (floor == 0 || ms < floor) { floor = ms; fname = b " " name }
      if (cfloor == 0 || cpu < cfloor) { cfloor = cpu; cname = b " " name }
    } else { order[++k] = b SUBSEP name; t[b, name] = ms; c[b, name] = cpu; at[b, name] = ams; ac[b, name] = acpu }
  }
  /^numpy-floor/          { npfloor = $2; npcfloor = $4 }
  /^numpy-random-means/   { np["random"] = $2; npc["random"] = $4 }
  /^numpy-metadata-means/ { np["metadata"] = $2; npc["metadata"] = $4 }
  END {
    for (f in fl) { split(fl[f], v, " "); printf("floor    %-16s %7.0f ms  %7.0f cpu-ms\n", f, v[1], v[2]) }
    if (npfloor) printf("floor    %-16s %7.0f ms  %7.0f cpu-ms\n", "numpy x.sum()", npfloor, npcfloor)
    printf("floor: %s, %.0f ms wall; %s, %.0f cpu-ms\n", fname, floor, cname, cfloor)
    for (i = 1; i <= k; i++) {
      split(order[i], q, SUBSEP); b = q[1]; name = q[2]; ms = t[b, name]; cpu = c[b, name]
      line = sprintf("%-8s %-16s %7.0f ms %5.2fx floor | %7.0f cpu-ms %5.2fx floor", b, name, ms, ms / floor, cpu, cpu / cfloor)
      if (name == "stats-random" && at[b, name]) line = line sprintf(" | %4.2fx / %4.2fx Aggregate of the same groups in the same iterations", ms / at[b, name], cpu / ac[b, name])
      nm = name; sub(/-mean$/, "", nm)  # random-mean: Go with StatMean, what M @ X computes
      if (np[nm]) line = line sprintf(" | NumPy M @ X %.0f ms %4.2fx floor, %.0f cpu-ms %4.2fx floor; NumPy/Go %4.2fx wall %4.2fx cpu", np[nm], np[nm] / floor, npc[nm], npc[nm] / cfloor, np[nm] / ms, npc[nm] / cpu)
      print line
    }
  }' "$out"
cp "$out" "$ACTIVIS_BENCH_DIR/last-run.txt"
