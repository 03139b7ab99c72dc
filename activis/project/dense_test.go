package project

import (
	"context"

	"gonum.org/v1/gonum/mat"
)

// The tests check the algorithms in float64 on gonum matrices (the
// reference implementations are gonum's); these helpers call the float64
// cores that TSNE, PCA, ProjectPCA and Neighbors feed after converting
// their float32 rows.

func pcaDense(x *mat.Dense, k int) (*mat.Dense, error) {
	r, c := x.Dims()
	raw := x.RawMatrix()
	s, _, err := pca(raw.Data, r, c, raw.Stride, k, threadsOrDefault(0))
	if err != nil {
		return nil, err
	}
	return mat.NewDense(r, k, s), nil
}

func tsneDense(ctx context.Context, x *mat.Dense, opt Options) (*Projection, error) {
	r, c := x.Dims()
	raw := x.RawMatrix()
	return tsne(ctx, raw.Data, r, c, raw.Stride, opt)
}

func projectPCADense(x *mat.Dense) (*Projection, error) {
	r, c := x.Dims()
	raw := x.RawMatrix()
	return projectPCA(raw.Data, r, c, raw.Stride)
}

func neighborsDense(x *mat.Dense, k int) ([]int, error) {
	r, c := x.Dims()
	raw := x.RawMatrix()
	return neighbors(raw.Data, r, c, raw.Stride, k)
}
