package activis

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// OrderKind selects how neurons (the matrix's columns) are ordered.
type OrderKind int

const (
	// Natural keeps the tensor's own neuron order.
	Natural OrderKind = iota
	// ByRowKind sorts by one row's mean activation, highest first.
	ByRowKind
	// ByVarianceKind sorts by the variance of the mean activation across
	// rows, highest first: neurons that tell rows apart come first.
	ByVarianceKind
	// ByDifferenceKind sorts by the difference of two rows' means (A − B),
	// highest first: neurons more active for A than for B come first.
	ByDifferenceKind
	// ClusteredKind groups neurons with similar profiles across rows; see
	// Clustered.
	ClusteredKind
)

// Ordering says how to order neurons; build one with ByRow, ByVariance,
// ByDifference or Clustered (the zero value is the natural order).
type Ordering struct {
	// Kind selects the method.
	Kind OrderKind
	// Row (and Row2 for ByDifference) name the rows used.
	Row, Row2 string
}

// ByRow orders neurons by the mean activation of the named row, highest
// first.
func ByRow(row string) Ordering { return Ordering{Kind: ByRowKind, Row: row} }

// ByVariance orders neurons by the variance of their mean activation
// across all rows, highest first.
func ByVariance() Ordering { return Ordering{Kind: ByVarianceKind} }

// ByDifference orders neurons by mean(a) − mean(b), highest first.
func ByDifference(a, b string) Ordering { return Ordering{Kind: ByDifferenceKind, Row: a, Row2: b} }

// Clustered orders neurons by similarity: average-linkage hierarchical
// clustering of the neurons' profiles (their mean activation in every row,
// Euclidean distance), with the dendrogram's leaves in optimal leaf order
// (Bar-Joseph, Gifford and Jaakkola 2001: of the 2^(n−1) orders the
// dendrogram allows, the one minimising the sum of distances between
// neighbours) for up to OptimalLeafLimit neurons. Above that the O(n³)
// optimal ordering is replaced by a greedy one that orients each merge so
// that the closest ends meet; above ClusterLimit neurons the O(n²) distance
// matrix is not built and the order is ByVariance's.
func Clustered() Ordering { return Ordering{Kind: ClusteredKind} }

const (
	// OptimalLeafLimit is the largest layer ordered with exact optimal
	// leaf ordering by Clustered.
	OptimalLeafLimit = 1024
	// ClusterLimit is the largest layer Clustered clusters at all.
	ClusterLimit = 8192
)

// String describes the ordering.
func (o Ordering) String() string {
	switch o.Kind {
	case Natural:
		return "natural"
	case ByRowKind:
		return fmt.Sprintf("by row %q", o.Row)
	case ByVarianceKind:
		return "by variance"
	case ByDifferenceKind:
		return fmt.Sprintf("by difference %q − %q", o.Row, o.Row2)
	case ClusteredKind:
		return "clustered"
	}
	return fmt.Sprintf("Ordering(%d)", int(o.Kind))
}

// ErrUnknownRow is returned (wrapped, naming the row) when an ordering or
// a removal names a row the statistics do not have.
var ErrUnknownRow = errors.New("unknown row")

// Row returns the named row, or an error wrapping ErrUnknownRow that lists
// the rows. When several rows share a name (an instance id equal to a
// class name) the first wins.
func (s *Stats) Row(name string) (*RowStats, error) {
	for k := range s.Rows {
		if s.Rows[k].Name == name {
			return &s.Rows[k], nil
		}
	}
	names := make([]string, len(s.Rows))
	for k, r := range s.Rows {
		names[k] = r.Name
	}
	return nil, fmt.Errorf("%w %q (rows: %s)", ErrUnknownRow, name, quoteList(names))
}

