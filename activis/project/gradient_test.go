package project

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// smallProblem returns the sparse P of n clustered points and a random
// embedding with spread scale.
func smallProblem(t *testing.T, n int, scale float64, seed uint64) (*sparseP, []float64) {
	t.Helper()
	data, _ := clustered(n, 6, 3, 3, seed)
	k := min(n-1, 3*5+1)
	idx, d2, err := knn(context.Background(), data, n, 6, k, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	cond, err := conditionalP(context.Background(), d2, n, k, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 3))
	y := make([]float64, 2*n)
	for i := range y {
		y[i] = rng.NormFloat64() * scale
	}
	return symmetrize(idx, cond, n, k), y
}

// TestGradientFiniteDifference checks the exact gradient against central
// differences of the exact KL divergence.
func TestGradientFiniteDifference(t *testing.T) {
	for _, scale := range []float64{0.1, 1, 5} {
		p, y := smallProblem(t, 40, scale, 1)
		obj := newObjective(p, 0.5, 2)
		obj.exact = true
		grad := make([]float64, len(y))
		obj.gradient(y, grad, 1, true)
		scratch := make([]float64, len(y))
		const h = 1e-6
		for i := range y {
			orig := y[i]
			y[i] = orig + h
			up := obj.gradient(y, scratch, 1, true)
			y[i] = orig - h
			down := obj.gradient(y, scratch, 1, true)
			y[i] = orig
			numeric := (up - down) / (2 * h)
			if !scalar.EqualWithinAbsOrRel(grad[i], numeric, 1e-6, 1e-5) {
				t.Fatalf("scale %v coordinate %d: gradient %v, finite difference %v", scale, i, grad[i], numeric)
			}
		}
	}
}

// TestBarnesHutMatchesExact checks that the Barnes-Hut gradient and KL
// converge to the exact ones as theta → 0, and stay close at the default.
func TestBarnesHutMatchesExact(t *testing.T) {
	p, y := smallProblem(t, 300, 3, 2)
	exact := newObjective(p, 0.5, 2)
	exact.exact = true
	want := make([]float64, len(y))
	wantKL := exact.gradient(y, want, 12, true)
	prev := math.Inf(1)
	for _, test := range []struct {
		theta  float64
		maxRel float64 // bound on |g_bh − g|/|g|
	}{
		{0.8, 0.1},
		{0.5, 0.05},
		{0.2, 0.01},
		{1e-3, 1e-9},
		{1e-9, 1e-12},
	} {
		bh := newObjective(p, test.theta, 2)
		got := make([]float64, len(y))
		kl := bh.gradient(y, got, 12, true)
		var num, den float64
		for i := range got {
			num += (got[i] - want[i]) * (got[i] - want[i])
			den += want[i] * want[i]
		}
		rel := math.Sqrt(num / den)
		if rel > test.maxRel {
			t.Errorf("theta %v: relative gradient error %v > %v", test.theta, rel, test.maxRel)
		}
		if rel > prev*1.5 {
			t.Errorf("theta %v: error %v grew from %v at a larger theta", test.theta, rel, prev)
		}
		prev = rel
		if !scalar.EqualWithinAbsOrRel(kl, wantKL, 0, 10*test.maxRel+1e-12) {
			t.Errorf("theta %v: KL %v, exact %v", test.theta, kl, wantKL)
		}
	}
}

// TestGradientThreadInvariant: the Barnes-Hut gradient is bit-identical for
// any thread count.
func TestGradientThreadInvariant(t *testing.T) {
	p, y := smallProblem(t, 500, 2, 3)
	var first []float64
	var firstKL float64
	for _, threads := range []int{1, 2, 5} {
		obj := newObjective(p, 0.5, threads)
		g := make([]float64, len(y))
		kl := obj.gradient(y, g, 1, true)
		if first == nil {
			first, firstKL = g, kl
			continue
		}
		if kl != firstKL {
			t.Fatalf("threads %d: KL %v, threads 1: %v", threads, kl, firstKL)
		}
		for i := range g {
			if g[i] != first[i] {
				t.Fatalf("threads %d: gradient[%d] %v, threads 1: %v", threads, i, g[i], first[i])
			}
		}
	}
}

