package accumulate

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSumKernels checks every partial-sum kernel the CPU can run (and the
// exported SumRows and SumSqRows) against float64 sums of the same
// members, for widths that exercise each tile size and its tails, with
// member lists of 0, 1 and many rows, and partial sums that start
// non-zero.
func TestSumKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	sums, sqs := sumKernels()
	sums["SumRows"] = func(acc, rows []float32, d int, idx []int) {
		if d != len(acc) {
			panic("exported kernel with stride")
		}
		SumRows(acc, rows, idx)
	}
	sqs["SumSqRows"] = func(acc, sq, shift, rows []float32, d int, idx []int) {
		if d != len(acc) {
			panic("exported kernel with stride")
		}
		SumSqRows(acc, sq, shift, rows, idx)
	}
	for _, d := range []int{1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 143, 200, 512, 515} {
		const m = 70
		rows := make([]float32, m*d)
		for i := range rows {
			rows[i] = float32(r.NormFloat64()*3 + 1)
		}
		shift := append([]float32(nil), rows[5*d:6*d]...)
		for _, nm := range []int{0, 1, 2, 7, 8, 9, 33, 64} {
			idx := r.Perm(m)[:nm]
			start := make([]float32, d)
			for j := range start {
				start[j] = float32(j%5) - 2
			}
			want := make([]float64, d)
			wantS, wantQ := make([]float64, d), make([]float64, d)
			for j := range want {
				want[j] = float64(start[j])
				wantS[j], wantQ[j] = float64(start[j]), float64(start[j])
				for _, k := range idx {
					x := float64(rows[k*d+j])
					want[j] += x
					v := x - float64(shift[j])
					wantS[j] += v
					wantQ[j] += v * v
				}
			}
			for name, k := range sums {
				acc := append([]float32(nil), start...)
				k(acc, rows, d, idx)
				for j := range acc {
					if math.Abs(float64(acc[j])-want[j]) > 1e-5*(1+float64(nm))*4 {
						t.Fatalf("%s d=%d members=%d neuron %d: %v, want %v", name, d, nm, j, acc[j], want[j])
					}
				}
			}
			for name, k := range sqs {
				acc, sq := append([]float32(nil), start...), append([]float32(nil), start...)
				k(acc, sq, shift, rows, d, idx)
				for j := range acc {
					if math.Abs(float64(acc[j])-wantS[j]) > 1e-5*(1+float64(nm))*4 ||
						math.Abs(float64(sq[j])-wantQ[j]) > 1e-5*(1+math.Abs(wantQ[j])) {
						t.Fatalf("%s d=%d members=%d neuron %d: sum %v sq %v, want %v %v", name, d, nm, j, acc[j], sq[j], wantS[j], wantQ[j])
					}
				}
			}
		}
	}
}

// TestSumKernelsStride checks that the kernels read only columns
// [0, len(acc)) of each row when given a column range of wider rows (the
// way the vector kernels hand their last columns on), leaving the values
// past len(acc) of acc untouched.
func TestSumKernelsStride(t *testing.T) {
	const d, w, m = 40, 21, 9
	rows := make([]float32, m*d)
	for i := range rows {
		rows[i] = float32(i % d) // column j holds j
	}
	idx := []int{0, 3, 8}
	sums, sqs := sumKernels()
	for name, k := range sums {
		buf := make([]float32, w+1)
		buf[w] = -7
		k(buf[:w], rows[5:], d, idx)
		for j := 0; j < w; j++ {
			if buf[j] != float32(3*(j+5)) {
				t.Fatalf("%s column %d: %v, want %v", name, j, buf[j], 3*(j+5))
			}
		}
		if buf[w] != -7 {
			t.Fatalf("%s wrote past its columns", name)
		}
	}
	shift := make([]float32, w)
	for name, k := range sqs {
		acc, sq := make([]float32, w), make([]float32, w)
		k(acc, sq, shift, rows[5:], d, idx)
		for j := 0; j < w; j++ {
			v := float32(j + 5)
			if acc[j] != 3*v || sq[j] != 3*v*v {
				t.Fatalf("%s column %d: %v %v, want %v %v", name, j, acc[j], sq[j], 3*v, 3*v*v)
			}
		}
	}
}

