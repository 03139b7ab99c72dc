#!/bin/sh
# The Go runtime beside onnxruntime-node on the same model and batch.
# Run from the repository root: `make bench-onnx` (or sh activis/infer/testdata/bench/run.sh).
# Needs node + npm; installs onnxruntime-node here (node_modules is ignored by git).
set -e
GO=${GO:-go}
dir=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if [ ! -d "$dir/node_modules/onnxruntime-node" ]; then
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
fi
echo "== Go: one Executor, batch of 256 (GOMAXPROCS=1), with the GEMM-only floor as named baseline"
$GO test -run '^$' -bench 'BenchmarkRun' -cpu 1 -benchtime 10x ./activis/infer/ | tee -a "$out" | grep Benchmark
echo "== Go: Model.Run over 10,000 images, batches of 256 on all cores"
$GO test -run '^$' -bench 'BenchmarkModelRun$' -benchtime 2x ./activis/ | tee -a "$out" | grep Benchmark
echo "== onnxruntime-node 1.30.0, same model"
node "$dir/bench.js" | tee -a "$out"
awk '
  function val(key,   i) { for (i = 1; i <= NF; i++) if ($(i+1) == key) return $i; return 0 }
  function kv(key,   i, a) { for (i = 1; i <= NF; i++) if (index($i, key "=") == 1) { split($i, a, "="); return a[2] } return 0 }
  /^BenchmarkRun(-1)? /      { go1 = val("ms/batch"); go1c = val("cpu-ms/batch") }
  /^BenchmarkRunGEMMFloor/   { floor = val("ms/batch"); floorc = val("cpu-ms/batch") }
  /^BenchmarkModelRun/       { go10k = val("ms/10k"); go10kc = val("cpu-ms/10k") }
  /^ort threads=1 batch=256/ { ort1 = kv("ms_per_batch"); ort1c = kv("cpu_ms_per_batch") }
  /^ort threads=default images=10000/ { ort10k = kv("ms_total"); ort10kc = kv("cpu_ms_total") }
  END {
    if (go1 && ort1) printf "ratio Go/onnxruntime, batch 256, one thread: wall %.2f (%.1f vs %.1f ms), cpu %.2f (%.1f vs %.1f ms)\n", go1/ort1, go1, ort1, go1c/ort1c, go1c, ort1c
    if (go1c && floorc) printf "ratio Go run/GEMM floor (cpu): %.2f\n", go1c/floorc
    if (go10k && ort10k) printf "ratio Go/onnxruntime, 10,000 images, all cores: wall %.2f (%.0f vs %.0f ms), cpu %.2f (%.0f vs %.0f ms)\n", go10k/ort10k, go10k, ort10k, go10kc/ort10kc, go10kc, ort10kc
  }' "$out"