// TestQuadtreeCoincidentPoints: many identical points must not recurse
// without bound, and their mutual repulsion is zero.
func TestQuadtreeCoincidentPoints(t *testing.T) {
	y := make([]float64, 2*200)
	for i := 100; i < 200; i++ {
		y[2*i], y[2*i+1] = 1, float64(i%3)
	}
	var tree quadtree
	tree.build(y)
	if len(tree.nodes) > 200*quadMaxDepth {
		t.Fatalf("%d nodes for 200 points", len(tree.nodes))
	}
	fx, fy, sq, _ := tree.repulsion(0, -1, 0, 0, 0.25, nil) // theta² ≤ 1/2: pos is not read
	// Point 0 sees 99 coincident points (w = 1, no force) and 100 others.
	if !(sq > 99) || math.IsNaN(fx) || math.IsNaN(fy) {
		t.Errorf("repulsion of a coincident point: f = (%v, %v), ΣQ = %v", fx, fy, sq)
	}
}

func TestSymmetrize(t *testing.T) {
	// 3 points, k = 2: C = [[0 .6 .4] [.5 0 .5] [.9 .1 0]].
	idx := []int32{2, 1, 0, 2, 0, 1}
	cond := []float64{.4, .6, .5, .5, .9, .1}
	p := symmetrize(idx, cond, 3, 2)
	dense := [3][3]float64{}
	var sum float64
	for i := 0; i < 3; i++ {
		prev := int32(-1)
		for e := p.ptr[i]; e < p.ptr[i+1]; e++ {
			if p.cols[e] <= prev {
				t.Fatalf("row %d columns not ascending: %v", i, p.cols[p.ptr[i]:p.ptr[i+1]])
			}
			prev = p.cols[e]
			dense[i][p.cols[e]] = p.vals[e]
			sum += p.vals[e]
		}
	}
	want := [3][3]float64{{0, 1.1, 1.3}, {1.1, 0, .6}, {1.3, .6, 0}}
	for i := range want {
		for j := range want[i] {
			if !scalar.EqualWithinAbsOrRel(dense[i][j], want[i][j]/6, 1e-15, 1e-12) {
				t.Errorf("P[%d][%d] = %v, want %v", i, j, dense[i][j], want[i][j]/6)
			}
		}
	}
	if !scalar.EqualWithinAbsOrRel(sum, 1, 1e-15, 1e-12) {
		t.Errorf("P sums to %v", sum)
	}
}

// TestCalibrateRow: the calibrated row has entropy log(perplexity); equal
// distances (unreachable targets) end in the uniform distribution.
func TestCalibrateRow(t *testing.T) {
	for _, test := range []struct {
		name       string
		d2         []float64
		perplexity float64
		uniform    bool
	}{
		{"spread", []float64{0.1, 0.5, 1, 2, 3, 5, 8, 13, 21, 34}, 4, false},
		{"large distances", []float64{1e6, 1e6 + 1, 1e6 + 3, 1e6 + 7, 1e6 + 9, 1e6 + 20}, 2.5, false},
		{"all equal", []float64{2, 2, 2, 2}, 3, true},
		{"all zero", []float64{0, 0, 0}, 5, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := make([]float64, len(test.d2))
			calibrateRow(test.d2, p, math.Log(test.perplexity))
			var h, sum float64
			for _, v := range p {
				sum += v
				if v > 0 {
					h -= v * math.Log(v)
				}
			}
			if !scalar.EqualWithinAbsOrRel(sum, 1, 1e-12, 1e-12) {
				t.Fatalf("row sums to %v", sum)
			}
			if test.uniform {
				for _, v := range p {
					if !scalar.EqualWithinAbsOrRel(v, 1/float64(len(p)), 1e-12, 1e-12) {
						t.Fatalf("p = %v, want uniform", p)
					}
				}
				return
			}
			if !scalar.EqualWithinAbsOrRel(math.Exp(h), test.perplexity, 1e-4, 1e-4) {
				t.Errorf("perplexity %v, want %v (p = %v)", math.Exp(h), test.perplexity, p)
			}
		})
	}
}

