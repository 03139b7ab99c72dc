// The Accumulator: mergeable per-neuron statistics of groups of instances
// (the kernels that add rows to them are in internal/accumulate).

package activis

import (
	"errors"
	"fmt"
	"math"

	"github.com/activis-go/activis/activis/internal/accumulate"
)

// ErrMismatch is returned (wrapped, naming both sides) when accumulators
// of different shapes are merged.
var ErrMismatch = errors.New("accumulator shape mismatch")

// StatSet selects the per-neuron statistics an Accumulator holds
// (AggregateOptions.Statistics). Fewer statistics make Aggregate several
// times faster: the mean alone costs one vector addition per value and
// group, all five statistics about five.
type StatSet int

const (
	// StatAll is every statistic: mean, population standard deviation,
	// fraction active, minimum and maximum (the zero value). Sums are
	// float64 sums of the float32 values; counts, minima and maxima exact.
	StatAll StatSet = iota
	// StatMean is the mean only. A group's members are summed in float32
	// partial sums of at most 64 values that are then added into float64
	// sums: each mean is within 64·2⁻²⁴ (4e-6) times the mean of |x| of the
	// exact mean (in practice 1e-7). A partial sum that overflows
	// float32 (values near 1e36) makes Aggregate fail with ErrRange.
	StatMean
	// StatMeanStd is the mean and the population standard deviation. The
	// float32 partial sums (of at most 64 values) are of x−K and (x−K)²,
	// with K a per-group, per-neuron shift (the group's first member seen),
	// so that the variance of a neuron with mean 100 and deviation 0.01
	// keeps about five digits. Values farther than about 1e19 from the
	// shift overflow the float32 squares: Aggregate then fails with
	// ErrRange.
	StatMeanStd
)

// String returns "all", "mean" or "mean+std".
func (s StatSet) String() string {
	switch s {
	case StatAll:
		return "all"
	case StatMean:
		return "mean"
	case StatMeanStd:
		return "mean+std"
	}
	return fmt.Sprintf("StatSet(%d)", int(s))
}

// valid reports whether s is one of the StatSet constants.
func (s StatSet) valid() bool { return s >= StatAll && s <= StatMeanStd }

// Accumulator holds partial per-neuron statistics of R rows (groups of
// instances) over a D-neuron tensor: for every row its member count and,
// for every neuron, the float64 sum and sum of squares, the number of
// members where the neuron is active (> 0), the minimum and the maximum.
// Non-finite values (NaN, ±Inf) are excluded from every statistic and
// counted instead.
//
// Accumulators are mergeable: aggregating shards of the instances (ranges
// of one file, several files, several machines) separately and merging the
// results in any order gives the same counts, minima, maxima and active
// counts exactly, and the same sums up to float64 rounding (relative 1e-15
// in practice). The zero value is not usable; call NewAccumulator.
//
// An accumulator made by Aggregate with AggregateOptions.Statistics other
// than StatAll holds only the sums those statistics need (Statistics tells
// which): Row leaves the others nil, and merging it with an accumulator
// of another StatSet is an error.
type Accumulator struct {
	rows, dim int
	set       StatSet   // which statistics are kept (the others' slices are nil)
	count     []int64   // per row: members added
	sum       []float64 // rows × dim
	sumSq     []float64 // rows × dim
	active    []int64   // rows × dim
	min       []float32 // rows × dim
	max       []float32 // rows × dim
	bad       []int64   // rows × dim non-finite values skipped; nil until one is seen
	nan, inf  int64     // non-finite values seen, each instance counted once
	badRows   int64     // instances with at least one non-finite value
	instances int64     // instances scanned (member of any row or not)
}

// NewAccumulator returns an empty accumulator for rows groups of dim
// neurons.
func NewAccumulator(rows, dim int) *Accumulator {
	return newAccumulator(rows, dim, StatAll)
}

// newAccumulator returns an empty accumulator keeping the statistics set.
func newAccumulator(rows, dim int, set StatSet) *Accumulator {
	a := &Accumulator{
		rows:  rows,
		dim:   dim,
		set:   set,
		count: make([]int64, rows),
		sum:   make([]float64, rows*dim),
	}
	if set == StatMean {
		return a
	}
	a.sumSq = make([]float64, rows*dim)
	if set == StatMeanStd {
		return a
	}
	a.active = make([]int64, rows*dim)
	a.min = make([]float32, rows*dim)
	a.max = make([]float32, rows*dim)
	inf := float32(math.Inf(1))
	for i := range a.min {
		a.min[i] = inf
		a.max[i] = -inf
	}
	return a
}

