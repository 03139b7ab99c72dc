package project

import "math"

// Quadtree limits. A node becomes a leaf when it holds at most quadLeaf
// points; quadMaxDepth stops the splitting of coincident points.
const (
	quadLeaf     = 8
	quadMaxDepth = 48
	// quadScan: see repulsion. On a 20,000-point embedding, 4 made the
	// traversal about 10% faster than opening such cells.
	quadScan = 16
)

// quadtree is the Barnes-Hut space partition of a 2-D embedding. Nodes are
// stored in one slice, children of a node contiguously; every node owns the
// range [start, end) of perm (kept in span, apart from the fields the
// traversal reads), the point indices sorted into tree order, and px/py hold
// the coordinates in that order, so both the build and the leaf scans read
// memory in sequence. All buffers are reused from one build to the next, so
// a rebuild allocates nothing once the tree has reached its size; perm keeps
// the last build's order, which the next build, over points that have moved
// little, starts from.
type quadtree struct {
	nodes  []quadNode
	span   []quadSpan
	perm   []int32
	px, py []float64
	// scratch space for the counting sort of split
	sperm  []int32
	sx, sy []float64
}

// quadNode is the part of a square cell the traversal reads, packed in 40
// bytes: its points' centre of mass and count, its squared side (width2),
// and either its children (nchild > 0 of them starting at child) or, for a
// leaf (nchild == 0), the index of its single point in child, or -1 when
// the leaf holds several (coincident) points, listed by its span.
type quadNode struct {
	comX, comY float64
	width2     float64
	count      float64
	child      int32
	nchild     int32
}

// quadSpan is a node's range [start, end) of perm and its side.
type quadSpan struct {
	start, end int32
	width      float64
}

// build (re)builds the tree over the embedding y (x0, y0, x1, y1, ...),
// reusing the tree's buffers. The tree depends only on y; the order of
// points within a leaf of coincident points, and so the rounding of sums
// over them, depends on the previous build, which is deterministic too.
func (t *quadtree) build(y []float64) {
	n := len(y) / 2
	if len(t.perm) != n {
		t.perm = make([]int32, n)
		for i := range t.perm {
			t.perm[i] = int32(i)
		}
		t.sperm = make([]int32, n)
		t.px, t.py = make([]float64, n), make([]float64, n)
		t.sx, t.sy = make([]float64, n), make([]float64, n)
	}
	t.nodes = t.nodes[:0]
	t.span = t.span[:0]
	if n == 0 {
		return
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	var sx, sy float64
	for p, i := range t.perm {
		x, yy := y[2*i], y[2*i+1]
		t.px[p], t.py[p] = x, yy
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, yy), math.Max(maxY, yy)
		sx += x
		sy += yy
	}
	width := math.Max(maxX-minX, maxY-minY)
	// A little slack keeps points on the upper edges inside the cell.
	width = width*(1+1e-9) + 1e-300
	t.nodes = append(t.nodes, quadNode{
		comX: sx / float64(n), comY: sy / float64(n),
		width2: width * width, count: float64(n),
	})
	t.span = append(t.span, quadSpan{start: 0, end: int32(n), width: width})
	t.split(0, minX, minY, 0)
}

