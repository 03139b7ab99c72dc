package activis

import (
	"context"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The core aggregation benchmark of issue 3: N = 1,000,000 × D = 512
// float32 activations into 50 subsets and 10 classes, beside the plain
// memory-read time of a sum over the same buffer in the same run. It needs
// 2 GB and runs only when ACTIVIS_BENCH_CORE is set (make bench-core sets
// it; ACTIVIS_BENCH_N changes N). testdata/bench_aggregate.py times NumPy
// on the same problem. Each aggregation is named after the kernel: "go"
// (portable) or "avx2" (built with GOEXPERIMENT=simd). cpu-ms/op is the
// process CPU time per operation, steadier than wall time on a shared
// machine.
//
// Sub-benchmarks:
//
//	memread    sum of every value (float64 accumulators, all cores): the baseline.
//	           In GOEXPERIMENT=simd builds Go 1.26's runtime restores the
//	           vector registers after an asynchronous preemption without
//	           VZEROUPPER, and this scalar loop can then run at half speed
//	           (GODEBUG=asyncpreemptoff=1 shows it): the portable build's
//	           memread is the unhindered figure
//	memread-simd  the same with AVX2 (GOEXPERIMENT=simd builds only)
//	random     classes + 50 independent random subsets of 1–9 % each
//	           (no shared structure: 1 class + ~2.5 subsets per instance)
//	metadata   classes + 50 subsets that are unions of (label, predicted)
//	           cells, as expression subsets on labels and predictions are
//	           (membership sharing applies)
//	metadata-direct  the same with sharing disabled
func BenchmarkAggregateCore(b *testing.B) {
	if os.Getenv("ACTIVIS_BENCH_CORE") == "" {
		b.Skip("set ACTIVIS_BENCH_CORE=1 (make bench-core) to run the 2 GB aggregation benchmark")
	}
	n, d := 1_000_000, 512
	if s := os.Getenv("ACTIVIS_BENCH_N"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("ACTIVIS_BENCH_N=%q", s)
		}
		n = v
	}
	data, random, metadata := coreBenchData(n, d)
	acts := NewActivations(data, n, d)
	bytes := int64(n) * int64(d) * 4

	b.Run("memread", func(b *testing.B) {
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
		b.Run("memread-simd", func(b *testing.B) {
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
	run := func(name string, groups []*IndexSet, direct bool) {
		b.Run(name+"/kernel="+kernelName, func(b *testing.B) {
			b.SetBytes(bytes)
			defer reportCPU(b)()
			for b.Loop() {
				if _, err := Aggregate(context.Background(), acts, groups, AggregateOptions{Direct: direct}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	run("random", random, false)
	run("metadata", metadata, false)
	run("metadata-direct", metadata, true)
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

// coreBenchData makes ReLU-like activations (about half zeros), labels
// and predictions (80 % correct), and the two families of 60 groups.
func coreBenchData(n, d int) (data []float32, random, metadata []*IndexSet) {
	data = make([]float32, n*d)
	const classes = 10
	labels := make([]int, n)
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
		p := 0.01 + 0.08*float64(s)/49
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
	return data, random, metadata
}

// BenchmarkAccumulate8 times each eight-row kernel this build and CPU can
// run ("go" is the portable baseline) on ReLU-like rows drawn in turn from
// a pool of 1,024 × 512 (2 MB, about the size of the blocks Aggregate
// re-reads): ns/value is the cost of adding one value to one group's five
// statistics.
func BenchmarkAccumulate8(b *testing.B) {
	const d, pool = 512, 1024
	r := rand.New(rand.NewPCG(1, 2))
	rows := make([][]float32, pool)
	for i := range rows {
		rows[i] = make([]float32, d)
		for j := range rows[i] {
			rows[i][j] = max(float32(r.NormFloat64()), 0)
		}
	}
	for name, k := range accumulate8Kernels() {
		b.Run(name, func(b *testing.B) {
			acc := NewAccumulator(1, d)
			var x [8][]float32
			i := 0
			for b.Loop() {
				copy(x[:], rows[i:i+8])
				k(acc.sum, acc.sumSq, acc.active, acc.min, acc.max, &x)
				i = (i + 8) % pool
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(8*d), "ns/value")
		})
	}
}
