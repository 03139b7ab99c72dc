package project

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// agreementOf is the mean fraction of each point's k nearest neighbours in
// the embedding that share its label.
func agreementOf(t *testing.T, pr *Projection, labels []int, k int) float64 {
	t.Helper()
	n := len(pr.X)
	pts := mat.NewDense(n, 2, nil)
	for i := 0; i < n; i++ {
		pts.Set(i, 0, pr.X[i])
		pts.Set(i, 1, pr.Y[i])
	}
	nb, err := neighborsDense(pts, k)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for i := 0; i < n; i++ {
		for _, j := range nb[i*k : (i+1)*k] {
			if labels[j] == labels[i] {
				sum++
			}
		}
	}
	return sum / float64(n*k)
}

// TestTSNESeparatesClusters: well-separated Gaussian clusters in 30-D stay
// separated in 2-D, with the PCA preprocessing on and off.
func TestTSNESeparatesClusters(t *testing.T) {
	data, labels := clustered(600, 30, 5, 6, 21)
	x := mat.NewDense(600, 30, data)
	for _, test := range []struct {
		name string
		opt  Options
	}{
		{"default", Options{Iterations: 500}},
		{"no PCA, random init", Options{Iterations: 500, PCADims: -1, Init: InitRandom, Seed: 3}},
		{"PCA to 10", Options{Iterations: 500, PCADims: 10}},
	} {
		t.Run(test.name, func(t *testing.T) {
			pr, err := tsneDense(context.Background(), x, test.opt)
			if err != nil {
				t.Fatal(err)
			}
			if a := agreementOf(t, pr, labels, 10); a < 0.99 {
				t.Errorf("10-NN agreement %v, want ≥ 0.99", a)
			}
			if !(pr.KL > 0) || math.IsInf(pr.KL, 0) {
				t.Errorf("KL = %v", pr.KL)
			}
			if pr.Method != MethodTSNE || pr.Params.Perplexity != 30 || pr.Params.LearningRate != 50 || len(pr.IDs) != 600 {
				t.Errorf("projection metadata: %s, %+v, %d ids", pr.Method, pr.Params, len(pr.IDs))
			}
		})
	}
}

// TestTSNEDeterministic: the same seed gives bit-identical output, for any
// thread count.
func TestTSNEDeterministic(t *testing.T) {
	data, _ := clustered(400, 10, 4, 3, 5)
	x := mat.NewDense(400, 10, data)
	run := func(threads int) *Projection {
		pr, err := tsneDense(context.Background(), x, Options{Iterations: 300, Threads: threads, Seed: 42, PCADims: 6})
		if err != nil {
			t.Fatal(err)
		}
		return pr
	}
	a := run(2)
	for _, threads := range []int{2, 1, 3} {
		b := run(threads)
		if a.KL != b.KL {
			t.Fatalf("threads %d: KL %v vs %v", threads, b.KL, a.KL)
		}
		for i := range a.X {
			if a.X[i] != b.X[i] || a.Y[i] != b.Y[i] {
				t.Fatalf("threads %d: point %d at (%v, %v) vs (%v, %v)", threads, i, b.X[i], b.Y[i], a.X[i], a.Y[i])
			}
		}
	}
}

// TestTSNECancel: cancelling from the progress callback stops the run
// before the next iteration; a cancelled context stops it before any.
func TestTSNECancel(t *testing.T) {
	data, _ := clustered(500, 10, 4, 3, 6)
	x := mat.NewDense(500, 10, data)
	for _, test := range []struct {
		name     string
		cancelAt int // 0: cancel before the call
	}{
		{"before start", 0},
		{"during exaggeration", 20},
		{"after exaggeration", 300},
	} {
		t.Run(test.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if test.cancelAt == 0 {
				cancel()
			}
			last := 0
			opt := Options{Progress: func(iter, total int, kl float64) {
				last = iter
				if iter == test.cancelAt {
					cancel()
				}
			}}
			pr, err := tsneDense(ctx, x, opt)
			if !errors.Is(err, context.Canceled) || pr != nil {
				t.Fatalf("got %v, %v; want nil, context.Canceled", pr, err)
			}
			if last != test.cancelAt {
				t.Errorf("last iteration reported %d, cancelled at %d", last, test.cancelAt)
			}
		})
	}
}

