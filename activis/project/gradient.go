package project

import (
	"math"
	"sync"
)

// attractBlocks is the number of row blocks the attractive sums are split
// into. Each pair i < j of P's non-zeros is visited once, from row i, and
// its term is added to both points; the block's buffer takes both, so
// blocks run in parallel without sharing memory, and the gradient sums the
// buffers in block order. The split does not depend on the thread count,
// so neither does the result; 4 blocks keep up to 4 threads busy.
const attractBlocks = 4

// objective evaluates the t-SNE cost KL(P‖Q) and its gradient for a fixed
// sparse P, reusing its buffers across iterations.
type objective struct {
	p       *sparseP
	threads int
	theta   float64
	exact   bool // O(n²) repulsion instead of Barnes-Hut (tests, baselines)
	// pointwise makes the Barnes-Hut repulsion traverse the tree once per
	// point (quadtree.repulsion) instead of once per group of points
	// (quadtree.groupRepulsion); the baseline of BenchmarkGradient.
	pointwise bool

	// upper triangle of P (columns j > i of row i), in CSR form.
	uptr  []int64
	ucols []int32
	uvals []float64
	mass  float64 // Σ P
	// blocks of rows [lo, hi) with their attraction buffers, which hold
	// interleaved x, y sums for rows lo to n-1.
	blocks []attractBlock

	tree             quadtree
	repX, repY, sumQ []float64 // per point, indexed by point
	klPart           []float64
	stacks           sync.Pool // *[]int32 traversal stacks
	scratch          sync.Pool // *groupScratch
}

// attractBlock is one block of rows of the attractive pass.
type attractBlock struct {
	lo, hi int
	buf    []float64
}

// newObjective prepares the objective for P, which must be symmetric with
// an empty diagonal, as symmetrize returns it: the attractive pass and the
// KL divergence use only its upper triangle.
func newObjective(p *sparseP, theta float64, threads int) *objective {
	n := p.n
	o := &objective{
		p: p, theta: theta, threads: threads,
		repX: make([]float64, n), repY: make([]float64, n),
		sumQ: make([]float64, n), klPart: make([]float64, n),
	}
	o.stacks.New = func() any {
		s := make([]int32, 0, 256)
		return &s
	}
	o.scratch.New = func() any { return new(groupScratch) }
	o.uptr = make([]int64, n+1)
	for i := 0; i < n; i++ {
		var c int64
		for e := p.ptr[i]; e < p.ptr[i+1]; e++ {
			if int(p.cols[e]) > i {
				c++
			}
		}
		o.uptr[i+1] = o.uptr[i] + c
	}
	o.ucols = make([]int32, o.uptr[n])
	o.uvals = make([]float64, o.uptr[n])
	out := 0
	for i := 0; i < n; i++ {
		for e := p.ptr[i]; e < p.ptr[i+1]; e++ {
			if int(p.cols[e]) > i {
				o.ucols[out], o.uvals[out] = p.cols[e], p.vals[e]
				out++
			}
		}
	}
	for _, v := range p.vals {
		o.mass += v
	}
	// Blocks of about equal numbers of upper-triangle entries.
	total := o.uptr[n]
	lo := 0
	for b := 0; b < attractBlocks && lo < n; b++ {
		hi := n
		if b < attractBlocks-1 {
			target := total * int64(b+1) / attractBlocks
			hi = lo
			for hi < n && o.uptr[hi] < target {
				hi++
			}
			hi = max(hi, lo+1)
		}
		o.blocks = append(o.blocks, attractBlock{lo: lo, hi: hi, buf: make([]float64, 2*(n-lo))})
		lo = hi
	}
	return o
}

// attractBlock fills block b's buffer with the attractive sums
// Σ_j p_ij w_ij (y_i − y_j) of its rows' upper-triangle pairs (both ends),
// and klPart with their Σ_{j>i} p_ij log(p_ij/w_ij) when wantKL is set.
func (o *objective) attractBlock(b int, y []float64, wantKL bool) {
	bl := o.blocks[b]
	buf := bl.buf
	clear(buf)
	base := 2 * bl.lo
	for i := bl.lo; i < bl.hi; i++ {
		xi, yi := y[2*i], y[2*i+1]
		var ax, ay float64
		e0, e1 := o.uptr[i], o.uptr[i+1]
		cols, vals := o.ucols[e0:e1], o.uvals[e0:e1]
		vals = vals[:len(cols)]
		for e, j := range cols {
			dx, dy := xi-y[2*j], yi-y[2*j+1]
			pw := vals[e] / (1 + dx*dx + dy*dy)
			fx, fy := pw*dx, pw*dy
			ax += fx
			ay += fy
			k := 2*int(j) - base
			buf[k] -= fx
			buf[k+1] -= fy
		}
		buf[2*i-base] += ax
		buf[2*i+1-base] += ay
		if wantKL {
			var kl float64
			for e, j := range cols {
				if v := vals[e]; v > 0 {
					dx, dy := xi-y[2*j], yi-y[2*j+1]
					kl += v * math.Log(v*(1+dx*dx+dy*dy))
				}
			}
			o.klPart[i] = kl
		}
	}
}

