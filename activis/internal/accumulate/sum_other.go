//go:build !(goexperiment.simd && amd64)

package accumulate

// SumRows adds rows idx of rows (row k is rows[k*len(acc):][:len(acc)])
// to the float32 partial sums acc. The rows must be finite; callers bound
// how many rows a partial sum holds (see FoldMean) for its accuracy.
// Rows of 16 values or more are added with gonum's float32 axpy, whose
// amd64 assembly adds four values per instruction (sumRowsAxpy).
func SumRows(acc, rows []float32, idx []int) { sumRowsAxpy(acc, rows, len(acc), idx) }

// SumSqRows adds rows idx of rows, less shift, to the float32 partial sums
// acc and the partial sums of squares sq (see FoldMeanStd).
func SumSqRows(acc, sq, shift, rows []float32, idx []int) {
	sumSqRowsGo(acc, sq, shift, rows, len(acc), idx)
}

// sumKernels returns the partial-sum kernels by name (only the portable
// ones in this build), for tests.
func sumKernels() (map[string]sumKernel, map[string]sumSqKernel) {
	return map[string]sumKernel{"go": sumRowsGo, "axpy": sumRowsAxpy}, map[string]sumSqKernel{"go": sumSqRowsGo}
}

// FoldMean adds the float32 partial sums p into the float64 sums and
// clears p.
func FoldMean(sum []float64, p []float32) {
	foldMeanGo(sum, p)
	clear(p)
}

// FoldMeanStd adds partial sums of n rows taken about shift (p = Σ(x−K),
// q = Σ(x−K)², see SumSqRows) into the float64 sums of the values and of
// their squares, Σx = p + nK and Σx² = q + 2Kp + nK², and clears p and q.
func FoldMeanStd(sum, sq []float64, p, q, shift []float32, n int) {
	foldMeanStdGo(sum, sq, p, q, shift, n)
	clear(p)
	clear(q)
}
