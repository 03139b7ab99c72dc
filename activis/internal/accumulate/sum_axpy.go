package accumulate

import "gonum.org/v1/gonum/blas/gonum"

// blas32 is gonum's pure-Go BLAS, whose float32 axpy has an SSE assembly
// loop on amd64 (four values per instruction) in every build.
var blas32 gonum.Implementation

// sumRowsAxpy is sumRowsGo with gonum's Saxpy (α = 1) per member row: on
// amd64 without GOEXPERIMENT=simd it adds four values per instruction
// where the compiled Go loop adds one. Rows narrower than 16 values go to
// sumRowsGo (the call would cost more than the additions).
func sumRowsAxpy(acc, rows []float32, d int, idx []int) {
	w := len(acc)
	if w < 16 {
		sumRowsGo(acc, rows, d, idx)
		return
	}
	for _, k := range idx {
		blas32.Saxpy(w, 1, rows[k*d:k*d+w], 1, acc, 1)
	}
}

// finiteDot is the portable Finite for long slices: x·x with gonum's
// float32 dot product (SSE assembly on amd64) is NaN or ±Inf when a value
// is, and finite otherwise unless the squares overflow (values beyond
// about 1e19), which only sends the caller to its row-by-row check.
func finiteDot(x []float32) bool {
	if len(x) < 64 {
		return finiteGo(x)
	}
	s := blas32.Sdot(len(x), x, 1, x, 1)
	return s-s == 0
}