// TestProjectionJSON: a projection, options included, encodes to JSON even
// with a progress callback set.
func TestProjectionJSON(t *testing.T) {
	data, _ := clustered(60, 3, 2, 3, 12)
	pr, err := tsneDense(context.Background(), mat.NewDense(60, 3, data), Options{Iterations: 20, Progress: func(int, int, float64) {}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(pr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"Perplexity":19.666`) {
		t.Errorf("JSON lacks the parameters used: %.200s", b)
	}
}

// TestTSNEProgress: one report per iteration, KL estimates finite.
func TestTSNEProgress(t *testing.T) {
	data, _ := clustered(100, 5, 2, 3, 7)
	var iters []int
	var lastKL float64
	_, err := tsneDense(context.Background(), mat.NewDense(100, 5, data), Options{Iterations: 120, Progress: func(iter, total int, kl float64) {
		if total != 120 {
			t.Errorf("total %d", total)
		}
		if math.IsNaN(kl) || math.IsInf(kl, 0) {
			t.Errorf("iteration %d: KL %v", iter, kl)
		}
		iters = append(iters, iter)
		lastKL = kl
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(iters) != 120 || iters[0] != 1 || iters[119] != 120 {
		t.Fatalf("reported %d iterations from %v to %v", len(iters), iters[0], iters[len(iters)-1])
	}
	if !(lastKL > 0) {
		t.Errorf("final KL %v", lastKL)
	}
}

func TestTSNEBadInput(t *testing.T) {
	good, _ := clustered(50, 4, 2, 3, 8)
	withNaN := append([]float64(nil), good...)
	withNaN[17*4+2] = math.NaN()
	withInf := append([]float64(nil), good...)
	withInf[33*4] = math.Inf(1)
	for _, test := range []struct {
		name    string
		x       *mat.Dense
		opt     Options
		want    error
		mention string
	}{
		{"NaN row", mat.NewDense(50, 4, withNaN), Options{}, ErrNonFinite, "row 17"},
		{"Inf row", mat.NewDense(50, 4, withInf), Options{}, ErrNonFinite, "row 33"},
		{"three rows", mat.NewDense(3, 4, good[:12]), Options{}, ErrTooFewPoints, "3 rows"},
		{"negative perplexity", mat.NewDense(50, 4, good), Options{Perplexity: -1}, ErrBadOption, "Perplexity"},
		{"NaN theta", mat.NewDense(50, 4, good), Options{Theta: math.NaN()}, ErrBadOption, "Theta"},
		{"negative iterations", mat.NewDense(50, 4, good), Options{Iterations: -5}, ErrBadOption, "Iterations"},
		{"unknown init", mat.NewDense(50, 4, good), Options{Init: "spectral"}, ErrBadOption, "spectral"},
	} {
		t.Run(test.name, func(t *testing.T) {
			pr, err := tsneDense(context.Background(), test.x, test.opt)
			if !errors.Is(err, test.want) || pr != nil {
				t.Fatalf("got %v, %v; want nil, %v", pr, err, test.want)
			}
			if !strings.Contains(err.Error(), test.mention) {
				t.Errorf("error %q does not mention %q", err, test.mention)
			}
		})
	}
}

// TestTSNEFallbacks covers the documented fallbacks: few points lower the
// perplexity, identical rows map to the origin, constant columns and
// duplicated rows are harmless.
func TestTSNEFallbacks(t *testing.T) {
	t.Run("few points lower perplexity", func(t *testing.T) {
		data, _ := clustered(40, 4, 2, 3, 9)
		pr, err := tsneDense(context.Background(), mat.NewDense(40, 4, data), Options{Iterations: 100})
		if err != nil {
			t.Fatal(err)
		}
		if pr.Params.Perplexity != 13 {
			t.Errorf("perplexity %v, want (40-1)/3 = 13", pr.Params.Perplexity)
		}
		for i := range pr.X {
			if math.IsNaN(pr.X[i]) || math.IsNaN(pr.Y[i]) {
				t.Fatalf("point %d is NaN", i)
			}
		}
	})
	t.Run("four points", func(t *testing.T) {
		pr, err := tsneDense(context.Background(), mat.NewDense(4, 2, []float64{0, 0, 1, 0, 0, 1, 5, 5}), Options{Iterations: 50})
		if err != nil {
			t.Fatal(err)
		}
		if pr.Params.Perplexity != 1 {
			t.Errorf("perplexity %v, want 1", pr.Params.Perplexity)
		}
	})
	t.Run("identical rows", func(t *testing.T) {
		x := mat.NewDense(30, 3, nil)
		for i := 0; i < 30; i++ {
			x.SetRow(i, []float64{1, 2, 3})
		}
		calls := 0
		pr, err := tsneDense(context.Background(), x, Options{Progress: func(int, int, float64) { calls++ }})
		if err != nil {
			t.Fatal(err)
		}
		for i := range pr.X {
			if pr.X[i] != 0 || pr.Y[i] != 0 {
				t.Fatalf("point %d at (%v, %v), want the origin", i, pr.X[i], pr.Y[i])
			}
		}
		if pr.KL != 0 || calls != 1 {
			t.Errorf("KL %v, %d progress calls; want 0 and 1", pr.KL, calls)
		}
	})
	t.Run("constant columns and duplicates", func(t *testing.T) {
		data, labels := clustered(300, 6, 3, 6, 10)
		for i := 0; i < 300; i++ {
			data[i*6+1] = 7 // a zero-variance column
			data[i*6+4] = 0
		}
		for i := 0; i < 30; i++ { // exact duplicates
			copy(data[(150+i)*6:(151+i)*6], data[i*6:(i+1)*6])
			labels[150+i] = labels[i]
		}
		pr, err := tsneDense(context.Background(), mat.NewDense(300, 6, data), Options{Iterations: 400})
		if err != nil {
			t.Fatal(err)
		}
		if a := agreementOf(t, pr, labels, 10); a < 0.95 {
			t.Errorf("10-NN agreement %v, want ≥ 0.95", a)
		}
	})
	t.Run("one column", func(t *testing.T) {
		data, labels := clustered(200, 1, 2, 20, 11)
		pr, err := tsneDense(context.Background(), mat.NewDense(200, 1, data), Options{Iterations: 300})
		if err != nil {
			t.Fatal(err)
		}
		if a := agreementOf(t, pr, labels, 10); a < 0.95 {
			t.Errorf("10-NN agreement %v, want ≥ 0.95", a)
		}
	})
}
