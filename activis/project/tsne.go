package project

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// Optimisation schedule, as in scikit-learn's TSNE and van der Maaten's
// bhtsne.
const (
	exaggerationIters = 250  // early-exaggeration phase, momentum 0.5
	momentumEarly     = 0.5  // during early exaggeration
	momentumLate      = 0.8  // afterwards
	minGain           = 0.01 // lower clip of the per-coordinate gains
	klEvery           = 50   // iterations between KL estimates
	initStd           = 1e-4 // standard deviation of the initial embedding
)

// Method names recorded in Projection.Method.
const (
	MethodTSNE = "tsne"
	MethodPCA  = "pca"
)

// Init names accepted in Options.Init.
const (
	InitPCA    = "pca"
	InitRandom = "random"
)

// Options configures TSNE. A zero field takes its default (see
// DefaultOptions), so Options{Perplexity: 50} changes only the perplexity;
// Seed 0 is an ordinary seed.
type Options struct {
	// Perplexity is the effective number of neighbours each point's
	// affinities are calibrated to (default 30). TSNE uses the 3·Perplexity
	// nearest neighbours. With fewer than 3·Perplexity+1 points it is
	// lowered to (points−1)/3 and the lowered value is recorded in
	// Projection.Params.
	Perplexity float64
	// Theta is the Barnes-Hut accuracy: a quadtree cell of side w at
	// distance d is summarised when w < Theta·d (default 0.5; smaller is
	// more accurate and slower).
	Theta float64
	// LearningRate is the gradient-descent step (default: "auto",
	// max(N / EarlyExaggeration / 4, 50), scikit-learn's rule for the
	// gradient with its factor 4; it equals openTSNE's N / EarlyExaggeration
	// for the gradient without it). The value used is recorded in
	// Projection.Params.
	LearningRate float64
	// EarlyExaggeration multiplies P for the first 250 iterations (default
	// 12).
	EarlyExaggeration float64
	// Iterations is the total number of gradient steps, early exaggeration
	// included (default 1000). With fewer than 250, all are exaggerated.
	Iterations int
	// PCADims is the number of principal components the data are reduced
	// to before the neighbour search (default 50); negative disables the
	// reduction, as does data with at most PCADims columns.
	PCADims int
	// Threads is the number of goroutines used (default GOMAXPROCS).
	// Results are identical for any thread count.
	Threads int
	// Seed seeds the neighbour-search tree and the random initialisation.
	Seed int64
	// Init is InitPCA (default: the first two principal components scaled
	// to standard deviation 1e-4, as scikit-learn does) or InitRandom
	// (Gaussian with standard deviation 1e-4).
	Init string
	// Progress, if not nil, is called after every iteration with the
	// iteration number (1-based), the total and the latest KL estimate
	// (refreshed every 50 iterations and at the end). It runs on the
	// calling goroutine and must be quick. It is not encoded to JSON, so
	// Projection.Params can be.
	Progress func(iter, total int, kl float64) `json:"-"`
}

// DefaultOptions returns the defaults: perplexity 30, theta 0.5, learning
// rate auto (0), early exaggeration 12, 1000 iterations, PCA to 50
// dimensions, all cores, seed 0, PCA initialisation.
func DefaultOptions() Options {
	return Options{
		Perplexity:        30,
		Theta:             0.5,
		EarlyExaggeration: 12,
		Iterations:        1000,
		PCADims:           50,
		Init:              InitPCA,
	}
}

// withDefaults fills zero fields and validates the rest.
func (o Options) withDefaults() (Options, error) {
	def := DefaultOptions()
	if o.Perplexity == 0 {
		o.Perplexity = def.Perplexity
	}
	if o.Theta == 0 {
		o.Theta = def.Theta
	}
	if o.EarlyExaggeration == 0 {
		o.EarlyExaggeration = def.EarlyExaggeration
	}
	if o.Iterations == 0 {
		o.Iterations = def.Iterations
	}
	if o.PCADims == 0 {
		o.PCADims = def.PCADims
	}
	if o.Init == "" {
		o.Init = def.Init
	}
	o.Threads = threadsOrDefault(o.Threads)
	bad := func(name string, v any) (Options, error) {
		return o, fmt.Errorf("%w: %s = %v", ErrBadOption, name, v)
	}
	switch {
	case !(o.Perplexity > 0) || math.IsInf(o.Perplexity, 0):
		return bad("Perplexity", o.Perplexity)
	case !(o.Theta > 0) || math.IsInf(o.Theta, 0):
		return bad("Theta", o.Theta)
	case !(o.LearningRate >= 0) || math.IsInf(o.LearningRate, 0):
		return bad("LearningRate", o.LearningRate)
	case !(o.EarlyExaggeration > 0) || math.IsInf(o.EarlyExaggeration, 0):
		return bad("EarlyExaggeration", o.EarlyExaggeration)
	case o.Iterations < 0:
		return bad("Iterations", o.Iterations)
	case o.Init != InitPCA && o.Init != InitRandom:
		return bad("Init", fmt.Sprintf("%q", o.Init))
	}
	return o, nil
}

