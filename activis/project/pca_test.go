package project

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// randomMatrix returns an r×c matrix whose columns have decreasing scales,
// so its principal components are well separated.
func randomMatrix(r, c int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			x.Set(i, j, rng.NormFloat64()*float64(c-j)+float64(j))
		}
	}
	return x
}

// TestPCAMatchesStatPC checks scores against gonum's stat.PC (SVD-based),
// up to each component's sign, for tall (covariance route) and wide (Gram
// route) inputs.
func TestPCAMatchesStatPC(t *testing.T) {
	for _, test := range []struct {
		name string
		r, c int
		k    int
	}{
		{"tall", 200, 12, 5},
		{"wide", 15, 40, 6},
		{"square", 20, 20, 20 - 1},
	} {
		t.Run(test.name, func(t *testing.T) {
			x := randomMatrix(test.r, test.c, 7)
			got, err := pcaDense(x, test.k)
			if err != nil {
				t.Fatal(err)
			}
			var pc stat.PC
			if !pc.PrincipalComponents(x, nil) {
				t.Fatal("stat.PC failed")
			}
			var vecs mat.Dense
			pc.VectorsTo(&vecs)
			var xc mat.Dense
			xc.CloneFrom(x)
			for j := 0; j < test.c; j++ {
				m := stat.Mean(mat.Col(nil, j, x), nil)
				for i := 0; i < test.r; i++ {
					xc.Set(i, j, xc.At(i, j)-m)
				}
			}
			var want mat.Dense
			want.Mul(&xc, vecs.Slice(0, test.c, 0, test.k))
			for j := 0; j < test.k; j++ {
				g, w := mat.Col(nil, j, got), mat.Col(nil, j, &want)
				sign := 1.0
				if dot(g, w) < 0 {
					sign = -1
				}
				for i := range g {
					if !scalar.EqualWithinAbsOrRel(g[i], sign*w[i], 1e-8, 1e-8) {
						t.Fatalf("component %d row %d: got %v, want %v", j, i, g[i], sign*w[i])
					}
				}
			}
		})
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// TestPCARoutesAgree runs both routes on the same data.
func TestPCARoutesAgree(t *testing.T) {
	x := randomMatrix(30, 10, 3)
	raw := x.RawMatrix()
	mean := columnMeans(raw.Data, 30, 10, raw.Stride)
	cov, cv, err := pcaCovariance(raw.Data, 30, 10, raw.Stride, 4, 2, mean)
	if err != nil {
		t.Fatal(err)
	}
	gram, gv, err := pcaGram(raw.Data, 30, 10, raw.Stride, 4, mean)
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 4; j++ {
		if !scalar.EqualWithinAbsOrRel(cv[j], gv[j], 1e-9, 1e-9) {
			t.Errorf("variance %d: covariance %v, Gram %v", j, cv[j], gv[j])
		}
		sign := 1.0
		if cov[j]*gram[j] < 0 {
			sign = -1
		}
		for i := 0; i < 30; i++ {
			if !scalar.EqualWithinAbsOrRel(cov[i*4+j], sign*gram[i*4+j], 1e-8, 1e-8) {
				t.Fatalf("score %d,%d: covariance %v, Gram %v", i, j, cov[i*4+j], gram[i*4+j])
			}
		}
	}
}

// TestPCAThreadInvariant checks bit-identical results for any thread count
// on an input spanning several blocks and groups.
func TestPCAThreadInvariant(t *testing.T) {
	x := randomMatrix(3*pcaBlock+17, 9, 5)
	raw := x.RawMatrix()
	one, _, err := pca(raw.Data, 3*pcaBlock+17, 9, 9, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, threads := range []int{2, 3, 8} {
		got, _, err := pca(raw.Data, 3*pcaBlock+17, 9, 9, 3, threads)
		if err != nil {
			t.Fatal(err)
		}
		for i := range one {
			if got[i] != one[i] {
				t.Fatalf("threads=%d: score %d = %v, threads=1 gave %v", threads, i, got[i], one[i])
			}
		}
	}
}

// TestPCAZeroVarianceColumns: constant columns contribute nothing; the
// scores equal those of the data without them, and components past the
// rank are zero.
func TestPCAZeroVarianceColumns(t *testing.T) {
	x := randomMatrix(50, 3, 11)
	wide := mat.NewDense(50, 5, nil)
	for i := 0; i < 50; i++ {
		wide.Set(i, 0, 4)
		wide.Set(i, 1, x.At(i, 0))
		wide.Set(i, 2, x.At(i, 1))
		wide.Set(i, 3, -2)
		wide.Set(i, 4, x.At(i, 2))
	}
	want, err := pcaDense(x, 3)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pcaDense(wide, 5)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		for j := 0; j < 3; j++ {
			if !scalar.EqualWithinAbsOrRel(math.Abs(got.At(i, j)), math.Abs(want.At(i, j)), 1e-8, 1e-8) {
				t.Fatalf("score %d,%d: %v, want ±%v", i, j, got.At(i, j), want.At(i, j))
			}
		}
		for j := 3; j < 5; j++ {
			if math.Abs(got.At(i, j)) > 1e-8 {
				t.Fatalf("score %d,%d past the rank = %v, want 0", i, j, got.At(i, j))
			}
		}
	}
}

func TestPCABadInput(t *testing.T) {
	nan := randomMatrix(10, 4, 1)
	nan.Set(6, 2, math.NaN())
	inf := randomMatrix(10, 4, 1)
	inf.Set(3, 0, math.Inf(-1))
	for _, test := range []struct {
		name    string
		x       *mat.Dense
		k       int
		want    error
		mention string
	}{
		{"NaN", nan, 2, ErrNonFinite, "row 6, column 2"},
		{"Inf", inf, 2, ErrNonFinite, "row 3, column 0"},
		{"k zero", randomMatrix(10, 4, 1), 0, ErrTooFewPoints, "k=0"},
		{"k above columns", randomMatrix(10, 4, 1), 5, ErrTooFewPoints, "k=5"},
		{"k above rows", randomMatrix(3, 8, 1), 4, ErrTooFewPoints, "k=4"},
	} {
		t.Run(test.name, func(t *testing.T) {
			_, err := pcaDense(test.x, test.k)
			if !errors.Is(err, test.want) {
				t.Fatalf("error %v, want %v", err, test.want)
			}
			if !strings.Contains(err.Error(), test.mention) {
				t.Errorf("error %q does not mention %q", err, test.mention)
			}
		})
	}
}

func TestProjectPCA(t *testing.T) {
	x := randomMatrix(40, 6, 2)
	pr, err := projectPCADense(x)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Method != MethodPCA || len(pr.X) != 40 || len(pr.Y) != 40 || len(pr.IDs) != 40 || pr.IDs[39] != 39 {
		t.Fatalf("projection %s with %d, %d, %d entries", pr.Method, len(pr.X), len(pr.Y), len(pr.IDs))
	}
	// The first component carries more variance than the second.
	if v0, v1 := stat.Variance(pr.X, nil), stat.Variance(pr.Y, nil); !(v0 > v1) {
		t.Errorf("variances %v ≤ %v", v0, v1)
	}
}

// TestFloat32API: PCA, ProjectPCA, TSNE and Neighbors on float32 rows (a
// Matrix) with a sample give what the float64 cores give on the sampled
// rows, with the sample's indices as IDs; bad samples and non-finite
// values are errors naming the row.
func TestFloat32API(t *testing.T) {
	x := randomMatrix(120, 6, 11)
	m := &Matrix{Rows: 120, Cols: 6, Data: make([]float32, 120*6)}
	for i := range 120 {
		for j := range 6 {
			m.Data[i*6+j] = float32(x.At(i, j))
		}
	}
	sample := []int{100, 3, 50, 7, 8, 9, 60, 61, 62, 63, 1, 2, 30, 31, 32}
	sub := mat.NewDense(len(sample), 6, nil)
	for k, i := range sample {
		for j := range 6 {
			sub.Set(k, j, float64(m.Data[i*6+j]))
		}
	}
	got, err := PCA(m, sample, 3)
	if err != nil {
		t.Fatal(err)
	}
	want, err := pcaDense(sub, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slicesEqual(got, want.RawMatrix().Data) {
		t.Fatalf("PCA of a sample differs from the float64 core")
	}
	pr, err := ProjectPCA(m, sample)
	if err != nil || len(pr.IDs) != len(sample) || pr.IDs[0] != 100 || pr.IDs[1] != 3 {
		t.Fatalf("ProjectPCA IDs %v, %v", pr.IDs, err)
	}
	opt := Options{Iterations: 50, Seed: 3}
	ts, err := TSNE(context.Background(), m, sample, opt)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := tsneDense(context.Background(), sub, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !slicesEqual(ts.X, ref.X) || !slicesEqual(ts.Y, ref.Y) || ts.IDs[2] != 50 {
		t.Fatal("TSNE of a sample differs from the float64 core")
	}
	if _, err := TSNE(context.Background(), m, []int{1, 2, 3, 120}, opt); err == nil || !strings.Contains(err.Error(), "120 out of range") {
		t.Fatalf("sample out of range: %v", err)
	}
	m.Data[61*6+2] = float32(math.NaN())
	if _, err := PCA(m, sample, 2); !errors.Is(err, ErrNonFinite) || !strings.Contains(err.Error(), "row 61") {
		t.Fatalf("NaN in row 61: %v", err)
	}
	if _, err := NewMatrix(2, 3, make([]float32, 5)); err == nil {
		t.Fatal("NewMatrix accepted 5 values for 2×3")
	}
}

func slicesEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
