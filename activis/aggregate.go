package activis

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// ErrMismatch is returned (wrapped, naming both sides) when accumulators
// of different shapes are merged.
var ErrMismatch = errors.New("accumulator shape mismatch")

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
type Accumulator struct {
	rows, dim int
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
	a := &Accumulator{
		rows:   rows,
		dim:    dim,
		count:  make([]int64, rows),
		sum:    make([]float64, rows*dim),
		sumSq:  make([]float64, rows*dim),
		active: make([]int64, rows*dim),
		min:    make([]float32, rows*dim),
		max:    make([]float32, rows*dim),
	}
	inf := float32(math.Inf(1))
	for i := range a.min {
		a.min[i] = inf
		a.max[i] = -inf
	}
	return a
}

// Rows returns the number of rows (groups).
func (a *Accumulator) Rows() int { return a.rows }

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
	finite := rowFinite(x)
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
	if finite {
		accumulate(a.sum[lo:hi], a.sumSq[lo:hi], a.active[lo:hi], a.min[lo:hi], a.max[lo:hi], x)
		return
	}
	if a.bad == nil {
		a.bad = make([]int64, a.rows*a.dim)
	}
	accumulateChecked(a.sum[lo:hi], a.sumSq[lo:hi], a.active[lo:hi], a.min[lo:hi], a.max[lo:hi], a.bad[lo:hi], x)
}

// accumulateGo is the portable inner kernel: it adds one finite row x to
// one row's statistics. All slices have the same length.
func accumulateGo(sum, sq []float64, act []int64, mn, mx []float32, x []float32) {
	n := len(x)
	sum, sq, act, mn, mx = sum[:n], sq[:n], act[:n], mn[:n], mx[:n]
	for j, v := range x {
		f := float64(v)
		sum[j] += f
		sq[j] += f * f
		act[j] += pos(v)
		k := orderKey(v)
		mn[j] = fromOrderKey(min(orderKey(mn[j]), k))
		mx[j] = fromOrderKey(max(orderKey(mx[j]), k))
	}
}

// orderKey maps a non-NaN float32 to an int32 with the same order (-0
// below +0), so that minima and maxima of finite rows are integer min and
// max, which compile to conditional moves: the float builtins must also
// handle NaN and cost several instructions, and a branch mispredicts on
// activations (half of them zero). fromOrderKey is its inverse; both keep
// every bit of the value.
//
// Measured on 1,024 ReLU-like rows × 512 neurons (portable eight-row
// kernel): 1.5 ns per value against 3.4–4.3 ns with the float builtins.
func orderKey(v float32) int32 {
	b := int32(math.Float32bits(v))
	return b ^ (b >> 31 & 0x7fffffff)
}

// fromOrderKey is the inverse of orderKey.
func fromOrderKey(k int32) float32 {
	return math.Float32frombits(uint32(k ^ (k >> 31 & 0x7fffffff)))
}

// pos returns 1 when v > 0 and 0 otherwise for a non-NaN v, without a
// branch (activations are active about half the time, so a branch would
// mispredict).
func pos(v float32) int64 {
	// Positive non-zero bit patterns are 1..0x7fffffff, so bits-1 is below
	// 0x7fffffff exactly for them (0 wraps to 0xffffffff); the comparison
	// is done by a 64-bit subtraction whose sign is the answer.
	return int64((uint64(math.Float32bits(v)-1) - 0x7fffffff) >> 63)
}

// accumulate4Go adds four finite rows to one row's statistics, loading
// and storing each accumulator once per four values.
func accumulate4Go(sum, sq []float64, act []int64, mn, mx []float32, x0, x1, x2, x3 []float32) {
	n := len(sum)
	sq, act, mn, mx = sq[:n], act[:n], mn[:n], mx[:n]
	x0, x1, x2, x3 = x0[:n], x1[:n], x2[:n], x3[:n]
	for j := range sum {
		v0, v1, v2, v3 := x0[j], x1[j], x2[j], x3[j]
		f0, f1, f2, f3 := float64(v0), float64(v1), float64(v2), float64(v3)
		sum[j] += (f0 + f1) + (f2 + f3)
		sq[j] += (f0*f0 + f1*f1) + (f2*f2 + f3*f3)
		act[j] += (pos(v0) + pos(v1)) + (pos(v2) + pos(v3))
		k0, k1, k2, k3 := orderKey(v0), orderKey(v1), orderKey(v2), orderKey(v3)
		mn[j] = fromOrderKey(min(orderKey(mn[j]), min(k0, k1), min(k2, k3)))
		mx[j] = fromOrderKey(max(orderKey(mx[j]), max(k0, k1), max(k2, k3)))
	}
}

