// The reduced-statistics kernels: float32 partial sums of a group's
// members (and of their squares about a shift), folded into the float64
// statistics every few dozen members. Portable versions here; the
// exported functions are in sum_other.go and sum_simd.go.

package accumulate

// sumKernel is the signature of the partial-sum kernels: acc[j] +=
// rows[k*d+j] for every k in idx and j < len(acc) ≤ d (rows of stride d;
// a kernel handles a column range by being passed acc[j:] and rows[j:]).
type sumKernel func(acc, rows []float32, d int, idx []int)

// sumSqKernel is the signature of the shifted partial-sum kernels: for
// every k in idx and neuron j, with v = rows[k*len(acc)+j] - shift[j],
// acc[j] += v and sq[j] += v*v.
type sumSqKernel func(acc, sq, shift, rows []float32, d int, idx []int)

// row returns the first w values of row k of rows of stride d.
func row(rows []float32, k, d, w int) []float32 { return rows[k*d:][:w] }

// sumRowsGo is the portable SumRows: four member rows at a time, so that
// each partial sum is loaded and stored once per four values. Eight at a
// time was 12 % slower (0.24 against 0.215 ns per value and group in
// BenchmarkSumRows-like runs at load 4): the compiler then keeps the loop
// counter and two row pointers on the stack.
func sumRowsGo(acc, rows []float32, d int, idx []int) {
	w := len(acc)
	t := 0
	for ; t+4 <= len(idx); t += 4 {
		x0, x1, x2, x3 := row(rows, idx[t], d, w), row(rows, idx[t+1], d, w), row(rows, idx[t+2], d, w), row(rows, idx[t+3], d, w)
		acc := acc[:w]
		for j := range acc {
			acc[j] += (x0[j] + x1[j]) + (x2[j] + x3[j])
		}
	}
	for ; t < len(idx); t++ {
		x := row(rows, idx[t], d, w)
		for j := range acc {
			acc[j] += x[j]
		}
	}
}

// sumSqRowsGo is the portable SumSqRows, four member rows at a time.
func sumSqRowsGo(acc, sq, shift, rows []float32, d int, idx []int) {
	w := len(acc)
	sq, shift = sq[:w], shift[:w]
	t := 0
	for ; t+4 <= len(idx); t += 4 {
		x0, x1, x2, x3 := row(rows, idx[t], d, w), row(rows, idx[t+1], d, w), row(rows, idx[t+2], d, w), row(rows, idx[t+3], d, w)
		for j := range acc {
			k := shift[j]
			v0, v1, v2, v3 := x0[j]-k, x1[j]-k, x2[j]-k, x3[j]-k
			acc[j] += (v0 + v1) + (v2 + v3)
			sq[j] += (v0*v0 + v1*v1) + (v2*v2 + v3*v3)
		}
	}
	for ; t < len(idx); t++ {
		x := row(rows, idx[t], d, w)
		for j := range acc {
			v := x[j] - shift[j]
			acc[j] += v
			sq[j] += v * v
		}
	}
}

// foldMeanGo adds the float32 partial sums p into the float64 sums.
func foldMeanGo(sum []float64, p []float32) {
	sum = sum[:len(p)]
	for j, v := range p {
		sum[j] += float64(v)
	}
}

// foldMeanStdGo is FoldMeanStd without clearing p and q.
func foldMeanStdGo(sum, sq []float64, p, q, shift []float32, n int) {
	d := len(p)
	sum, sq, q, shift = sum[:d], sq[:d], q[:d], shift[:d]
	fn := float64(n)
	for j := range p {
		k, s := float64(shift[j]), float64(p[j])
		nk := fn * k
		sum[j] += s + nk
		sq[j] += (float64(q[j]) + 2*k*s) + nk*k
	}
}
