package project

import "math"

// Quadtree limits. A node becomes a leaf when it holds at most quadLeaf
// points; quadMaxDepth stops the splitting of coincident points.
const (
	quadLeaf     = 1
	quadMaxDepth = 48
)

// quadtree is the Barnes-Hut space partition of a 2-D embedding. Nodes are
// stored in one slice, children of a node contiguously; every node owns the
// range [start, end) of perm, the point indices sorted into tree order, and
// px/py hold the coordinates in that order so leaf scans read memory in
// sequence.
type quadtree struct {
	nodes   []quadNode
	perm    []int32
	px, py  []float64
	scratch []int32
}

// quadNode is one square cell: its side (width), its points' centre of mass
// and count, their range in perm, and its children (nchild of them starting
// at child; none for a leaf).
type quadNode struct {
	comX, comY float64
	width      float64
	start, end int32
	child      int32
	nchild     int32
}

// build (re)builds the tree over the embedding y (x0, y0, x1, y1, ...),
// reusing the tree's buffers.
func (t *quadtree) build(y []float64) {
	n := len(y) / 2
	if cap(t.perm) < n {
		t.perm = make([]int32, n)
		t.scratch = make([]int32, n)
		t.px = make([]float64, n)
		t.py = make([]float64, n)
	}
	t.perm, t.scratch = t.perm[:n], t.scratch[:n]
	t.px, t.py = t.px[:n], t.py[:n]
	t.nodes = t.nodes[:0]
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	var sx, sy float64
	for i := 0; i < n; i++ {
		t.perm[i] = int32(i)
		x, yy := y[2*i], y[2*i+1]
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, yy), math.Max(maxY, yy)
		sx += x
		sy += yy
	}
	if n == 0 {
		return
	}
	width := math.Max(maxX-minX, maxY-minY)
	// A little slack keeps points on the upper edges inside the cell.
	width = width*(1+1e-9) + 1e-300
	t.nodes = append(t.nodes, quadNode{
		comX: sx / float64(n), comY: sy / float64(n),
		width: width, start: 0, end: int32(n),
	})
	t.split(0, y, minX, minY, 0)
	for p, i := range t.perm {
		t.px[p], t.py[p] = y[2*i], y[2*i+1]
	}
}

// split partitions node id (with lower-left corner x0, y0) into its
// non-empty quadrants, recursively.
func (t *quadtree) split(id int32, y []float64, x0, y0 float64, depth int) {
	nd := t.nodes[id]
	count := int(nd.end - nd.start)
	if count <= quadLeaf || depth >= quadMaxDepth {
		return
	}
	half := nd.width / 2
	cx, cy := x0+half, y0+half
	var cnt [4]int32
	var sumX, sumY [4]float64
	pts := t.perm[nd.start:nd.end]
	for _, i := range pts {
		x, yy := y[2*i], y[2*i+1]
		q := 0
		if x >= cx {
			q = 1
		}
		if yy >= cy {
			q += 2
		}
		cnt[q]++
		sumX[q] += x
		sumY[q] += yy
	}
	// Counting sort of the node's points into quadrant order.
	var off [4]int32
	for q := 1; q < 4; q++ {
		off[q] = off[q-1] + cnt[q-1]
	}
	buf := t.scratch[nd.start:nd.end]
	for _, i := range pts {
		x, yy := y[2*i], y[2*i+1]
		q := 0
		if x >= cx {
			q = 1
		}
		if yy >= cy {
			q += 2
		}
		buf[off[q]] = i
		off[q]++
	}
	copy(pts, buf)
	first := int32(len(t.nodes))
	var nchild int32
	start := nd.start
	for q := 0; q < 4; q++ {
		if cnt[q] == 0 {
			continue
		}
		c := float64(cnt[q])
		t.nodes = append(t.nodes, quadNode{
			comX: sumX[q] / c, comY: sumY[q] / c, width: half,
			start: start, end: start + cnt[q],
		})
		start += cnt[q]
		nchild++
	}
	t.nodes[id].child, t.nodes[id].nchild = first, nchild
	c := first
	for q := 0; q < 4; q++ {
		if cnt[q] == 0 {
			continue
		}
		qx, qy := x0, y0
		if q&1 != 0 {
			qx = cx
		}
		if q&2 != 0 {
			qy = cy
		}
		t.split(c, y, qx, qy, depth+1)
		c++
	}
}

// repulsion returns the Barnes-Hut estimates of Σ_j w_ij² (y_i − y_j) and of
// Σ_j w_ij for point i, where w_ij = 1/(1+|y_i−y_j|²). A cell is summarised
// by its centre of mass when width² < theta²·dist², the criterion of van der
// Maaten (2014) and scikit-learn (width is the cell's side). Leaves are
// summed exactly, skipping i itself.
func (t *quadtree) repulsion(i int32, xi, yi, theta2 float64, stack []int32) (fx, fy, sumQ float64, _ []int32) {
	stack = append(stack[:0], 0)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := &t.nodes[id]
		if nd.nchild == 0 {
			for p := nd.start; p < nd.end; p++ {
				if t.perm[p] == i {
					continue
				}
				dx, dy := xi-t.px[p], yi-t.py[p]
				q := 1 / (1 + dx*dx + dy*dy)
				sumQ += q
				q2 := q * q
				fx += q2 * dx
				fy += q2 * dy
			}
			continue
		}
		dx, dy := xi-nd.comX, yi-nd.comY
		d2 := dx*dx + dy*dy
		if nd.width*nd.width < theta2*d2 {
			q := 1 / (1 + d2)
			cq := float64(nd.end-nd.start) * q
			sumQ += cq
			cq *= q
			fx += cq * dx
			fy += cq * dy
			continue
		}
		for c := nd.child + nd.nchild - 1; c >= nd.child; c-- {
			stack = append(stack, c)
		}
	}
	return fx, fy, sumQ, stack
}
