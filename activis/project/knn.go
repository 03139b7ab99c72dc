package project

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"sync/atomic"
)

// vpLeaf is the largest number of rows a vantage-point tree node scans
// linearly instead of splitting further. Leaf scans reject far rows early
// (sqDistBelow), so large leaves pay: on 20,000 PCA-reduced Fashion-MNIST
// images (k = 91) the search took 6.5 s of CPU with 8-row leaves without
// early rejection, 4.5 s with it, and 3.0 s with 128-row leaves (flat up to
// 512).
const vpLeaf = 128

// vpTree is a vantage-point tree (Yianilos 1993) over the rows of an n×d
// row-major matrix, for exact k-nearest-neighbour search under the Euclidean
// distance. Each inner node holds a vantage row and the median distance from
// it; rows closer than the median go left. Searches prune a subtree when the
// triangle inequality shows it cannot hold anything closer than the current
// k-th neighbour.
type vpTree struct {
	data  []float64 // the rows in tree order: row p is input row items[p]
	d     int
	items []int32 // input row indices, permuted so every node owns a range
	nodes []vpNode
}

// vpNode is one node: leaves own items[lo:hi]; inner nodes own the vantage
// row items[lo] and children for the rest.
type vpNode struct {
	lo, hi      int32
	radius      float64
	left, right int32 // -1 when absent
}

// newVPTree builds the tree; seed picks the vantage points, so the tree (and
// hence the order ties are broken in) is deterministic for a seed.
func newVPTree(data []float64, n, d int, seed int64) *vpTree {
	t := &vpTree{data: data, d: d, items: make([]int32, n)}
	for i := range t.items {
		t.items[i] = int32(i)
	}
	dist := make([]float64, n)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	t.nodes = make([]vpNode, 0, 2*n/vpLeaf+1)
	t.build(0, n, dist, rng)
	// Copy the rows into tree order so that a search reads leaves and
	// nearby vantage points from contiguous memory.
	t.data = make([]float64, n*d)
	for p, i := range t.items {
		copy(t.data[p*d:(p+1)*d], data[int(i)*d:int(i+1)*d])
	}
	return t
}

func (t *vpTree) build(lo, hi int, dist []float64, rng *rand.Rand) int32 {
	if lo >= hi {
		return -1
	}
	id := int32(len(t.nodes))
	t.nodes = append(t.nodes, vpNode{lo: int32(lo), hi: int32(hi), left: -1, right: -1})
	if hi-lo <= vpLeaf {
		return id
	}
	p := t.pickVantage(lo, hi, rng)
	t.items[lo], t.items[p] = t.items[p], t.items[lo]
	// While building, t.data is still the input, indexed by input row.
	vp := t.row(int(t.items[lo]))
	for i := lo + 1; i < hi; i++ {
		dist[i] = math.Sqrt(sqDist(vp, t.row(int(t.items[i]))))
	}
	mid := (lo + 1 + hi) / 2
	selectNth(t.items[lo+1:hi], dist[lo+1:hi], mid-(lo+1))
	radius := dist[mid]
	left := t.build(lo+1, mid, dist, rng)
	right := t.build(mid, hi, dist, rng)
	t.nodes[id].radius = radius
	t.nodes[id].left, t.nodes[id].right = left, right
	return id
}

// vpCandidates and vpProbes: pickVantage tries vpCandidates random rows
// and keeps the one whose distances to vpProbes random rows spread most.
const (
	vpCandidates = 5
	vpProbes     = 24
)

// pickVantage returns the position in [lo, hi) of the row that becomes the
// node's vantage point: of a few random candidates, the one whose
// distances to a random sample of the node's rows have the largest
// variance (Yianilos 1993), so the median splits them more cleanly and
// searches prune more. It draws only from rng, so the tree stays
// deterministic for a seed.
func (t *vpTree) pickVantage(lo, hi int, rng *rand.Rand) int {
	best, bestVar := lo+rng.IntN(hi-lo), -1.0
	for c := 0; c < vpCandidates; c++ {
		cand := best
		if c > 0 {
			cand = lo + rng.IntN(hi-lo)
		}
		v := t.row(int(t.items[cand]))
		var sum, sum2 float64
		for s := 0; s < vpProbes; s++ {
			d := math.Sqrt(sqDist(v, t.row(int(t.items[lo+rng.IntN(hi-lo)]))))
			sum += d
			sum2 += d * d
		}
		mean := sum / vpProbes
		if vr := sum2/vpProbes - mean*mean; vr > bestVar {
			best, bestVar = cand, vr
		}
	}
	return best
}

func (t *vpTree) row(i int) []float64 { return t.data[i*t.d : (i+1)*t.d] }

