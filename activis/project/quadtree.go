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
	// groups lists the group cells of groupRepulsion (see findGroups).
	groups, gstack []int32
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
	t.findGroups()
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

// quadGroup is the largest number of points that share one traversal of
// the tree (see groupRepulsion). Groups are the largest cells with at most
// this many points.
const quadGroup = 32

// groupScratch is one goroutine's reusable buffers for groupRepulsion: the
// stack of its traversal and the group's interaction list, as columns (x,
// y, count): summarised cells with their point counts, then the points of
// the leaves summed exactly, with count 1.
type groupScratch struct {
	stack            []int32
	srcX, srcY, srcC []float64
	fx, fy, sq       [quadGroup]float64
}

// findGroups lists, in tree order, the cells that groupRepulsion treats as
// groups: the largest cells holding at most quadGroup points (or leaves).
// Their spans partition the tree positions.
func (t *quadtree) findGroups() {
	t.groups = t.groups[:0]
	if len(t.nodes) == 0 {
		return
	}
	stack := append(t.gstack[:0], 0)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := &t.nodes[id]
		if nd.nchild == 0 || nd.count <= quadGroup {
			t.groups = append(t.groups, id)
			continue
		}
		for c := nd.child + nd.nchild - 1; c >= nd.child; c-- {
			stack = append(stack, c)
		}
	}
	t.gstack = stack
}

// groupRepulsion computes, for every point of group cell g, the same sums
// as repulsion, writing them to repX, repY and sumQ by point index. The
// tree is traversed once for the whole group, against the group's
// bounding box: a cell is summarised by its centre of mass when
// width² < theta²·d², d being the distance from the centre of mass to the
// nearest point of the box, so it passes repulsion's criterion for every
// point of the group; leaves that fail it are summed exactly, other cells
// that fail it are opened. (Summing small cells exactly, as repulsion does
// with quadScan, made the lists longer and the sums no faster here.) The
// group's points then run down the resulting list together (groupSums), a
// loop without branches on the tree, which is what makes this faster than
// one traversal per point although the shared criterion is stricter (and
// so the result at least as accurate).
//
// A point's own cell always fails the criterion (d = 0), so the point is in
// exactly one exact leaf, where its self-term (w = 1, zero force) is
// subtracted from its sum. With theta² > 1/2 a summarised cell could hold a
// point of the group (see holds), so cells whose span meets the group's are
// then never summarised. A group larger than quadGroup (a leaf of
// coincident points at the depth limit) is summed in slices of quadGroup.
func (t *quadtree) groupRepulsion(g int32, theta2 float64, s *groupScratch, repX, repY, sumQ []float64) {
	sp := t.span[g]
	gx, gy := t.px[sp.start:sp.end], t.py[sp.start:sp.end]
	gy = gy[:len(gx)]
	bx0, by0 := math.Inf(1), math.Inf(1)
	bx1, by1 := math.Inf(-1), math.Inf(-1)
	for p, x := range gx {
		bx0, bx1 = min(bx0, x), max(bx1, x)
		by0, by1 = min(by0, gy[p]), max(by1, gy[p])
	}
	sx, sy, sc := s.srcX[:0], s.srcY[:0], s.srcC[:0]
	nodes := t.nodes
	check := theta2 > 0.5
	if g == 0 {
		sx, sy, sc = t.appendPoints(sx, sy, sc, sp)
	} else {
		stack := append(s.stack[:0], 0)
		for len(stack) > 0 {
			id := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			nd := &nodes[id]
			for c := nd.child; c < nd.child+nd.nchild; c++ {
				ch := &nodes[c]
				// Distance from the centre of mass to the box (plain
				// comparisons: math.Max is a call on amd64).
				var dx, dy float64
				if cx := ch.comX; cx < bx0 {
					dx = bx0 - cx
				} else if cx > bx1 {
					dx = cx - bx1
				}
				if cy := ch.comY; cy < by0 {
					dy = by0 - cy
				} else if cy > by1 {
					dy = cy - by1
				}
				if ch.width2 < theta2*(dx*dx+dy*dy) {
					if !check || !t.overlaps(c, sp) {
						sx = append(sx, ch.comX)
						sy = append(sy, ch.comY)
						sc = append(sc, ch.count)
						continue
					}
				}
				if ch.nchild == 0 {
					sx, sy, sc = t.appendPoints(sx, sy, sc, t.span[c])
					continue
				}
				stack = append(stack, c)
			}
		}
		s.stack = stack
	}
	s.srcX, s.srcY, s.srcC = sx, sy, sc
	for lo := sp.start; lo < sp.end; lo += quadGroup {
		hi := min(lo+quadGroup, sp.end)
		m := int(hi - lo)
		fx, fy, sq := s.fx[:m], s.fy[:m], s.sq[:m]
		groupSums(t.px[lo:hi], t.py[lo:hi], sx, sy, sc, fx, fy, sq)
		for k, i := range t.perm[lo:hi] {
			repX[i], repY[i], sumQ[i] = fx[k], fy[k], sq[k]-1
		}
	}
}

