package sgemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// gemmCase is one product: op(A) is m×k, op(B) k×n, and every operand has
// pad unused values at the end of each row (stride = cols + pad).
type gemmCase struct {
	tA, tB      blas.Transpose
	m, n, k     int
	pad         int
	alpha, beta float32
}

func (tc gemmCase) String() string {
	return fmt.Sprintf("%c%c/m%d_n%d_k%d/pad%d/alpha%g_beta%g", tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.pad, tc.alpha, tc.beta)
}

// sentinel marks the stride padding of C, which Gemm must not touch.
const sentinel = -7.25

// operands builds random A, B and C for tc. C's m×n values are NaN when
// beta == 0 (they must be ignored); its padding holds sentinel.
func operands(tc gemmCase, rng *rand.Rand) (a, b, c blas32.General) {
	general := func(rows, cols int) blas32.General {
		g := blas32.General{Rows: rows, Cols: cols, Stride: max(1, cols+tc.pad)}
		g.Data = make([]float32, max(0, rows*g.Stride))
		for i := range g.Data {
			g.Data[i] = rng.Float32()*2 - 1
		}
		return g
	}
	if tc.tA == blas.NoTrans {
		a = general(tc.m, tc.k)
	} else {
		a = general(tc.k, tc.m)
	}
	if tc.tB == blas.NoTrans {
		b = general(tc.k, tc.n)
	} else {
		b = general(tc.n, tc.k)
	}
	c = general(tc.m, tc.n)
	for i := 0; i < tc.m; i++ {
		for j := 0; j < c.Stride; j++ {
			switch {
			case j >= tc.n:
				c.Data[i*c.Stride+j] = sentinel
			case tc.beta == 0:
				c.Data[i*c.Stride+j] = float32(math.NaN())
			}
		}
	}
	return a, b, c
}

// at returns op(X)(i, j).
func at(x blas32.General, t blas.Transpose, i, j int) float64 {
	if t != blas.NoTrans {
		i, j = j, i
	}
	return float64(x.Data[i*x.Stride+j])
}

// check compares got (Gemm's C) with alpha·op(A)·op(B) + beta·c0 computed
// in float64, within a bound of k float32 roundings of the terms'
// magnitudes, and checks that C's stride padding is untouched.
func check(t *testing.T, tc gemmCase, a, b, c0, got blas32.General) {
	t.Helper()
	bad := 0
	for i := 0; i < tc.m; i++ {
		for j := 0; j < got.Stride; j++ {
			g := float64(got.Data[i*got.Stride+j])
			if j >= tc.n {
				if g != sentinel {
					t.Fatalf("C[%d][%d] (stride padding) = %g, want it untouched (%g)", i, j, g, sentinel)
				}
				continue
			}
			var want, mag float64
			for p := 0; p < tc.k; p++ {
				v := float64(tc.alpha) * at(a, tc.tA, i, p) * at(b, tc.tB, p, j)
				want += v
				mag += math.Abs(v)
			}
			if tc.beta != 0 {
				v := float64(tc.beta) * float64(c0.Data[i*c0.Stride+j])
				want += v
				mag += math.Abs(v)
			}
			tol := 1e-6*float64(tc.k+2)*mag + 1e-30
			if math.IsNaN(g) || math.Abs(g-want) > tol {
				if bad++; bad <= 3 {
					t.Errorf("C[%d][%d] = %g, want %g ± %g", i, j, g, want, tol)
				}
			}
		}
	}
	if bad > 3 {
		t.Errorf("%d values of %d×%d wrong", bad, tc.m, tc.n)
	}
}

var transposes = [][2]blas.Transpose{
	{blas.NoTrans, blas.NoTrans}, {blas.NoTrans, blas.Trans},
	{blas.Trans, blas.NoTrans}, {blas.Trans, blas.Trans},
}

// cases lists the products tested for every transpose combination.
func cases() []gemmCase {
	type shape struct{ m, n, k int }
	shapes := []shape{
		{1, 1, 1}, {3, 7, 17}, {7, 3, 1}, {17, 33, 7}, {33, 17, 65},
		{16, 16, 16}, {65, 100, 33}, {100, 65, 257}, {257, 33, 17},
		{17, 257, 100}, {5, 2100, 3}, // wider than ncBlock
		{16, 784, 9}, {32, 196, 144}, // the demo CNN's convolutions
		{9, 80, 5}, {24, 128, 300}, {8, 64, 3}, // edges of 32 and 16 columns read in place
		{0, 5, 5}, {5, 0, 5}, {5, 5, 0}, {0, 0, 0},
	}
	scalars := [][2]float32{{1, 0}, {1, 1}, {0.5, -2}, {-1.5, 0}, {0, 0.5}, {0, 0}}
	var out []gemmCase
	for _, tr := range transposes {
		for si, s := range shapes {
			for ai, ab := range scalars {
				if (si+ai)%2 == 1 && s.m*s.n*s.k > 0 {
					continue // every shape meets half of the scalars
				}
				out = append(out, gemmCase{tA: tr[0], tB: tr[1], m: s.m, n: s.n, k: s.k,
					pad: (si + ai) % 3 * 2, alpha: ab[0], beta: ab[1]})
			}
		}
	}
	return out
}

func TestGemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range cases() {
		t.Run(tc.String(), func(t *testing.T) {
			a, b, c := operands(tc, rng)
			c0 := c
			c0.Data = append([]float32(nil), c.Data...)
			Gemm(tc.tA, tc.tB, tc.alpha, a, b, tc.beta, c)
			check(t, tc, a, b, c0, c)
		})
	}
}

// goKernel is a plain-Go microKernel with an odd tile, so that the packed
// driver is tested in every build and with every edge.
func goKernel(mr, nr int) microKernel {
	return microKernel{mr: mr, nr: nr, run: goKernelFunc(mr, nr)}
}

// goKernelFunc is the kernel function of goKernel(mr, nr).
func goKernelFunc(mr, nr int) kernelFunc {
	return func(kc int, a, b []float32, ldb int, c []float32, ldc int, mode int, beta *float32) {
		for i := 0; i < mr; i++ {
			for j := 0; j < nr; j++ {
				var s float32
				for p := 0; p < kc; p++ {
					s += a[p*mr+i] * b[p*ldb+j]
				}
				switch mode {
				case betaOne:
					s += c[i*ldc+j]
				case betaScale:
					s += *beta * c[i*ldc+j]
				}
				c[i*ldc+j] = s
			}
		}
	}
}

// TestDriver runs the packed driver with small blocks, so that the m, n
// and k blocks all have edges, with the Go kernel and (in the simd build
// on a CPU that has them) the SIMD kernels.
func TestDriver(t *testing.T) {
	edges := goKernel(3, 15)
	edges.edges = []edgeKernel{{5, goKernelFunc(3, 5)}, {10, goKernelFunc(3, 10)}}
	kernels := map[string]microKernel{"go3x5": goKernel(3, 5), "go3x15+edges": edges}
	for name, k := range simdKernels() {
		kernels[name] = k
	}
	for name, k := range asmKernels() {
		kernels[name] = k
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for name, kern := range kernels {
		for ci, tc := range cases() {
			if tc.m*tc.n*tc.k == 0 || tc.alpha == 0 {
				continue // Gemm never sends these to the driver
			}
			// Every other case also packs a row-major op(B); every third
			// one has op(A) packed beforehand (as GemmPacked does).
			bl := blocking{mc: 3 * kern.mr, kc: 5, nc: 3 * kern.nr, packB: ci%2 == 1}
			if ci%4 == 3 {
				bl.mc++ // not a multiple of mr, as mcBlock is not of 6
			}
			prepacked := ci%3 == 0
			t.Run(fmt.Sprintf("%s/packB=%v/prepacked=%v/%s", name, bl.packB, prepacked, tc), func(t *testing.T) {
				a, b, c := operands(tc, rng)
				c0 := c
				c0.Data = append([]float32(nil), c.Data...)
				aT := tc.tA != blas.NoTrans
				var pa []float32
				if prepacked {
					pa = packAll(kern.mr, bl.kc, aT, tc.m, tc.k, tc.alpha, a.Data, a.Stride)
				}
				gemm(kern, bl, aT, tc.tB != blas.NoTrans, tc.m, tc.n, tc.k,
					tc.alpha, a.Data, a.Stride, pa, b.Data, b.Stride, tc.beta, c.Data, c.Stride)
				check(t, tc, a, b, c0, c)
			})
		}
	}
}

// TestGemmPacked checks GemmPacked against the float64 reference for every
// case Gemm is tested with (alpha 1: PackA packs op(A) as it is), one
// Packed reused for two right operands, and that it panics where Gemm does.
func TestGemmPacked(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, tc := range cases() {
		tc.alpha = 1
		t.Run(tc.String(), func(t *testing.T) {
			a, _, _ := operands(tc, rng)
			p := PackA(tc.tA, a)
			if p.Rows() != tc.m || p.Cols() != tc.k {
				t.Fatalf("Packed is %d×%d, want %d×%d", p.Rows(), p.Cols(), tc.m, tc.k)
			}
			for range 2 {
				_, b, c := operands(tc, rng)
				c0 := c
				c0.Data = append([]float32(nil), c.Data...)
				GemmPacked(p, tc.tB, b, tc.beta, c)
				check(t, tc, a, b, c0, c)
			}
		})
	}
	a := blas32.General{Rows: 40, Cols: 30, Stride: 30, Data: make([]float32, 1200)}
	b := blas32.General{Rows: 30, Cols: 20, Stride: 20, Data: make([]float32, 599)}
	c := blas32.General{Rows: 40, Cols: 20, Stride: 20, Data: make([]float32, 800)}
	catch := func(f func()) (msg any) {
		defer func() { msg = recover() }()
		f()
		return nil
	}
	want := catch(func() { Gemm(blas.NoTrans, blas.NoTrans, 1, a, b, 0, c) })
	got := catch(func() { GemmPacked(PackA(blas.NoTrans, a), blas.NoTrans, b, 0, c) })
	if want == nil || got != want {
		t.Errorf("GemmPacked with a short B panics with %v, want %v (Gemm's)", got, want)
	}
}

// TestPanics checks that Gemm panics exactly where blas32.Gemm does, with
// the same message.
func TestPanics(t *testing.T) {
	g := func(rows, cols, stride, n int) blas32.General {
		return blas32.General{Rows: rows, Cols: cols, Stride: stride, Data: make([]float32, n)}
	}
	tests := []struct {
		name    string
		tA, tB  blas.Transpose
		a, b, c blas32.General
		panics  bool
	}{
		{"fine", blas.NoTrans, blas.NoTrans, g(40, 30, 30, 1200), g(30, 20, 20, 600), g(40, 20, 20, 800), false},
		{"short A", blas.NoTrans, blas.NoTrans, g(40, 30, 30, 1199), g(30, 20, 20, 600), g(40, 20, 20, 800), true},
		{"short B", blas.NoTrans, blas.Trans, g(40, 30, 30, 1200), g(20, 30, 30, 599), g(40, 20, 20, 800), true},
		{"short C", blas.Trans, blas.NoTrans, g(30, 40, 40, 1200), g(30, 20, 20, 600), g(40, 20, 20, 799), true},
		{"bad stride A", blas.NoTrans, blas.NoTrans, g(40, 30, 29, 1200), g(30, 20, 20, 600), g(40, 20, 20, 800), true},
		{"bad stride C", blas.NoTrans, blas.NoTrans, g(40, 30, 30, 1200), g(30, 20, 20, 600), g(40, 20, 19, 800), true},
		{"bad transpose", blas.Transpose('x'), blas.NoTrans, g(30, 40, 40, 1200), g(30, 20, 20, 600), g(40, 20, 20, 800), true},
		{"zero size, bad stride", blas.NoTrans, blas.NoTrans, g(0, 30, 29, 0), g(30, 20, 20, 600), g(0, 20, 20, 0), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			catch := func(f func(tA, tB blas.Transpose, alpha float32, a, b blas32.General, beta float32, c blas32.General)) (msg any) {
				defer func() { msg = recover() }()
				f(tc.tA, tc.tB, 1, tc.a, tc.b, 0, tc.c)
				return nil
			}
			want, got := catch(blas32.Gemm), catch(Gemm)
			if (want != nil) != tc.panics {
				t.Fatalf("blas32.Gemm panic = %v, the test expects a panic: %v", want, tc.panics)
			}
			if got != want {
				t.Errorf("Gemm panic = %v, want %v (blas32.Gemm's)", got, want)
			}
		})
	}
}

// TestConcurrent runs Gemm from several goroutines at once (activis runs
// one batch per core) and wants every result bit for bit equal to the same
// product computed alone.
func TestConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	tc := gemmCase{tA: blas.NoTrans, tB: blas.Trans, m: 70, n: 90, k: 300, alpha: 1, beta: 0}
	type job struct{ a, b, c, want blas32.General }
	jobs := make([]job, 4)
	for i := range jobs {
		a, b, c := operands(tc, rng)
		want := c
		want.Data = append([]float32(nil), c.Data...)
		Gemm(tc.tA, tc.tB, tc.alpha, a, b, tc.beta, want)
		jobs[i] = job{a, b, c, want}
	}
	done := make(chan int)
	for i := range jobs {
		go func() {
			for range 20 {
				j := jobs[i]
				Gemm(tc.tA, tc.tB, tc.alpha, j.a, j.b, tc.beta, j.c)
			}
			done <- i
		}()
	}
	for range jobs {
		j := jobs[<-done]
		for x, v := range j.c.Data {
			if v != j.want.Data[x] && !(v != v && j.want.Data[x] != j.want.Data[x]) {
				t.Fatalf("value %d = %g concurrently, %g alone", x, v, j.want.Data[x])
			}
		}
	}
}