// accumulate8Go adds eight finite rows to one row's statistics, loading
// and storing each accumulator once per eight values.
func accumulate8Go(sum, sq []float64, act []int64, mn, mx []float32, x *[8][]float32) {
	n := len(sum)
	sq, act, mn, mx = sq[:n], act[:n], mn[:n], mx[:n]
	x0, x1, x2, x3 := x[0][:n], x[1][:n], x[2][:n], x[3][:n]
	x4, x5, x6, x7 := x[4][:n], x[5][:n], x[6][:n], x[7][:n]
	for j := range sum {
		v0, v1, v2, v3 := x0[j], x1[j], x2[j], x3[j]
		v4, v5, v6, v7 := x4[j], x5[j], x6[j], x7[j]
		f0, f1, f2, f3 := float64(v0), float64(v1), float64(v2), float64(v3)
		f4, f5, f6, f7 := float64(v4), float64(v5), float64(v6), float64(v7)
		sum[j] += ((f0 + f1) + (f2 + f3)) + ((f4 + f5) + (f6 + f7))
		sq[j] += ((f0*f0 + f1*f1) + (f2*f2 + f3*f3)) + ((f4*f4 + f5*f5) + (f6*f6 + f7*f7))
		act[j] += ((pos(v0) + pos(v1)) + (pos(v2) + pos(v3))) + ((pos(v4) + pos(v5)) + (pos(v6) + pos(v7)))
		k0, k1, k2, k3 := orderKey(v0), orderKey(v1), orderKey(v2), orderKey(v3)
		k4, k5, k6, k7 := orderKey(v4), orderKey(v5), orderKey(v6), orderKey(v7)
		mn[j] = fromOrderKey(min(orderKey(mn[j]), min(min(k0, k1), min(k2, k3)), min(min(k4, k5), min(k6, k7))))
		mx[j] = fromOrderKey(max(orderKey(mx[j]), max(max(k0, k1), max(k2, k3)), max(max(k4, k5), max(k6, k7))))
	}
}

// accumulateChecked is accumulate for a row holding NaN or Inf values:
// those are skipped and counted in bad.
func accumulateChecked(sum, sq []float64, act []int64, mn, mx []float32, bad []int64, x []float32) {
	for j, v := range x {
		if v != v || v > math.MaxFloat32 || v < -math.MaxFloat32 {
			bad[j]++
			continue
		}
		f := float64(v)
		sum[j] += f
		sq[j] += f * f
		if v > 0 {
			act[j]++
		}
		if v < mn[j] {
			mn[j] = v
		}
		if v > mx[j] {
			mx[j] = v
		}
	}
}

// rowFiniteGo reports whether every value of x is finite. A float32 sum is
// enough: NaN and Inf propagate through addition, so a finite sum proves
// finite values (an overflowing sum of finite values only sends the row to
// the checked path, which is still correct).
func rowFiniteGo(x []float32) bool {
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i]
		s1 += x[i+1]
		s2 += x[i+2]
		s3 += x[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i]
	}
	s := s0 + s1 + s2 + s3
	return s-s == 0
}

