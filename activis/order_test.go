package activis

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

func statsOf(rows map[string][]float32, order ...string) *Stats {
	s := &Stats{Layer: "l"}
	for _, name := range order {
		m := rows[name]
		s.Neurons = len(m)
		s.Rows = append(s.Rows, RowStats{Name: name, Mean: m})
	}
	return s
}

func TestOrderings(t *testing.T) {
	nan := float32(math.NaN())
	s := statsOf(map[string][]float32{
		"a": {1, 5, 3, nan, 3},
		"b": {1, 0, 4, 2, 0},
	}, "a", "b")
	for _, test := range []struct {
		by   Ordering
		want []int
	}{
		{Ordering{}, []int{0, 1, 2, 3, 4}},
		{ByRow("a"), []int{1, 2, 4, 0, 3}}, // NaN last, ties stable
		{ByRow("b"), []int{2, 3, 0, 1, 4}},
		{ByDifference("a", "b"), []int{1, 4, 0, 2, 3}},
		{ByVariance(), []int{1, 4, 2, 0, 3}}, // var: 6.25, 2.25, .25, 0, 0 (one row only)
	} {
		t.Run(test.by.String(), func(t *testing.T) {
			got, err := s.Order(test.by)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, test.want) {
				t.Errorf("order %v, want %v", got, test.want)
			}
		})
	}
	if _, err := s.Order(ByRow("c")); !errors.Is(err, ErrUnknownRow) {
		t.Errorf("unknown row: %v", err)
	}
	if _, err := s.Order(ByDifference("a", "zz")); !errors.Is(err, ErrUnknownRow) {
		t.Errorf("unknown second row: %v", err)
	}
}

// naiveUPGMA clusters by repeatedly merging the closest pair, with the
// average distance over all member pairs computed from scratch.
func naiveUPGMA(d [][]float64) [][2][]int {
	clusters := [][]int{}
	for i := range d {
		clusters = append(clusters, []int{i})
	}
	var merges [][2][]int
	for len(clusters) > 1 {
		ba, bb, best := -1, -1, math.Inf(1)
		for a := range clusters {
			for b := a + 1; b < len(clusters); b++ {
				var s float64
				for _, i := range clusters[a] {
					for _, j := range clusters[b] {
						s += d[i][j]
					}
				}
				s /= float64(len(clusters[a]) * len(clusters[b]))
				if s < best {
					ba, bb, best = a, b, s
				}
			}
		}
		merges = append(merges, [2][]int{clusters[ba], clusters[bb]})
		m := append(append([]int(nil), clusters[ba]...), clusters[bb]...)
		clusters = append(clusters[:bb], clusters[bb+1:]...)
		clusters[ba] = m
	}
	return merges
}

func sortedSet(x []int) []int {
	y := append([]int(nil), x...)
	sort.Ints(y)
	return y
}

func randomProfiles(seed uint64, n, k int) [][]float64 {
	r := rand.New(rand.NewPCG(seed, 3))
	p := make([][]float64, n)
	for i := range p {
		p[i] = make([]float64, k)
		for j := range p[i] {
			p[i][j] = r.NormFloat64()
		}
	}
	return p
}

func TestAverageLinkageMatchesNaive(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		d := euclidean(randomProfiles(seed, 12, 4))
		tree := averageLinkage(d)
		// Leaves under each merge, as sets, must match the naive merges
		// (as a set of clusters: NN-chain may merge in another order).
		spans := map[string]bool{}
		order, lo, hi := tree.leafSpans()
		for v := tree.n; v <= tree.root(); v++ {
			spans[key(sortedSet(order[lo[v]:hi[v]]))] = true
		}
		for _, m := range naiveUPGMA(d) {
			c := sortedSet(append(append([]int(nil), m[0]...), m[1]...))
			if !spans[key(c)] {
				t.Errorf("seed %d: naive cluster %v missing from the NN-chain tree", seed, c)
			}
		}
	}
}

func key(x []int) string {
	b := make([]byte, 0, 3*len(x))
	for _, v := range x {
		b = append(b, byte(v), ',')
	}
	return string(b)
}