// Rows returns the number of rows (groups).
func (a *Accumulator) Rows() int { return a.rows }

// Statistics returns the statistics a keeps: StatAll for NewAccumulator.
func (a *Accumulator) Statistics() StatSet { return a.set }

// Dim returns the number of neurons.
func (a *Accumulator) Dim() int { return a.dim }

// Count returns the number of members added to row r.
func (a *Accumulator) Count(r int) int { return int(a.count[r]) }

// Instances returns the number of instances scanned, members of a row or
// not.
func (a *Accumulator) Instances() int { return int(a.instances) }

// NonFinite returns the number of NaN and of ±Inf values seen (each
// instance's values counted once however many rows it belongs to) and the
// number of instances that had any.
func (a *Accumulator) NonFinite() (nan, inf, instances int) {
	return int(a.nan), int(a.inf), int(a.badRows)
}

// Add adds one instance's activations x (length Dim) to every row in rows.
// It is the unit step of aggregation, for callers that stream activations
// from a source of their own; Aggregate is the fast path over Activations.
func (a *Accumulator) Add(x []float32, rows ...int) error {
	if len(x) != a.dim {
		return fmt.Errorf("accumulator: %d values for %d neurons: %w", len(x), a.dim, ErrMismatch)
	}
	for _, r := range rows {
		if r < 0 || r >= a.rows {
			return fmt.Errorf("accumulator: row %d out of range [0,%d): %w", r, a.rows, ErrRange)
		}
	}
	a.instances++
	finite := accumulate.Finite(x)
	if !finite {
		a.countNonFinite(x)
	}
	for _, r := range rows {
		a.addRow(r, x, finite)
	}
	return nil
}

// countNonFinite records the NaN and Inf values of one instance.
func (a *Accumulator) countNonFinite(x []float32) {
	n, i := CountNonFinite(x)
	a.nan += int64(n)
	a.inf += int64(i)
	if n+i > 0 {
		a.badRows++
	}
}

// addRow adds x to row r; finite tells whether every value of x is finite.
func (a *Accumulator) addRow(r int, x []float32, finite bool) {
	a.count[r]++
	lo, hi := r*a.dim, (r+1)*a.dim
	if a.set != StatAll {
		a.addRowReduced(r, x, finite)
		return
	}
	if finite {
		accumulate.Add(a.sum[lo:hi], a.sumSq[lo:hi], a.active[lo:hi], a.min[lo:hi], a.max[lo:hi], x)
		return
	}
	if a.bad == nil {
		a.bad = make([]int64, a.rows*a.dim)
	}
	accumulate.AddChecked(a.sum[lo:hi], a.sumSq[lo:hi], a.active[lo:hi], a.min[lo:hi], a.max[lo:hi], a.bad[lo:hi], x)
}

// addRowReduced is addRow (after the count) for accumulators that keep
// the sums only (StatMean, StatMeanStd); non-finite values are skipped and
// counted as addRow counts them.
func (a *Accumulator) addRowReduced(r int, x []float32, finite bool) {
	lo, hi := r*a.dim, (r+1)*a.dim
	sum := a.sum[lo:hi]
	var sq []float64
	if a.sumSq != nil {
		sq = a.sumSq[lo:hi]
	}
	var bad []int64
	if !finite {
		if a.bad == nil {
			a.bad = make([]int64, a.rows*a.dim)
		}
		bad = a.bad[lo:hi]
	}
	for j, v := range x {
		if !finite && (v != v || v > math.MaxFloat32 || v < -math.MaxFloat32) {
			bad[j]++
			continue
		}
		f := float64(v)
		sum[j] += f
		if sq != nil {
			sq[j] += f * f
		}
	}
}

