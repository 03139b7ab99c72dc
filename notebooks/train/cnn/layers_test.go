package cnn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Gradient checks: every layer's backward pass against central finite
// differences of the scalar L = Σ out ⊙ R for a fixed random R. The
// forward passes are float32, so the step is 1e-2 (linear layers are
// exact up to rounding) and the tolerance is loose but far below the
// size of any indexing or transposition mistake.

const fdEps = 1e-2

func randSlice(r *rand.Rand, n int, scale float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64() * scale)
	}
	return v
}

func dot64(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

// checkGrad compares the analytic gradient want of f with respect to v
// against central differences, entry by entry.
func checkGrad(t *testing.T, what string, v, want []float32, f func() float64) {
	t.Helper()
	checkGradEps(t, what, v, want, f, fdEps)
}

// checkGradEps is checkGrad with step eps.
func checkGradEps(t *testing.T, what string, v, want []float32, f func() float64, eps float32) {
	t.Helper()
	for i := range v {
		old := v[i]
		v[i] = old + eps
		up := f()
		v[i] = old - eps
		down := f()
		v[i] = old
		got := (up - down) / (2 * float64(eps))
		if d := math.Abs(got - float64(want[i])); d > 2e-3+2e-2*math.Abs(got) {
			t.Errorf("%s[%d]: finite difference %.5f, backward %.5f", what, i, got, want[i])
		}
	}
}

func TestLinearGradient(t *testing.T) {
	for i, test := range []struct{ rows, in, out int }{{1, 1, 1}, {3, 4, 5}, {7, 9, 2}} {
		r := rand.New(rand.NewPCG(uint64(i), 1))
		x := randSlice(r, test.rows*test.in, 1)
		w := randSlice(r, test.out*test.in, 1)
		b := randSlice(r, test.out, 1)
		R := randSlice(r, test.rows*test.out, 1)
		y := make([]float32, test.rows*test.out)
		loss := func() float64 {
			linearForward(y, x, w, b, test.rows, test.in, test.out)
			return dot64(y, R)
		}
		dx := make([]float32, len(x))
		dw := make([]float32, len(w))
		db := make([]float32, len(b))
		linearBackward(dx, dw, db, R, x, w, test.rows, test.in, test.out)
		checkGrad(t, "linear x", x, dx, loss)
		checkGrad(t, "linear w", w, dw, loss)
		checkGrad(t, "linear b", b, db, loss)
	}
}

func TestLinearForward(t *testing.T) {
	// y = x·Wᵀ + b by hand for a 2×3 input and 2 outputs.
	x := []float32{1, 2, 3, 4, 5, 6}
	w := []float32{1, 0, -1, 0.5, 0.5, 0.5}
	b := []float32{10, 20}
	y := make([]float32, 4)
	linearForward(y, x, w, b, 2, 3, 2)
	want := []float32{1 - 3 + 10, 3 + 20, 4 - 6 + 10, 7.5 + 20}
	for i := range want {
		if y[i] != want[i] {
			t.Errorf("y[%d] = %g, want %g", i, y[i], want[i])
		}
	}
}

func TestConvGradient(t *testing.T) {
	for i, test := range []struct{ n, h, w, c, k int }{{1, 3, 3, 1, 1}, {2, 4, 4, 2, 3}, {1, 2, 6, 3, 2}} {
		r := rand.New(rand.NewPCG(uint64(i), 2))
		x := randSlice(r, test.n*test.h*test.w*test.c, 1)
		w := randSlice(r, test.k*test.c*9, 1)
		b := randSlice(r, test.k, 1)
		rows := test.n * test.h * test.w
		R := randSlice(r, rows*test.k, 1)
		cols := make([]float32, rows*test.c*9)
		y := make([]float32, rows*test.k)
		loss := func() float64 {
			im2col3x3(cols, x, test.n, test.h, test.w, test.c)
			linearForward(y, cols, w, b, rows, test.c*9, test.k)
			return dot64(y, R)
		}
		loss()
		dcols := make([]float32, len(cols))
		dw := make([]float32, len(w))
		db := make([]float32, len(b))
		linearBackward(dcols, dw, db, R, cols, w, rows, test.c*9, test.k)
		dx := make([]float32, len(x))
		col2im3x3(dx, dcols, test.n, test.h, test.w, test.c)
		checkGrad(t, "conv x", x, dx, loss)
		checkGrad(t, "conv w", w, dw, loss)
		checkGrad(t, "conv b", b, db, loss)
	}
}

// TestConvForward checks im2col's column order against a direct
// convolution written from the ONNX definition (NCHW weight, zero pad 1).
func TestConvForward(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	n, h, w, c, k := 2, 5, 4, 3, 2
	x := randSlice(r, n*h*w*c, 1) // NHWC
	wt := randSlice(r, k*c*9, 1)  // K×C×3×3
	b := randSlice(r, k, 1)
	rows := n * h * w
	cols := make([]float32, rows*c*9)
	y := make([]float32, rows*k)
	im2col3x3(cols, x, n, h, w, c)
	linearForward(y, cols, wt, b, rows, c*9, k)
	for bi := range n {
		for yy := range h {
			for xx := range w {
				for o := range k {
					want := float64(b[o])
					for ci := range c {
						for kh := range 3 {
							for kw := range 3 {
								sy, sx := yy+kh-1, xx+kw-1
								if sy < 0 || sy >= h || sx < 0 || sx >= w {
									continue
								}
								want += float64(wt[((o*c+ci)*3+kh)*3+kw]) * float64(x[((bi*h+sy)*w+sx)*c+ci])
							}
						}
					}
					got := y[((bi*h+yy)*w+xx)*k+o]
					if math.Abs(float64(got)-want) > 1e-4 {
						t.Fatalf("out[%d,%d,%d,%d] = %g, want %g", bi, o, yy, xx, got, want)
					}
				}
			}
		}
	}
}

func TestMaxPoolGradient(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	n, h, w, c := 2, 4, 6, 3
	// A permutation keeps values distinct and well apart, so no window
	// has a near tie that a finite difference would cross.
	x := make([]float32, n*h*w*c)
	for i, p := range r.Perm(len(x)) {
		x[i] = float32(p) * 0.1
	}
	out := make([]float32, n*h*w*c/4)
	arg := make([]int32, len(out))
	R := randSlice(r, len(out), 1)
	loss := func() float64 {
		maxPool2(out, arg, x, n, h, w, c)
		return dot64(out, R)
	}
	loss()
	dx := make([]float32, len(x))
	maxPool2Backward(dx, len(x), R, arg)
	checkGrad(t, "maxpool x", x, dx, loss)
}

func TestMaxPoolForward(t *testing.T) {
	// One 4×4 single-channel image; ties take the first element.
	x := []float32{
		1, 2, 0, 0,
		3, 4, 0, 0,
		-1, -2, 5, 5,
		-3, -4, 5, 5,
	}
	out := make([]float32, 4)
	arg := make([]int32, 4)
	maxPool2(out, arg, x, 1, 4, 4, 1)
	wantOut := []float32{4, 0, -1, 5}
	wantArg := []int32{5, 2, 8, 10}
	for i := range out {
		if out[i] != wantOut[i] || arg[i] != wantArg[i] {
			t.Errorf("window %d: max %g at %d, want %g at %d", i, out[i], arg[i], wantOut[i], wantArg[i])
		}
	}
}

func TestReluGradient(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	x := randSlice(r, 50, 1)
	for i, v := range x { // keep inputs away from the kink
		if math.Abs(float64(v)) < 0.1 {
			x[i] += 0.2
		}
	}
	R := randSlice(r, len(x), 1)
	y := make([]float32, len(x))
	loss := func() float64 {
		copy(y, x)
		relu(y)
		return dot64(y, R)
	}
	loss()
	dx := append([]float32(nil), R...)
	reluBackward(dx, y)
	checkGrad(t, "relu x", x, dx, loss)
}

func TestSoftmaxXentGradient(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	rows, k := 4, 5
	z := randSlice(r, rows*k, 2)
	labels := []uint8{0, 4, 2, 2}
	d := make([]float32, len(z))
	softmaxXent(d, z, labels, rows, k, 1)
	checkGrad(t, "xent logits", z, d, func() float64 { return softmaxXent(nil, z, labels, rows, k, 1) })

	// Uniform logits cost log(k) per row.
	zero := make([]float32, rows*k)
	if got, want := softmaxXent(nil, zero, labels, rows, k, 1), float64(rows)*math.Log(float64(k)); math.Abs(got-want) > 1e-9 {
		t.Errorf("loss of zero logits = %g, want %g", got, want)
	}
}

func TestCHWRoundTrip(t *testing.T) {
	n, hw, c := 2, 6, 3
	src := make([]float32, n*hw*c)
	for i := range src {
		src[i] = float32(i)
	}
	chw := make([]float32, len(src))
	toCHW(chw, src, n, hw, c)
	// Image 1, channel 2, position 4 sits at HWC index 1*18 + 4*3 + 2.
	if got, want := chw[1*18+2*6+4], float32(1*18+4*3+2); got != want {
		t.Errorf("toCHW: got %g, want %g", got, want)
	}
	back := make([]float32, len(src))
	fromCHW(back, chw, n, hw, c)
	for i := range src {
		if back[i] != src[i] {
			t.Fatalf("round trip differs at %d: %g vs %g", i, back[i], src[i])
		}
	}
}

func TestDropout(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	x := make([]float32, 20000)
	for i := range x {
		x[i] = 1
	}
	mask := make([]float32, len(x))
	dropout(x, mask, 0.25, r.Float64)
	zeros := 0
	var sum float64
	for i, v := range x {
		if v == 0 {
			zeros++
		} else if v != mask[i] || math.Abs(float64(v)-4.0/3) > 1e-6 {
			t.Fatalf("kept element %d = %g, want 4/3 (mask %g)", i, v, mask[i])
		}
		sum += float64(v)
	}
	if frac := float64(zeros) / float64(len(x)); math.Abs(frac-0.25) > 0.02 {
		t.Errorf("dropped fraction %.3f, want 0.25", frac)
	}
	if mean := sum / float64(len(x)); math.Abs(mean-1) > 0.03 {
		t.Errorf("mean after inverted dropout %.3f, want ≈ 1", mean)
	}
}