// TestFoldMeanStdShifted checks the reason for the shift: a neuron with
// mean 100 and deviation 0.01, summed about its first value in float32
// partials of 64 rows and folded into float64, keeps its variance to
// 1e-3 relative (unshifted float32 partials lose it entirely).
func TestFoldMeanStdShifted(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	const n, d = 6400, 3
	rows := make([]float32, n*d)
	for i := range rows {
		rows[i] = float32(100 + 0.01*r.NormFloat64())
	}
	var ms, mq [d]float64
	for k := 0; k < n; k++ {
		for j := 0; j < d; j++ {
			ms[j] += float64(rows[k*d+j])
		}
	}
	for j := range ms {
		ms[j] /= n
	}
	for k := 0; k < n; k++ {
		for j := 0; j < d; j++ {
			v := float64(rows[k*d+j]) - ms[j]
			mq[j] += v * v / n
		}
	}
	sum, sq := make([]float64, d), make([]float64, d)
	p, q := make([]float32, d), make([]float32, d)
	shift := append([]float32(nil), rows[:d]...)
	idx := make([]int, 64)
	for b := 0; b < n; b += 64 {
		for i := range idx {
			idx[i] = b + i
		}
		SumSqRows(p, q, shift, rows, idx)
		FoldMeanStd(sum, sq, p, q, shift, len(idx))
	}
	for j := 0; j < d; j++ {
		m := sum[j] / n
		v := sq[j]/n - m*m
		if math.Abs(m-ms[j]) > 1e-9*ms[j] || math.Abs(v-mq[j]) > 1e-3*mq[j] {
			t.Errorf("neuron %d: mean %v var %v, want %v %v", j, m, v, ms[j], mq[j])
		}
	}
}

// TestFold checks FoldMean and FoldMeanStd (vector code in simd builds)
// against the float64 formulas for widths with vector tails, and that they
// clear the partial sums.
func TestFold(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, d := range []int{1, 4, 7, 8, 9, 13, 16, 515} {
		sum, sq := make([]float64, d), make([]float64, d)
		p, q, shift := make([]float32, d), make([]float32, d), make([]float32, d)
		ws, wq := make([]float64, d), make([]float64, d)
		const n = 37
		for j := 0; j < d; j++ {
			sum[j], sq[j] = r.NormFloat64(), r.Float64()
			p[j], q[j], shift[j] = float32(r.NormFloat64()), float32(r.Float64()), float32(r.NormFloat64()*50)
			k, s := float64(shift[j]), float64(p[j])
			ws[j] = sum[j] + s + n*k
			wq[j] = sq[j] + float64(q[j]) + 2*k*s + n*k*k
		}
		wm := append([]float64(nil), sum...)
		pm := append([]float32(nil), p...)
		for j := range wm {
			wm[j] += float64(pm[j])
		}
		sumM := append([]float64(nil), sum...)
		FoldMean(sumM, pm)
		FoldMeanStd(sum, sq, p, q, shift, n)
		for j := 0; j < d; j++ {
			if sumM[j] != wm[j] || pm[j] != 0 {
				t.Fatalf("FoldMean d=%d neuron %d: %v (partial left %v), want %v", d, j, sumM[j], pm[j], wm[j])
			}
			if math.Abs(sum[j]-ws[j]) > 1e-12*math.Abs(ws[j]) || math.Abs(sq[j]-wq[j]) > 1e-12*wq[j] || p[j] != 0 || q[j] != 0 {
				t.Fatalf("FoldMeanStd d=%d neuron %d: %v %v (partials left %v %v), want %v %v", d, j, sum[j], sq[j], p[j], q[j], ws[j], wq[j])
			}
		}
	}
}
