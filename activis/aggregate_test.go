package activis

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// aggFixture is a random N × D matrix with random groups, some sharing
// structure (class-like) and some independent.
type aggFixture struct {
	n, d   int
	data   []float32
	groups []*IndexSet
}

func newAggFixture(seed uint64, n, d, classes, subsets int, density float64) aggFixture {
	r := rand.New(rand.NewPCG(seed, 7))
	f := aggFixture{n: n, d: d, data: make([]float32, n*d)}
	for i := range f.data {
		v := float32(r.NormFloat64()*2 + 0.3)
		if r.IntN(5) == 0 {
			v = 0 // ReLU-like exact zeros
		}
		f.data[i] = v
	}
	for c := 0; c < classes; c++ {
		f.groups = append(f.groups, NewIndexSet(n))
	}
	for i := 0; i < n; i++ {
		f.groups[r.IntN(classes)].Add(i)
	}
	for s := 0; s < subsets; s++ {
		g := NewIndexSet(n)
		for i := 0; i < n; i++ {
			if r.Float64() < density {
				g.Add(i)
			}
		}
		f.groups = append(f.groups, g)
	}
	return f
}

// naive computes the statistics of one group directly from the definition,
// skipping non-finite values.
func naive(data []float32, n, d int, g *IndexSet) RowStats {
	rs := RowStats{Mean: make([]float32, d), Std: make([]float32, d), Active: make([]float32, d),
		Min: make([]float32, d), Max: make([]float32, d)}
	for i := 0; i < n; i++ {
		if g.Has(i) {
			rs.Count++
		}
	}
	for j := 0; j < d; j++ {
		var vals []float64
		mn, mx := math.Inf(1), math.Inf(-1)
		active := 0
		for i := 0; i < n; i++ {
			if !g.Has(i) {
				continue
			}
			v := float64(data[i*d+j])
			if math.IsNaN(v) || math.IsInf(v, 0) {
				rs.NonFinite++
				continue
			}
			vals = append(vals, v)
			mn, mx = math.Min(mn, v), math.Max(mx, v)
			if v > 0 {
				active++
			}
		}
		if len(vals) == 0 {
			nan := float32(math.NaN())
			rs.Mean[j], rs.Std[j], rs.Active[j], rs.Min[j], rs.Max[j] = nan, nan, nan, nan, nan
			continue
		}
		var s float64
		for _, v := range vals {
			s += v
		}
		m := s / float64(len(vals))
		var ss float64
		for _, v := range vals {
			ss += (v - m) * (v - m)
		}
		rs.Mean[j] = float32(m)
		rs.Std[j] = float32(math.Sqrt(ss / float64(len(vals))))
		rs.Active[j] = float32(float64(active) / float64(len(vals)))
		rs.Min[j], rs.Max[j] = float32(mn), float32(mx)
	}
	return rs
}

func close32(a, b float32, tol float64) bool {
	if math.IsNaN(float64(a)) || math.IsNaN(float64(b)) {
		return math.IsNaN(float64(a)) && math.IsNaN(float64(b))
	}
	return math.Abs(float64(a)-float64(b)) <= tol*math.Max(1, math.Abs(float64(b)))
}

func checkRow(t *testing.T, name string, got, want RowStats, tol float64) {
	t.Helper()
	if got.Count != want.Count || got.NonFinite != want.NonFinite {
		t.Fatalf("%s: count %d nonfinite %d, want %d %d", name, got.Count, got.NonFinite, want.Count, want.NonFinite)
	}
	for j := range want.Mean {
		for _, c := range []struct {
			stat string
			g, w float32
		}{{"mean", got.Mean[j], want.Mean[j]}, {"std", got.Std[j], want.Std[j]}, {"active", got.Active[j], want.Active[j]},
			{"min", got.Min[j], want.Min[j]}, {"max", got.Max[j], want.Max[j]}} {
			if !close32(c.g, c.w, tol) {
				t.Fatalf("%s: neuron %d %s = %v, want %v", name, j, c.stat, c.g, c.w)
			}
		}
	}
}