// selectNth reorders items and dist together (quickselect) so that dist[nth]
// holds the value it would have in sorted order, smaller-or-equal values
// before it and larger-or-equal after.
func selectNth(items []int32, dist []float64, nth int) {
	lo, hi := 0, len(dist)-1
	for lo < hi {
		// Median of three as pivot keeps sorted or clustered input linear.
		m := lo + (hi-lo)/2
		if dist[m] < dist[lo] {
			swapPair(items, dist, m, lo)
		}
		if dist[hi] < dist[lo] {
			swapPair(items, dist, hi, lo)
		}
		if dist[hi] < dist[m] {
			swapPair(items, dist, hi, m)
		}
		pivot := dist[m]
		i, j := lo, hi
		for i <= j {
			for dist[i] < pivot {
				i++
			}
			for dist[j] > pivot {
				j--
			}
			if i <= j {
				swapPair(items, dist, i, j)
				i++
				j--
			}
		}
		if nth <= j {
			hi = j
		} else if nth >= i {
			lo = i
		} else {
			return
		}
	}
}

func swapPair(items []int32, dist []float64, i, j int) {
	items[i], items[j] = items[j], items[i]
	dist[i], dist[j] = dist[j], dist[i]
}

// neighborHeap is a bounded max-heap of the best candidates found so far.
type neighborHeap struct {
	idx  []int32
	dist []float64 // Euclidean, not squared
}

func (h *neighborHeap) push(i int32, d float64, k int) {
	if len(h.idx) < k {
		h.idx = append(h.idx, i)
		h.dist = append(h.dist, d)
		// sift up
		c := len(h.idx) - 1
		for c > 0 {
			p := (c - 1) / 2
			if h.dist[p] >= h.dist[c] {
				break
			}
			h.idx[p], h.idx[c] = h.idx[c], h.idx[p]
			h.dist[p], h.dist[c] = h.dist[c], h.dist[p]
			c = p
		}
		return
	}
	if d >= h.dist[0] {
		return
	}
	h.idx[0], h.dist[0] = i, d
	// sift down
	p, n := 0, len(h.idx)
	for {
		c := 2*p + 1
		if c >= n {
			break
		}
		if c+1 < n && h.dist[c+1] > h.dist[c] {
			c++
		}
		if h.dist[p] >= h.dist[c] {
			break
		}
		h.idx[p], h.idx[c] = h.idx[c], h.idx[p]
		h.dist[p], h.dist[c] = h.dist[c], h.dist[p]
		p = c
	}
}

// tau is the current pruning radius: the k-th best distance, or +Inf while
// fewer than k candidates are known.
func (h *neighborHeap) tau(k int) float64 {
	if len(h.idx) < k {
		return math.Inf(1)
	}
	return h.dist[0]
}

// vpVisit is a pending subtree on the search stack with a lower bound on the
// distance from the query to anything in it.
type vpVisit struct {
	id    int32
	bound float64
}

// search collects the k nearest rows to the row at tree position qp
// (excluding it) into h, as input row indices. Subtrees wait on an explicit
// stack with their triangle-inequality lower bound, which is re-tested
// against the current k-th distance when popped, so the search prunes
// exactly as much as the recursive formulation.
func (t *vpTree) search(qp int, k int, h *neighborHeap, stack []vpVisit) []vpVisit {
	qrow := t.row(qp)
	stack = append(stack[:0], vpVisit{0, 0})
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if v.bound > h.tau(k) {
			continue
		}
		nd := &t.nodes[v.id]
		if nd.left < 0 && nd.right < 0 {
			tau := h.tau(k)
			limit := tau * tau
			for p := int(nd.lo); p < int(nd.hi); p++ {
				if p == qp {
					continue
				}
				if s, ok := sqDistBelow(qrow, t.row(p), limit); ok {
					h.push(t.items[p], math.Sqrt(s), k)
					tau = h.tau(k)
					limit = tau * tau
				}
			}
			continue
		}
		vp := int(nd.lo)
		d := math.Sqrt(sqDist(qrow, t.row(vp)))
		if vp != qp {
			h.push(t.items[vp], d, k)
		}
		inner := vpVisit{nd.left, math.Max(d-nd.radius, 0)}
		outer := vpVisit{nd.right, math.Max(nd.radius-d, 0)}
		// The side the query falls in is pushed last so it is searched
		// first, shrinking tau before the other side is tested.
		first, second := outer, inner
		if d >= nd.radius {
			first, second = inner, outer
		}
		if first.id >= 0 {
			stack = append(stack, first)
		}
		if second.id >= 0 {
			stack = append(stack, second)
		}
	}
	return stack
}

// knn returns, for each of the n rows, its k nearest other rows and the
// squared Euclidean distances to them, both n×k row-major, each row sorted by
// increasing distance (ties by row index). Rows are searched in parallel;
// ctx is checked between chunks of rows.
func knn(ctx context.Context, data []float64, n, d, k, threads int, seed int64) ([]int32, []float64, error) {
	idx, d2, _, err := knnOrder(ctx, data, n, d, k, threads, seed)
	return idx, d2, err
}

