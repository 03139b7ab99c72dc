// Aggregate: the streaming pass over activations that fills an
// Accumulator, one worker per range of instances.

package activis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/activis-go/activis/activis/internal/accumulate"
)

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
	// Statistics selects the statistics computed (the zero value,
	// StatAll, is every one); StatMean and StatMeanStd are several
	// times faster. The result keeps only those (Accumulator.Statistics).
	Statistics StatSet

	// block overrides the rows per block (tests: groups' leftover rows
	// then carry over many block boundaries).
	block int
	// ids, when set, replaces groups: ids[k] is 1 + the one group
	// (signature) of row k of acts, 0 for none, and nsig the number of
	// groups.
	ids  []sigID
	nsig int
	// gather turns off the in-order path of StatMean over signatures
	// (aggWorker.blockInOrder), for tests and benchmarks.
	gather bool
}

// blockRows is how many instances the kernel takes at a time for the
// statistics set: the block is re-read once per group it has members in.
//
// StatAll: 1 MB of values, a quarter of a Scan chunk, which stays in a
// core's L2 cache. A group's members left over after the eight-row kernel
// (fewer than eight) wait for its next block, so small blocks cost no
// one-row additions. Measured on the 1,000,000 × 512 benchmark with random
// subsets (CPU time, two runs each): 1 MB 584–620 ms, 512 KB 604–612, 256
// KB 629–651, 4 MB 653–721, 128 KB 676–724.
//
// StatMean and StatMeanStd: 256 KB. Their kernel re-reads the block with
// one addition per value, so it is bound by the cache's bandwidth, and a
// block well inside L2 (1 MB on the project's machine) reads faster.
// Measured (random-mean and metadata-mean of BenchmarkAggregateCore, CPU
// time, two interleaved rounds at load 12–14): 64 KB 396–440 and 212–230
// ms, 128 KB 341–356 and 199–212, 256 KB 288–327 and 147–178, 1 MB 356–368
// and 175–178. Again once a block is checked in one Finite call (three
// interleaved rounds at load 3–5): 256 KB 242–295 and 131–216, 512 KB
// 298–378 and 168–230.
//
// Tried against this loop and dropped (StatMean, random-mean and
// metadata-mean of the 1,000,000 × 512 mapped benchmark, GOEXPERIMENT=simd,
// cpu-ms per pass, variants in the same process, several rounds at load
// 7–13 on 2 cores; the variants were hacks in a temporary benchmark):
//   - No Finite pass at all (the upper bound of summing unchecked and
//     redoing a group only when its partial sums turn out non-finite):
//     random 418–483 against 319–421, label cells 256–338 against
//     178–279. Slower: the first group then reads its scattered members
//     from memory, where Finite streams the block in order. Again later,
//     interleaved with the current loop (median of per-round CPU ratios,
//     4–10 rounds at load 4–12): 1.07–1.21× on random, 1.32–1.38× on
//     label cells.
//   - Rows checked one by one in order and each added at once to the
//     partial sums of its first group among those whose sums fit in 24 KB
//     of L1 (its class, saving one of the 7.5 reads from L2): 1.23–1.36×
//     on random, 1.57× for StatMeanStd. A Finite call per row costs three
//     times its share of the block's call, and each one-row SumRows call
//     loads and stores the group's partial sums.
//   - SumRows in Go assembly (AVX-512, 128 or 256 columns in registers, no
//     bounds checks in the loop): 20 % faster with the members in L1, 4 %
//     with them in L2 (BenchmarkSumRows l1 and l2), 0.91–1.13× in
//     Aggregate: the sums wait for L2, not for instructions.
//   - Software prefetch (PREFETCHT0 per line, Go assembly) of the next
//     block spread over the groups' sums: 16 KB after each group, random
//     477–511 against 378–404 and label cells 310–312 against 222–237; 4
//     KB 391–459 against 312–401; 1 KB 357–431 against 319–421; the whole
//     next block at once 408–583 against 357–474; with no Finite pass
//     slower still. The sums are bound by L2 reads, which the prefetches
//     only compete with.
//   - Larger blocks for label cells (every row in one group, so a block is
//     read once; larger blocks give each signature more rows per call):
//     512 rows 162–177, 2048 186–235, 8192 205–246, against 148–203 for
//     128.
//   - runtime.Gosched after each Scan chunk, so that the runtime does not
//     preempt the workers asynchronously (GODEBUG=asyncpreemptoff=1 ran
//     5–15 % faster: random 427–457 against 446–491, label cells 213–239
//     against 247–311, three rounds at load 9–14): random 266–349 against
//     281–364, label cells 163–191 against 142–210, four rounds at load
//     7–10: no clear gain.
//
// Column tile outer, so that each row of a block is read once per tile
// instead of once per group (runs of 4–10 interleaved rounds in one
// process, three passes each, at load 3.3–9.1 on a Zen 5-class CPU,
// StatMean cpu-ms per pass as above; in cache: 128 or 768 rows in
// 128-row blocks, 60 groups, as in BenchmarkBlockMeans):
//   - Rows scattered into every group's partial sums: a 64-neuron tile of
//     a row loaded once into four registers and added (load, add, store)
//     to the partial sums of each of its groups, laid out by tile so that
//     one tile's sums of all 60 groups (15 KB) stay in L1; the memberships
//     of each 64-row sub-block collected by row first, groups folded
//     ahead of foldRows. Random 400–620 against 225–460 (slower in each
//     of 12 rounds), label cells 153–347 against 136–317 (faster in 6 of
//     12). In cache 43–58 ns per membership against 22–46 at 13 %
//     membership, 30–42 against 30–31 when every row is in every group;
//     the scatter alone (a 64-row block, 7.5 of 60 groups per row) 19–21
//     ns per membership (512 values) against about 10 for SumRows
//     (BenchmarkSumRows, 0.02 ns per value): bound by stores, about one
//     64-byte store per two cycles, where this loop's L2 reads give ~21
//     bytes a cycle.
//   - Groups inner, register sums (the rows of a 64-row sub-block summed
//     a group at a time over one 64-neuron tile, four registers, no
//     copy): random 561–654 against 415–460, label cells 297–378 against
//     222–317; in cache 57–66 against 31–46 ns per membership at 13 %,
//     79–101 against 33–49 at 100 %. At the 2 KB row stride a tile's
//     rows fall in 8 of the 48 KB 12-way L1's 64 sets (96 lines, for the
//     256 of the tile), so they are not L1 hits, and each group's partial
//     sums are loaded and stored once per tile; a copy of the tile into a
//     contiguous buffer was slower too (see BenchmarkBlockMeans).
//   - The same over the whole block, L1-resident: the block cut into
//     sub-blocks of 16 or 32 rows, every group's members of each
//     sub-block collected first with the groups to fold before each; then
//     per 64-neuron tile, sub-block by sub-block, each group's four
//     registers loaded, its members added, stored (one kernel call per
//     sub-block and tile), so the tile's sums of all groups (15 KB) and
//     the sub-block's rows of the tile stay in L1. Random 540–885 (16
//     rows) and 483–582 (32) against 298–584, slower in 4 of 5 rounds
//     (load 7.4–9.1); in cache 94–120 against 65–93 ns per membership at
//     13 %, but 23–47 against 68–100 at 100 %. It pays only for dense
//     groups: at 13 % a group has two to four members in a sub-block, and
//     loading and storing its sums for every tile costs more than the L2
//     reads saved.
//   - Label cells taken row by row in order, without the block's Finite
//     pass: each row checked and, while in L1, added to its cell's
//     partial sums. 214–387 against 177–385, faster in 4 of 10 rounds
//     (load 5–6): no gain with a Finite and a SumRows call per row; with
//     one assembly loop per row (accumulate.FiniteAdd) it is the
//     landed blockInOrder, below.
//
// Where label cells' time goes (metadata-mean, 20 interleaved rounds in
// one process at load 1.8–2.1, cpu-ms min / first quartile / median):
// the read floor 75 / 77 / 79, the same Aggregate with the sums skipped
// (Scan, signatures and the Finite pass only) 78 / 83 / 92, the whole
// pass 116 / 119 / 125. The check streams at the floor's speed (its loop
// is the floor's: four chains of sixteen lanes, one call per block); the
// excess is the sums. They cost as much again when the block is surely
// in cache (each block's sums done twice: 148 / 150 / 152), so they are
// not waiting for memory: the 90 signatures give 29.5 SumRows calls per
// 128-row block, 4.3 rows per call, 56 % of the calls for one row, and
// each call loads and stores its 2 KB of partial sums from L2. Block
// sizes 100, 256 and 512 rows were no faster (124–139 minimum against
// 132, 14 rounds at load 4.2–4.9). Tried against it and dropped:
//   - The check of block k overlapped with the sums of block k−1: the
//     check in eight 16-row parts, after each an eighth of block k−1's
//     SumRows calls (from L2), so that the memory stream never waits for
//     the sums: 152 / 187 / 198 against 128 / 133 / 158 (20 rounds at
//     load 3.2–3.8), 135 / 214 / 243 against 113 / 161 / 223 (16 rounds
//     at load 7.5–8.3). The sums' L2 reads compete with the stream.
//
// Landed: StatMean over signatures takes the rows in order
// (blockInOrder), each checked and added to its signature's partial sums
// in one assembly loop (accumulate.FiniteAdd: the row's sum as Finite
// computes it, then, when finite, the row added from L1), no Finite pass
// over the block and no gather. Interleaved with the gather path in one
// process (metadata-mean, cpu-ms per pass, min of three, median of the
// per-round ratios, load 16–18 on 2 cores): 0.85× (0.78–0.93, lower in
// 10 of 10 rounds), 114–121 against 128–147, floor 81–89 (at load
// 18–24, wall times 3–7× quiet ones, 0.95× in 9 of 12 rounds and 1.07×
// in 5 of 12: the lead's quiet make bench-core decides); in memory,
// 2^29 bytes of the same cells, 0.85× at 64 neurons and 0.91× at 128 (8
// of 8 rounds each). Measured with it and dropped: the partial sums of
// the most frequent signatures (up to 24 KB, 82 % of the rows) in a
// contiguous L1 buffer, the rest in L2 as now: 0.87× against 0.86×
// without, no difference; those in order and the rest gathered as
// before: 1.14–1.15×. The same in the direct pass for the groups that
// share no member (the random case's ten classes, taken in order, the
// other 50 groups gathered as before, one of the 7.5 reads per row
// saved): random-mean 307 / 358 cpu-ms (min / median) against 294 / 358, 1.03× (0.92–1.19, lower
// in 3 of 10 rounds, load 18–20), no gain. In accumulate.FiniteAdd, a vector test
// of the lanes (all finite and below 2^120, else their serial sum as
// Finite takes it) instead of the serial sum: 0.97×, 0.96× and 1.01×
// in three runs (21 of 34 rounds lower, load 18–24): not kept.
func blockRows(dim int, set StatSet) int {
	size := 1 << 20
	if set != StatAll {
		size = 256 << 10
	}
	return max(min(size/(4*max(dim, 1)), 8192), 8)
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
// Kernel: portable Go by default (StatMean's sums and the NaN/Inf check
// through gonum's float32 axpy and dot, SSE assembly on amd64); built with
// GOEXPERIMENT=simd on amd64 (Go 1.26's experimental simd/archsimd), the
// same arithmetic runs eight neurons at a time with AVX2 and sixteen with
// AVX-512 (make bench-core measures both builds). Each block of rows is
// checked for NaN and Inf in one pass (row by row only when the block
// holds one), then re-read from cache once per group it has members in.
// With StatMean and shared memberships on a CPU with AVX-512, rows of a
// multiple of 64 neurons are instead taken in order, each checked and
// added to its signature's partial sums in one loop: read from memory
// once, never re-read.
//
// Statistics (opt.Statistics) sets what a membership costs. StatAll (the
// default) keeps five exact statistics: a group's members are taken eight
// rows at a time into float64 sums and sums of squares, active counts,
// minima and maxima, about five vector instructions per value and group
// (float32 partial sums were tried for them: the mean survives, the
// variance of a neuron with mean 100 and deviation 0.01 does not).
// StatMean sums a group's members into float32 partial sums held in
// registers, 128 neurons at a time with AVX-512 — one addition per value
// and group — and adds them into float64 sums every 64 members; StatMeanStd
// does the same with x−K and (x−K)², K a per-group shift, which keeps the
// variance of that neuron (see StatSet for the accuracy of each). On the
// 1,000,000 × 512 benchmark with 7.5 memberships per instance StatMean is
// about 3× faster than StatAll; README's Performance section has the
// figures beside the memory read floor and NumPy.
func Aggregate(ctx context.Context, acts *Activations, groups []*IndexSet, opt AggregateOptions) (*Accumulator, error) {
	if acts == nil {
		return nil, errors.New("aggregate: nil activations")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if !opt.Statistics.valid() {
		return nil, fmt.Errorf("aggregate: unknown statistics %v", opt.Statistics)
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
			out := newAccumulator(len(groups), acts.Dim(), opt.Statistics)
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
			acc := newAccumulator(nrows, d, opt.Statistics)
			parts[t] = acc
			w := newAggWorker(acc, groups, opt.Offset)
			w.ids = opt.ids
			if opt.block > 0 {
				w.blockLen = opt.block
			}
			w.membersOnly = opt.MembersOnly
			w.inOrder = opt.ids != nil && opt.Statistics == StatMean && !opt.gather && accumulate.HasFiniteAdd(d)
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
	if err := out.checkPartialOverflow(); err != nil {
		return nil, fmt.Errorf("aggregate %s: %w", acts.name(), err)
	}
	report(opt.Progress, "aggregate", n, n)
	return out, nil
}

// checkPartialOverflow reports an error when a StatMean or StatMeanStd
// sum is not finite. Non-finite values are never added and a float64 sum
// of finite float32 values cannot overflow, so such a sum means that a
// float32 partial sum overflowed (values near 1e36, or for StatMeanStd
// values that differ from the group's shift by more than about 1e19): an
// error, never a wrong mean.
func (a *Accumulator) checkPartialOverflow() error {
	if a.set == StatAll {
		return nil
	}
	for _, s := range [][]float64{a.sum, a.sumSq} {
		for k, v := range s {
			if math.IsInf(v, 0) || math.IsNaN(v) {
				return fmt.Errorf("row %d neuron %d: values too large for the float32 partial sums of statistics %q (use %q): %w",
					k/max(a.dim, 1), k%max(a.dim, 1), a.set, StatAll, ErrRange)
			}
		}
	}
	return nil
}

// aggWorker holds one goroutine's scratch state for Aggregate.
type aggWorker struct {
	acc      *Accumulator
	groups   []*IndexSet
	offset   int
	finite   []int8
	members  []int
	all      []int // scratch: a group's members in a block
	blockLen int   // rows per block
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
	// For StatMean and StatMeanStd (see addPartial): per group, float32
	// partial sums p32 (and q32 of squares about shift), and the members
	// they hold, pn.
	p32, q32, shift []float32
	pn              []int
	shifted         []bool
	// inOrder selects blockInOrder; late and lateFolds are its scratch:
	// a block's non-finite member rows and its signatures' partial sums
	// waiting to be folded, taken at the block's end.
	inOrder   bool
	late      []int
	lateFolds []lateFold
	spare     [][]float32
}

// lateFold is a group's full partial sums (foldRows members) waiting to
// be folded at the end of blockInOrder's block.
type lateFold struct {
	r int
	p []float32
}

// foldRows is the most members a float32 partial sum holds before it is
// added into the float64 sums (see StatMean for the accuracy it gives).
const foldRows = 64

func newAggWorker(acc *Accumulator, groups []*IndexSet, offset int) *aggWorker {
	return &aggWorker{acc: acc, groups: groups, offset: offset, blockLen: blockRows(acc.dim, acc.set)}
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
	if w.inOrder {
		w.blockInOrder(first, rows)
		return
	}
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
			if !accumulate.Finite(x) {
				fin[k] = 2
				a.countNonFinite(x)
			}
			a.instances++
		}
		return fin[k] == 1
	}
	clear(fin)
	allFinite := !w.membersOnly && accumulate.Finite(rows)
	if allFinite {
		// The usual case: the whole block in one pass.
		for k := range fin {
			fin[k] = 1
		}
		a.instances += int64(m)
	} else if !w.membersOnly {
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
		all := appendMembers(w.all[:0], g, g0, g1)
		w.all = all
		if allFinite {
			w.add(r, rows, all)
			continue
		}
		mem := w.members[:0]
		for _, k := range all {
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

// appendMembers appends i−g0 for every member i of g in [g0, g1), in
// increasing order, reading g 64 instances at a time.
func appendMembers(dst []int, g *IndexSet, g0, g1 int) []int {
	g1 = min(g1, g.Len())
	for base := g0; base < g1; base += 64 {
		wd := g.word64(base)
		if rem := g1 - base; rem < 64 {
			wd &= 1<<uint(rem) - 1
		}
		for wd != 0 {
			dst = append(dst, base-g0+bits.TrailingZeros64(wd))
			wd &= wd - 1
		}
	}
	return dst
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

// blockInOrder is block for StatMean when each row has one group (w.ids,
// the signatures): the rows are taken in order, each checked and added to
// its group's float32 partial sums in one accumulate.FiniteAdd call, so
// that a row is read from memory once and never gathered again. The sums
// are those of blockByID to the bit: within a block a group's rows are
// added in the same order, and its non-finite rows are counted (addRow)
// before the block's folds of its partial sums, as blockByID counts them
// before adding the finite ones.
func (w *aggWorker) blockInOrder(first int, rows []float32) {
	a := w.acc
	d := a.dim
	ids := w.ids[first : first+len(rows)/d]
	w.initPartial()
	for k, id := range ids {
		if id == 0 && w.membersOnly {
			continue
		}
		x := rows[k*d : (k+1)*d]
		a.instances++
		if id == 0 {
			if !accumulate.FiniteAdd(nil, x) {
				a.countNonFinite(x)
			}
			continue
		}
		r := int(id - 1)
		p := w.p32[r*d : (r+1)*d]
		if !accumulate.FiniteAdd(p, x) {
			a.countNonFinite(x)
			w.late = append(w.late, k)
			continue
		}
		a.count[r]++
		if w.pn[r]++; w.pn[r] == foldRows {
			w.pn[r] = 0
			var q []float32
			if n := len(w.spare); n > 0 {
				q, w.spare = w.spare[n-1], w.spare[:n-1]
			} else {
				q = make([]float32, d)
			}
			copy(q, p)
			clear(p)
			w.lateFolds = append(w.lateFolds, lateFold{r, q})
		}
	}
	for _, k := range w.late {
		a.addRow(int(ids[k]-1), rows[k*d:(k+1)*d], false)
	}
	w.late = w.late[:0]
	for _, f := range w.lateFolds {
		accumulate.FoldMean(a.sum[f.r*d:(f.r+1)*d], f.p)
		w.spare = append(w.spare, f.p)
	}
	w.lateFolds = w.lateFolds[:0]
}

// add adds the finite member rows mem (row indices into rows) to group r:
// eight at a time after the group's pending rows, the rest kept pending.
func (w *aggWorker) add(r int, rows []float32, mem []int) {
	if len(mem) == 0 {
		return
	}
	if w.acc.set != StatAll {
		w.addPartial(r, rows, mem)
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
		accumulate.Add8(s, q, ac, mn, mx, &x8)
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

// addPartial is add for StatMean and StatMeanStd: the members are summed
// into group r's float32 partial sums, which are folded into the float64
// sums every foldRows members. For StatMeanStd the group's shift is its
// first member row seen by this worker.
func (w *aggWorker) addPartial(r int, rows []float32, mem []int) {
	a := w.acc
	d := a.dim
	a.count[r] += int64(len(mem))
	w.initPartial()
	lo, hi := r*d, (r+1)*d
	p := w.p32[lo:hi]
	if a.set == StatMeanStd && !w.shifted[r] {
		copy(w.shift[lo:hi], rows[mem[0]*d:(mem[0]+1)*d])
		w.shifted[r] = true
	}
	for len(mem) > 0 {
		c := min(len(mem), foldRows-w.pn[r])
		if a.set == StatMean {
			accumulate.SumRows(p, rows, mem[:c])
		} else {
			accumulate.SumSqRows(p, w.q32[lo:hi], w.shift[lo:hi], rows, mem[:c])
		}
		w.pn[r] += c
		mem = mem[c:]
		if w.pn[r] == foldRows {
			w.fold(r)
		}
	}
}

// initPartial allocates the float32 partial sums of addPartial.
func (w *aggWorker) initPartial() {
	a, d := w.acc, w.acc.dim
	if w.p32 != nil {
		return
	}
	w.p32 = make([]float32, a.rows*d)
	w.pn = make([]int, a.rows)
	if a.set == StatMeanStd {
		w.q32 = make([]float32, a.rows*d)
		w.shift = make([]float32, a.rows*d)
		w.shifted = make([]bool, a.rows)
	}
}

// fold adds group r's float32 partial sums into its float64 sums.
func (w *aggWorker) fold(r int) {
	a, d := w.acc, w.acc.dim
	lo, hi := r*d, (r+1)*d
	if a.set == StatMean {
		accumulate.FoldMean(a.sum[lo:hi], w.p32[lo:hi])
	} else {
		accumulate.FoldMeanStd(a.sum[lo:hi], a.sumSq[lo:hi], w.p32[lo:hi], w.q32[lo:hi], w.shift[lo:hi], w.pn[r])
	}
	w.pn[r] = 0
}

// flush adds every group's pending rows, four and then one at a time, and
// folds the partial sums left.
func (w *aggWorker) flush() {
	for r, n := range w.pn {
		if n > 0 {
			w.fold(r)
		}
	}
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
			accumulate.Add4(s, q, ac, mn, mx, row(0), row(1), row(2), row(3))
			k = 4
		}
		for ; k < m; k++ {
			accumulate.Add(s, q, ac, mn, mx, row(k))
		}
		w.pend[r] = p[:0]
	}
}