func TestAggregateMatchesNaive(t *testing.T) {
	for _, test := range []struct {
		name                string
		n, d, classes, subs int
		density             float64
		threads             int
		direct              bool
		nans                bool
		block               int // rows per block, 0: default
	}{
		{name: "small direct", n: 301, d: 7, classes: 3, subs: 5, density: 0.3, threads: 1, direct: true},
		{name: "shared signatures", n: 5000, d: 13, classes: 4, subs: 0, threads: 2},
		{name: "many groups threads", n: 4099, d: 33, classes: 10, subs: 20, density: 0.1, threads: 3},
		{name: "auto falls back", n: 3000, d: 5, classes: 2, subs: 30, density: 0.5, threads: 2},
		{name: "nan and inf", n: 2500, d: 9, classes: 3, subs: 4, density: 0.2, threads: 2, nans: true},
		{name: "nan shared", n: 2500, d: 9, classes: 3, subs: 0, threads: 2, nans: true},
		// Blocks of a few rows: every group's leftover rows (fewer than
		// the eight-row kernel takes) carry over many block boundaries.
		{name: "small blocks direct", n: 1500, d: 19, classes: 3, subs: 6, density: 0.3, threads: 2, direct: true, block: 5},
		{name: "small blocks shared", n: 1500, d: 19, classes: 4, subs: 0, threads: 2, block: 3},
		{name: "small blocks nan", n: 1500, d: 9, classes: 3, subs: 4, density: 0.2, threads: 1, nans: true, block: 7},
	} {
		t.Run(test.name, func(t *testing.T) {
			f := newAggFixture(uint64(test.n), test.n, test.d, test.classes, test.subs, test.density)
			wantNaN, wantInf := 0, 0
			if test.nans {
				for k := 0; k < len(f.data); k += 97 {
					if k%2 == 0 {
						f.data[k] = float32(math.NaN())
					} else {
						f.data[k] = float32(math.Inf(1 - 2*(k/97%2)))
					}
				}
				// One neuron never finite in the first group.
				for i := 0; i < test.n; i++ {
					if f.groups[0].Has(i) {
						f.data[i*test.d] = float32(math.NaN())
					}
				}
			}
			wantNaN, wantInf = 0, 0
			for _, v := range f.data {
				if math.IsNaN(float64(v)) {
					wantNaN++
				} else if math.IsInf(float64(v), 0) {
					wantInf++
				}
			}
			acts := NewActivations(f.data, test.n, test.d)
			acc, err := Aggregate(context.Background(), acts, f.groups, AggregateOptions{Threads: test.threads, Direct: test.direct, block: test.block})
			if err != nil {
				t.Fatal(err)
			}
			if acc.Instances() != test.n {
				t.Errorf("instances %d, want %d", acc.Instances(), test.n)
			}
			nan, inf, _ := acc.NonFinite()
			if nan != wantNaN || inf != wantInf {
				t.Errorf("non-finite %d NaN %d Inf, want %d %d", nan, inf, wantNaN, wantInf)
			}
			for r, g := range f.groups {
				checkRow(t, test.name, acc.Row(r), naive(f.data, test.n, test.d, g), 1e-5)
			}
			if test.nans && !math.IsNaN(float64(acc.Row(0).Mean[0])) {
				t.Errorf("neuron with no finite value: mean %v, want NaN", acc.Row(0).Mean[0])
			}
		})
	}
}