// TestQuadtreeRebuild: a tree rebuilt over moved points (starting from the
// previous build's order) is the same tree as one built afresh, and gives
// the same forces up to rounding.
func TestQuadtreeRebuild(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		shift float64
	}{
		{"small move", 500, 0.3},
		{"large move", 500, 25},
		{"two points", 2, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			y := embeddingLike(tc.n, 5, 11)
			var reused quadtree
			reused.build(y)
			moved := make([]float64, len(y))
			for i := range y {
				moved[i] = y[i] + tc.shift*math.Sin(float64(7*i))
			}
			reused.build(moved)
			var fresh quadtree
			fresh.build(moved)
			if len(reused.nodes) != len(fresh.nodes) {
				t.Fatalf("rebuilt tree has %d nodes, fresh one %d", len(reused.nodes), len(fresh.nodes))
			}
			var s1, s2 []int32
			for i := 0; i < tc.n; i++ {
				var f1, f2 [3]float64
				f1[0], f1[1], f1[2], s1 = reused.repulsion(int32(i), -1, moved[2*i], moved[2*i+1], 0.25, s1)
				f2[0], f2[1], f2[2], s2 = fresh.repulsion(int32(i), -1, moved[2*i], moved[2*i+1], 0.25, s2)
				for k := range f1 {
					if math.Abs(f1[k]-f2[k]) > 1e-12*(1+math.Abs(f2[k])) {
						t.Fatalf("point %d: rebuilt tree gives %v, fresh tree %v", i, f1, f2)
					}
				}
			}
		})
	}
}

// TestGroupSums checks groupSums (the AVX2 kernel in GOEXPERIMENT=simd
// builds) and groupSumsPortable against a direct evaluation, for target
// counts around the vector widths and coordinates far enough apart that
// the weights underflow towards zero.
func TestGroupSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, scale := range []float64{1, 50, 1e160} {
		for m := 1; m <= quadGroup; m++ {
			tx, ty := make([]float64, m), make([]float64, m)
			for k := range tx {
				tx[k], ty[k] = scale*rng.NormFloat64(), scale*rng.NormFloat64()
			}
			ns := 1 + rng.IntN(40)
			sx, sy, sc := make([]float64, ns), make([]float64, ns), make([]float64, ns)
			for j := range sx {
				sx[j], sy[j], sc[j] = scale*rng.NormFloat64(), scale*rng.NormFloat64(), float64(1+rng.IntN(5))
			}
			sx[0], sy[0] = tx[0], ty[0] // a coincident source: w = 1, no force
			for name, fn := range map[string]func(tx, ty, sx, sy, sc, fx, fy, sq []float64){
				"groupSums": groupSums, "groupSumsPortable": groupSumsPortable,
			} {
				fx, fy, sq := make([]float64, m), make([]float64, m), make([]float64, m)
				fn(tx, ty, sx, sy, sc, fx, fy, sq)
				for k := 0; k < m; k++ {
					var wx, wy, wq, ax, ay float64
					for j := range sx {
						dx, dy := tx[k]-sx[j], ty[k]-sy[j]
						w := 1 / (1 + dx*dx + dy*dy)
						wq += sc[j] * w
						wx += sc[j] * w * w * dx
						wy += sc[j] * w * w * dy
						ax += math.Abs(sc[j] * w * w * dx)
						ay += math.Abs(sc[j] * w * w * dy)
					}
					if math.Abs(sq[k]-wq) > 1e-13*wq || math.Abs(fx[k]-wx) > 1e-13*ax || math.Abs(fy[k]-wy) > 1e-13*ay {
						t.Fatalf("%s, scale %g, %d targets, target %d: got (%g, %g, %g), want (%g, %g, %g)",
							name, scale, m, k, fx[k], fy[k], sq[k], wx, wy, wq)
					}
				}
			}
		}
	}
}