// Merge adds the statistics of b (same rows and neurons, disjoint
// instances) into a. Merging is commutative and associative up to float64
// rounding of the sums; see Accumulator.
func (a *Accumulator) Merge(b *Accumulator) error {
	if b == nil {
		return nil
	}
	if a.rows != b.rows || a.dim != b.dim {
		return fmt.Errorf("merge %d×%d into %d×%d: %w", b.rows, b.dim, a.rows, a.dim, ErrMismatch)
	}
	for r := range a.count {
		a.count[r] += b.count[r]
	}
	for k := range a.sum {
		a.sum[k] += b.sum[k]
		a.sumSq[k] += b.sumSq[k]
		a.active[k] += b.active[k]
		a.min[k] = min(a.min[k], b.min[k])
		a.max[k] = max(a.max[k], b.max[k])
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
// skipped in this row.
func (a *Accumulator) Row(r int) RowStats {
	d := a.dim
	rs := RowStats{
		Count:  int(a.count[r]),
		Mean:   make([]float32, d),
		Std:    make([]float32, d),
		Active: make([]float32, d),
		Min:    make([]float32, d),
		Max:    make([]float32, d),
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
			rs.Mean[j], rs.Std[j], rs.Active[j], rs.Min[j], rs.Max[j] = nan, nan, nan, nan, nan
			continue
		}
		fn := float64(n)
		m := a.sum[k] / fn
		// Population variance from float64 sums of float32 values; the
		// cancellation error is ~1e-16·mean²/var relative, negligible for
		// activations.
		v := max(a.sumSq[k]/fn-m*m, 0)
		rs.Mean[j] = float32(m)
		rs.Std[j] = float32(math.Sqrt(v))
		rs.Active[j] = float32(float64(a.active[k]) / fn)
		rs.Min[j] = a.min[k]
		rs.Max[j] = a.max[k]
	}
	return rs
}

// AggregateOptions tunes Aggregate. The zero value uses every core.
type AggregateOptions struct {
	// Offset is the global index of the first row of acts: membership bit
	// Offset+i selects row i of acts. Shards of a larger data set (one file
	// per shard) set it so that one set of memberships serves all shards.
	Offset int
	// Threads is the number of goroutines (0: GOMAXPROCS).
	Threads int
	// Progress, when not nil, receives reports under the task name
	// "aggregate".
	Progress Progress
	// Direct disables membership sharing (see Aggregate) and adds every
	// instance to each of its groups; for tests and benchmarks.
	Direct bool
	// MembersOnly reads only the instances that belong to some group, so
	// that aggregating a small subset costs little; Instances and NonFinite
	// of the result then cover those instances only. By default every
	// instance is checked for NaN and Inf.
	MembersOnly bool

	// block overrides the rows per block (tests: groups' leftover rows
	// then carry over many block boundaries).
	block int
	// ids, when set, replaces groups: ids[k] is 1 + the one group
	// (signature) of row k of acts, 0 for none, and nsig the number of
	// groups.
	ids  []sigID
	nsig int
}

// blockRows is how many instances the kernel takes at a time (1 MB of
// values, a quarter of a Scan chunk): the block is re-read once per group
// it has members in, and at 1 MB it stays in a core's L2 cache. A group's
// members left over after the eight-row kernel (fewer than eight) wait
// for its next block, so small blocks cost no one-row additions. Measured
// on the 1,000,000 × 512 benchmark with random subsets (CPU time, two runs
// each): 1 MB 584–620 ms, 512 KB 604–612, 256 KB 629–651, 4 MB 653–721,
// 128 KB 676–724.
func blockRows(dim int) int {
	return max(min(1<<20/(4*max(dim, 1)), 8192), 8)
}

// Aggregate computes, in one streaming pass over acts, the statistics of
// every group at once: row r of the result aggregates the instances that
// are members of groups[r] (with opt.Offset, instance Offset+i is row i of
// acts; members beyond acts and instances beyond a set's Len are not
// members). Groups come from Subset.Members, NewIndexSet or IndexSetOf. An
// instance may belong to any number of groups. The pass is split into
// contiguous ranges, one per thread, each with its own accumulator, merged
// in range order so the result is deterministic for a given thread count.
// Memory-mapped files larger than a quarter of the memory are released
// behind the scan (Activations.SetReleaseAbove), so a file larger than
// memory is aggregated with a small resident set; smaller files stay
// mapped for the next pass. ctx cancels the
// pass between blocks.
//
// Membership sharing: when the instances fall into few distinct membership
// patterns ("signatures": the set of groups an instance belongs to), as
// for classes and subsets defined on labels, predictions or categories,
// the pass aggregates each signature once and builds every group by
// merging the signatures that contain it. The cost is then that of one
// group per instance, however many groups there are. Instances in no group
// are only checked for non-finite values.
//
// Kernel: portable Go by default; built with GOEXPERIMENT=simd on amd64
// (Go 1.26's experimental simd/archsimd), the same arithmetic runs eight
// neurons at a time with AVX2 and sixteen with AVX-512, 3–4× (classes and
// metadata subsets) to 5× (independent subsets) faster than the
// portable kernel (make bench-core measures both). Either way a group's
// members are taken eight rows at a time, so each accumulator is loaded
// and stored once per eight values; sums stay exact float64 sums of the
// float32 values (float32 partial sums were tried: the mean survives, the
// variance of a neuron with mean 100 and deviation 0.01 does not).
func Aggregate(ctx context.Context, acts *Activations, groups []*IndexSet, opt AggregateOptions) (*Accumulator, error) {
	if acts == nil {
		return nil, errors.New("aggregate: nil activations")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if !opt.Direct && len(groups) > 1 {
		// Sharing pays while signatures are much fewer than instances,
		// and each thread's accumulators (~36 bytes per neuron and
		// signature) stay within about 64 MB.
		limit := min(max(acts.Len()/64, 16), 4096, max(64<<20/(36*max(acts.Dim(), 1)), 16))
		if ids, rows, ok := signatures(groups, opt.Offset, acts.Len(), limit); ok {
			o := opt
			o.Direct = true
			o.ids, o.nsig = ids, len(rows)
			part, err := aggregate(ctx, acts, nil, o)
			if err != nil {
				return nil, err
			}
			out := NewAccumulator(len(groups), acts.Dim())
			out.nan, out.inf, out.badRows, out.instances = part.nan, part.inf, part.badRows, part.instances
			for s, rs := range rows {
				for _, r := range rs {
					out.mergeRow(r, part, s)
				}
			}
			return out, nil
		}
	}
	return aggregate(ctx, acts, groups, opt)
}

// mergeRow merges row s of b into row r of a (same Dim).
func (a *Accumulator) mergeRow(r int, b *Accumulator, s int) {
	d := a.dim
	a.count[r] += b.count[s]
	ka, kb := r*d, s*d
	for j := 0; j < d; j++ {
		a.sum[ka+j] += b.sum[kb+j]
		a.sumSq[ka+j] += b.sumSq[kb+j]
		a.active[ka+j] += b.active[kb+j]
		a.min[ka+j] = min(a.min[ka+j], b.min[kb+j])
		a.max[ka+j] = max(a.max[ka+j], b.max[kb+j])
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

// sigID numbers a signature (1-based; 0 is no group): two bytes per
// instance, since sharing stops at a few thousand signatures.
type sigID = uint16

// maxSignatures is the most signatures a sigID can number.
const maxSignatures = 1<<16 - 1

// signatures partitions the instances offset..offset+n-1 by the set of
// groups they belong to ("signature"). It returns, for instance offset+k,
// ids[k] = 1 + its signature (0 when it is in no group), and the groups of
// each signature, or ok == false as soon as there are more than limit
// signatures.
func signatures(groups []*IndexSet, offset, n, limit int) (ids []sigID, rows [][]int, ok bool) {
	limit = min(limit, maxSignatures)
	if len(groups) <= 64 {
		return signatures64(groups, offset, n, limit)
	}
	nw := (len(groups) + 63) / 64
	// keys[b] is the signature of instance base+b, built from the set bits
	// of each group's word (cost proportional to the memberships, not to
	// groups × 64); touched lists the bits that got one.
	keys := make([]uint64, 64*nw)
	keyBytes := make([]byte, 8*nw)
	seen := make(map[string]int)
	ids = make([]sigID, n)
	var touched uint64
	for base := offset &^ 63; base < offset+n; base += 64 {
		for r, g := range groups {
			w := g.word64(base)
			for w != 0 {
				b := bits.TrailingZeros64(w)
				keys[b*nw+r>>6] |= 1 << uint(r&63)
				touched |= 1 << uint(b)
				w &= w - 1
			}
		}
		for t := touched; t != 0; t &= t - 1 {
			b := bits.TrailingZeros64(t)
			key := keys[b*nw : (b+1)*nw]
			i := base + b
			if i < offset || i >= offset+n {
				clear(key)
				continue
			}
			for k, w := range key {
				binary.LittleEndian.PutUint64(keyBytes[8*k:], w)
			}
			clear(key)
			s, ok := seen[string(keyBytes)]
			if !ok {
				if len(rows) == limit {
					return nil, nil, false
				}
				s = len(rows)
				seen[string(keyBytes)] = s
				var rs []int
				for r := range groups {
					if keyBytes[r>>3]>>uint(r&7)&1 != 0 {
						rs = append(rs, r)
					}
				}
				rows = append(rows, rs)
			}
			ids[i-offset] = sigID(s + 1)
		}
		touched = 0
	}
	return ids, rows, true
}

// signatures64 is signatures for at most 64 groups, with the signature as
// a uint64 key. The instances are cut into ranges aligned to 64 that are
// keyed in parallel; their signatures are then numbered in range order, so
// the result does not depend on the number of ranges.
func signatures64(groups []*IndexSet, offset, n, limit int) (ids []sigID, rows [][]int, ok bool) {
	limit = min(limit, maxSignatures)
	ids = make([]sigID, n) // as in signatures
	parts := max(min(runtime.GOMAXPROCS(0), n/65536), 1)
	// Range boundaries are global indices, multiples of 64 but for the ends.
	cut := make([]int, parts+1)
	cut[0], cut[parts] = offset, offset+n
	for p := 1; p < parts; p++ {
		cut[p] = max((offset+p*n/parts)&^63, cut[p-1])
	}
	keys := make([][]uint64, parts) // each range's signatures, local id order
	var wg sync.WaitGroup
	var over atomic.Bool
	for p := 0; p < parts; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			k, ok := keyRange(groups, offset, cut[p], cut[p+1], limit, ids, &over)
			if !ok {
				over.Store(true)
			}
			keys[p] = k
		}(p)
	}
	wg.Wait()
	if over.Load() {
		return nil, nil, false
	}
	// Number the signatures globally in range order and renumber each range.
	global := make(map[uint64]sigID)
	for p := range parts {
		remap := make([]sigID, len(keys[p])+1)
		for l, key := range keys[p] {
			g, seen := global[key]
			if !seen {
				if len(rows) == limit {
					return nil, nil, false
				}
				g = sigID(len(rows) + 1)
				global[key] = g
				var rs []int
				for r := range groups {
					if key>>uint(r)&1 != 0 {
						rs = append(rs, r)
					}
				}
				rows = append(rows, rs)
			}
			remap[l+1] = g
		}
		if p > 0 { // range 0 numbered first: its ids are already global
			seg := ids[cut[p]-offset : cut[p+1]-offset]
			for i, id := range seg {
				seg[i] = remap[id]
			}
		}
	}
	return ids, rows, true
}

// keyRange writes into ids (indexed from offset) 1 + the local number of
// the signature of every instance in [lo, hi), 0 for none, and returns the
// signatures' keys in local number order, or ok == false past limit of
// them or once another range has given up (over).
func keyRange(groups []*IndexSet, offset, lo, hi, limit int, ids []sigID, over *atomic.Bool) (keys []uint64, ok bool) {
	seen := make(map[uint64]sigID)
	// A direct-mapped cache in front of seen: signatures are few, so
	// almost every lookup hits it and skips the map's hashing (key 0, no
	// group, is never looked up, so it marks an empty slot).
	var cache [256]struct {
		key uint64
		id  sigID
	}
	words := make([]uint64, len(groups))
	var byBit [64]uint64
	for base := lo &^ 63; base < hi; base += 64 {
		if base&(1<<16-1) == 0 && over.Load() {
			return nil, false
		}
		for r, g := range groups {
			words[r] = 0
			if g != nil {
				words[r] = g.word64(base)
			}
		}
		// Transpose: byBit[b] gets bit r from words[r]'s bit b.
		clear(byBit[:])
		for r, w := range words {
			for w != 0 {
				b := bits.TrailingZeros64(w)
				byBit[b] |= 1 << uint(r)
				w &= w - 1
			}
		}
		for b, key := range byBit {
			i := base + b
			if key == 0 || i < lo || i >= hi {
				continue
			}
			slot := &cache[(key*0x9e3779b97f4a7c15)>>56]
			if slot.key != key {
				id, found := seen[key]
				if !found {
					if len(keys) == limit {
						return nil, false
					}
					keys = append(keys, key)
					id = sigID(len(keys))
					seen[key] = id
				}
				slot.key, slot.id = key, id
			}
			ids[i-offset] = slot.id
		}
	}
	return keys, true
}

// aggregate is the direct pass of Aggregate.
func aggregate(ctx context.Context, acts *Activations, groups []*IndexSet, opt AggregateOptions) (*Accumulator, error) {
	n, d := acts.Len(), acts.Dim()
	threads := opt.Threads
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	threads = max(min(threads, n/1024), 1)
	// Empty groups (an Explorer's group of unlabelled instances, usually)
	// are skipped rather than searched for members in every block.
	if slices.ContainsFunc(groups, func(g *IndexSet) bool { return g != nil && g.Count() == 0 }) {
		groups = slices.Clone(groups)
		for r, g := range groups {
			if g != nil && g.Count() == 0 {
				groups[r] = nil
			}
		}
	}
	var (
		wg     sync.WaitGroup
		parts  = make([]*Accumulator, threads)
		errs   = make([]error, threads)
		done   atomic.Int64
		ticker atomic.Int64
		progMu sync.Mutex
	)
	report(opt.Progress, "aggregate", 0, n)
	for t := 0; t < threads; t++ {
		lo, hi := t*n/threads, (t+1)*n/threads
		wg.Add(1)
		go func(t, lo, hi int) {
			defer wg.Done()
			nrows := len(groups)
			if opt.ids != nil {
				nrows = opt.nsig
			}
			acc := NewAccumulator(nrows, d)
			parts[t] = acc
			w := newAggWorker(acc, groups, opt.Offset)
			w.ids = opt.ids
			if opt.block > 0 {
				w.blockLen = opt.block
			}
			w.membersOnly = opt.MembersOnly
			errs[t] = acts.Scan(lo, hi, 0, func(first int, rows []float32) error {
				if err := ctx.Err(); err != nil {
					return err
				}
				w.chunk(first, rows)
				// Count and report under one lock: reports from two
				// threads never go backwards.
				progMu.Lock()
				c := done.Add(int64(len(rows) / max(d, 1)))
				if opt.Progress != nil && ticker.Add(1)%8 == 0 {
					opt.Progress.Step("aggregate", int(c), n)
				}
				progMu.Unlock()
				return nil
			})
			w.flush()
		}(t, lo, hi)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("aggregate %s: %w", acts.name(), err)
		}
	}
	out := parts[0]
	for _, p := range parts[1:] {
		if err := out.Merge(p); err != nil {
			return nil, err
		}
	}
	report(opt.Progress, "aggregate", n, n)
	return out, nil
}

// aggWorker holds one goroutine's scratch state for Aggregate.
type aggWorker struct {
	acc      *Accumulator
	groups   []*IndexSet
	offset   int
	finite   []int8
	members  []int
	blockLen int // rows per block
	// membersOnly: read only instances that belong to a group.
	membersOnly bool
	// pend[r] holds copies of group r's last finite members (fewer than
	// eight) not yet added: they join the group's next eight-row batch
	// in a later block, and flush adds what is left at the end.
	pend [][]float32
	xs   [][]float32 // scratch: the rows of one group's batch list
	// ids, when set, gives each row's one group (see AggregateOptions);
	// bucket, start and touched are the scratch of sorting a block's rows
	// by group.
	ids     []sigID
	bucket  []int
	start   []int
	touched []sigID
}

func newAggWorker(acc *Accumulator, groups []*IndexSet, offset int) *aggWorker {
	return &aggWorker{acc: acc, groups: groups, offset: offset, blockLen: blockRows(acc.dim)}
}

// chunk aggregates the rows of one Scan chunk (first is the local index of
// its first row), block by block.
func (w *aggWorker) chunk(first int, rows []float32) {
	d := w.acc.dim
	if d == 0 {
		return
	}
	m := len(rows) / d
	bs := w.blockLen
	for b0 := 0; b0 < m; b0 += bs {
		b1 := min(b0+bs, m)
		w.block(first+b0, rows[b0*d:b1*d])
	}
}

// block aggregates a block of rows whose first local index is first: one
// finiteness pass over the block, then group by group over its members, so
// that a group's accumulators stay in cache while the block is re-read.
func (w *aggWorker) block(first int, rows []float32) {
	a := w.acc
	d := a.dim
	m := len(rows) / d
	if cap(w.finite) < m {
		w.finite = make([]int8, m)
	}
	// fin[k]: 0 not checked yet, 1 finite, 2 holds NaN or Inf.
	fin := w.finite[:m]
	check := func(k int) bool {
		if fin[k] == 0 {
			x := rows[k*d : (k+1)*d]
			fin[k] = 1
			if !rowFinite(x) {
				fin[k] = 2
				a.countNonFinite(x)
			}
			a.instances++
		}
		return fin[k] == 1
	}
	clear(fin)
	if !w.membersOnly {
		for k := range fin {
			check(k)
		}
	}
	if w.ids != nil {
		w.blockByID(first, rows, check)
		return
	}
	g0 := w.offset + first
	g1 := g0 + m
	for r, g := range w.groups {
		if g == nil {
			continue
		}
		// Collect the block's finite members.
		mem := w.members[:0]
		for i, ok := g.Next(g0); ok && i < g1; i, ok = g.Next(i + 1) {
			k := i - g0
			if check(k) {
				mem = append(mem, k)
			} else {
				a.addRow(r, rows[k*d:(k+1)*d], false)
			}
		}
		w.members = mem
		w.add(r, rows, mem)
	}
}

// blockByID is block for rows whose one group comes from w.ids: the
// block's rows are sorted by group (a counting sort over the groups that
// occur) and each group's finite members added.
func (w *aggWorker) blockByID(first int, rows []float32, check func(k int) bool) {
	a := w.acc
	d := a.dim
	ids := w.ids[first : first+len(rows)/d]
	if w.start == nil {
		w.start = make([]int, a.rows+1)
	}
	touched := w.touched[:0]
	for _, id := range ids {
		if id == 0 {
			continue
		}
		if w.start[id] == 0 {
			touched = append(touched, id)
		}
		w.start[id]++
	}
	// Counts to start positions, in order of first appearance.
	pos := 0
	for _, id := range touched {
		c := w.start[id]
		w.start[id] = pos
		pos += c
	}
	if cap(w.bucket) < pos {
		w.bucket = make([]int, pos)
	}
	bucket := w.bucket[:pos]
	for k, id := range ids {
		if id != 0 {
			bucket[w.start[id]] = k
			w.start[id]++
		}
	}
	// start[id] is now the end of id's run; runs follow touched's order.
	lo := 0
	for _, id := range touched {
		hi := w.start[id]
		w.start[id] = 0
		r := int(id - 1)
		mem := w.members[:0]
		for _, k := range bucket[lo:hi] {
			if check(k) {
				mem = append(mem, k)
			} else {
				a.addRow(r, rows[k*d:(k+1)*d], false)
			}
		}
		w.members = mem
		w.add(r, rows, mem)
		lo = hi
	}
	w.touched = touched
}

// add adds the finite member rows mem (row indices into rows) to group r:
// eight at a time after the group's pending rows, the rest kept pending.
func (w *aggWorker) add(r int, rows []float32, mem []int) {
	if len(mem) == 0 {
		return
	}
	a := w.acc
	d := a.dim
	a.count[r] += int64(len(mem))
	lo, hi := r*d, (r+1)*d
	s, q, ac, mn, mx := a.sum[lo:hi], a.sumSq[lo:hi], a.active[lo:hi], a.min[lo:hi], a.max[lo:hi]
	// The group's pending rows from earlier blocks come first, then
	// this block's members, eight at a time.
	xs := w.xs[:0]
	p := w.pending(r)
	for k := 0; k < len(p)/d; k++ {
		xs = append(xs, p[k*d:(k+1)*d])
	}
	for _, k := range mem {
		xs = append(xs, rows[k*d:(k+1)*d])
	}
	w.xs = xs
	t := 0
	var x8 [8][]float32
	for ; t+8 <= len(xs); t += 8 {
		copy(x8[:], xs[t:t+8])
		accumulate8(s, q, ac, mn, mx, &x8)
	}
	// Keep the rest for the next block. When no batch was taken the
	// pending rows are still in place and only the new ones are
	// appended; otherwise every pending row went into the first batch.
	keep := len(p) / d
	if t > 0 {
		keep = 0
	}
	buf := p[:keep*d]
	for _, x := range xs[max(t, keep):] {
		buf = append(buf, x...)
	}
	w.pend[r] = buf
}

// pending returns group r's pending rows (a multiple of Dim values).
func (w *aggWorker) pending(r int) []float32 {
	if w.pend == nil {
		w.pend = make([][]float32, w.acc.rows)
	}
	if w.pend[r] == nil {
		w.pend[r] = make([]float32, 0, 7*w.acc.dim)
	}
	return w.pend[r]
}

// flush adds every group's pending rows, four and then one at a time.
func (w *aggWorker) flush() {
	a, d := w.acc, w.acc.dim
	for r, p := range w.pend {
		m := len(p) / max(d, 1)
		if m == 0 {
			continue
		}
		lo, hi := r*d, (r+1)*d
		s, q, ac, mn, mx := a.sum[lo:hi], a.sumSq[lo:hi], a.active[lo:hi], a.min[lo:hi], a.max[lo:hi]
		row := func(k int) []float32 { return p[k*d : (k+1)*d] }
		k := 0
		if m >= 4 {
			accumulate4(s, q, ac, mn, mx, row(0), row(1), row(2), row(3))
			k = 4
		}
		for ; k < m; k++ {
			accumulate(s, q, ac, mn, mx, row(k))
		}
		w.pend[r] = p[:0]
	}
}

// RowKind tells what a row of Stats stands for.
type RowKind int

const (
	// ClassRow aggregates the instances of one true class.
	ClassRow RowKind = iota
	// SubsetRow aggregates a user-defined subset.
	SubsetRow
	// InstanceRow holds one instance the user added (Count 1, Std 0).
	InstanceRow
)

// String returns "class", "subset" or "instance".
func (k RowKind) String() string {
	switch k {
	case ClassRow:
		return "class"
	case SubsetRow:
		return "subset"
	case InstanceRow:
		return "instance"
	}
	return fmt.Sprintf("RowKind(%d)", int(k))
}

// Stats are the rows × neurons statistics of one layer: ActiVis's
// activation matrix, with the added instances, the user's subsets and the
// classes as rows.
type Stats struct {
	// Layer is the tensor the statistics are of.
	Layer string
	// Neurons is the number of neurons (columns).
	Neurons int
	// Rows are the rows, in display order: instances, subsets, classes.
	Rows []RowStats
	// NaN is the number of non-finite values (NaN or ±Inf) in the layer's
	// activations; they are excluded from every statistic.
	NaN int
	// Inf is the part of NaN that was ±Inf.
	Inf int
}

// RowStats is one row of Stats: per-neuron statistics of a group.
type RowStats struct {
	// Name is the row's label (class name, subset name, or the instance id).
	Name string
	// Kind tells whether the row is a class, subset or single instance.
	Kind RowKind
	// Expr is the subset's expression ("" for Go predicates and classes get
	// `label == "…"`).
	Expr string
	// Count is the number of member instances.
	Count int
	// Mean, Std (population), Active (fraction of members > 0), Min and Max
	// hold one value per neuron; NaN where the row has no finite value.
	Mean, Std, Active, Min, Max []float32
	// Members holds the instance index for instance rows (nil otherwise).
	Members []int
	// NonFinite is the number of NaN/Inf member values skipped in this row.
	NonFinite int
}
