package accumulate

import (
	"math"
	"math/rand/v2"
	"testing"
)

// stats holds the five statistics of rows groups of d neurons, laid out as
// activis.Accumulator lays them out (row r at r·d), minima at +Inf and
// maxima at -Inf.
type stats struct {
	sum, sq []float64
	act     []int64
	mn, mx  []float32
}

func newStats(rows, d int) *stats {
	s := &stats{
		sum: make([]float64, rows*d),
		sq:  make([]float64, rows*d),
		act: make([]int64, rows*d),
		mn:  make([]float32, rows*d),
		mx:  make([]float32, rows*d),
	}
	inf := float32(math.Inf(1))
	for i := range s.mn {
		s.mn[i], s.mx[i] = inf, -inf
	}
	return s
}

func TestPos(t *testing.T) {
	for _, v := range []float32{0, float32(math.Copysign(0, -1)), 1, -1, math.SmallestNonzeroFloat32,
		-math.SmallestNonzeroFloat32, math.MaxFloat32, -math.MaxFloat32, float32(math.Inf(1)), float32(math.Inf(-1))} {
		want := int64(0)
		if v > 0 {
			want = 1
		}
		if got := pos(v); got != want {
			t.Errorf("pos(%v) = %d, want %d", v, got, want)
		}
	}
}

func TestFinite(t *testing.T) {
	bad := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	// Up to 40, then lengths around the 64-value AVX-512 step and a
	// block-sized slice (Aggregate checks a whole block at once).
	sizes := []int{63, 64, 65, 127, 128, 129, 200, 4096 + 17}
	for n := 0; n <= 40; n++ {
		sizes = append(sizes, n)
	}
	for _, n := range sizes {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(i%5) - 2.5
		}
		if !Finite(x) {
			t.Fatalf("n=%d: finite row reported non-finite", n)
		}
		for p := 0; p < n; p++ {
			for _, v := range bad {
				old := x[p]
				x[p] = v
				if Finite(x) {
					t.Fatalf("n=%d: %v at %d not detected", n, v, p)
				}
				x[p] = old
			}
		}
	}
}

// TestKernelsMatchOneByOne checks the kernels (Add, Add4 and
// every eight-row kernel the CPU can run: AVX2/AVX-512 in GOEXPERIMENT=simd
// builds, portable Go always) against adding the same rows one at a time
// with the portable kernel, for lengths that exercise the vector loops and
// their tails.
func TestKernelsMatchOneByOne(t *testing.T) {
	type state struct {
		sum, sq []float64
		act     []int64
		mn, mx  []float32
	}
	fresh := func(n int) *state {
		s := newStats(1, n)
		return &state{s.sum, s.sq, s.act, s.mn, s.mx}
	}
	r := rand.New(rand.NewPCG(7, 3))
	type kernel struct {
		name        string
		rowsPerCall int
		k8          kernel8
	}
	kernels := []kernel{{name: "Add", rowsPerCall: 1}, {name: "Add4", rowsPerCall: 4}, {name: "Add8", rowsPerCall: 8, k8: Add8}}
	for name, k := range kernels8() {
		kernels = append(kernels, kernel{name: "Add8/" + name, rowsPerCall: 8, k8: k})
	}
	for _, n := range []int{1, 3, 4, 7, 8, 13, 16, 24, 37, 512} {
		for _, kern := range kernels {
			rowsPerCall := kern.rowsPerCall
			const calls = 3
			rows := make([][]float32, rowsPerCall*calls)
			for i := range rows {
				rows[i] = make([]float32, n)
				for j := range rows[i] {
					switch r.IntN(4) {
					case 0:
						rows[i][j] = 0
					case 1:
						rows[i][j] = -float32(r.ExpFloat64())
					default:
						rows[i][j] = float32(r.NormFloat64() * 100)
					}
				}
			}
			got, want := fresh(n), fresh(n)
			for _, x := range rows {
				addGo(want.sum, want.sq, want.act, want.mn, want.mx, x)
			}
			for c := 0; c < calls; c++ {
				xs := rows[c*rowsPerCall : (c+1)*rowsPerCall]
				switch rowsPerCall {
				case 1:
					Add(got.sum, got.sq, got.act, got.mn, got.mx, xs[0])
				case 4:
					Add4(got.sum, got.sq, got.act, got.mn, got.mx, xs[0], xs[1], xs[2], xs[3])
				case 8:
					var x8 [8][]float32
					copy(x8[:], xs)
					kern.k8(got.sum, got.sq, got.act, got.mn, got.mx, &x8)
				}
			}
			for j := 0; j < n; j++ {
				if got.act[j] != want.act[j] || got.mn[j] != want.mn[j] || got.mx[j] != want.mx[j] ||
					math.Abs(got.sum[j]-want.sum[j]) > 1e-12*math.Max(1, math.Abs(want.sum[j])) ||
					math.Abs(got.sq[j]-want.sq[j]) > 1e-12*math.Max(1, want.sq[j]) {
					t.Fatalf("n=%d %s neuron %d (build kernel %s): got sum %v sq %v act %d min %v max %v, want %v %v %d %v %v",
						n, kern.name, j, Kernel, got.sum[j], got.sq[j], got.act[j], got.mn[j], got.mx[j],
						want.sum[j], want.sq[j], want.act[j], want.mn[j], want.mx[j])
				}
			}
		}
	}
}