// gradient writes ∂KL/∂y into grad for the embedding y (interleaved x, y per
// point), with P multiplied by exaggeration in the attractive term, and
// returns KL(P‖Q) for the unexaggerated P when wantKL is set (0 otherwise).
//
// With q_ij = w_ij / Z, w_ij = 1/(1+|y_i−y_j|²) and Z = Σ_{k≠l} w_kl, the
// gradient is 4 Σ_j (p_ij − q_ij) w_ij (y_i − y_j): an attractive sum over
// the non-zeros of P and a repulsive sum over all pairs, estimated with the
// quadtree. Every point's repulsive terms are computed by one goroutine,
// the attractive ones by a fixed partition into row blocks (attractBlocks),
// and the sums over points and blocks are taken in index order, so the
// result does not depend on the thread count or scheduling.
func (o *objective) gradient(y, grad []float64, exaggeration float64, wantKL bool) float64 {
	n := o.p.n
	// attract computes the attractive sums of row block b, over the upper
	// triangle of P, into the block's buffer (see attractBlocks), and the
	// rows' parts of Σ_{j>i} p log(p/w), which do not depend on Z.
	attract := func(lo, hi int) {
		for blk := lo; blk < hi; blk++ {
			o.attractBlock(blk, y, wantKL)
		}
	}
	if o.exact {
		o.exactRepulsion(y)
		attract(0, len(o.blocks))
	} else {
		// The tree is built while the attractive sums are computed: the
		// two are independent, and the build is serial, so overlapping
		// them keeps both cores busy.
		built := make(chan struct{})
		go func() {
			o.tree.build(y)
			close(built)
		}()
		parallelFor(len(o.blocks), o.threads, 1, attract)
		<-built
		theta2 := o.theta * o.theta
		t := &o.tree
		if o.pointwise {
			parallelFor(n, o.threads, 256, func(lo, hi int) {
				stack := o.stacks.Get().(*[]int32)
				for pos := lo; pos < hi; pos++ {
					// Tree order: consecutive points are close, so their
					// traversals touch the same cells and their neighbours'
					// coordinates are in cache.
					i := t.perm[pos]
					var fx, fy, sq float64
					fx, fy, sq, *stack = t.repulsion(i, int32(pos), t.px[pos], t.py[pos], theta2, *stack)
					o.repX[i], o.repY[i], o.sumQ[i] = fx, fy, sq
				}
				o.stacks.Put(stack)
			})
		} else {
			groups := t.groups
			parallelFor(len(groups), o.threads, 8, func(lo, hi int) {
				s := o.scratch.Get().(*groupScratch)
				for _, g := range groups[lo:hi] {
					t.groupRepulsion(g, theta2, s, o.repX, o.repY, o.sumQ)
				}
				o.scratch.Put(s)
			})
		}
	}
	var z float64
	for _, s := range o.sumQ {
		z += s
	}
	if z <= 0 {
		z = math.SmallestNonzeroFloat64
	}
	parallelFor(n, o.threads, 4096, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			// Σ over the blocks in block order, whatever ran them.
			var ax, ay float64
			for _, bl := range o.blocks {
				if i < bl.lo {
					break
				}
				ax += bl.buf[2*(i-bl.lo)]
				ay += bl.buf[2*(i-bl.lo)+1]
			}
			grad[2*i] = 4 * (exaggeration*ax - o.repX[i]/z)
			grad[2*i+1] = 4 * (exaggeration*ay - o.repY[i]/z)
		}
	})
	if !wantKL {
		return 0
	}
	// KL = Σ p log(p / (w/Z)) = Σ p log(p/w) + log Z, as Σ p = 1; P is
	// symmetric with an empty diagonal, so the first sum is twice its
	// upper triangle's.
	var kl float64
	for _, v := range o.klPart {
		kl += v
	}
	return 2*kl + o.mass*math.Log(z)
}

// exactRepulsion fills repX, repY and sumQ with the exact O(n²) sums.
func (o *objective) exactRepulsion(y []float64) {
	n := o.p.n
	parallelFor(n, o.threads, 16, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			xi, yi := y[2*i], y[2*i+1]
			var fx, fy, sq float64
			for j := 0; j < n; j++ {
				if j == i {
					continue
				}
				dx, dy := xi-y[2*j], yi-y[2*j+1]
				w := 1 / (1 + dx*dx + dy*dy)
				sq += w
				fx += w * w * dx
				fy += w * w * dy
			}
			o.repX[i], o.repY[i], o.sumQ[i] = fx, fy, sq
		}
	})
}
