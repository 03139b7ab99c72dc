// Package project computes the 2-D projections of ActiVis's projected view:
// principal component analysis (PCA) and Barnes-Hut t-SNE, on gonum.
//
// The Barnes-Hut t-SNE is written here because no usable Go implementation
// exists: the Go t-SNE packages (github.com/danaugrs/go-tsne,
// sacado/tsne4go) are exact O(N²) methods that need about 5 GB of memory at
// 10,000 points, and nothing in gonum covers it. Everything else (matrices,
// BLAS, the symmetric eigendecomposition) is gonum's.
//
// This package does not import package activis (which imports it); progress
// is reported through the plain callback Options.Progress.
//
// # Use
//
//	// given: ctx context.Context, run *activis.Run
//	acts, err := run.Tensor("fc1")                      // *activis.Activations, float32, maybe memory-mapped
//	sample := activis.StratifiedSample(run.Instances, activis.SampleOptions{Size: 5000})
//	opt := project.DefaultOptions()
//	opt.Progress = func(iter, total int, kl float64) { ... }
//	pr, err := project.TSNE(ctx, acts, sample, opt)     // nil sample: every row
//	// pr.X[k], pr.Y[k] place row pr.IDs[k] (= sample[k]); pr.Params and
//	// pr.KL record the run.
//
// The projections read their input through Rows (Len, Dim and a float32
// Row), which *activis.Activations implements; Matrix wraps a float32
// slice. Only the sampled rows are read and converted to float64.
// PCA(x, sample, k) returns the scores on k principal components and
// ProjectPCA(x, sample) a two-component Projection.
//
// # PCA
//
// The data are centred. With at least as many rows as columns (the usual
// case, 70,000 × 784 for Fashion-MNIST), the d×d covariance is accumulated
// from transposed, centred blocks of 1,024 rows with BLAS Dsyrk (never a
// centred copy of the whole input), split into four fixed groups summed in
// order, so the result is bit-identical for any thread count; its
// symmetric eigendecomposition (mat.EigenSym) gives the components and a
// blockwise Dgemm the scores. Wider-than-tall data use the r×r Gram matrix
// instead. This is exact, unlike randomised SVD, and for k = 50 of 784 it
// costs about the same: forming the covariance is ½·N·d² multiply-adds,
// while randomised SVD with two power iterations needs about five passes of
// N·d·(k+10). Each component's sign is fixed (largest loading positive) so
// results are reproducible. Zero-variance columns only add zero
// eigenvalues; components beyond the rank have zero scores.
//
// # t-SNE
//
// The steps follow van der Maaten, "Accelerating t-SNE using tree-based
// algorithms" (JMLR 2014), with scikit-learn's choices where they differ:
//
//  1. Rows with more than PCADims (50) columns are reduced by PCA.
//  2. Each row's k = min(N−1, ⌊3·perplexity+1⌋) nearest neighbours (91 for
//     perplexity 30) are found exactly with a vantage-point tree whose rows
//     are copied into tree order; queries run in parallel, in tree order.
//     Each vantage point is the one of 5 random candidates whose distances
//     to 24 random rows of the node spread most (12% less search time on
//     PCA-reduced images).
//     Leaves hold up to 128 rows, scanned with a partial distance that
//     stops once it exceeds the current k-th distance, which is effective
//     because PCA puts the high-variance coordinates first. The tree is
//     measured against brute force in BenchmarkKNN. (scikit-learn uses
//     brute force with BLAS here; approximate methods such as Annoy, used
//     by openTSNE and FIt-SNE, were not needed at these sizes.)
//  3. For each row, a binary search (at most 100 steps, tolerance 1e-5 on
//     the entropy) finds the Gaussian precision whose conditional
//     distribution over the neighbours (on squared distances) has
//     perplexity Options.Perplexity. Rows are independent and run in
//     parallel.
//  4. P = (C + Cᵀ) / sum, stored as compressed sparse rows.
//  5. The embedding starts from the first two principal components scaled
//     so the first has standard deviation 1e-4 (scikit-learn's "pca" init).
//  6. Gradient descent: 1000 iterations; P is multiplied by 12 for the
//     first 250 (early exaggeration) with momentum 0.5, then momentum 0.8;
//     per-coordinate gains (+0.2 / ×0.8, at least 0.01) reset when
//     exaggeration ends, exactly like scikit-learn's _gradient_descent.
//     The learning rate is scikit-learn's "auto", max(N/12/4, 50), because
//     the gradient here keeps the factor 4 of ∂KL/∂y; that is the same step
//     as openTSNE's N/12 on a gradient without the factor.
//  7. The gradient 4·Σ_j (p_ij − q_ij)·w_ij·(y_i − y_j), w_ij = 1/(1+|y_i−y_j|²),
//     is split into an attractive sum over the non-zeros of P and a
//     repulsive sum over all pairs, which a quadtree rebuilt every iteration
//     approximates: a cell of side w at distance d from the point is
//     replaced by its centre of mass when w < θ·d (θ = 0.5). The tree is
//     rebuilt into reused arrays (no allocation), sorting coordinates with
//     the point indices so the build reads memory in sequence, while the
//     attractive sum runs. The tree is traversed once per group of at most
//     32 points (the largest cells that small), against the group's
//     bounding box: a cell is summarised when w < θ·d for the distance d
//     from its centre of mass to the box, so for every point of the group,
//     and the points of leaves failing the test are listed for exact
//     summation. The group's points then run down the one list (centres
//     of mass with their counts, points with count 1) four at a time, a
//     loop without branches (in AVX2 lanes when built with
//     GOEXPERIMENT=simd, as the Makefile does). This is at least as
//     accurate as one traversal per point and, per repulsion pass at
//     20,000 points (one thread, CPU time), took 20.4 ms per point-wise,
//     16.4 ms grouped and 10 ms grouped with AVX2. During the optimisation
//     the points are numbered in the neighbour-search tree's order, so a
//     point's neighbours in P mostly have nearby numbers and the
//     attractive sums stay in cache (at 70,000 points 37–43 → 20–28 ms of
//     CPU per pass). The
//     attractive sum visits each pair i < j of P once and adds its term to
//     both points, in a fixed number of row blocks with one buffer each,
//     summed in block order; the repulsion runs in parallel over points,
//     each point's sum computed by a single goroutine, and the
//     normalisation Z = Σ w_ij is added in index order, so runs are
//     deterministic for a seed regardless of the thread count.
//  8. KL(P‖Q) is estimated (with the Barnes-Hut Z, as scikit-learn does) at
//     the first iteration, every 50 iterations and at the end, and passed to
//     Options.Progress, which is called after every iteration. The context
//     is checked before every iteration and between chunks of the
//     neighbour search and calibration.
//
// # Why Barnes-Hut and not FFT-accelerated interpolation
//
// FIt-SNE (Linderman et al., 2019; openTSNE's default for large N) replaces
// the quadtree with polynomial interpolation on a regular grid and FFT
// convolutions, O(N) per iteration instead of O(N log N). Its advantage
// rests on a fast FFT (FFTW). The grid has 3 interpolation nodes per unit
// interval of the embedding and is zero-padded to twice that, so at
// 70,000 points (embedding extent about 160 units) each of the roughly
// nine 2-D transforms per iteration is 960×960. gonum's dsp/fourier, the
// only FFT available here without cgo, takes 79 ms of CPU for one 960×960
// transform (6 ms at 300×300; measured by row and column CmplxFFT passes
// on this machine), i.e. several hundred ms per iteration even if the
// real-input symmetry halved the count, while this package's Barnes-Hut
// iteration (tree, repulsion and attraction) costs about 125 ms of CPU at
// 70,000 points (170 ms before the rework described in step 7; 65 ms at
// 30,000 in the table below, measured before it). FFT interpolation is therefore
// not implemented: with gonum's FFT it would not beat Barnes-Hut at the
// sizes ActiVis projects. It would become worth revisiting with a much
// faster FFT or far larger N.
//
// # Bad input
//
//   - NaN or ±Inf: an error wrapping ErrNonFinite that names the row and
//     column.
//   - Fewer than 3·perplexity + 1 rows: the perplexity is lowered to
//     (N−1)/3 (recorded in Projection.Params), as openTSNE does; fewer than
//     4 rows is an error wrapping ErrTooFewPoints.
//   - All rows identical: every point is placed at the origin, which is the
//     exact optimum (P and Q both uniform, KL = 0), without optimisation.
//   - Zero-variance columns and duplicated rows need nothing special: PCA
//     gives them zero eigenvalues, the neighbour search and calibration
//     handle zero distances, and the quadtree stops splitting coincident
//     points at depth 48. A degenerate PCA initialisation (zero spread)
//     falls back to the random one.
//   - Invalid options: an error wrapping ErrBadOption naming the option.
//
// # Measurements
//
// `make bench-tsne` runs internal/cmd/tsnebench and
// testdata/sklearn_baseline.py on the same Fashion-MNIST images (scikit-learn
// 1.2.1 TSNE, barnes_hut, perplexity 30, 1000 iterations, init "pca",
// learning_rate "auto", after the same PCA to 50 dimensions; its gradient
// uses all cores through OpenMP) and prints time, KL and 10-NN class
// agreement for both; `go test -bench .` pairs the tree methods with their
// brute-force baselines. Measured on the shared 2-core development machine
// while other jobs kept its load average at 4 to 15, so wall times are
// inflated; CPU times (user+sys, from /usr/bin/time -v) are the stable
// figures:
//
//	10,000 test images, same run:   seconds    KL      10-NN agreement
//	  scikit-learn                  174.6      1.4975  0.7422
//	  this package                   41.5      1.4982  0.7422
//
//	N        wall    CPU     peak RSS  KL      10-NN agreement
//	 1,000    3.9 s    2.4 s   36 MB   0.680   0.659
//	 5,000   21.0 s   10.6 s  111 MB   1.221   0.720
//	10,000   43.5 s   23.0 s  153 MB   1.498   0.742
//	30,000  156.7 s   77.8 s  466 MB   2.029   0.775
//	70,000  351.6 s  203.2 s  980 MB   2.495   0.795
//
// The 70,000-point run got 57% of one core on average; its 203 s of CPU
// would take roughly 105 s of wall time on two otherwise idle cores. PCA of
// all 70,000 × 784 pixels to 50 dimensions took 7.6 s of wall time and
// about 6.5 s of CPU under the same contention (TSNE_PCA_N=70000
// BenchmarkPCAFashion).
//
// The gradient rework of step 7 (upper-triangle attraction, allocation-free
// tree rebuild overlapped with it, in-place child tests) cut a 20,000-image
// run from 48.2 s to 36.8 s of CPU (41.9 s to 31.0 s wall, same contention,
// same KL and agreement within noise), and the 70,000-image run to 177.5 s
// of CPU (peak RSS 997 MB, KL 2.4948, agreement 0.7945; it got one core
// on average, so its wall time was 176 s). On two idle cores that is an
// estimated 19 s of preprocessing plus about 65 s of iterations; not yet
// measured idle.
package project
