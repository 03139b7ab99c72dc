#!/bin/sh
# The Go runtime beside onnxruntime-node on the same model and batch,
# alternating ROUNDS times (default 3) in one window so that both see the
# same machine load. Run from the repository root: `make bench-onnx` (or
# sh activis/infer/testdata/bench/run.sh). Needs node + npm; installs
# onnxruntime-node here (node_modules is ignored by git).
set -e
GO=${GO:-go}
ROUNDS=${ROUNDS:-3}
dir=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
bin=$(mktemp -d)
trap 'rm -rf "$out" "$bin"' EXIT
if [ ! -d "$dir/node_modules/onnxruntime-node" ]; then
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
fi
$GO test -c -o "$bin/infer.test" ./activis/infer/
$GO test -c -o "$bin/activis.test" ./activis/
echo "load: $(uptime | sed 's/.*load average: //')"
r=1
while [ "$r" -le "$ROUNDS" ]; do
  echo "== round $r: Go, one Executor, batch of 256 (GOMAXPROCS=1), with the GEMM-only floor as named baseline"
  (cd activis/infer && "$bin/infer.test" -test.run '^$' -test.bench 'BenchmarkRun' -test.cpu 1 -test.benchtime 30x) | tee -a "$out" | grep Benchmark
  echo "== round $r: Go, Model.Run over 10,000 images, batches of 256 on all cores"
  (cd activis && "$bin/activis.test" -test.run '^$' -test.bench 'BenchmarkModelRun$' -test.benchtime 2x) | tee -a "$out" | grep Benchmark
  echo "== round $r: onnxruntime-node 1.30.0, same model"
  node "$dir/bench.js" | tee -a "$out"
  echo "load: $(uptime | sed 's/.*load average: //')"
  r=$((r + 1))
done
awk '
  function val(key,   i) { for (i = 1; i <= NF; i++) if ($(i+1) == key) return $i; return 0 }
  function kv(key,   i, a) { for (i = 1; i <= NF; i++) if (index($i, key "=") == 1) { split($i, a, "="); return a[2] } return 0 }
  /^BenchmarkRun(-1)? /      { go1 = val("ms/batch"); go1c = val("cpu-ms/batch"); go1m = val("median-ms/batch") }
  /^BenchmarkRunGEMMFloor/   { floorc = val("cpu-ms/batch") }
  /^BenchmarkModelRun/       { go10k = val("ms/10k"); go10kc = val("cpu-ms/10k") }
  /^ort threads=1 batch=256/ { ort1 = kv("ms_per_batch"); ort1c = kv("cpu_ms_per_batch") }
  /^ort threads=default images=10000/ {
    ort10k = kv("ms_total"); ort10kc = kv("cpu_ms_total"); r++
    printf "round %d, batch 256, one thread: Go/onnxruntime median wall %.2f (%.2f vs %.2f ms), cpu %.2f (%.2f vs %.2f ms); Go mean wall %.2f ms; Go run/GEMM floor (cpu) %.2f\n", r, go1m/ort1, go1m, ort1, go1c/ort1c, go1c, ort1c, go1, go1c/floorc
    printf "round %d, 10,000 images, all cores: Go/onnxruntime wall %.2f (%.0f vs %.0f ms), cpu %.2f (%.0f vs %.0f ms)\n", r, go10k/ort10k, go10k, ort10k, go10kc/ort10kc, go10kc, ort10kc
  }' "$out"
