//go:build !(goexperiment.simd && amd64)

package activis

// accumulate adds one finite row x to one row's statistics (portable Go;
// built with GOEXPERIMENT=simd on amd64, aggregate_simd.go uses AVX2).
func accumulate(sum, sq []float64, act []int64, mn, mx []float32, x []float32) {
	accumulateGo(sum, sq, act, mn, mx, x)
}

// accumulate4 adds four finite rows to one row's statistics.
func accumulate4(sum, sq []float64, act []int64, mn, mx []float32, x0, x1, x2, x3 []float32) {
	accumulate4Go(sum, sq, act, mn, mx, x0, x1, x2, x3)
}

// rowFinite reports whether every value of x is finite.
func rowFinite(x []float32) bool { return rowFiniteGo(x) }

// kernelName names the aggregation kernel in use, for benchmarks.
const kernelName = "go"

// accumulate8 adds eight finite rows to one row's statistics.
func accumulate8(sum, sq []float64, act []int64, mn, mx []float32, x *[8][]float32) {
	accumulate8Go(sum, sq, act, mn, mx, x)
}

// kernel8 is the signature of the eight-row kernels.
type kernel8 func(sum, sq []float64, act []int64, mn, mx []float32, x *[8][]float32)

// accumulate8Kernels returns the eight-row kernels by name (only the
// portable one in this build), for tests.
func accumulate8Kernels() map[string]kernel8 {
	return map[string]kernel8{"go": accumulate8Go}
}