// Projection is a 2-D embedding of a set of rows.
type Projection struct {
	// Method is MethodTSNE or MethodPCA.
	Method string
	// X and Y are the coordinates, one per input row.
	X, Y []float64
	// IDs identify the rows. TSNE and ProjectPCA set them to 0..n-1;
	// callers projecting a sample replace them with the instance indices.
	IDs []int
	// Params are the options actually used, defaults and fallbacks
	// (perplexity, learning rate) filled in.
	Params Options
	// KL is the final Kullback-Leibler divergence KL(P‖Q) (Barnes-Hut
	// estimate of the normalisation); zero for PCA.
	KL float64
}

// projectPCA projects the r×c row-major rows of data (row stride stride)
// on their first two principal components. A single column gives Y = 0.
func projectPCA(data []float64, r, c, stride int) (*Projection, error) {
	k := min(2, c, r)
	scores, _, err := pca(data, r, c, stride, k, threadsOrDefault(0))
	if err != nil {
		return nil, fmt.Errorf("project: PCA projection: %w", err)
	}
	pr := &Projection{Method: MethodPCA, X: make([]float64, r), Y: make([]float64, r), IDs: seq(r)}
	for i := 0; i < r; i++ {
		pr.X[i] = scores[i*k]
		if k > 1 {
			pr.Y[i] = scores[i*k+1]
		}
	}
	return pr, nil
}

