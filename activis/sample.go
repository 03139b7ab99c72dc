package activis

import (
	"math/rand/v2"
	"sort"
)

// DefaultSampleSize is the number of instances Explorer samples for the
// instance-level views when SampleOptions.Size is 0.
const DefaultSampleSize = 5000

// SampleOptions configures StratifiedSample.
type SampleOptions struct {
	// Size bounds the number of sampled instances (0: DefaultSampleSize);
	// Include comes on top of it.
	Size int
	// Seed makes the sample reproducible: the same instances, options and
	// seed give the same sample.
	Seed uint64
	// Include lists instances that are always in the sample (e.g. the ones
	// the user added as rows). Out-of-range indices are ignored.
	Include []int
}

// StratifiedSample returns a bounded sample of instance indices, ascending,
// stratified by true class: every class (and the instances with an unknown
// label, as one more stratum) gets an equal share of Size, and the share a
// small class cannot use is spread over the others, so rare classes are
// fully present while large ones are subsampled. Within a class the
// instances are drawn uniformly at random with the seed. The instances in
// opt.Include are always part of the result. When there are at most Size
// instances, all are returned.
func StratifiedSample(in *Instances, opt SampleOptions) []int {
	n := in.Len()
	size := opt.Size
	if size <= 0 {
		size = DefaultSampleSize
	}
	picked := make(map[int]bool, len(opt.Include))
	for _, i := range opt.Include {
		if i >= 0 && i < n {
			picked[i] = true
		}
	}
	if n <= size {
		return identity(n)
	}
	// Strata: classes in order, then unknown labels.
	c := len(in.Classes)
	strata := make([][]int, c+1)
	for i := 0; i < n; i++ {
		l := in.Labels[i]
		if l < 0 || l >= c {
			l = c
		}
		strata[l] = append(strata[l], i)
	}
	quota := waterFill(strata, size)
	r := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	for s, members := range strata {
		q := quota[s]
		if q >= len(members) {
			for _, i := range members {
				picked[i] = true
			}
			continue
		}
		// Partial Fisher–Yates on a copy: the first q are a uniform sample.
		m := append([]int(nil), members...)
		for k := 0; k < q; k++ {
			j := k + r.IntN(len(m)-k)
			m[k], m[j] = m[j], m[k]
			picked[m[k]] = true
		}
	}
	out := make([]int, 0, len(picked))
	for i := range picked {
		out = append(out, i)
	}
	sort.Ints(out)
	return out
}

// waterFill splits size over the strata as equally as possible, no
// stratum getting more than it has.
func waterFill(strata [][]int, size int) []int {
	quota := make([]int, len(strata))
	open := 0
	for _, s := range strata {
		if len(s) > 0 {
			open++
		}
	}
	left := size
	for left > 0 && open > 0 {
		share := max(left/open, 1)
		progressed := false
		for k, s := range strata {
			if left == 0 {
				break
			}
			room := len(s) - quota[k]
			if room <= 0 {
				continue
			}
			add := min(share, room, left)
			quota[k] += add
			left -= add
			progressed = true
			if quota[k] == len(s) {
				open--
			}
		}
		if !progressed {
			break
		}
	}
	return quota
}