// Order returns a permutation of the neurons 0..Neurons-1 for the ordering.
// NaN values (rows with no finite value) sort last; ties keep the natural
// order.
func (s *Stats) Order(by Ordering) ([]int, error) {
	n := s.Neurons
	key := make([]float64, n)
	switch by.Kind {
	case Natural:
		return identity(n), nil
	case ByRowKind:
		r, err := s.Row(by.Row)
		if err != nil {
			return nil, err
		}
		for j := range key {
			key[j] = float64(r.Mean[j])
		}
	case ByDifferenceKind:
		a, err := s.Row(by.Row)
		if err != nil {
			return nil, err
		}
		b, err := s.Row(by.Row2)
		if err != nil {
			return nil, err
		}
		for j := range key {
			key[j] = float64(a.Mean[j]) - float64(b.Mean[j])
		}
	case ByVarianceKind:
		key = s.rowVariance()
	case ClusteredKind:
		if n > ClusterLimit {
			return sortDesc(s.rowVariance()), nil
		}
		return clusterOrder(s.profiles()), nil
	default:
		return nil, fmt.Errorf("unknown ordering %v", by)
	}
	return sortDesc(key), nil
}

// rowVariance returns each neuron's variance of the mean across rows
// (rows with a NaN mean skipped).
func (s *Stats) rowVariance() []float64 {
	v := make([]float64, s.Neurons)
	for j := range v {
		var sum, sq float64
		k := 0
		for _, r := range s.Rows {
			x := float64(r.Mean[j])
			if math.IsNaN(x) {
				continue
			}
			sum += x
			sq += x * x
			k++
		}
		if k == 0 {
			v[j] = math.NaN()
			continue
		}
		m := sum / float64(k)
		v[j] = max(sq/float64(k)-m*m, 0)
	}
	return v
}

// profiles returns each neuron's vector of means across rows (NaN as 0).
func (s *Stats) profiles() [][]float64 {
	p := make([][]float64, s.Neurons)
	for j := range p {
		p[j] = make([]float64, len(s.Rows))
		for k, r := range s.Rows {
			if x := float64(r.Mean[j]); !math.IsNaN(x) {
				p[j][k] = x
			}
		}
	}
	return p
}