// appendPoints appends the points of span sp to the interaction list with
// count 1.
func (t *quadtree) appendPoints(sx, sy, sc []float64, sp quadSpan) ([]float64, []float64, []float64) {
	sx = append(sx, t.px[sp.start:sp.end]...)
	sy = append(sy, t.py[sp.start:sp.end]...)
	for range sp.end - sp.start {
		sc = append(sc, 1)
	}
	return sx, sy, sc
}

// overlaps reports whether cell id's span meets span sp.
func (t *quadtree) overlaps(id int32, sp quadSpan) bool {
	cs := t.span[id]
	return cs.start < sp.end && sp.start < cs.end
}

// groupSumsPortable sets, for every target k (at tx[k], ty[k]),
// fx[k], fy[k] = Σ c·w²·(t − s) and sq[k] = Σ c·w over the sources s
// (sx, sy) with counts c (sc), w = 1/(1+|t−s|²), in source order. Four
// targets run side by side, so each source is loaded once per four and the
// four sums are independent chains. groupSums is this function, or on
// amd64 with AVX2 and GOEXPERIMENT=simd the same sums in vector lanes
// (groupSumsAVX2), which agree with these to rounding.
func groupSumsPortable(tx, ty, sx, sy, sc, fx, fy, sq []float64) {
	ty = ty[:len(tx)]
	sy, sc = sy[:len(sx)], sc[:len(sx)]
	fx, fy, sq = fx[:len(tx)], fy[:len(tx)], sq[:len(tx)]
	k := 0
	for ; k+4 <= len(tx); k += 4 {
		x0, x1, x2, x3 := tx[k], tx[k+1], tx[k+2], tx[k+3]
		y0, y1, y2, y3 := ty[k], ty[k+1], ty[k+2], ty[k+3]
		var f0, f1, f2, f3, g0, g1, g2, g3, q0, q1, q2, q3 float64
		for j, x := range sx {
			y, c := sy[j], sc[j]
			dx0, dy0 := x0-x, y0-y
			dx1, dy1 := x1-x, y1-y
			dx2, dy2 := x2-x, y2-y
			dx3, dy3 := x3-x, y3-y
			w0 := 1 / (1 + dx0*dx0 + dy0*dy0)
			w1 := 1 / (1 + dx1*dx1 + dy1*dy1)
			w2 := 1 / (1 + dx2*dx2 + dy2*dy2)
			w3 := 1 / (1 + dx3*dx3 + dy3*dy3)
			c0, c1, c2, c3 := c*w0, c*w1, c*w2, c*w3
			q0 += c0
			q1 += c1
			q2 += c2
			q3 += c3
			c0 *= w0
			c1 *= w1
			c2 *= w2
			c3 *= w3
			f0 += c0 * dx0
			f1 += c1 * dx1
			f2 += c2 * dx2
			f3 += c3 * dx3
			g0 += c0 * dy0
			g1 += c1 * dy1
			g2 += c2 * dy2
			g3 += c3 * dy3
		}
		fx[k], fx[k+1], fx[k+2], fx[k+3] = f0, f1, f2, f3
		fy[k], fy[k+1], fy[k+2], fy[k+3] = g0, g1, g2, g3
		sq[k], sq[k+1], sq[k+2], sq[k+3] = q0, q1, q2, q3
	}
	for ; k < len(tx); k++ {
		x0, y0 := tx[k], ty[k]
		var f0, g0, q0 float64
		for j, x := range sx {
			dx0, dy0 := x0-x, y0-sy[j]
			w0 := 1 / (1 + dx0*dx0 + dy0*dy0)
			c0 := sc[j] * w0
			q0 += c0
			c0 *= w0
			f0 += c0 * dx0
			g0 += c0 * dy0
		}
		fx[k], fy[k], sq[k] = f0, g0, q0
	}
}
