package accumulate

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

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
	for name, k := range kernels8() {
		b.Run(name, func(b *testing.B) {
			acc := newStats(1, d)
			var x [8][]float32
			i := 0
			for b.Loop() {
				copy(x[:], rows[i:i+8])
				k(acc.sum, acc.sq, acc.act, acc.mn, acc.mx, &x)
				i = (i + 8) % pool
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(8*d), "ns/value")
		})
	}
}

// BenchmarkAccumulateTransposed times the transposed strategy beside
// BenchmarkAccumulate8: each row added, one at a time with Add, into
// several of 60 groups' accumulators (60 × 512 neurons × 36 bytes = 1.1 MB,
// about L2), as a pass that visits every row once and adds it to each of
// its ~7.5 groups would. ns/value is comparable with BenchmarkAccumulate8's
// (one value into one group's five statistics); Aggregate batches eight
// members of a group instead, and this benchmark is the evidence for it.
func BenchmarkAccumulateTransposed(b *testing.B) {
	const d, pool, groups, per = 512, 1024, 60, 8
	r := rand.New(rand.NewPCG(1, 2))
	rows := make([][]float32, pool)
	for i := range rows {
		rows[i] = make([]float32, d)
		for j := range rows[i] {
			rows[i][j] = max(float32(r.NormFloat64()), 0)
		}
	}
	acc := newStats(groups, d)
	i, g := 0, 0
	for b.Loop() {
		x := rows[i]
		for k := 0; k < per; k++ { // per memberships of row i, in spread groups
			lo, hi := g*d, (g+1)*d
			Add(acc.sum[lo:hi], acc.sq[lo:hi], acc.act[lo:hi], acc.mn[lo:hi], acc.mx[lo:hi], x)
			g = (g + 7) % groups
		}
		i = (i + 1) % pool
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(per*d), "ns/value")
}

// BenchmarkSumRows times each partial-sum kernel (StatMean's) as
// Aggregate calls it: a 128-row block of 512 neurons (256 KB, its block
// size for StatMean) and 17 members of it (13 %) per call, into one
// group's partial sums. ns/value is the cost of adding one value to one
// group, the figure to set against BenchmarkAccumulate8's. Two
// residencies: "l1" sums the same 17 rows (34 KB) every call, so they stay
// in L1; "l2" moves every member to another row of the block before each
// call, so that, as in Aggregate (where each group reads its own members),
// the rows come from L2.
func BenchmarkSumRows(b *testing.B) {
	const d, block, members = 512, 128, 17
	r := rand.New(rand.NewPCG(1, 2))
	rows := make([]float32, block*d)
	for i := range rows {
		rows[i] = max(float32(r.NormFloat64()), 0)
	}
	first := r.Perm(block)[:members]
	slices.Sort(first)
	sums, sqs := sumKernels()
	for _, res := range []string{"l1", "l2"} {
		idx := slices.Clone(first)
		next := func() {
			if res == "l2" {
				for t := range idx {
					idx[t] = (idx[t] + 37) % block
				}
			}
		}
		for name, k := range sums {
			b.Run("mean/"+res+"/"+name, func(b *testing.B) {
				acc := make([]float32, d)
				for b.Loop() {
					next()
					k(acc, rows, d, idx)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(members*d), "ns/value")
			})
		}
		for name, k := range sqs {
			b.Run("meanstd/"+res+"/"+name, func(b *testing.B) {
				acc, sq, shift := make([]float32, d), make([]float32, d), make([]float32, d)
				for b.Loop() {
					next()
					k(acc, sq, shift, rows, d, idx)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(members*d), "ns/value")
			})
		}
	}
}

// BenchmarkFinite times the NaN/Inf check of Aggregate's blocks two ways:
// "rows" calls Finite once per 512-value row (as blocks were checked
// before), "block" once per block of 128 rows (256 KB, as they are now,
// rows checked one by one only when the block fails), on 128 rows (in
// cache: the check's own cost) and 65,536 rows (128 MB: from memory).
func BenchmarkFinite(b *testing.B) {
	const d, block = 512, 128
	for _, m := range []int{128, 1 << 16} {
		rows := make([]float32, m*d)
		for i := range rows {
			rows[i] = float32(i%7) - 3
		}
		for _, per := range []int{1, block} {
			name := "rows"
			if per == block {
				name = "block"
			}
			b.Run(name+"/n="+strconv.Itoa(m), func(b *testing.B) {
				b.SetBytes(int64(len(rows) * 4))
				for b.Loop() {
					for k := 0; k < m; k += per {
						if !Finite(rows[k*d : (k+per)*d]) {
							b.Fatal("finite rows reported non-finite")
						}
					}
				}
			})
		}
	}
}
