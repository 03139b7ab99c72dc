//go:build !(goexperiment.simd && amd64)

package activis

// fastSum is the SIMD memory-read baseline, only in GOEXPERIMENT=simd
// builds (see aggregate_simd_bench_test.go).
var fastSum func([]float32) float64

// fastSum512 is the AVX-512 memory-read baseline, only in
// GOEXPERIMENT=simd builds (see aggregate_simd_bench_test.go).
var fastSum512 func([]float32) float64