// Merge adds the statistics of b (same rows, neurons and Statistics,
// disjoint instances) into a. Merging is commutative and associative up
// to float64 rounding of the sums; see Accumulator.
func (a *Accumulator) Merge(b *Accumulator) error {
	if b == nil {
		return nil
	}
	if a.rows != b.rows || a.dim != b.dim {
		return fmt.Errorf("merge %d×%d into %d×%d: %w", b.rows, b.dim, a.rows, a.dim, ErrMismatch)
	}
	if a.set != b.set {
		return fmt.Errorf("merge an accumulator of statistics %q into one of %q: %w", b.set, a.set, ErrMismatch)
	}
	for r := range a.count {
		a.count[r] += b.count[r]
	}
	for k := range a.sum {
		a.sum[k] += b.sum[k]
	}
	if a.sumSq != nil {
		for k := range a.sumSq {
			a.sumSq[k] += b.sumSq[k]
		}
	}
	if a.active != nil {
		for k := range a.active {
			a.active[k] += b.active[k]
			a.min[k] = min(a.min[k], b.min[k])
			a.max[k] = max(a.max[k], b.max[k])
		}
	}
	if b.bad != nil {
		if a.bad == nil {
			a.bad = make([]int64, len(b.bad))
		}
		for k, v := range b.bad {
			a.bad[k] += v
		}
	}
	a.nan += b.nan
	a.inf += b.inf
	a.badRows += b.badRows
	a.instances += b.instances
	return nil
}

// Clone returns an independent copy of a.
func (a *Accumulator) Clone() *Accumulator {
	c := *a
	c.count = append([]int64(nil), a.count...)
	c.sum = append([]float64(nil), a.sum...)
	c.sumSq = append([]float64(nil), a.sumSq...)
	c.active = append([]int64(nil), a.active...)
	c.min = append([]float32(nil), a.min...)
	c.max = append([]float32(nil), a.max...)
	if a.bad != nil {
		c.bad = append([]int64(nil), a.bad...)
	}
	return &c
}

// Row returns the finished statistics of row r: Count, and per neuron the
// mean, population standard deviation, fraction active, minimum and
// maximum over the member values that were finite. A neuron with no finite
// value (an empty row) has NaN statistics. NonFinite counts the values
// skipped in this row. Statistics a does not keep (see StatSet) are nil:
// Std, Active, Min and Max for StatMean; Active, Min and Max for
// StatMeanStd.
func (a *Accumulator) Row(r int) RowStats {
	d := a.dim
	rs := RowStats{Count: int(a.count[r]), Mean: make([]float32, d)}
	if a.sumSq != nil {
		rs.Std = make([]float32, d)
	}
	if a.active != nil {
		rs.Active, rs.Min, rs.Max = make([]float32, d), make([]float32, d), make([]float32, d)
	}
	nan := float32(math.NaN())
	for j := 0; j < d; j++ {
		k := r*d + j
		n := a.count[r]
		if a.bad != nil {
			n -= a.bad[k]
			rs.NonFinite += int(a.bad[k])
		}
		if n <= 0 {
			for _, s := range [][]float32{rs.Mean, rs.Std, rs.Active, rs.Min, rs.Max} {
				if s != nil {
					s[j] = nan
				}
			}
			continue
		}
		fn := float64(n)
		m := a.sum[k] / fn
		rs.Mean[j] = float32(m)
		if rs.Std != nil {
			// Population variance from float64 sums of float32 values; the
			// cancellation error is ~1e-16·mean²/var relative, negligible
			// for activations.
			rs.Std[j] = float32(math.Sqrt(max(a.sumSq[k]/fn-m*m, 0)))
		}
		if rs.Active != nil {
			rs.Active[j] = float32(float64(a.active[k]) / fn)
			rs.Min[j] = a.min[k]
			rs.Max[j] = a.max[k]
		}
	}
	return rs
}

// mergeRow merges row s of b into row r of a (same Dim and StatSet).
func (a *Accumulator) mergeRow(r int, b *Accumulator, s int) {
	d := a.dim
	a.count[r] += b.count[s]
	ka, kb := r*d, s*d
	for j := 0; j < d; j++ {
		a.sum[ka+j] += b.sum[kb+j]
	}
	if a.sumSq != nil {
		for j := 0; j < d; j++ {
			a.sumSq[ka+j] += b.sumSq[kb+j]
		}
	}
	if a.active != nil {
		for j := 0; j < d; j++ {
			a.active[ka+j] += b.active[kb+j]
			a.min[ka+j] = min(a.min[ka+j], b.min[kb+j])
			a.max[ka+j] = max(a.max[ka+j], b.max[kb+j])
		}
	}
	if b.bad != nil {
		if a.bad == nil {
			a.bad = make([]int64, a.rows*d)
		}
		for j := 0; j < d; j++ {
			a.bad[ka+j] += b.bad[kb+j]
		}
	}
}