func pathLength(order []int, d [][]float64) float64 {
	var s float64
	for k := 1; k < len(order); k++ {
		s += d[order[k-1]][order[k]]
	}
	return s
}

// allFlips enumerates every leaf order the dendrogram allows.
func allFlips(t *dendrogram, v int) [][]int {
	l, r, ok := t.children(v)
	if !ok {
		return [][]int{{v}}
	}
	var out [][]int
	for _, a := range allFlips(t, l) {
		for _, b := range allFlips(t, r) {
			out = append(out, append(append([]int(nil), a...), b...))
			out = append(out, append(append([]int(nil), b...), a...))
		}
	}
	return out
}

func TestOptimalLeafOrderIsOptimal(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		n := 3 + int(seed)%6
		d := euclidean(randomProfiles(seed, n, 3))
		tree := averageLinkage(d)
		got := optimalLeafOrder(tree, d)
		if !reflect.DeepEqual(sortedSet(got), identity(n)) {
			t.Fatalf("seed %d: %v is not a permutation", seed, got)
		}
		best := math.Inf(1)
		valid := false
		for _, o := range allFlips(tree, tree.root()) {
			best = math.Min(best, pathLength(o, d))
			if reflect.DeepEqual(o, got) {
				valid = true
			}
		}
		if !valid {
			t.Errorf("seed %d: order %v is not one the dendrogram allows", seed, got)
		}
		if c := pathLength(got, d); math.Abs(c-best) > 1e-9 {
			t.Errorf("seed %d: cost %v, optimum %v", seed, c, best)
		}
		greedy := greedyLeafOrder(tree, d)
		if pathLength(greedy, d) < best-1e-9 {
			t.Errorf("seed %d: greedy beats the optimum", seed)
		}
	}
}

func TestClusteredGroupsSimilarNeurons(t *testing.T) {
	// Two families of neurons with distinct profiles, interleaved: the
	// clustered order must keep each family contiguous.
	rows := map[string][]float32{"r0": {}, "r1": {}, "r2": {}}
	for j := 0; j < 40; j++ {
		f := float32(j % 2)
		jit := float32(j) * 1e-3
		rows["r0"] = append(rows["r0"], 10*f+jit)
		rows["r1"] = append(rows["r1"], 10*(1-f)+jit)
		rows["r2"] = append(rows["r2"], 5+jit)
	}
	s := statsOf(rows, "r0", "r1", "r2")
	o, err := s.Order(Clustered())
	if err != nil {
		t.Fatal(err)
	}
	switches := 0
	for k := 1; k < len(o); k++ {
		if o[k]%2 != o[k-1]%2 {
			switches++
		}
	}
	if switches != 1 || !reflect.DeepEqual(sortedSet(o), identity(40)) {
		t.Errorf("clustered order %v switches family %d times, want 1", o, switches)
	}
	// Greedy path (above the optimal-leaf limit) on the same data.
	g := greedyLeafOrder(averageLinkage(euclidean(s.profiles())), euclidean(s.profiles()))
	switches = 0
	for k := 1; k < len(g); k++ {
		if g[k]%2 != g[k-1]%2 {
			switches++
		}
	}
	if switches != 1 {
		t.Errorf("greedy order switches family %d times, want 1", switches)
	}
}

func TestNeuronReport(t *testing.T) {
	all := RowStats{
		Count:  10,
		Mean:   []float32{0, 1, 0.5, 3, float32(math.NaN())},
		Std:    []float32{0, 1e-6, 0.2, 1, float32(math.NaN())},
		Active: []float32{0, 1, 0.5, 0.9, float32(math.NaN())},
		Min:    []float32{-1, 0.99, 0, -1, float32(math.NaN())},
		Max:    []float32{0, 1.01, 1, 5, float32(math.NaN())},
	}
	rep := reportFromRow("fc1", all)
	if !reflect.DeepEqual(rep.Dead, []int{0}) || !reflect.DeepEqual(rep.Saturated, []int{1}) {
		t.Errorf("dead %v saturated %v, want [0] [1]", rep.Dead, rep.Saturated)
	}
}
