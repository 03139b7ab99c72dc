package project

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// pcaBlock is the number of rows centred and multiplied at a time. Blocks
// keep the centred copy small (1024 × d) instead of doubling the input.
const pcaBlock = 1024

// pcaGroups is the fixed number of partial covariance accumulators. Workers
// take whole groups and the partial sums are added in group order, so the
// covariance, and so the result, is bit-identical for any thread count.
const pcaGroups = 4

// checkFinite returns an error naming the first non-finite entry of the
// r×c row-major matrix data with the given stride.
func checkFinite(data []float64, r, c, stride int) error {
	for i := 0; i < r; i++ {
		row := data[i*stride : i*stride+c]
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: row %d, column %d is %v", ErrNonFinite, i, j, v)
			}
		}
	}
	return nil
}

// pca computes the first k principal-component scores of the r×c row-major
// matrix data (row stride stride) and returns them r×k row-major together
// with the k variances (eigenvalues of the covariance, divisor r-1).
func pca(data []float64, r, c, stride, k, threads int) (scores, variances []float64, err error) {
	if r < 1 || c < 1 {
		return nil, nil, fmt.Errorf("%w: PCA of a %d×%d matrix", ErrTooFewPoints, r, c)
	}
	if k < 1 || k > min(r, c) {
		return nil, nil, fmt.Errorf("%w: PCA to k=%d dimensions of a %d×%d matrix (need 1 ≤ k ≤ %d)", ErrTooFewPoints, k, r, c, min(r, c))
	}
	if err := checkFinite(data, r, c, stride); err != nil {
		return nil, nil, err
	}
	mean := columnMeans(data, r, c, stride)
	if r >= c {
		return pcaCovariance(data, r, c, stride, k, threads, mean)
	}
	return pcaGram(data, r, c, stride, k, mean)
}

// columnMeans returns the mean of every column.
func columnMeans(data []float64, r, c, stride int) []float64 {
	mean := make([]float64, c)
	for i := 0; i < r; i++ {
		row := data[i*stride : i*stride+c]
		for j, v := range row {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(r)
	}
	return mean
}

// pcaCovariance is the r ≥ c route: accumulate the c×c covariance of the
// centred rows block by block, eigendecompose it and project.
func pcaCovariance(data []float64, r, c, stride, k, threads int, mean []float64) ([]float64, []float64, error) {
	impl := blas64.Implementation()
	groups := min(pcaGroups, (r+pcaBlock-1)/pcaBlock)
	partial := make([][]float64, groups)
	parallelFor(groups, threads, 1, func(lo, hi int) {
		for g := lo; g < hi; g++ {
			acc := make([]float64, c*c)
			bt := make([]float64, c*pcaBlock)
			first, last := g*r/groups, (g+1)*r/groups
			for b := first; b < last; b += pcaBlock {
				m := min(pcaBlock, last-b)
				// Transposed, centred block: bt[j*m+i] = x[b+i][j] - mean[j].
				// Dsyrk's NoTrans form then takes dot products of contiguous
				// rows, much faster in gonum than the Trans form.
				for i := 0; i < m; i++ {
					row := data[(b+i)*stride : (b+i)*stride+c]
					for j, v := range row {
						bt[j*m+i] = v - mean[j]
					}
				}
				impl.Dsyrk(blas.Upper, blas.NoTrans, c, m, 1, bt[:c*m], m, 1, acc, c)
			}
			partial[g] = acc
		}
	})
	cov := partial[0]
	for g := 1; g < groups; g++ {
		for i, v := range partial[g] {
			cov[i] += v
		}
	}
	if r > 1 {
		scale := 1 / float64(r-1)
		for i := range cov {
			cov[i] *= scale
		}
	}
	sym := mat.NewSymDense(c, cov) // reads the upper triangle only
	var eig mat.EigenSym
	if !eig.Factorize(sym, true) {
		return nil, nil, fmt.Errorf("project: PCA: eigendecomposition of the %d×%d covariance did not converge", c, c)
	}
	values := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	// Top k eigenvectors, largest first, as a c×k row-major matrix.
	v := make([]float64, c*k)
	variances := make([]float64, k)
	for j := 0; j < k; j++ {
		col := c - 1 - j
		variances[j] = math.Max(values[col], 0)
		sign := signOfLargest(mat.Col(nil, col, &vecs))
		for i := 0; i < c; i++ {
			v[i*k+j] = sign * vecs.At(i, col)
		}
	}
	scores := make([]float64, r*k)
	blocks := (r + pcaBlock - 1) / pcaBlock
	parallelFor(blocks, threads, 1, func(lo, hi int) {
		scratch := make([]float64, pcaBlock*c)
		for blk := lo; blk < hi; blk++ {
			b := blk * pcaBlock
			m := min(pcaBlock, r-b)
			for i := 0; i < m; i++ {
				row := data[(b+i)*stride : (b+i)*stride+c]
				dst := scratch[i*c : (i+1)*c]
				for j, x := range row {
					dst[j] = x - mean[j]
				}
			}
			impl.Dgemm(blas.NoTrans, blas.NoTrans, m, k, c, 1, scratch[:m*c], c, v, k, 0, scores[b*k:(b+m)*k], k)
		}
	})
	return scores, variances, nil
}

// pcaGram is the r < c route: eigendecompose the r×r Gram matrix G = Xc Xcᵀ;
// the scores are U Λ^½ for its top eigenpairs.
func pcaGram(data []float64, r, c, stride, k int, mean []float64) ([]float64, []float64, error) {
	xc := make([]float64, r*c)
	for i := 0; i < r; i++ {
		row := data[i*stride : i*stride+c]
		dst := xc[i*c : (i+1)*c]
		for j, v := range row {
			dst[j] = v - mean[j]
		}
	}
	gram := make([]float64, r*r)
	blas64.Implementation().Dsyrk(blas.Upper, blas.NoTrans, r, c, 1, xc, c, 0, gram, r)
	var eig mat.EigenSym
	if !eig.Factorize(mat.NewSymDense(r, gram), true) {
		return nil, nil, fmt.Errorf("project: PCA: eigendecomposition of the %d×%d Gram matrix did not converge", r, r)
	}
	values := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	scores := make([]float64, r*k)
	variances := make([]float64, k)
	for j := 0; j < k; j++ {
		col := r - 1 - j
		lambda := math.Max(values[col], 0)
		if r > 1 {
			variances[j] = lambda / float64(r-1)
		}
		u := mat.Col(nil, col, &vecs)
		s := signOfLargest(u) * math.Sqrt(lambda)
		for i := 0; i < r; i++ {
			scores[i*k+j] = s * u[i]
		}
	}
	return scores, variances, nil
}

// signOfLargest returns +1 or -1, the sign of the largest-magnitude entry of
// v (the first one on ties), so that multiplying by it makes that entry
// positive.
func signOfLargest(v []float64) float64 {
	best, sign := -1.0, 1.0
	for _, x := range v {
		if a := math.Abs(x); a > best {
			best = a
			sign = 1
			if x < 0 {
				sign = -1
			}
		}
	}
	return sign
}
