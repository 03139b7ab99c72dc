#!/usr/bin/env bash
# bench-beam (see the Makefile): activis-beam on prism beside the
# single-machine baseline (localsum) over the same shards, in one run, each
# under /usr/bin/time -v; then the merge of 1,000 summaries.
set -euo pipefail
GO=${GO:-go}
ROWS=${ROWS:-10000000} DIM=${DIM:-512} SHARDS=${SHARDS:-40}
DIR=${DIR:-build/bench-beam}
here=$(cd "$(dirname "$0")/.." && pwd)
data="$DIR/${ROWS}x${DIM}x${SHARDS}"
mkdir -p "$DIR"
cd "$here"
$GO build -o "$DIR/activis-beam" ./cmd/activis-beam
$GO build -o "$DIR/localsum" ./internal/cmd/localsum
need=$(( ROWS * DIM * 4 / 1000000000 + 1 ))
echo "bench-beam: $ROWS × $DIM float32 in $SHARDS shards (~${need} GB) in $data"
df -h "$DIR" | tail -1
if [ ! -f "$data/done" ]; then
  rm -rf "$data"
  "$DIR/localsum" -make "$data" -rows "$ROWS" -dim "$DIM" -shards "$SHARDS"
  touch "$data/done"
fi
subsets=(--subset 'bright=x > 0.5 && kind != "c"' --subset 'c3 wrong=label == "c3" && !correct' --subset 'fc3 high=act("fc", 3) > 1.5')
# Page cache: both runs read the same files; a first untimed read warms it
# (when it fits), so neither pays the disk alone.
cat "$data"/fc-*.npy > /dev/null
echo "== single machine: activis.SummarizeSpec per shard, merged (core library only)"
/usr/bin/time -v "$DIR/localsum" --input "$data/fc-*.npy" --instances "$data/instances-*.csv" "${subsets[@]}" \
  --per_class 1000 --out "$DIR/local.npz" 2> "$DIR/local.time"
grep -E 'Elapsed|Maximum resident' "$DIR/local.time"
echo "== activis-beam on prism (in a private network namespace)"
sh "$here/netns.sh" /usr/bin/time -v "$DIR/activis-beam" --runner prism \
  --input "$data/fc-*.npy" --instances "$data/instances-*.csv" "${subsets[@]}" --sample 11000 \
  --out "$DIR/beam.npz" 2> "$DIR/beam.time" || { cat "$DIR/beam.time"; exit 1; }
grep -E 'activis-beam:|Elapsed|Maximum resident' "$DIR/beam.time"
echo "== merge of 1,000 summaries (BenchmarkSummaryMerge1000, activis)"
cd "$here/../.." && $GO test -run '^$' -bench 'SummaryMerge1000' -benchtime 5x ./activis/
