//go:build !(goexperiment.simd && amd64)

package accumulate

// Add adds one finite row x to one row's statistics (portable Go;
// built with GOEXPERIMENT=simd on amd64, kernel_simd.go uses AVX2).
func Add(sum, sq []float64, act []int64, mn, mx []float32, x []float32) {
	addGo(sum, sq, act, mn, mx, x)
}

// Add4 adds four finite rows to one row's statistics.
func Add4(sum, sq []float64, act []int64, mn, mx []float32, x0, x1, x2, x3 []float32) {
	add4Go(sum, sq, act, mn, mx, x0, x1, x2, x3)
}

// Finite reports whether every value of x is finite (slices of 64 values
// or more: see finiteDot). A false result may also mean that finite
// values overflowed: callers then check each value.
func Finite(x []float32) bool { return finiteDot(x) }

// Kernel names the aggregation kernel in use, for benchmarks.
const Kernel = "go"

// Add8 adds eight finite rows to one row's statistics.
func Add8(sum, sq []float64, act []int64, mn, mx []float32, x *[8][]float32) {
	add8Go(sum, sq, act, mn, mx, x)
}

// kernels8 returns the eight-row kernels by name (only the
// portable one in this build), for tests.
func kernels8() map[string]kernel8 {
	return map[string]kernel8{"go": add8Go}
}

// HasFiniteAdd reports whether FiniteAdd has a fused kernel for rows of d
// values: never in this build.
func HasFiniteAdd(d int) bool { return false }

// FiniteAdd reports Finite(x) and, when it holds and acc is not nil, adds
// x to the float32 partial sums acc.
func FiniteAdd(acc, x []float32) bool { return finiteAddGo(acc, x) }
