package activis

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/activis-go/activis/activis/internal/accumulate"
)

// The core aggregation benchmark (make bench-core): N = 1,000,000 × D = 512
// float32 activations, memory-mapped from a .npy file as a user's would
// be, aggregated into 10 classes + 50 subsets, beside the read floor (a
// plain parallel sum of the same mapped buffer) in the same run. It runs
// only when ACTIVIS_BENCH_DIR is set (make bench-core sets it to
// build/bench-core): the data (data.npy, 2 GB) and the two membership
// matrices (random.npy and metadata.npy, N × 60 float32 0/1, the M of
// NumPy's M @ X in testdata/bench_aggregate.py) are written there once
// per N and reused. ACTIVIS_BENCH_N changes N. Each aggregation is named
// after the kernel: "go" (portable) or "avx2" (GOEXPERIMENT=simd).
// cpu-ms/op is the process CPU time per operation.
//
// Groups (see coreBenchData):
//
//	random     10 classes + 50 independent random subsets of 13 % each:
//	           7.5 memberships per instance on average (1 class + 6.5
//	           subsets), no shared structure
//	metadata   10 classes + 50 unions of (label, predicted) cells, as
//	           expression subsets on labels and predictions are
//	           (membership sharing applies)
//
// Sub-benchmarks:
//
//	floor          sum of every value of the mapped buffer on every core
//	               (float64 accumulators): the plain read
//	floor-avx512   a float32 sum in four chains of sixteen lanes (AVX-512
//	               CPUs, GOEXPERIMENT=simd builds): the read at the speed
//	               of Aggregate's NaN/Inf check
//	floor-simd     the same with AVX2 (GOEXPERIMENT=simd builds only). In
//	               simd builds Go 1.26 restores vector registers after an
//	               asynchronous preemption without VZEROUPPER, and the
//	               scalar floor can then run at half speed: the lowest of
//	               the floors is the floor
//	random, metadata      Aggregate of the groups above
//	metadata-direct       the same with sharing disabled
//	random-mean, metadata-mean, random-meanstd
//	               the same with AggregateOptions.Statistics StatMean
//	               (what NumPy's M @ X computes) and StatMeanStd
//	stats-random   Explorer.Stats of the same classes and subsets (added
//	               with IndexSubset) on a fresh Explorer: what the views pay
//	               (making the explorer and its subsets is left out of both
//	               the wall and the CPU time), beside Aggregate of the same
//	               groups run in the same iterations (agg-ms/op,
//	               agg-cpu-ms/op)
func BenchmarkAggregateCore(b *testing.B) {
	dir := os.Getenv("ACTIVIS_BENCH_DIR")
	if dir == "" {
		b.Skip("set ACTIVIS_BENCH_DIR (make bench-core) to run the 2 GB aggregation benchmark")
	}
	n, d := 1_000_000, 512
	if s := os.Getenv("ACTIVIS_BENCH_N"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("ACTIVIS_BENCH_N=%q", s)
		}
		n = v
	}
	acts, random, metadata, labels := coreBenchFiles(b, dir, n, d)
	defer acts.Close()
	data := acts.data
	if data == nil {
		b.Fatal("bench data not mapped as float32")
	}
	bytes := int64(n) * int64(d) * 4

	b.Run("floor", func(b *testing.B) {
		b.SetBytes(bytes)
		var s float64
		defer reportCPU(b)()
		for b.Loop() {
			s += parallelSum(data)
		}
		if s == 0.5 {
			b.Log(s) // keep the sum alive
		}
	})
	if fastSum != nil {
		b.Run("floor-simd", func(b *testing.B) {
			b.SetBytes(bytes)
			var s float64
			defer reportCPU(b)()
			for b.Loop() {
				s += parallel(data, fastSum)
			}
			if s == 0.5 {
				b.Log(s)
			}
		})
	}
	if fastSum512 != nil {
		b.Run("floor-avx512", func(b *testing.B) {
			b.SetBytes(bytes)
			var s float64
			defer reportCPU(b)()
			for b.Loop() {
				s += parallel(data, fastSum512)
			}
			if s == 0.5 {
				b.Log(s)
			}
		})
	}
	run := func(name string, groups []*IndexSet, direct bool, set StatSet) {
		b.Run(name+"/kernel="+accumulate.Kernel, func(b *testing.B) {
			b.SetBytes(bytes)
			defer reportCPU(b)()
			for b.Loop() {
				if _, err := Aggregate(context.Background(), acts, groups, AggregateOptions{Direct: direct, Statistics: set}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	run("random", random, false, StatAll)
	run("random-mean", random, false, StatMean)
	run("random-meanstd", random, false, StatMeanStd)
	run("metadata", metadata, false, StatAll)
	run("metadata-mean", metadata, false, StatMean)
	run("metadata-direct", metadata, true, StatAll)
	b.Run("stats-random/kernel="+accumulate.Kernel, func(b *testing.B) {
		b.SetBytes(bytes)
		in := NewInstances([]string{"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"}, n)
		copy(in.Labels, labels)
		r, err := NewRun(in, map[string]*Activations{"l": acts})
		if err != nil {
			b.Fatal(err)
		}
		subsets := make([]*Subset, 0, 50)
		for k, g := range random[10:] {
			subsets = append(subsets, IndexSubset("s"+strconv.Itoa(k), g.Indices()...))
		}
		// The CPU time of making the explorer and adding the subsets (and
		// of the collection of their garbage, forced here) is left out,
		// as the timer leaves it out of the wall time: cpu-ms/op is that of
		// Stats alone, comparable with Aggregate's. Each iteration also
		// runs Aggregate of the same groups (StatAll, what Stats computes)
		// just before, outside the timer, reported as agg-ms/op and
		// agg-cpu-ms/op: the ratio of Stats to Aggregate taken in the same
		// iterations, which the load of a shared machine cannot skew as it
		// skews two sub-benchmarks run a minute apart.
		groups := append(append([]*IndexSet(nil), random...), NewIndexSet(n))
		var setup, aggWall, aggCPU time.Duration
		start := cpuTime()
		for b.Loop() {
			b.StopTimer()
			s0 := cpuTime()
			ex := NewExplorer(nil, r)
			for _, s := range subsets {
				if err := ex.Add(s); err != nil {
					b.Fatal(err)
				}
			}
			runtime.GC()
			a0, w0 := cpuTime(), time.Now()
			if _, err := Aggregate(context.Background(), acts, groups, AggregateOptions{}); err != nil {
				b.Fatal(err)
			}
			aggWall += time.Since(w0)
			aggCPU += cpuTime() - a0
			runtime.GC()
			setup += cpuTime() - s0
			b.StartTimer()
			if _, err := ex.Stats("l"); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64((cpuTime()-start-setup).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
		b.ReportMetric(float64(aggWall.Microseconds())/1e3/float64(b.N), "agg-ms/op")
		b.ReportMetric(float64(aggCPU.Microseconds())/1e3/float64(b.N), "agg-cpu-ms/op")
	})
}

// coreBenchFiles returns the benchmark's activations memory-mapped from
// dir/data.npy and its groups, writing data.npy, random.npy and
// metadata.npy (memberships as N × 60 float32 0/1 matrices, for NumPy)
// when they are missing or of another N.
func coreBenchFiles(b *testing.B, dir string, n, d int) (acts *Activations, random, metadata []*IndexSet, labels []int) {
	_, random, metadata, labels = coreBenchData(n, 0) // groups only
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "data.npy")
	if a, err := LoadActivations(path); err == nil && a.Len() == n && a.Dim() == d {
		a.Close()
	} else {
		if a != nil {
			a.Close()
		}
		data, _, _, _ := coreBenchData(n, d)
		if err := SaveNPY(path, NewActivations(data, n, d)); err != nil {
			b.Fatal(err)
		}
		for name, groups := range map[string][]*IndexSet{"random.npy": random, "metadata.npy": metadata} {
			m := make([]float32, n*len(groups))
			for r, g := range groups {
				for i := range g.All() {
					m[i*len(groups)+r] = 1
				}
			}
			if err := SaveNPY(filepath.Join(dir, name), NewActivations(m, n, len(groups))); err != nil {
				b.Fatal(err)
			}
		}
	}
	acts, err := LoadActivations(path)
	if err != nil {
		b.Fatal(err)
	}
	return acts, random, metadata, labels
}

// reportCPU reports the process's CPU time (user + system) per operation
// as "cpu-ms/op" when the returned function runs: on a machine shared with
// other work, CPU time compares kernels more steadily than wall time.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// parallelSum sums x with float64 accumulators on every core: the memory
// read baseline.
func parallelSum(x []float32) float64 { return parallel(x, sumRow) }

// parallel applies sum to GOMAXPROCS contiguous parts of x and adds up.
func parallel(x []float32, sum func([]float32) float64) float64 {
	t := runtime.GOMAXPROCS(0)
	res := make([]float64, t)
	var wg sync.WaitGroup
	for w := 0; w < t; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			res[w] = sum(x[w*len(x)/t : (w+1)*len(x)/t])
		}(w)
	}
	wg.Wait()
	var s float64
	for _, v := range res {
		s += v
	}
	return s
}

// coreBenchData makes ReLU-like activations (about half zeros; none when
// d is 0), labels and predictions (80 % correct), and the two families of
// 60 groups.
func coreBenchData(n, d int) (data []float32, random, metadata []*IndexSet, labels []int) {
	data = make([]float32, n*d)
	const classes = 10
	labels = make([]int, n)
	pred := make([]int, n)
	var wg sync.WaitGroup
	t := runtime.GOMAXPROCS(0)
	for w := 0; w < t; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for i := w * n / t; i < (w+1)*n/t; i++ {
				row := data[i*d : (i+1)*d]
				for j := range row {
					v := float32(r.NormFloat64())
					row[j] = max(v, 0)
				}
			}
		}(w)
	}
	r := rand.New(rand.NewPCG(99, 2))
	for i := range labels {
		labels[i] = r.IntN(classes)
		pred[i] = labels[i]
		if r.IntN(5) == 0 {
			pred[i] = r.IntN(classes)
		}
	}
	wg.Wait()
	classSets := make([]*IndexSet, classes)
	for c := range classSets {
		classSets[c] = NewIndexSet(n)
	}
	for i, l := range labels {
		classSets[l].Add(i)
	}
	random = append(random, classSets...)
	for s := 0; s < 50; s++ {
		const p = 0.13 // 6.5 subsets per instance on average
		g := NewIndexSet(n)
		for i := 0; i < n; i++ {
			if r.Float64() < p {
				g.Add(i)
			}
		}
		random = append(random, g)
	}
	metadata = append(metadata, classSets...)
	for s := 0; s < 50; s++ {
		// A random set of 1–6 (label, predicted) cells, e.g. "shirts
		// predicted as T-shirt or pullover".
		cells := map[[2]int]bool{}
		for k := 0; k <= s%6; k++ {
			cells[[2]int{r.IntN(classes), r.IntN(classes)}] = true
		}
		cells[[2]int{s % classes, s % classes}] = s%2 == 0
		g := NewIndexSet(n)
		for i := 0; i < n; i++ {
			if cells[[2]int{labels[i], pred[i]}] {
				g.Add(i)
			}
		}
		metadata = append(metadata, g)
	}
	return data, random, metadata, labels
}

// BenchmarkAggregateSweep times Aggregate over rows × subsets × membership
// × statistics: N = 1e4, 1e5, 1e6, 1e7 rows of D = 64 float32 (in memory;
// 2.5 GB at 1e7), 1, 10, 60 and 200 independent random subsets each
// holding 0.1 %, 1 %, 13 % or 100 % of the instances, with StatAll and
// StatMean (stats=all, stats=mean), beside the read floor of the same
// buffer (floor: the plain parallel sum) per N. It runs only when
// ACTIVIS_BENCH_SWEEP is set; ACTIVIS_BENCH_SWEEP_ROWS (e.g. "10000,100000")
// narrows the row counts. Use -benchtime 1x: the largest cases take
// seconds.
//
//	ACTIVIS_BENCH_SWEEP=1 ACTIVIS_BENCH_SWEEP_ROWS=10000,100000,1000000 \
//	  GOEXPERIMENT=simd go test -run '^$' -bench AggregateSweep -benchtime 1x ./activis/
func BenchmarkAggregateSweep(b *testing.B) {
	if os.Getenv("ACTIVIS_BENCH_SWEEP") == "" {
		b.Skip("set ACTIVIS_BENCH_SWEEP=1 to run the rows × subsets × membership sweep")
	}
	const d = 64
	rows := []int{10_000, 100_000, 1_000_000, 10_000_000}
	if s := os.Getenv("ACTIVIS_BENCH_SWEEP_ROWS"); s != "" {
		rows = nil
		for _, f := range strings.Split(s, ",") {
			v, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || v <= 0 {
				b.Fatalf("ACTIVIS_BENCH_SWEEP_ROWS=%q", s)
			}
			rows = append(rows, v)
		}
	}
	for _, n := range rows {
		data := make([]float32, n*d)
		r := rand.New(rand.NewPCG(uint64(n), 3))
		for i := range data {
			data[i] = max(float32(r.NormFloat64()), 0)
		}
		acts := NewActivations(data, n, d)
		bytes := int64(n) * d * 4
		b.Run("rows="+strconv.Itoa(n)+"/floor", func(b *testing.B) {
			b.SetBytes(bytes)
			var s float64
			for b.Loop() {
				s += parallelSum(data)
			}
			if s == 0.5 {
				b.Log(s)
			}
		})
		for _, subsets := range []int{1, 10, 60, 200} {
			for _, p := range []float64{0.001, 0.01, 0.13, 1} {
				groups := make([]*IndexSet, subsets)
				for g := range groups {
					groups[g] = NewIndexSet(n)
					for i := range n {
						if p == 1 || r.Float64() < p {
							groups[g].Add(i)
						}
					}
				}
				name := "rows=" + strconv.Itoa(n) + "/subsets=" + strconv.Itoa(subsets) + "/members=" + strconv.FormatFloat(100*p, 'g', -1, 64) + "%"
				for _, set := range []StatSet{StatAll, StatMean} {
					b.Run(name+"/stats="+set.String(), func(b *testing.B) {
						b.SetBytes(bytes)
						for b.Loop() {
							if _, err := Aggregate(context.Background(), acts, groups, AggregateOptions{Statistics: set}); err != nil {
								b.Fatal(err)
							}
						}
					})
				}
			}
		}
	}
}

// BenchmarkBlockMeans times one worker's StatMean and StatMeanStd pass
// over a block held in cache (no memory traffic: the cost Aggregate adds
// to the read floor): a block of 128 or 512 rows × 512 neurons (256 KB,
// 1 MB) checked for NaN and Inf, then 60 random groups of 0.1–100 % of it
// summed a group at a time. ns/membership is per member row and group
// (divide by 512 for one value).
//
// A column-tiled variant (every group's members summed over one 64-column
// tile, the tile first copied with AVX-512 into a contiguous buffer so that
// rows of a 2 KB stride do not all fall in the same few L1 sets, all
// groups of a tile in one kernel call that also folds) was measured
// against this loop here, interleaved (min of three at load 3–3.5,
// ns/membership, group loop then tiled): 128 rows at 0.1 % 454 against
// 815, at 1 % 71 against 119, at 13 % 21.6 against 26.0, at 100 % 22.1
// against 17.8; 512 rows at 13 % 24.3 against 29.9, at 100 % 24.5 against
// 22.9. It was dropped: slower at the benchmark's density (the copy and
// a visit of every group per tile cost more than the L2 reads saved),
// 20 % faster only when every row is in every group.
func BenchmarkBlockMeans(b *testing.B) {
	const d, ngroups = 512, 60
	for _, m := range []int{128, 512} {
		r := rand.New(rand.NewPCG(7, uint64(m)))
		rows := make([]float32, m*d)
		for i := range rows {
			rows[i] = max(float32(r.NormFloat64()), 0)
		}
		for _, p := range []float64{0.001, 0.01, 0.13, 1} {
			groups := make([]*IndexSet, ngroups)
			members := 0
			for g := range groups {
				groups[g] = NewIndexSet(m)
				for i := range m {
					if p == 1 || r.Float64() < p {
						groups[g].Add(i)
						members++
					}
				}
			}
			for _, set := range []StatSet{StatMean, StatMeanStd} {
				b.Run("rows="+strconv.Itoa(m)+"/members="+strconv.FormatFloat(100*p, 'g', -1, 64)+"%/stats="+set.String(), func(b *testing.B) {
					w := newAggWorker(newAccumulator(ngroups, d, set), groups, 0)
					w.blockLen = m
					for b.Loop() {
						w.chunk(0, rows)
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(max(members, 1)), "ns/membership")
				})
			}
		}
	}
}
