package activis

import (
	"fmt"
	"path/filepath"
	"testing"
)

// The baseline the aggregation refers to: a plain sum over an in-memory
// []float32 buffer, beside the same sum over a memory-mapped .npy file of
// the same size read row by row (Row), in blocks (Scan), and converted
// from float16. Run with
//
//	go test -run '^$' -bench 'Sum' -benchtime 20x ./activis/

// benchRows × benchDim float32 values (40 MB for 20000 × 512).
var benchSizes = []struct{ n, d int }{{2000, 512}, {20000, 512}}

// sumRow sums x with four float64 accumulators (also the memory-read
// baseline of the aggregation benchmarks).
func sumRow(x []float32) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += float64(x[i])
		s1 += float64(x[i+1])
		s2 += float64(x[i+2])
		s3 += float64(x[i+3])
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i])
	}
	return s0 + s1 + s2 + s3
}

func benchData(n, d int) []float32 {
	x := make([]float32, n*d)
	for i := range x {
		x[i] = float32(i%1000) / 1000
	}
	return x
}

func BenchmarkSumMemory(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", sz.n, sz.d), func(b *testing.B) {
			x := benchData(sz.n, sz.d)
			b.SetBytes(int64(4 * len(x)))
			b.ResetTimer()
			var s float64
			for range b.N {
				s += sumRow(x)
			}
			sink = s
		})
	}
}

func mappedBench(b *testing.B, n, d int) *Activations {
	b.Helper()
	p := filepath.Join(b.TempDir(), "bench.npy")
	if err := SaveNPY(p, NewActivations(benchData(n, d), n, d)); err != nil {
		b.Fatal(err)
	}
	a, err := LoadActivations(p)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	return a
}

func BenchmarkSumMappedRow(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", sz.n, sz.d), func(b *testing.B) {
			a := mappedBench(b, sz.n, sz.d)
			b.SetBytes(int64(4 * sz.n * sz.d))
			b.ResetTimer()
			var s float64
			for range b.N {
				for i := 0; i < a.Len(); i++ {
					s += sumRow(a.Row(i))
				}
			}
			sink = s
		})
	}
}

func BenchmarkSumMappedScan(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", sz.n, sz.d), func(b *testing.B) {
			a := mappedBench(b, sz.n, sz.d)
			b.SetBytes(int64(4 * sz.n * sz.d))
			b.ResetTimer()
			var s float64
			for range b.N {
				a.Scan(0, a.Len(), 0, func(_ int, rows []float32) error {
					s += sumRow(rows)
					return nil
				})
			}
			sink = s
		})
	}
}

func BenchmarkSumMappedFloat64Scan(b *testing.B) {
	sz := benchSizes[len(benchSizes)-1]
	b.Run(fmt.Sprintf("%dx%d", sz.n, sz.d), func(b *testing.B) {
		x := benchData(sz.n, sz.d)
		p := filepath.Join(b.TempDir(), "bench64.npy")
		if err := writeRaw(p, rawNPY(fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }", sz.n, sz.d), f64bytes(nativeOrder(), x))); err != nil {
			b.Fatal(err)
		}
		a, err := LoadActivations(p)
		if err != nil {
			b.Fatal(err)
		}
		defer a.Close()
		b.SetBytes(int64(4 * sz.n * sz.d))
		b.ResetTimer()
		var s float64
		for range b.N {
			a.Scan(0, a.Len(), 0, func(_ int, rows []float32) error {
				s += sumRow(rows)
				return nil
			})
		}
		sink = s
	})
}

var sink float64