func identity(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// sortDesc returns the indices of key sorted by decreasing key, NaN last,
// stable.
func sortDesc(key []float64) []int {
	p := identity(len(key))
	sort.SliceStable(p, func(a, b int) bool {
		x, y := key[p[a]], key[p[b]]
		if math.IsNaN(y) {
			return !math.IsNaN(x)
		}
		return x > y
	})
	return p
}

// dendrogram is a binary merge tree over n leaves: node k < n is leaf k,
// node n+m is the m-th merge of left[m] and right[m].
type dendrogram struct {
	n           int
	left, right []int
}

func (t *dendrogram) root() int { return 2*t.n - 2 }

func (t *dendrogram) children(v int) (int, int, bool) {
	if v < t.n {
		return 0, 0, false
	}
	return t.left[v-t.n], t.right[v-t.n], true
}

// euclidean returns the n × n matrix of distances between the profiles,
// from the Gram matrix P·Pᵀ computed with gonum's BLAS (‖a−b‖² = a·a + b·b
// − 2a·b, clamped at 0 against rounding).
func euclidean(p [][]float64) [][]float64 {
	n := len(p)
	d := make([][]float64, n)
	if n == 0 {
		return d
	}
	k := len(p[0])
	if k == 0 {
		for i := range d {
			d[i] = make([]float64, n)
		}
		return d
	}
	pm := mat.NewDense(n, k, nil)
	for i, row := range p {
		pm.SetRow(i, row)
	}
	var g mat.SymDense
	g.SymOuterK(1, pm)
	raw := g.RawSymmetric()
	at := func(i, j int) float64 {
		if i > j {
			i, j = j, i
		}
		return raw.Data[i*raw.Stride+j]
	}
	for i := range d {
		d[i] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		gi := at(i, i)
		for j := i + 1; j < n; j++ {
			v := math.Sqrt(max(gi+at(j, j)-2*at(i, j), 0))
			d[i][j], d[j][i] = v, v
		}
	}
	return d
}

// averageLinkage clusters n items with distance matrix dist (which it
// does not modify) by average linkage (UPGMA), using the nearest-neighbour
// chain algorithm (O(n²) time), valid because average linkage is
// reducible. Written here because gonum has no hierarchical clustering.
func averageLinkage(dist [][]float64) *dendrogram {
	n := len(dist)
	t := &dendrogram{n: n}
	if n < 2 {
		return t
	}
	d := make([][]float64, n)
	for i := range d {
		d[i] = append([]float64(nil), dist[i]...)
	}
	size := make([]int, n)
	node := make([]int, n) // tree node held by each slot
	alive := make([]bool, n)
	for i := range size {
		size[i], node[i], alive[i] = 1, i, true
	}
	var chain []int
	for merges := 0; merges < n-1; {
		if len(chain) == 0 {
			for i := range alive {
				if alive[i] {
					chain = append(chain, i)
					break
				}
			}
		}
		a := chain[len(chain)-1]
		prev := -1
		if len(chain) > 1 {
			prev = chain[len(chain)-2]
		}
		// Nearest alive neighbour of a; ties prefer the chain's previous
		// element so the chain terminates.
		b, best := -1, math.Inf(1)
		if prev >= 0 {
			b, best = prev, d[a][prev]
		}
		for k := range alive {
			if alive[k] && k != a && d[a][k] < best {
				b, best = k, d[a][k]
			}
		}
		if b != prev {
			chain = append(chain, b)
			continue
		}
		// a and prev are reciprocal nearest neighbours: merge into a's slot.
		chain = chain[:len(chain)-2]
		t.left = append(t.left, node[prev])
		t.right = append(t.right, node[a])
		sa, sb := float64(size[a]), float64(size[prev])
		for k := range alive {
			if alive[k] && k != a && k != prev {
				v := (sa*d[a][k] + sb*d[prev][k]) / (sa + sb)
				d[a][k], d[k][a] = v, v
			}
		}
		alive[prev] = false
		size[a] += size[prev]
		node[a] = n + merges
		merges++
	}
	return t
}

// leafSpans lays the leaves out in dendrogram (left-first) order and
// returns that order and each node's span [lo, hi) in it.
func (t *dendrogram) leafSpans() (order []int, lo, hi []int) {
	lo, hi = make([]int, 2*t.n-1), make([]int, 2*t.n-1)
	var walk func(v int)
	walk = func(v int) {
		lo[v] = len(order)
		if l, r, ok := t.children(v); ok {
			walk(l)
			walk(r)
		} else {
			order = append(order, v)
		}
		hi[v] = len(order)
	}
	walk(t.root())
	return order, lo, hi
}

// optimalLeafOrder returns the leaf order of t that minimises the sum of
// dist between neighbouring leaves among the orders obtained by flipping
// children (Bar-Joseph et al. 2001, the O(n³) dynamic programme). Written
// here because gonum has no optimal leaf ordering.
func optimalLeafOrder(t *dendrogram, dist [][]float64) []int {
	n := t.n
	if n <= 2 {
		return identity(n)
	}
	pos, lo, hi := t.leafSpans()
	// m[i][j]: best cost of ordering LCA(i, j)'s leaves from i to j. Every
	// pair has one lowest common ancestor, so one matrix holds them all.
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
	}
	leaves := func(v int) []int { return pos[lo[v]:hi[v]] }
	at := make([]int, n) // position of each leaf in pos
	for k, leaf := range pos {
		at[leaf] = k
	}
	// other(u, i) are the leaves of u's child not holding i ({i} for a
	// leaf u).
	other := func(u, i int) []int {
		l, r, ok := t.children(u)
		if !ok {
			return []int{i}
		}
		if at[i] >= lo[l] && at[i] < hi[l] {
			return leaves(r)
		}
		return leaves(l)
	}
	tmp := make([]float64, n)
	var solve func(v int)
	solve = func(v int) {
		u, w, ok := t.children(v)
		if !ok {
			return
		}
		solve(u)
		solve(w)
		for _, i := range leaves(u) {
			ks := other(u, i)
			// tmp[mm] = min over k of m[i][k] + dist[k][mm], for mm in w.
			for _, mm := range leaves(w) {
				best := math.Inf(1)
				for _, k := range ks {
					if c := m[i][k] + dist[k][mm]; c < best {
						best = c
					}
				}
				tmp[mm] = best
			}
			for _, j := range leaves(w) {
				best := math.Inf(1)
				for _, mm := range other(w, j) {
					if c := tmp[mm] + m[mm][j]; c < best {
						best = c
					}
				}
				m[i][j], m[j][i] = best, best
			}
		}
	}
	solve(t.root())
	// Best ends at the root, then backtrack.
	u, w, _ := t.children(t.root())
	bi, bj, best := -1, -1, math.Inf(1)
	for _, i := range leaves(u) {
		for _, j := range leaves(w) {
			if m[i][j] < best {
				bi, bj, best = i, j, m[i][j]
			}
		}
	}
	var out []int
	var back func(v, i, j int)
	back = func(v, i, j int) {
		u, w, ok := t.children(v)
		if !ok {
			out = append(out, v)
			return
		}
		if at[i] >= hi[u] || at[i] < lo[u] {
			u, w = w, u // the order starts in the right child
		}
		bk, bm, best := -1, -1, math.Inf(1)
		for _, k := range other(u, i) {
			for _, mm := range other(w, j) {
				// m[x][x] is 0: a leaf child contributes no inner cost.
				if c := m[i][k] + dist[k][mm] + m[mm][j]; c < best {
					bk, bm, best = k, mm, c
				}
			}
		}
		back(u, i, bk)
		back(w, bm, j)
	}
	back(t.root(), bi, bj)
	return out
}

