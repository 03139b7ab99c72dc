#!/bin/sh
# The core aggregation benchmark of issue 3 with its ratios (make bench-core):
# BenchmarkAggregateCore in the portable and the GOEXPERIMENT=simd build, then
# NumPy on the same problem (bench_aggregate.py), then each aggregation's
# wall time over the plain Go sum ("memread") and the AVX2 sum of the same
# run, and NumPy's over Go's. Needs about 2.5 GB of memory.
set -e
GO=${GO:-go}
PY=${PY:-/usr/bin/python3}
dir=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "== portable build"
GOEXPERIMENT= ACTIVIS_BENCH_CORE=1 $GO test -run '^$' -bench 'AggregateCore' -benchtime 3x "$dir/.." | grep Benchmark | sed 's/^/portable /' | tee -a "$out"
echo "== GOEXPERIMENT=simd build (what the kernel binary uses)"
GOEXPERIMENT=simd ACTIVIS_BENCH_CORE=1 $GO test -run '^$' -bench 'AggregateCore' -benchtime 3x "$dir/.." | grep Benchmark | sed 's/^/simd /' | tee -a "$out"
echo "== NumPy"
if $PY -c 'import numpy' 2>/dev/null; then
  $PY "$dir/bench_aggregate.py" | tee -a "$out"
else
  echo "(no NumPy for $PY: skipped)"
fi
echo "== ratios (wall time, same run)"
awk '
  $1 == "portable" || $1 == "simd" {
    split($2, p, "/"); name = p[2]; sub(/-[0-9]+$/, "", name)
    ms = $4 / 1e6; b = $1
    if (name == "memread") read[b] = ms
    else if (name == "memread-simd") simd[b] = ms
    else { order[++k] = b SUBSEP name; t[b, name] = ms }
  }
  /^numpy-random-means/   { np["random"] = $2 }
  /^numpy-metadata-means/ { np["metadata"] = $2 }
  END {
    for (i = 1; i <= k; i++) {
      split(order[i], q, SUBSEP); b = q[1]; name = q[2]; ms = t[b, name]
      line = sprintf("%-8s %-16s %7.0f ms  %4.2fx the Go sum (%.0f ms)", b, name, ms, ms / read[b], read[b])
      if (simd[b]) line = line sprintf(", %4.2fx the AVX2 sum (%.0f ms)", ms / simd[b], simd[b])
      if (np[name]) line = line sprintf(", NumPy %.1fx slower", np[name] / ms)
      print line
    }
  }' "$out"
echo "(In the simd build the scalar Go sum can run at half speed: Go 1.26 restores vector"
echo " registers after asynchronous preemption without VZEROUPPER; compare the portable build's.)"