// TestOrderKey checks that orderKey orders float32 values as < does (with
// -0 just below +0), and that fromOrderKey restores every bit.
func TestOrderKey(t *testing.T) {
	vals := []float32{
		float32(math.Inf(-1)), -math.MaxFloat32, -1e30, -2, -1, -math.SmallestNonzeroFloat32,
		float32(math.Copysign(0, -1)), 0, math.SmallestNonzeroFloat32, 1e-38, 0.5, 1, 3e38,
		math.MaxFloat32, float32(math.Inf(1)),
	}
	for i, v := range vals {
		if got := fromOrderKey(orderKey(v)); math.Float32bits(got) != math.Float32bits(v) {
			t.Errorf("fromOrderKey(orderKey(%g)) = %g (bits %#x), want bits %#x", v, got, math.Float32bits(got), math.Float32bits(v))
		}
		if i > 0 && orderKey(vals[i-1]) >= orderKey(v) {
			t.Errorf("orderKey(%g) = %d is not below orderKey(%g) = %d", vals[i-1], orderKey(vals[i-1]), v, orderKey(v))
		}
	}
}

// TestAddChecked checks that AddChecked matches addGo on a finite row and,
// on a row with NaN and ±Inf values, skips exactly those (counting them in
// bad) and adds the others as addGo adds them.
func TestAddChecked(t *testing.T) {
	x := []float32{1.5, -2, 0, float32(math.NaN()), 3, float32(math.Inf(1)), float32(math.Inf(-1)), -0.25}
	finite := []float32{1.5, -2, 0, 0, 3, 0, 0, -0.25}
	skip := []bool{false, false, false, true, false, true, true, false}
	got, want := newStats(1, len(x)), newStats(1, len(x))
	bad := make([]int64, len(x))
	for range 2 {
		AddChecked(got.sum, got.sq, got.act, got.mn, got.mx, bad, x)
		addGo(want.sum, want.sq, want.act, want.mn, want.mx, finite)
	}
	inf := float32(math.Inf(1))
	for j := range x {
		if skip[j] {
			if bad[j] != 2 || got.sum[j] != 0 || got.sq[j] != 0 || got.act[j] != 0 || got.mn[j] != inf || got.mx[j] != -inf {
				t.Errorf("neuron %d (%v): bad %d, sum %v sq %v act %d min %v max %v, want skipped twice", j, x[j], bad[j], got.sum[j], got.sq[j], got.act[j], got.mn[j], got.mx[j])
			}
			continue
		}
		if bad[j] != 0 || got.sum[j] != want.sum[j] || got.sq[j] != want.sq[j] || got.act[j] != want.act[j] || got.mn[j] != want.mn[j] || got.mx[j] != want.mx[j] {
			t.Errorf("neuron %d (%v): bad %d, sum %v sq %v act %d min %v max %v, want 0 %v %v %d %v %v", j, x[j], bad[j],
				got.sum[j], got.sq[j], got.act[j], got.mn[j], got.mx[j], want.sum[j], want.sq[j], want.act[j], want.mn[j], want.mx[j])
		}
	}
}
