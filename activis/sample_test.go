package activis

import (
	"reflect"
	"sort"
	"testing"
)

func sampleInstances(counts []int, unknown int) *Instances {
	n := unknown
	for _, c := range counts {
		n += c
	}
	in := NewInstances([]string{"a", "b", "c", "d"}[:len(counts)], n)
	i := 0
	for c, k := range counts {
		for ; k > 0; k-- {
			in.Labels[i] = c
			i++
		}
	}
	return in
}

func TestStratifiedSample(t *testing.T) {
	for _, test := range []struct {
		name      string
		counts    []int
		unknown   int
		size      int
		include   []int
		wantClass []int // sampled per class (then unknown)
	}{
		{name: "all fit", counts: []int{3, 4}, size: 10, wantClass: []int{3, 4, 0}},
		{name: "equal shares", counts: []int{100, 100, 100}, size: 30, wantClass: []int{10, 10, 10, 0}},
		{name: "rare class kept whole", counts: []int{1000, 5, 1000}, size: 105, wantClass: []int{50, 5, 50, 0}},
		{name: "unknown labels are a stratum", counts: []int{500, 500}, unknown: 500, size: 60, wantClass: []int{20, 20, 20}},
		{name: "include on top", counts: []int{100, 100}, size: 10, include: []int{0, 1, 2, 3, 4, 5, 6, 7, 199, 5000}, wantClass: nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			in := sampleInstances(test.counts, test.unknown)
			opt := SampleOptions{Size: test.size, Seed: 42, Include: test.include}
			s := StratifiedSample(in, opt)
			if !sort.IntsAreSorted(s) {
				t.Errorf("not ascending: %v", s)
			}
			seen := map[int]bool{}
			for _, i := range s {
				if seen[i] || i < 0 || i >= in.Len() {
					t.Fatalf("bad or repeated index %d", i)
				}
				seen[i] = true
			}
			for _, i := range test.include {
				if i < in.Len() && !seen[i] {
					t.Errorf("included instance %d missing", i)
				}
			}
			if test.wantClass != nil {
				got := make([]int, len(test.counts)+1)
				for _, i := range s {
					l := in.Labels[i]
					if l < 0 {
						l = len(test.counts)
					}
					got[l]++
				}
				if !reflect.DeepEqual(got[:len(test.wantClass)], test.wantClass) {
					t.Errorf("per class %v, want %v", got, test.wantClass)
				}
			} else if len(s) > test.size+len(test.include) || len(s) < test.size {
				t.Errorf("size %d out of bounds", len(s))
			}
			// Deterministic for the seed, different for another seed.
			if again := StratifiedSample(in, opt); !reflect.DeepEqual(again, s) {
				t.Error("same seed, different sample")
			}
			if in.Len() > 4*test.size {
				opt.Seed++
				if other := StratifiedSample(in, opt); reflect.DeepEqual(other, s) {
					t.Error("another seed gave the same sample")
				}
			}
		})
	}
}