// greedyLeafOrder orders the leaves of t bottom-up, orienting the two
// children of every merge (four ways) so that the facing ends are closest.
func greedyLeafOrder(t *dendrogram, dist [][]float64) []int {
	if t.n <= 1 {
		return identity(t.n)
	}
	seq := make([][]int, 2*t.n-1)
	for i := 0; i < t.n; i++ {
		seq[i] = []int{i}
	}
	rev := func(s []int) []int {
		r := make([]int, len(s))
		for k, v := range s {
			r[len(s)-1-k] = v
		}
		return r
	}
	for k := range t.left {
		a, b := seq[t.left[k]], seq[t.right[k]]
		best := math.Inf(1)
		var pick []int
		for _, x := range [][]int{a, rev(a)} {
			for _, y := range [][]int{b, rev(b)} {
				if c := dist[x[len(x)-1]][y[0]]; c < best {
					best = c
					pick = append(append(make([]int, 0, len(x)+len(y)), x...), y...)
				}
			}
		}
		seq[t.n+k] = pick
		seq[t.left[k]], seq[t.right[k]] = nil, nil
	}
	return seq[t.root()]
}

// clusterOrder orders the items (neuron profiles) by average-linkage
// clustering and optimal (or, above OptimalLeafLimit, greedy) leaf order.
func clusterOrder(p [][]float64) []int {
	if len(p) <= 2 {
		return identity(len(p))
	}
	d := euclidean(p)
	t := averageLinkage(d)
	if len(p) <= OptimalLeafLimit {
		return optimalLeafOrder(t, d)
	}
	return greedyLeafOrder(t, d)
}

// NeuronReport lists the neurons of a layer that ActiVis's users learned
// to look at when debugging: dead ones, never active (> 0) on any
// instance, and saturated ones, whose value barely varies over the data
// (standard deviation below 1e-3 of the mean's magnitude, or exactly
// constant) while being active: they pass no information on.
type NeuronReport struct {
	// Layer is the tensor the report is about.
	Layer string
	// Instances is the number of instances the report covers.
	Instances int
	// Dead and Saturated are neuron indices, ascending.
	Dead, Saturated []int
	// Active is each neuron's fraction of instances where it is > 0.
	Active []float32
}

// reportFromRow builds a NeuronReport from the statistics of all instances.
func reportFromRow(layer string, all RowStats) NeuronReport {
	rep := NeuronReport{Layer: layer, Instances: all.Count, Active: all.Active}
	for j := range all.Mean {
		if all.Count == 0 || math.IsNaN(float64(all.Mean[j])) {
			continue
		}
		if all.Active[j] == 0 {
			rep.Dead = append(rep.Dead, j)
			continue
		}
		m, s := math.Abs(float64(all.Mean[j])), float64(all.Std[j])
		if all.Min[j] == all.Max[j] || s <= 1e-3*m {
			rep.Saturated = append(rep.Saturated, j)
		}
	}
	return rep
}