// knnOrder is knn that also returns the vantage-point tree's order of the
// rows (order[p] is the row at tree position p), in which rows that are
// close in the input space tend to be close in position.
func knnOrder(ctx context.Context, data []float64, n, d, k, threads int, seed int64) ([]int32, []float64, []int32, error) {
	tree := newVPTree(data, n, d, seed)
	idx := make([]int32, n*k)
	d2 := make([]float64, n*k)
	var cancelled atomic.Bool
	parallelFor(n, threads, 256, func(lo, hi int) {
		if ctx.Err() != nil {
			cancelled.Store(true)
			return
		}
		h := &neighborHeap{idx: make([]int32, 0, k), dist: make([]float64, 0, k)}
		var stack []vpVisit
		for qp := lo; qp < hi; qp++ {
			// Queries run in tree order, so consecutive ones visit much
			// the same nodes; results are stored by input row.
			i := int(tree.items[qp])
			h.idx, h.dist = h.idx[:0], h.dist[:0]
			stack = tree.search(qp, k, h, stack)
			sortNeighbors(h.idx, h.dist)
			copy(idx[i*k:(i+1)*k], h.idx)
			for j, v := range h.dist {
				d2[i*k+j] = v * v
			}
		}
	})
	if cancelled.Load() {
		return nil, nil, nil, ctx.Err()
	}
	return idx, d2, tree.items, nil
}

// sortNeighbors sorts a neighbour list by distance, then index.
func sortNeighbors(idx []int32, dist []float64) {
	sort.Sort(byDist{idx, dist})
}

type byDist struct {
	idx  []int32
	dist []float64
}

func (b byDist) Len() int { return len(b.idx) }
func (b byDist) Less(i, j int) bool {
	if b.dist[i] != b.dist[j] {
		return b.dist[i] < b.dist[j]
	}
	return b.idx[i] < b.idx[j]
}
func (b byDist) Swap(i, j int) {
	b.idx[i], b.idx[j] = b.idx[j], b.idx[i]
	b.dist[i], b.dist[j] = b.dist[j], b.dist[i]
}

// knnBrute is the O(n²d) exact k-nearest-neighbour search the tree is
// measured and tested against.
func knnBrute(data []float64, n, d, k, threads int) ([]int32, []float64) {
	idx := make([]int32, n*k)
	d2 := make([]float64, n*k)
	parallelFor(n, threads, 64, func(lo, hi int) {
		h := &neighborHeap{}
		for i := lo; i < hi; i++ {
			h.idx, h.dist = h.idx[:0], h.dist[:0]
			qi := data[i*d : (i+1)*d]
			for j := 0; j < n; j++ {
				if j != i {
					h.push(int32(j), math.Sqrt(sqDist(qi, data[j*d:(j+1)*d])), k)
				}
			}
			sortNeighbors(h.idx, h.dist)
			copy(idx[i*k:(i+1)*k], h.idx)
			for j, v := range h.dist {
				d2[i*k+j] = v * v
			}
		}
	})
	return idx, d2
}

// sqDistBelow returns the squared Euclidean distance between a and b and
// true, or false as soon as a partial sum reaches limit. Checked every eight
// coordinates; on PCA-reduced rows, whose leading coordinates carry most of
// the variance, far candidates are rejected after a few of them.
func sqDistBelow(a, b []float64, limit float64) (float64, bool) {
	b = b[:len(a)]
	var s float64
	i := 0
	for ; i+8 <= len(a); i += 8 {
		d0 := a[i] - b[i]
		d1 := a[i+1] - b[i+1]
		d2 := a[i+2] - b[i+2]
		d3 := a[i+3] - b[i+3]
		d4 := a[i+4] - b[i+4]
		d5 := a[i+5] - b[i+5]
		d6 := a[i+6] - b[i+6]
		d7 := a[i+7] - b[i+7]
		s += (d0*d0 + d1*d1 + d2*d2 + d3*d3) + (d4*d4 + d5*d5 + d6*d6 + d7*d7)
		if s >= limit {
			return s, false
		}
	}
	for ; i < len(a); i++ {
		d := a[i] - b[i]
		s += d * d
	}
	return s, s < limit
}

// sqDist is the squared Euclidean distance between equal-length a and b,
// unrolled by four (the hot loop of the neighbour search).
func sqDist(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		d0 := a[i] - b[i]
		d1 := a[i+1] - b[i+1]
		d2 := a[i+2] - b[i+2]
		d3 := a[i+3] - b[i+3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(a); i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}

// neighbors returns the k nearest other rows of every row of the r×c
// row-major float64 rows of data (row stride stride); see Neighbors.
func neighbors(raw []float64, r, c, stride, k int) ([]int, error) {
	if k < 1 || k >= r {
		return nil, fmt.Errorf("%w: %d neighbours of %d rows", ErrTooFewPoints, k, r)
	}
	if err := checkFinite(raw, r, c, stride); err != nil {
		return nil, fmt.Errorf("project: neighbours: %w", err)
	}
	data := make([]float64, r*c)
	for i := 0; i < r; i++ {
		copy(data[i*c:(i+1)*c], raw[i*stride:i*stride+c])
	}
	idx, _, err := knn(context.Background(), data, r, c, k, threadsOrDefault(0), 0)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(idx))
	for i, v := range idx {
		out[i] = int(v)
	}
	return out, nil
}
