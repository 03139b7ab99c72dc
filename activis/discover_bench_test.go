package activis

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// benchDiscoverInstances returns n instances of 10 classes (10% errors)
// with 10 numeric and 10 categorical attributes (5 values each) and a
// planted 3% slice, as in the README's discovery figures.
func benchDiscoverInstances(n int) *Instances {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	classes := make([]string, 10)
	for c := range classes {
		classes[c] = fmt.Sprintf("c%d", c)
	}
	in := NewInstances(classes, n)
	levels := []string{"v0", "v1", "v2", "v3", "v4"}
	cats := make([][]string, 10)
	for a := range cats {
		cats[a] = make([]string, n)
	}
	nums := make([][]float64, 10)
	for a := range nums {
		nums[a] = make([]float64, n)
	}
	for i := range n {
		l := rng.IntN(10)
		p := l
		if rng.Float64() < 0.1 {
			p = (l + 1 + rng.IntN(9)) % 10
		}
		for a := range cats {
			cats[a][i] = levels[rng.IntN(5)]
		}
		for a := range nums {
			nums[a][i] = rng.NormFloat64()
		}
		if rng.Float64() < 0.03 {
			cats[0][i] = "planted"
			l = (p + 1 + rng.IntN(9)) % 10
		}
		in.Labels[i], in.Predicted[i] = l, p
	}
	for a := range cats {
		_ = in.SetText(fmt.Sprintf("k%d", a), cats[a], true)
	}
	for a := range nums {
		_ = in.SetNumeric(fmt.Sprintf("x%d", a), nums[a])
	}
	return in
}

// BenchmarkDiscover: slices of up to two predicates over 20 attributes
// and the true class (BenchmarkDiscoverBitmap is the baseline).
func BenchmarkDiscover(b *testing.B) {
	for _, n := range []int{1e5, 1e6} {
		r, err := NewRun(benchDiscoverInstances(n), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				d, err := Discover(r, DiscoverOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if d.Slices[0].Expr != `text("k0") == "planted"` {
					b.Fatalf("top slice %q", d.Slices[0].Name)
				}
			}
		})
	}
}

// BenchmarkDiscoverBitmap is the baseline for BenchmarkDiscover: the same
// counts of every predicate and pair of predicates from bitmaps (one per
// predicate, built from the same codes) intersected and counted with
// popcounts, instead of Discover's one pass over the instances.
func BenchmarkDiscoverBitmap(b *testing.B) {
	for _, n := range []int{1e5, 1e6} {
		in := benchDiscoverInstances(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				opt := DiscoverOptions{}.withDefaults()
				feats, fillers, err := discoverFeatures(in, opt)
				if err != nil {
					b.Fatal(err)
				}
				F := len(feats)
				words := (n + 63) / 64
				var maps [][]uint64
				var featOf []int
				first := make([]int, F)
				for f := range feats {
					first[f] = len(maps)
					for range feats[f].levels {
						maps = append(maps, make([]uint64, words))
						featOf = append(featOf, f)
					}
				}
				wrong := make([]uint64, words)
				codes := make([]int16, discoverBlock*F)
				for lo := 0; lo < n; lo += discoverBlock {
					hi := min(lo+discoverBlock, n)
					for _, fl := range fillers {
						fl(codes, F, lo, hi)
					}
					for i := lo; i < hi; i++ {
						if in.Labels[i] != in.Predicted[i] {
							wrong[i/64] |= 1 << (i % 64)
						}
						for f := range F {
							if c := codes[(i-lo)*F+f]; c >= 0 {
								maps[first[f]+int(c)][i/64] |= 1 << (i % 64)
							}
						}
					}
				}
				var sink int
				for a := range maps {
					for c := a + 1; c < len(maps); c++ {
						if featOf[a] == featOf[c] {
							continue
						}
						ma, mc := maps[a], maps[c]
						var cnt, errs int
						for w := range ma {
							x := ma[w] & mc[w]
							cnt += bits.OnesCount64(x)
							errs += bits.OnesCount64(x & wrong[w])
						}
						sink += cnt + errs
					}
				}
				_ = sink
			}
		})
	}
}