func TestAggregateSharedEqualsDirect(t *testing.T) {
	f := newAggFixture(3, 3000, 16, 10, 0, 0)
	// Subsets that are unions of classes: few signatures.
	for s := 0; s < 6; s++ {
		g := f.groups[s].Union(f.groups[(s+3)%10])
		f.groups = append(f.groups, g)
	}
	acts := NewActivations(f.data, f.n, f.d)
	if _, _, ok := signatures(f.groups, 0, f.n, 1000); !ok {
		t.Fatal("expected few signatures")
	}
	a, err := Aggregate(context.Background(), acts, f.groups, AggregateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Aggregate(context.Background(), acts, f.groups, AggregateOptions{Direct: true})
	if err != nil {
		t.Fatal(err)
	}
	for r := range f.groups {
		checkRow(t, "shared vs direct", a.Row(r), b.Row(r), 1e-6)
	}
}

func TestAccumulatorMergeAnyOrder(t *testing.T) {
	f := newAggFixture(11, 2000, 10, 4, 6, 0.25)
	f.data[5*10+3] = float32(math.NaN())
	acts := NewActivations(f.data, f.n, f.d)
	whole, err := Aggregate(context.Background(), acts, f.groups, AggregateOptions{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Shards of uneven size, each its own Activations with an Offset, as
	// files of one data set would be.
	cuts := []int{0, 1, 700, 701, 1500, 2000}
	var shards []*Accumulator
	for k := 0; k+1 < len(cuts); k++ {
		lo, hi := cuts[k], cuts[k+1]
		part := NewActivations(f.data[lo*f.d:hi*f.d], hi-lo, f.d)
		acc, err := Aggregate(context.Background(), part, f.groups, AggregateOptions{Offset: lo, Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		shards = append(shards, acc)
	}
	r := rand.New(rand.NewPCG(1, 1))
	for trial := 0; trial < 6; trial++ {
		perm := r.Perm(len(shards))
		total := NewAccumulator(len(f.groups), f.d)
		for _, p := range perm {
			if err := total.Merge(shards[p].Clone()); err != nil {
				t.Fatal(err)
			}
		}
		if total.Instances() != whole.Instances() {
			t.Fatalf("order %v: instances %d, want %d", perm, total.Instances(), whole.Instances())
		}
		n1, i1, b1 := total.NonFinite()
		n2, i2, b2 := whole.NonFinite()
		if n1 != n2 || i1 != i2 || b1 != b2 {
			t.Fatalf("order %v: non-finite differ", perm)
		}
		for g := range f.groups {
			checkRow(t, "merge", total.Row(g), whole.Row(g), 1e-12)
		}
	}
}

func TestAccumulatorErrors(t *testing.T) {
	a := NewAccumulator(2, 3)
	if err := a.Merge(NewAccumulator(2, 4)); !errors.Is(err, ErrMismatch) {
		t.Errorf("merge mismatch: %v", err)
	}
	if err := a.Add([]float32{1, 2}, 0); !errors.Is(err, ErrMismatch) {
		t.Errorf("add short row: %v", err)
	}
	if err := a.Add([]float32{1, 2, 3}, 2); !errors.Is(err, ErrRange) {
		t.Errorf("add bad row: %v", err)
	}
	if err := a.Add([]float32{1, -2, float32(math.NaN())}, 0, 1); err != nil {
		t.Fatal(err)
	}
	rs := a.Row(1)
	if rs.Count != 1 || rs.Mean[0] != 1 || rs.Active[1] != 0 || !math.IsNaN(float64(rs.Mean[2])) || rs.NonFinite != 1 {
		t.Errorf("row after Add: %+v", rs)
	}
	if _, err := Aggregate(context.Background(), nil, nil, AggregateOptions{}); err == nil {
		t.Error("nil activations: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := newAggFixture(1, 3000, 4, 2, 0, 0)
	if _, err := Aggregate(ctx, NewActivations(f.data, f.n, f.d), f.groups, AggregateOptions{Direct: true}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestSignaturesManyGroups(t *testing.T) {
	// More than 64 groups takes the generic signature path; both must
	// agree with the direct pass.
	f := newAggFixture(5, 3000, 6, 70, 0, 0)
	for s := 0; s < 4; s++ {
		f.groups = append(f.groups, f.groups[s].Union(f.groups[s+10]))
	}
	acts := NewActivations(f.data, f.n, f.d)
	if _, _, ok := signatures(f.groups, 0, f.n, 1000); !ok {
		t.Fatal("expected few signatures")
	}
	a, err := Aggregate(context.Background(), acts, f.groups, AggregateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Aggregate(context.Background(), acts, f.groups, AggregateOptions{Direct: true})
	if err != nil {
		t.Fatal(err)
	}
	for r := range f.groups {
		checkRow(t, "many groups", a.Row(r), b.Row(r), 1e-6)
	}
	// With an offset not a multiple of 64, signatures of a shard.
	part := NewActivations(f.data[100*f.d:2000*f.d], 1900, f.d)
	c, err := Aggregate(context.Background(), part, f.groups[:10], AggregateOptions{Offset: 100})
	if err != nil {
		t.Fatal(err)
	}
	d, err := Aggregate(context.Background(), part, f.groups[:10], AggregateOptions{Offset: 100, Direct: true})
	if err != nil {
		t.Fatal(err)
	}
	for r := 0; r < 10; r++ {
		checkRow(t, "offset shard", c.Row(r), d.Row(r), 1e-6)
	}
}

func TestAggregateMembersOnly(t *testing.T) {
	f := newAggFixture(8, 4000, 8, 1, 2, 0.01)
	groups := f.groups[1:] // two sparse subsets
	f.data[0] = float32(math.NaN())
	union := groups[0].Clone().Union(groups[1])
	first, _ := union.Next(0)
	f.data[first*f.d+1] = float32(math.Inf(1))
	acts := NewActivations(f.data, f.n, f.d)
	for _, direct := range []bool{false, true} {
		all, err := Aggregate(context.Background(), acts, groups, AggregateOptions{Direct: direct})
		if err != nil {
			t.Fatal(err)
		}
		some, err := Aggregate(context.Background(), acts, groups, AggregateOptions{Direct: direct, MembersOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		for r := range groups {
			checkRow(t, "members only", some.Row(r), all.Row(r), 1e-12)
		}
		if some.Instances() != union.Count() || all.Instances() != f.n {
			t.Errorf("direct=%v: instances %d and %d, want %d and %d", direct, some.Instances(), all.Instances(), union.Count(), f.n)
		}
		n1, i1, _ := all.NonFinite()
		n2, i2, _ := some.NonFinite()
		if n1 != 1 || i1 != 1 || i2 != 1 || (n2 == 1) != union.Has(0) {
			t.Errorf("direct=%v: non-finite all %d/%d, members %d/%d", direct, n1, i1, n2, i2)
		}
	}
}

// TestSignatures64Partition checks that signatures64 puts every instance
// in exactly one signature, whose groups are exactly the instance's, with
// enough distinct patterns (hundreds) to collide in its lookup cache.
func TestSignatures64Partition(t *testing.T) {
	// 12 groups take keyRange's bit loop, 40 and 64 its transpose.
	for _, c := range []struct{ n, ng int }{{6000, 12}, {300_000, 12}, {6000, 40}, {300_000, 64}} { // one range, several in parallel
		n, ng := c.n, c.ng
		const offset = 70
		r := rand.New(rand.NewPCG(5, 9))
		groups := make([]*IndexSet, ng)
		// Many groups: each instance takes one of 700 random patterns
		// (every instance its own pattern would pass the limit).
		patterns := make([]uint64, 700)
		for k := range patterns {
			patterns[k] = r.Uint64() & r.Uint64()
		}
		pat := make([]uint64, n)
		for k := range pat {
			pat[k] = patterns[r.IntN(len(patterns))]
		}
		for g := range groups {
			size := offset + n
			if g == 5 {
				size = offset + n/2 + 13 // a shorter set: no members beyond it
			}
			groups[g] = NewIndexSet(size)
			for i := offset; i < size; i++ {
				if ng <= 16 && r.IntN(2) == 0 || ng > 16 && pat[i-offset]>>uint(g)&1 != 0 {
					groups[g].Add(i)
				}
			}
		}
		groups[3] = nil    // a nil group is empty
		const limit = 4096 // 1<<12, more than the 40 and 64 groups give
		ids, rows, ok := signatures64(groups, offset, n, limit)
		if !ok {
			t.Fatalf("n=%d ng=%d: signatures64 gave up below its limit", n, ng)
		}
		if len(rows) < 300 {
			t.Fatalf("only %d signatures; the test needs many to exercise cache collisions", len(rows))
		}
		if len(ids) != n {
			t.Fatalf("%d ids for %d instances", len(ids), n)
		}
		for k, id := range ids {
			i := offset + k
			var want []int
			for g, set := range groups {
				if set != nil && set.Has(i) {
					want = append(want, g)
				}
			}
			switch {
			case len(want) == 0 && id != 0:
				t.Fatalf("n=%d: instance %d in no group but in signature %d", n, i, id-1)
			case len(want) > 0 && id == 0:
				t.Fatalf("n=%d: instance %d in groups %v but in no signature", n, i, want)
			case len(want) > 0 && fmt.Sprint(rows[id-1]) != fmt.Sprint(want):
				t.Fatalf("n=%d: instance %d in signature %d with groups %v, want %v", n, i, id-1, rows[id-1], want)
			}
		}
		// Signatures are distinct, and numbered the same whatever the
		// number of ranges.
		distinct := map[string]bool{}
		for _, rs := range rows {
			distinct[fmt.Sprint(rs)] = true
		}
		if len(distinct) != len(rows) {
			t.Fatalf("n=%d: %d signatures but %d distinct", n, len(rows), len(distinct))
		}
		prev := runtime.GOMAXPROCS(1)
		one, oneRows, _ := signatures64(groups, offset, n, limit)
		runtime.GOMAXPROCS(prev)
		if fmt.Sprint(oneRows) != fmt.Sprint(rows) || !slices.Equal(one, ids) {
			t.Fatalf("n=%d: signatures numbered differently on one range", n)
		}
		if _, _, ok := signatures64(groups, offset, n, 10); ok {
			t.Error("signatures64 did not give up above its limit")
		}
	}
}

// TestSignaturesGenericMatchesNaive: the generic (> 64 groups) signature
// path numbers signatures in order of first appearance and gives every
// instance the set of its groups, with offsets that are not multiples of
// 64, nil groups and instances in no group.
func TestSignaturesGenericMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	const total = 1000
	groups := make([]*IndexSet, 130)
	for g := range groups {
		if g == 77 {
			continue // nil
		}
		groups[g] = NewIndexSet(total)
		base := g % 5 // few distinct patterns, so the limit is not hit
		for i := range total {
			if (i+base)%7 == 0 || (i%13 == g%13 && r.IntN(2) == 0 && g < 3) {
				groups[g].Add(i)
			}
		}
	}
	for _, c := range [][2]int{{0, total}, {37, 500}, {100, 900}} {
		offset, n := c[0], c[1]
		ids, rows, ok := signatures(groups, offset, n, 1000)
		if !ok {
			t.Fatalf("offset %d: over the limit", offset)
		}
		seen := map[string]int{}
		for k := range n {
			i := offset + k
			var key []int
			for g, set := range groups {
				if set.Has(i) {
					key = append(key, g)
				}
			}
			if len(key) == 0 {
				if ids[k] != 0 {
					t.Fatalf("instance %d in no group has id %d", i, ids[k])
				}
				continue
			}
			ks := fmt.Sprint(key)
			want, ok := seen[ks]
			if !ok {
				want = len(seen) + 1
				seen[ks] = want
			}
			if int(ids[k]) != want || !slices.Equal(rows[want-1], key) {
				t.Fatalf("offset %d instance %d: id %d rows %v, want %d %v", offset, i, ids[k], rows[ids[k]-1], want, key)
			}
		}
		if len(rows) != len(seen) {
			t.Fatalf("%d signatures, want %d", len(rows), len(seen))
		}
	}
}

// TestAggregateOddShapesReference compares Aggregate with the float64
// reference (naive) where the kernel's blocking has edges: row counts that
// are not a multiple of the block or of the eight-row batch, neuron counts
// that are not a multiple of the 8- or 16-wide vector tiles (with tails
// below and above a tile), empty and nil groups, a group holding every
// instance, a one-member group, an Offset into a larger index space, and
// rows with NaN or Inf (skipped per value and counted, as today). Both
// paths (membership sharing and direct) and both block sizes are checked;
// in a GOEXPERIMENT=simd build on an AVX-512 machine the 16-wide kernel
// runs, otherwise the AVX2 or the portable one.
func TestAggregateOddShapesReference(t *testing.T) {
	for _, d := range []int{1, 3, 8, 15, 17, 31, 37, 70, 129} {
		for _, n := range []int{1, 7, 9, 1031} {
			for _, block := range []int{0, 5} {
				for _, direct := range []bool{false, true} {
					for _, set := range []StatSet{StatAll, StatMean, StatMeanStd} {
						name := fmt.Sprintf("n=%d/d=%d/block=%d/direct=%v/%v", n, d, block, direct, set)
						t.Run(name, func(t *testing.T) {
							const offset = 3
							r := rand.New(rand.NewPCG(uint64(n*1000+d), uint64(block)))
							data := make([]float32, n*d)
							for i := range data {
								data[i] = float32(r.NormFloat64()*3 - 0.5)
								if r.IntN(4) == 0 {
									data[i] = 0
								}
							}
							// A few rows with a NaN or an Inf.
							for i := 0; i < n; i += 13 {
								data[i*d+r.IntN(d)] = [...]float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}[i%3]
							}
							total := n + offset + 5
							all, one, empty := NewIndexSet(total), NewIndexSet(total), NewIndexSet(total)
							for i := 0; i < total; i++ {
								all.Add(i)
							}
							one.Add(offset + n/2)
							groups := []*IndexSet{all, empty, one, nil}
							for k := 0; k < 6; k++ {
								g := NewIndexSet(total)
								for i := 0; i < total; i++ {
									if r.Float64() < 0.4 {
										g.Add(i)
									}
								}
								groups = append(groups, g)
							}
							acts := NewActivations(data, n, d)
							acc, err := Aggregate(context.Background(), acts, groups,
								AggregateOptions{Threads: 2, Direct: direct, Offset: offset, block: block, Statistics: set})
							if err != nil {
								t.Fatal(err)
							}
							if acc.Statistics() != set {
								t.Errorf("statistics %v, want %v", acc.Statistics(), set)
							}
							if acc.Instances() != n {
								t.Errorf("instances %d, want %d", acc.Instances(), n)
							}
							for gi, g := range groups {
								// The reference sees the group shifted to the rows of acts.
								local := NewIndexSet(n)
								if g != nil {
									for i := 0; i < n; i++ {
										if g.Has(offset + i) {
											local.Add(i)
										}
									}
								}
								want := naive(data, n, d, local)
								got := acc.Row(gi)
								if want.Count == 0 {
									if got.Count != 0 {
										t.Fatalf("group %d: count %d, want 0", gi, got.Count)
									}
									continue
								}
								checkRowSet(t, fmt.Sprintf("group %d", gi), set, got, want, 1e-5)
							}
						})
					}
				}
			}
		}
	}
}

// checkRowSet is checkRow for the statistics set keeps: the others must
// be nil (read as missing, never as zeros).
func checkRowSet(t *testing.T, name string, set StatSet, got, want RowStats, tol float64) {
	t.Helper()
	switch set {
	case StatAll:
		checkRow(t, name, got, want, tol)
		return
	case StatMean:
		if got.Std != nil {
			t.Fatalf("%s: %v row has Std", name, set)
		}
	case StatMeanStd:
		if len(got.Std) != len(want.Std) {
			t.Fatalf("%s: %v row has %d Std values, want %d", name, set, len(got.Std), len(want.Std))
		}
	}
	if got.Active != nil || got.Min != nil || got.Max != nil {
		t.Fatalf("%s: %v row has Active, Min or Max", name, set)
	}
	if got.Count != want.Count || got.NonFinite != want.NonFinite || len(got.Mean) != len(want.Mean) {
		t.Fatalf("%s: count %d nonfinite %d neurons %d, want %d %d %d", name, got.Count, got.NonFinite, len(got.Mean), want.Count, want.NonFinite, len(want.Mean))
	}
	for j := range want.Mean {
		if !close32(got.Mean[j], want.Mean[j], tol) {
			t.Fatalf("%s: neuron %d mean = %v, want %v", name, j, got.Mean[j], want.Mean[j])
		}
		if got.Std != nil && !close32(got.Std[j], want.Std[j], tol) {
			t.Fatalf("%s: neuron %d std = %v, want %v", name, j, got.Std[j], want.Std[j])
		}
	}
}

// TestAggregateStatSetsNarrowSpread aggregates neurons of mean 100 and
// deviation 0.01 (the case that broke unshifted float32 partial sums) and
// of mean 0 and deviation 1e4, over many blocks, folds and both threads,
// with StatMeanStd and StatMean: means and deviations must match the
// float64 two-pass reference (deviation to 1e-4 relative).
func TestAggregateStatSetsNarrowSpread(t *testing.T) {
	const n, d = 5000, 20
	r := rand.New(rand.NewPCG(11, 12))
	data := make([]float32, n*d)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			if j%2 == 0 {
				data[i*d+j] = float32(100 + 0.01*r.NormFloat64())
			} else {
				data[i*d+j] = float32(1e4 * r.NormFloat64())
			}
		}
	}
	all, half := NewIndexSet(n), NewIndexSet(n)
	for i := 0; i < n; i++ {
		all.Add(i)
		if r.IntN(2) == 0 {
			half.Add(i)
		}
	}
	groups := []*IndexSet{all, half}
	acts := NewActivations(data, n, d)
	for _, set := range []StatSet{StatMean, StatMeanStd} {
		for _, block := range []int{0, 7, 100} {
			acc, err := Aggregate(context.Background(), acts, groups, AggregateOptions{Threads: 2, Statistics: set, Direct: true, block: block})
			if err != nil {
				t.Fatal(err)
			}
			for gi, g := range groups {
				want := naive(data, n, d, g)
				got := acc.Row(gi)
				for j := 0; j < d; j++ {
					// Means: 1e-6 of the value's scale (100, or 1e4/√n·… for the wide neurons).
					scale := math.Max(math.Abs(float64(want.Mean[j])), float64(want.Std[j]))
					if math.Abs(float64(got.Mean[j]-want.Mean[j])) > 1e-6*scale {
						t.Fatalf("%v block %d group %d neuron %d: mean %v, want %v", set, block, gi, j, got.Mean[j], want.Mean[j])
					}
					if set == StatMeanStd && math.Abs(float64(got.Std[j]-want.Std[j])) > 1e-4*float64(want.Std[j]) {
						t.Fatalf("%v block %d group %d neuron %d: std %v, want %v", set, block, gi, j, got.Std[j], want.Std[j])
					}
				}
			}
		}
	}
}

// TestAccumulatorStatSetMismatch checks that merging accumulators of
// different statistics is an ErrMismatch naming both, and that an unknown
// StatSet is refused by Aggregate.
func TestAccumulatorStatSetMismatch(t *testing.T) {
	acts := NewActivations(make([]float32, 4*3), 4, 3)
	g, _ := IndexSetOf(4, 0, 2)
	mean, err := Aggregate(context.Background(), acts, []*IndexSet{g}, AggregateOptions{Statistics: StatMean})
	if err != nil {
		t.Fatal(err)
	}
	all := NewAccumulator(1, 3)
	for _, c := range []struct{ a, b *Accumulator }{{all, mean}, {mean, all}} {
		err := c.a.Merge(c.b)
		if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), "mean") || !strings.Contains(err.Error(), "all") {
			t.Errorf("merge %v into %v: %v, want ErrMismatch naming both", c.b.Statistics(), c.a.Statistics(), err)
		}
	}
	if err := mean.Merge(mean.Clone()); err != nil || mean.Count(0) != 4 {
		t.Errorf("merge of two mean accumulators: %v, count %d, want 4", err, mean.Count(0))
	}
	if _, err := writeAccumulator(zip.NewWriter(io.Discard), "stats/l", mean); !errors.Is(err, ErrMismatch) {
		t.Errorf("writing a mean accumulator into a summary: %v, want ErrMismatch", err)
	}
	if _, err := Aggregate(context.Background(), acts, []*IndexSet{g}, AggregateOptions{Statistics: StatSet(9)}); err == nil {
		t.Error("Aggregate accepted StatSet(9)")
	}
	if err := mean.Add([]float32{1, float32(math.NaN()), 3}, 0); err != nil {
		t.Fatal(err)
	}
	row := mean.Row(0)
	if row.Count != 5 || row.NonFinite != 1 || row.Mean[0] != 0.2 || row.Mean[1] != 0 || row.Std != nil {
		t.Errorf("mean row after Add: %+v", row)
	}
}

// TestAggregateStatSetOverflow checks that values too large for the
// float32 partial sums of StatMean and StatMeanStd make Aggregate fail
// (ErrRange), never return an infinite mean or deviation, while StatAll
// aggregates them.
func TestAggregateStatSetOverflow(t *testing.T) {
	for _, c := range []struct {
		set StatSet
		big float32
	}{{StatMean, 3e37}, {StatMeanStd, 3e19}} {
		const n, d = 300, 5
		data := make([]float32, n*d)
		for i := range data {
			data[i] = 1
			if i/d%2 == 1 && i%d == 3 {
				data[i] = c.big // alternating, so that x−K is large too
			}
		}
		g := NewIndexSet(n).Complement()
		acts := NewActivations(data, n, d)
		for _, direct := range []bool{false, true} {
			_, err := Aggregate(context.Background(), acts, []*IndexSet{g, g}, AggregateOptions{Statistics: c.set, Direct: direct})
			if !errors.Is(err, ErrRange) {
				t.Errorf("%v, values %g, direct %v: %v, want ErrRange", c.set, c.big, direct, err)
			}
		}
		acc, err := Aggregate(context.Background(), acts, []*IndexSet{g}, AggregateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if m := acc.Row(0).Mean[3]; math.IsInf(float64(m), 0) || math.Abs(float64(m)-float64(c.big)/2) > 1e-6*float64(c.big) {
			t.Errorf("StatAll mean of values %g: %v", c.big, m)
		}
	}
}

// TestAggregateInOrderMatchesGather checks StatMean over signatures taken
// in order (blockInOrder: each row checked and added in one pass) against
// the gather path: the same float64 sums to the bit, counts and NaN/Inf
// tallies, with and without MembersOnly, blocks of 7 to 512 rows, and
// non-finite rows among members and non-members. Values span 2^±40, so
// that the float64 sums round and depend on the order of folds and
// non-finite rows.
func TestAggregateInOrderMatchesGather(t *testing.T) {
	for _, tc := range []struct {
		d, block    int
		bad         bool
		membersOnly bool
	}{{512, 0, false, false}, {128, 50, true, false}, {64, 7, true, true}, {64, 0, true, false}, {100, 0, true, false}} {
		n, d := 20000, tc.d
		r := rand.New(rand.NewPCG(3, 4))
		data := make([]float32, n*d)
		for i := range data {
			data[i] = float32(math.Ldexp(r.NormFloat64(), r.IntN(80)-40)) + 3
		}
		if tc.bad {
			for i := 0; i < n; i += 13 {
				data[i*d+5] = float32(math.NaN())
				data[i*d+7] = float32(math.Inf(1))
			}
		}
		acts := NewActivations(data, n, d)
		// Classes, and the instances of each predicted class labelled
		// otherwise: about 100 (label, prediction) signatures.
		label, pred := make([]int, n), make([]int, n)
		for i := range label {
			label[i] = r.IntN(10)
			pred[i] = label[i]
			if r.IntN(5) == 0 {
				pred[i] = r.IntN(10)
			}
		}
		var groups []*IndexSet
		for c := 0; c < 20; c++ {
			g := NewIndexSet(n)
			for i := range label {
				if (c < 10 && label[i] == c && (!tc.membersOnly || i%3 != 0)) || (c >= 10 && pred[i] == c-10 && label[i] != c-10) {
					g.Add(i)
				}
			}
			groups = append(groups, g)
		}
		run := func(gather bool) *Accumulator {
			acc, err := Aggregate(context.Background(), acts, groups, AggregateOptions{
				Statistics: StatMean, Threads: 2, block: tc.block, MembersOnly: tc.membersOnly, gather: gather})
			if err != nil {
				t.Fatal(err)
			}
			return acc
		}
		want, got := run(true), run(false)
		if !slices.Equal(got.sum, want.sum) || !slices.Equal(got.count, want.count) || !slices.Equal(got.bad, want.bad) ||
			got.nan != want.nan || got.inf != want.inf || got.badRows != want.badRows || got.instances != want.instances {
			t.Errorf("%+v: in order differs from gather: nan %d/%d inf %d/%d bad rows %d/%d instances %d/%d",
				tc, got.nan, want.nan, got.inf, want.inf, got.badRows, want.badRows, got.instances, want.instances)
		}
		if tc.bad && want.nan == 0 {
			t.Errorf("%+v: no NaN counted", tc)
		}
	}
}
