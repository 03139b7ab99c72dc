package project

import (
	"context"
	"math"
	"sort"
)

// Perplexity calibration constants, as in scikit-learn's
// _binary_search_perplexity and van der Maaten's bhtsne.
const (
	perplexityTol   = 1e-5
	perplexitySteps = 100
)

// sparseP is the symmetric joint-probability matrix P in compressed sparse
// row form: row i's entries are cols[ptr[i]:ptr[i+1]] (ascending) with values
// vals[ptr[i]:ptr[i+1]]. The values sum to one.
type sparseP struct {
	n    int
	ptr  []int64
	cols []int32
	vals []float64
}

// conditionalP turns each row's k squared neighbour distances into the
// conditional probabilities p(j|i) = exp(-β_i d²_ij) / Σ, with β_i found by
// binary search so that the row's entropy is log(perplexity). Rows are
// independent and calibrated in parallel; ctx is checked between chunks.
func conditionalP(ctx context.Context, d2 []float64, n, k int, perplexity float64, threads int) ([]float64, error) {
	p := make([]float64, n*k)
	target := math.Log(perplexity)
	parallelFor(n, threads, 512, func(lo, hi int) {
		if ctx.Err() != nil {
			return
		}
		for i := lo; i < hi; i++ {
			calibrateRow(d2[i*k:(i+1)*k], p[i*k:(i+1)*k], target)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// calibrateRow binary-searches the precision β for one row. Distances are
// shifted by their minimum before exponentiation, which leaves the
// normalised probabilities and the entropy unchanged but avoids underflow
// when all distances are large. The search always stops after
// perplexitySteps steps, so an unreachable target (all distances equal, or a
// perplexity above k) yields the closest distribution instead of a hang.
func calibrateRow(d2, p []float64, target float64) {
	dmin := math.Inf(1)
	for _, d := range d2 {
		dmin = math.Min(dmin, d)
	}
	beta, betaMin, betaMax := 1.0, math.Inf(-1), math.Inf(1)
	for step := 0; step < perplexitySteps; step++ {
		var sum, sumDP float64
		for j, d := range d2 {
			e := math.Exp(-(d - dmin) * beta)
			p[j] = e
			sum += e
			sumDP += (d - dmin) * e
		}
		// sum ≥ 1 because the nearest neighbour contributes exp(0).
		entropy := math.Log(sum) + beta*sumDP/sum
		for j := range p {
			p[j] /= sum
		}
		diff := entropy - target
		if math.Abs(diff) <= perplexityTol {
			break
		}
		if diff > 0 {
			betaMin = beta
			if math.IsInf(betaMax, 1) {
				beta *= 2
			} else {
				beta = (beta + betaMax) / 2
			}
		} else {
			betaMax = beta
			if math.IsInf(betaMin, -1) {
				beta /= 2
			} else {
				beta = (beta + betaMin) / 2
			}
		}
	}
}

// symmetrize returns P = (C + Cᵀ) / sum(C + Cᵀ) for the conditional matrix C
// given as n rows of k neighbours (idx) with probabilities cond.
func symmetrize(idx []int32, cond []float64, n, k int) *sparseP {
	// Sort each row by column so rows of C and Cᵀ merge in one pass.
	rowIdx := make([]int32, n*k)
	rowVal := make([]float64, n*k)
	copy(rowIdx, idx)
	copy(rowVal, cond)
	for i := 0; i < n; i++ {
		sort.Sort(byCol{rowIdx[i*k : (i+1)*k], rowVal[i*k : (i+1)*k]})
	}
	// Cᵀ by counting sort; iterating i ascending leaves its rows sorted.
	tptr := make([]int64, n+1)
	for _, j := range rowIdx {
		tptr[j+1]++
	}
	for j := 0; j < n; j++ {
		tptr[j+1] += tptr[j]
	}
	tcol := make([]int32, n*k)
	tval := make([]float64, n*k)
	fill := make([]int64, n)
	copy(fill, tptr[:n])
	for i := 0; i < n; i++ {
		for e := i * k; e < (i+1)*k; e++ {
			j := rowIdx[e]
			tcol[fill[j]] = int32(i)
			tval[fill[j]] = rowVal[e]
			fill[j]++
		}
	}
	// Merge row i of C with row i of Cᵀ: first count, then fill.
	ptr := make([]int64, n+1)
	for i := 0; i < n; i++ {
		a := rowIdx[i*k : (i+1)*k]
		b := tcol[tptr[i]:tptr[i+1]]
		ptr[i+1] = ptr[i] + int64(mergeCount(a, b))
	}
	cols := make([]int32, ptr[n])
	vals := make([]float64, ptr[n])
	var total float64
	for i := 0; i < n; i++ {
		a, av := rowIdx[i*k:(i+1)*k], rowVal[i*k:(i+1)*k]
		b, bv := tcol[tptr[i]:tptr[i+1]], tval[tptr[i]:tptr[i+1]]
		out := ptr[i]
		x, y := 0, 0
		for x < len(a) || y < len(b) {
			switch {
			case y == len(b) || (x < len(a) && a[x] < b[y]):
				cols[out], vals[out] = a[x], av[x]
				x++
			case x == len(a) || b[y] < a[x]:
				cols[out], vals[out] = b[y], bv[y]
				y++
			default:
				cols[out], vals[out] = a[x], av[x]+bv[y]
				x++
				y++
			}
			total += vals[out]
			out++
		}
	}
	if total > 0 {
		for i := range vals {
			vals[i] /= total
		}
	}
	return &sparseP{n: n, ptr: ptr, cols: cols, vals: vals}
}

// mergeCount is the size of the union of two ascending lists.
func mergeCount(a, b []int32) int {
	x, y, c := 0, 0, 0
	for x < len(a) && y < len(b) {
		switch {
		case a[x] < b[y]:
			x++
		case b[y] < a[x]:
			y++
		default:
			x++
			y++
		}
		c++
	}
	return c + (len(a) - x) + (len(b) - y)
}

type byCol struct {
	idx []int32
	val []float64
}

func (b byCol) Len() int           { return len(b.idx) }
func (b byCol) Less(i, j int) bool { return b.idx[i] < b.idx[j] }
func (b byCol) Swap(i, j int) {
	b.idx[i], b.idx[j] = b.idx[j], b.idx[i]
	b.val[i], b.val[j] = b.val[j], b.val[i]
}