// tsne is TSNE on the n×d row-major float64 rows of data (row stride
// stride); the rows' IDs are 0..n-1.
func tsne(ctx context.Context, raw []float64, n, d, stride int, opt Options) (*Projection, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	if n < 4 {
		return nil, fmt.Errorf("%w: t-SNE of %d rows (need at least 4)", ErrTooFewPoints, n)
	}
	if err := checkFinite(raw, n, d, stride); err != nil {
		return nil, fmt.Errorf("project: t-SNE input: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if float64(n-1) < 3*opt.Perplexity {
		opt.Perplexity = float64(n-1) / 3
	}
	if opt.LearningRate == 0 {
		opt.LearningRate = math.Max(float64(n)/opt.EarlyExaggeration/4, 50)
	}
	pr := &Projection{Method: MethodTSNE, X: make([]float64, n), Y: make([]float64, n), IDs: seq(n), Params: opt}
	if allRowsEqual(raw, n, d, stride) {
		if opt.Progress != nil {
			opt.Progress(opt.Iterations, opt.Iterations, 0)
		}
		return pr, nil
	}

	// Input space: PCA-reduced or a contiguous copy.
	var data []float64
	dim := d
	var init []float64
	if opt.PCADims > 0 && opt.PCADims < d {
		dim = min(opt.PCADims, n)
		data, _, err = pca(raw, n, d, stride, dim, opt.Threads)
		if err != nil {
			return nil, fmt.Errorf("project: t-SNE preprocessing: %w", err)
		}
		if opt.Init == InitPCA && dim >= 2 {
			init = firstColumns(data, n, dim, 2)
		}
	} else {
		data = make([]float64, n*d)
		for i := 0; i < n; i++ {
			copy(data[i*d:(i+1)*d], raw[i*stride:i*stride+d])
		}
	}
	if opt.Init == InitPCA && init == nil && dim >= 2 {
		init, _, err = pca(data, n, dim, dim, 2, opt.Threads)
		if err != nil {
			return nil, fmt.Errorf("project: t-SNE initialisation: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	k := min(n-1, int(3*opt.Perplexity+1))
	idx, d2, order, err := knnOrder(ctx, data, n, dim, k, opt.Threads, opt.Seed)
	if err != nil {
		return nil, fmt.Errorf("project: t-SNE neighbour search: %w", err)
	}
	cond, err := conditionalP(ctx, d2, n, k, opt.Perplexity, opt.Threads)
	if err != nil {
		return nil, fmt.Errorf("project: t-SNE affinities: %w", err)
	}
	// The optimisation numbers the points in the neighbour-search tree's
	// order, so that a point's neighbours in P mostly have nearby numbers
	// and the attractive sums read and write nearby memory.
	idx, cond = relabel(idx, cond, order, n, k)
	p := symmetrize(idx, cond, n, k)
	idx, d2, cond, data = nil, nil, nil, nil // let the GC reclaim them during the optimisation

	y := initialEmbedding(init, n, opt.Seed)
	y = permutePairs(y, order)
	obj := newObjective(p, opt.Theta, opt.Threads)
	kl, err := optimize(ctx, obj, y, opt)
	if err != nil {
		return nil, fmt.Errorf("project: t-SNE optimisation: %w", err)
	}
	for p, i := range order {
		pr.X[i], pr.Y[i] = y[2*p], y[2*p+1]
	}
	pr.KL = kl
	return pr, nil
}

// initialEmbedding returns the interleaved starting coordinates: init's two
// columns scaled so the first has standard deviation 1e-4 (scikit-learn's
// rule), or Gaussian noise of that deviation when init is nil or degenerate.
func initialEmbedding(init []float64, n int, seed int64) []float64 {
	y := make([]float64, 2*n)
	if init != nil {
		var mean, ss float64
		for i := 0; i < n; i++ {
			mean += init[2*i]
		}
		mean /= float64(n)
		for i := 0; i < n; i++ {
			ss += (init[2*i] - mean) * (init[2*i] - mean)
		}
		std := math.Sqrt(ss / float64(n))
		if std > 0 && !math.IsInf(std, 0) {
			s := initStd / std
			for i := range y {
				y[i] = init[i] * s
			}
			return y
		}
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x2545f4914f6cdd1d))
	for i := range y {
		y[i] = initStd * rng.NormFloat64()
	}
	return y
}

// optimize runs gradient descent with momentum and per-coordinate gains
// (Jacobs 1988), as scikit-learn's _gradient_descent: gains grow by 0.2
// where the gradient's sign differs from the last update's and shrink by
// 0.8 otherwise, clipped at 0.01. Like scikit-learn, the gains and the
// update are reset when early exaggeration ends.
func optimize(ctx context.Context, obj *objective, y []float64, opt Options) (float64, error) {
	iters := opt.Iterations
	grad := make([]float64, len(y))
	update := make([]float64, len(y))
	gains := make([]float64, len(y))
	for i := range gains {
		gains[i] = 1
	}
	kl := math.NaN()
	for it := 0; it < iters; it++ {
		if err := ctx.Err(); err != nil {
			return kl, err
		}
		exag, momentum := opt.EarlyExaggeration, momentumEarly
		if it >= exaggerationIters {
			exag, momentum = 1, momentumLate
		}
		if it == exaggerationIters {
			clear(update)
			for i := range gains {
				gains[i] = 1
			}
		}
		wantKL := it == 0 || (it+1)%klEvery == 0 || it == iters-1
		if v := obj.gradient(y, grad, exag, wantKL); wantKL {
			kl = v
		}
		for i, g := range grad {
			if update[i]*g < 0 {
				gains[i] += 0.2
			} else {
				gains[i] = math.Max(gains[i]*0.8, minGain)
			}
			update[i] = momentum*update[i] - opt.LearningRate*gains[i]*g
			y[i] += update[i]
		}
		if opt.Progress != nil {
			opt.Progress(it+1, iters, kl)
		}
	}
	if iters == 0 {
		kl = obj.gradient(y, grad, 1, true)
	}
	return kl, nil
}

// allRowsEqual reports whether every row equals the first.
func allRowsEqual(data []float64, n, d, stride int) bool {
	first := data[:d]
	for i := 1; i < n; i++ {
		row := data[i*stride : i*stride+d]
		for j, v := range row {
			if v != first[j] {
				return false
			}
		}
	}
	return true
}

// firstColumns copies the first c columns of an n×d row-major matrix.
func firstColumns(data []float64, n, d, c int) []float64 {
	out := make([]float64, n*c)
	for i := 0; i < n; i++ {
		copy(out[i*c:(i+1)*c], data[i*d:i*d+c])
	}
	return out
}

// seq returns 0, 1, ..., n-1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// relabel renumbers the n×k neighbour lists idx (with their values cond) so
// that row order[p] becomes row p: row p of the result is row order[p] of
// the input, with every neighbour index mapped the same way.
func relabel(idx []int32, cond []float64, order []int32, n, k int) ([]int32, []float64) {
	inv := make([]int32, n)
	for p, i := range order {
		inv[i] = int32(p)
	}
	nidx := make([]int32, n*k)
	ncond := make([]float64, n*k)
	for p, i := range order {
		src := idx[int(i)*k : int(i+1)*k]
		dst := nidx[p*k : (p+1)*k]
		for m, j := range src {
			dst[m] = inv[j]
		}
		copy(ncond[p*k:(p+1)*k], cond[int(i)*k:int(i+1)*k])
	}
	return nidx, ncond
}

// permutePairs returns the interleaved coordinates y with point order[p]
// moved to position p.
func permutePairs(y []float64, order []int32) []float64 {
	out := make([]float64, len(y))
	for p, i := range order {
		out[2*p], out[2*p+1] = y[2*i], y[2*i+1]
	}
	return out
}
