package project

import (
	"context"
	"fmt"
	"math"
)

// Rows is the input of the projections: a matrix of float32 values read one
// row (instance) at a time. *activis.Activations implements it, so a layer's
// activations, memory-mapped or in memory, are projected without a copy of
// the whole layer; Matrix implements it for values already in a slice.
type Rows interface {
	// Len is the number of rows.
	Len() int
	// Dim is the number of values per row.
	Dim() int
	// Row returns row i's Dim values (read only; it may be a view of the
	// caller's memory).
	Row(i int) []float32
}

// Matrix is an in-memory row-major float32 matrix: row i is
// Data[i*Cols : (i+1)*Cols].
type Matrix struct {
	Rows, Cols int
	Data       []float32
}

// NewMatrix returns the rows×cols matrix over data (not copied), or an
// error when len(data) is not rows·cols.
func NewMatrix(rows, cols int, data []float32) (*Matrix, error) {
	if rows < 0 || cols < 0 || len(data) != rows*cols {
		return nil, fmt.Errorf("project: %d values for a %d×%d matrix", len(data), rows, cols)
	}
	return &Matrix{Rows: rows, Cols: cols, Data: data}, nil
}

// Len returns the number of rows.
func (m *Matrix) Len() int { return m.Rows }

// Dim returns the number of columns.
func (m *Matrix) Dim() int { return m.Cols }

// Row returns row i (a view of Data).
func (m *Matrix) Row(i int) []float32 { return m.Data[i*m.Cols : (i+1)*m.Cols] }

// gather copies the rows of x listed in sample (all rows, in order, when
// sample is nil) into a row-major float64 matrix and returns it with the
// row indices. An index out of range or a non-finite value is an error
// naming the row; no row is read before every index is checked.
func gather(x Rows, sample []int) (data []float64, ids []int, d int, err error) {
	if x == nil {
		return nil, nil, 0, fmt.Errorf("%w: nil rows", ErrTooFewPoints)
	}
	n, d := x.Len(), x.Dim()
	if sample == nil {
		ids = seq(n)
	} else {
		for _, i := range sample {
			if i < 0 || i >= n {
				return nil, nil, 0, fmt.Errorf("project: sample index %d out of range [0,%d)", i, n)
			}
		}
		ids = append([]int(nil), sample...)
	}
	data = make([]float64, len(ids)*d)
	for k, i := range ids {
		row := x.Row(i)
		if len(row) != d {
			return nil, nil, 0, fmt.Errorf("project: row %d has %d values, want %d", i, len(row), d)
		}
		dst := data[k*d : (k+1)*d]
		for j, v := range row {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, nil, 0, fmt.Errorf("%w: row %d, column %d is %v", ErrNonFinite, i, j, v)
			}
			dst[j] = float64(v)
		}
	}
	return data, ids, d, nil
}

// TSNE embeds rows of x in two dimensions with Barnes-Hut t-SNE (see the
// package documentation for the algorithm): the rows listed in sample, or
// every row when sample is nil. Projection.IDs are the row indices
// (sample, or 0..Len-1). x is typically an *activis.Activations (a layer of
// a Run, memory-mapped or not) with a sample of instance indices such as
// activis.StratifiedSample's; only the sampled rows are read, converted to
// float64 once (8 bytes per value of the sample).
//
// TSNE is deterministic for a given input and Options; the thread count
// does not change the result. It returns an error wrapping ErrNonFinite
// (naming the row) for NaN or infinite values, ErrTooFewPoints for fewer
// than 4 rows, ErrBadOption for invalid options, and ctx.Err() (possibly
// wrapped) when ctx is cancelled, which is checked between chunks of the
// neighbour search and before every iteration. If all rows are identical,
// every point is placed at the origin (the exact optimum, KL = 0) without
// optimisation.
func TSNE(ctx context.Context, x Rows, sample []int, opt Options) (*Projection, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	data, ids, d, err := gather(x, sample)
	if err != nil {
		return nil, fmt.Errorf("project: t-SNE input: %w", err)
	}
	pr, err := tsne(ctx, data, len(ids), d, d, opt)
	if err != nil {
		return nil, err
	}
	pr.IDs = ids
	return pr, nil
}

// PCA returns the scores of rows of x (those in sample, or all when sample
// is nil) on their first k principal components, as a len(sample)×k
// row-major slice: column j holds the projections of the centred rows on
// the j-th component, components ordered by decreasing variance. Each
// component's sign is fixed so that its largest-magnitude loading is
// positive, which makes the result deterministic.
//
// With at least as many rows as columns, PCA forms the d×d covariance
// blockwise and takes its symmetric eigendecomposition; otherwise it uses
// the Gram matrix of the centred rows. Components beyond the rank have
// zero scores. It returns an error wrapping ErrTooFewPoints if there are no
// rows or k is not in [1, min(rows, columns)], and one wrapping
// ErrNonFinite, naming the row and column, for a NaN or an infinity.
func PCA(x Rows, sample []int, k int) ([]float64, error) {
	data, ids, d, err := gather(x, sample)
	if err != nil {
		return nil, fmt.Errorf("project: PCA input: %w", err)
	}
	scores, _, err := pca(data, len(ids), d, d, k, threadsOrDefault(0))
	return scores, err
}

// ProjectPCA projects rows of x (those in sample, or all when sample is
// nil) on their first two principal components (see PCA); IDs are the row
// indices. A single-column x gives Y = 0.
func ProjectPCA(x Rows, sample []int) (*Projection, error) {
	data, ids, d, err := gather(x, sample)
	if err != nil {
		return nil, fmt.Errorf("project: PCA projection: %w", err)
	}
	pr, err := projectPCA(data, len(ids), d, d)
	if err != nil {
		return nil, err
	}
	pr.IDs = ids
	return pr, nil
}

// Neighbors returns the k nearest other rows of every row of x under the
// Euclidean distance, as a Len×k row-major slice of row indices sorted by
// increasing distance (ties by index). It uses the same vantage-point tree
// as TSNE and is exact. It is exported for scoring embeddings (for example
// the k-nearest-neighbour class agreement of a projection: a Matrix of the
// projection's X and Y).
func Neighbors(x Rows, k int) ([]int, error) {
	data, ids, d, err := gather(x, nil)
	if err != nil {
		return nil, fmt.Errorf("project: neighbours: %w", err)
	}
	return neighbors(data, len(ids), d, d, k)
}
