package project

import "math"

// objective evaluates the t-SNE cost KL(P‖Q) and its gradient for a fixed
// sparse P, reusing its buffers across iterations.
type objective struct {
	p       *sparseP
	threads int
	theta   float64
	exact   bool // O(n²) repulsion instead of Barnes-Hut (tests, baselines)

	tree             quadtree
	repX, repY, sumQ []float64 // per point, indexed by point
	klPart           []float64
}

func newObjective(p *sparseP, theta float64, threads int) *objective {
	n := p.n
	return &objective{
		p: p, theta: theta, threads: threads,
		repX: make([]float64, n), repY: make([]float64, n),
		sumQ: make([]float64, n), klPart: make([]float64, n),
	}
}

// gradient writes ∂KL/∂y into grad for the embedding y (interleaved x, y per
// point), with P multiplied by exaggeration in the attractive term, and
// returns KL(P‖Q) for the unexaggerated P when wantKL is set (0 otherwise).
//
// With q_ij = w_ij / Z, w_ij = 1/(1+|y_i−y_j|²) and Z = Σ_{k≠l} w_kl, the
// gradient is 4 Σ_j (p_ij − q_ij) w_ij (y_i − y_j): an attractive sum over
// the non-zeros of P and a repulsive sum over all pairs, estimated with the
// quadtree. Every point's terms are computed by one goroutine and the sums
// over points are taken in index order, so the result does not depend on
// the thread count or scheduling.
func (o *objective) gradient(y, grad []float64, exaggeration float64, wantKL bool) float64 {
	n := o.p.n
	p := o.p
	// attract computes point i's attractive sum, storing it in grad for
	// now, and its part of Σ p log(p/w), which does not depend on Z.
	attract := func(i int) {
		xi, yi := y[2*i], y[2*i+1]
		var ax, ay, kl float64
		for e := p.ptr[i]; e < p.ptr[i+1]; e++ {
			j := p.cols[e]
			dx, dy := xi-y[2*j], yi-y[2*j+1]
			w := 1 / (1 + dx*dx + dy*dy)
			pw := p.vals[e] * w
			ax += pw * dx
			ay += pw * dy
			if wantKL && p.vals[e] > 0 {
				kl += p.vals[e] * math.Log(p.vals[e]/w)
			}
		}
		grad[2*i], grad[2*i+1] = ax, ay
		o.klPart[i] = kl
	}
	if o.exact {
		o.exactRepulsion(y)
		for i := 0; i < n; i++ {
			attract(i)
		}
	} else {
		o.tree.build(y)
		theta2 := o.theta * o.theta
		parallelFor(n, o.threads, 256, func(lo, hi int) {
			stack := make([]int32, 0, 64)
			for pos := lo; pos < hi; pos++ {
				// Tree order: consecutive points are close, so their
				// traversals touch the same cells and their neighbours'
				// coordinates are in cache.
				i := o.tree.perm[pos]
				var fx, fy, sq float64
				fx, fy, sq, stack = o.tree.repulsion(i, y[2*i], y[2*i+1], theta2, stack)
				o.repX[i], o.repY[i], o.sumQ[i] = fx, fy, sq
			}
		})
		parallelFor(n, o.threads, 256, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				attract(i)
			}
		})
	}
	var z float64
	for _, s := range o.sumQ {
		z += s
	}
	if z <= 0 {
		z = math.SmallestNonzeroFloat64
	}
	for i := 0; i < n; i++ {
		grad[2*i] = 4 * (exaggeration*grad[2*i] - o.repX[i]/z)
		grad[2*i+1] = 4 * (exaggeration*grad[2*i+1] - o.repY[i]/z)
	}
	if !wantKL {
		return 0
	}
	// KL = Σ p log(p / (w/Z)) = Σ p log(p/w) + log Z, as Σ p = 1.
	var kl, mass float64
	for _, v := range o.klPart {
		kl += v
	}
	for _, v := range p.vals {
		mass += v
	}
	return kl + mass*math.Log(z)
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