// split partitions node id (with lower-left corner x0, y0) into its
// non-empty quadrants, recursively, or marks it as a leaf.
func (t *quadtree) split(id int32, x0, y0 float64, depth int) {
	sp := t.span[id]
	count := int(sp.end - sp.start)
	if count <= quadLeaf || depth >= quadMaxDepth {
		t.nodes[id].child = -1
		if count == 1 {
			t.nodes[id].child = t.perm[sp.start]
		}
		return
	}
	half := sp.width / 2
	cx, cy := x0+half, y0+half
	var cnt [4]int32
	var sumX, sumY [4]float64
	px, py := t.px[sp.start:sp.end], t.py[sp.start:sp.end]
	py = py[:len(px)]
	for p, x := range px {
		yy := py[p]
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
	// Counting sort of the node's points (index and coordinates) into
	// quadrant order.
	var off [4]int32
	for q := 1; q < 4; q++ {
		off[q] = off[q-1] + cnt[q-1]
	}
	perm := t.perm[sp.start:sp.end]
	bp := t.sperm[sp.start:sp.end]
	bx, by := t.sx[sp.start:sp.end], t.sy[sp.start:sp.end]
	for p, x := range px {
		yy := py[p]
		q := 0
		if x >= cx {
			q = 1
		}
		if yy >= cy {
			q += 2
		}
		o := off[q]
		bp[o], bx[o], by[o] = perm[p], x, yy
		off[q]++
	}
	copy(perm, bp)
	copy(px, bx)
	copy(py, by)
	first := int32(len(t.nodes))
	var nchild int32
	start := sp.start
	for q := 0; q < 4; q++ {
		if cnt[q] == 0 {
			continue
		}
		c := float64(cnt[q])
		t.nodes = append(t.nodes, quadNode{
			comX: sumX[q] / c, comY: sumY[q] / c, width2: half * half, count: c,
		})
		t.span = append(t.span, quadSpan{start: start, end: start + cnt[q], width: half})
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
		t.split(c, qx, qy, depth+1)
		c++
	}
}

// repulsion returns the Barnes-Hut estimates of Σ_j w_ij² (y_i − y_j) and of
// Σ_j w_ij for point i, where w_ij = 1/(1+|y_i−y_j|²). A cell is summarised
// by its centre of mass when width² < theta²·dist², the criterion of van der
// Maaten (2014) and scikit-learn (width is the cell's side). Leaves are
// summed exactly, skipping i itself.
//
// The traversal is iterative: the children of an opened cell are tested
// in place, and only those that must be opened in turn go on the stack, so
// summarised cells and single-point leaves (most of the work) cost one
// distance and no stack traffic. A cell of at most quadScan points that
// must be opened is summed exactly from px/py instead, which is cheaper
// than visiting its subtree and no less accurate.
func (t *quadtree) repulsion(i, pos int32, xi, yi, theta2 float64, stack []int32) (fx, fy, sumQ float64, _ []int32) {
	nodes := t.nodes
	if len(nodes) == 0 {
		return 0, 0, 0, stack
	}
	stack = append(stack[:0], 0)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := &nodes[id]
		if nd.nchild == 0 {
			// Only the root can be a leaf here; children are handled below.
			fx, fy, sumQ = t.leaf(id, i, xi, yi, fx, fy, sumQ)
			continue
		}
		for c := nd.child; c < nd.child+nd.nchild; c++ {
			ch := &nodes[c]
			dx, dy := xi-ch.comX, yi-ch.comY
			d2 := dx*dx + dy*dy
			if ch.nchild == 0 {
				if ch.child < 0 {
					// A leaf of several points is summarised like any
					// cell when far enough and not holding i.
					if !(ch.width2 < theta2*d2) || t.holds(c, pos, theta2) {
						fx, fy, sumQ = t.leaf(c, i, xi, yi, fx, fy, sumQ)
						continue
					}
				} else if ch.child == i {
					continue
				}
			} else if !(ch.width2 < theta2*d2) {
				if ch.count <= quadScan {
					fx, fy, sumQ = t.leaf(c, i, xi, yi, fx, fy, sumQ)
					continue
				}
				stack = append(stack, c)
				continue
			}
			q := 1 / (1 + d2)
			cq := ch.count * q
			sumQ += cq
			cq *= q
			fx += cq * dx
			fy += cq * dy
		}
	}
	return fx, fy, sumQ, stack
}

// leaf adds the exact terms of leaf id's points other than i.
func (t *quadtree) leaf(id, i int32, xi, yi, fx, fy, sumQ float64) (float64, float64, float64) {
	sp := t.span[id]
	for p := sp.start; p < sp.end; p++ {
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
	return fx, fy, sumQ
}

// holds reports whether leaf id's points include tree position pos. A point
// inside a cell of side w lies within w·√2 of its centre of mass, so with
// theta² ≤ 1/2 a cell that passes the Barnes-Hut criterion cannot hold it;
// only larger theta needs the span.
func (t *quadtree) holds(id, pos int32, theta2 float64) bool {
	if theta2 <= 0.5 {
		return false
	}
	sp := t.span[id]
	return sp.start <= pos && pos < sp.end
}
