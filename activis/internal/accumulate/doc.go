// Package accumulate holds the inner kernels of activis aggregation: they
// add rows of float32 activations to one group's per-neuron statistics,
// five slices of the same length D held by activis.Accumulator:
//
//	sum, sq   float64 sum and sum of squares
//	act       number of values > 0
//	mn, mx    float32 minimum and maximum (start at +Inf and -Inf)
//
// Add adds one row, Add4 four and Add8 eight (loading and storing each
// statistic once per four or eight values, which is what makes
// aggregation fast); their rows must be finite, which Finite checks, and a
// row holding NaN or ±Inf goes to AddChecked, which skips those values and
// counts them per neuron. Kernel names the build's kernel for benchmark
// names.
//
// For the mean alone (activis.StatMean) and the mean and deviation
// (activis.StatMeanStd) the kernels are cheaper: SumRows adds a group's
// member rows of a block into float32 partial sums held in registers
// (128 neurons at a time with AVX-512, 64 with AVX2, four rows at a time
// in Go), one addition per value; SumSqRows adds x−K and (x−K)² for a
// per-neuron shift K. FoldMean and FoldMeanStd add the partial sums into
// the float64 sums (activis folds every 64 members).
//
// Two builds:
//
//   - kernel_simd.go, compiled only with GOEXPERIMENT=simd on amd64 (Go
//     1.26's experimental simd/archsimd package; the kernel binary is built
//     that way, see the Makefile): AVX2 kernels, and for Add8 an AVX2+FMA
//     and an AVX-512 kernel, chosen once at start from the CPU's features;
//     without AVX2 at run time they fall back to the portable kernels.
//   - kernel_other.go, every other build: the portable kernels of
//     kernel.go, which are also the reference the tests hold the vector
//     kernels to (the same sums up to float64 rounding, the same counts,
//     minima and maxima exactly).
//
// The kernels never allocate, never start goroutines and are safe for
// concurrent use on disjoint statistics; callers (activis.Aggregate)
// parallelise over groups and blocks of rows. Tests: go test
// ./activis/internal/accumulate/ in both builds (GOEXPERIMENT=simd and
// GOEXPERIMENT=); BenchmarkAccumulate8, BenchmarkAccumulateTransposed and
// BenchmarkSumRows time the kernels per value.
package accumulate
