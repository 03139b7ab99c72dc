package activis

import (
	"context"
	"math/rand/v2"
	"os"
	"testing"
)

// TestAggregateLargeFileRSS aggregates a large memory-mapped .npy named by
// ACTIVIS_BIG_NPY into 10 class-like groups and 50 random subsets, and
// checks that the process's peak resident set stays under 200 MB. Skipped
// unless the variable is set. To measure (the file is 4 GB; delete it
// afterwards):
//
//	/usr/bin/python3 -c 'import numpy as np; m = np.lib.format.open_memmap("/tmp/big.npy", "w+", np.float32, (2097152, 512))
//	for i in range(0, len(m), 65536): m[i:i+65536] = np.random.default_rng(i).standard_normal((65536, 512), np.float32)
//	m.flush()'
//	ACTIVIS_BIG_NPY=/tmp/big.npy go test -run LargeFileRSS -v ./activis/; rm /tmp/big.npy
func TestAggregateLargeFileRSS(t *testing.T) {
	path := os.Getenv("ACTIVIS_BIG_NPY")
	if path == "" {
		t.Skip("set ACTIVIS_BIG_NPY to a large .npy file to run")
	}
	a, err := LoadActivations(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	// A file that fits in memory stays mapped between passes by default;
	// streaming (what a file larger than memory gets) is forced here.
	a.SetReleaseAbove(64 << 20)
	n := a.Len()
	r := rand.New(rand.NewPCG(1, 1))
	var groups []*IndexSet
	for c := 0; c < 10; c++ {
		groups = append(groups, NewIndexSet(n))
	}
	for i := 0; i < n; i++ {
		groups[r.IntN(10)].Add(i)
	}
	for s := 0; s < 50; s++ {
		g := NewIndexSet(n)
		for i := 0; i < n; i++ {
			if r.IntN(20) == 0 {
				g.Add(i)
			}
		}
		groups = append(groups, g)
	}
	acc, err := Aggregate(context.Background(), a, groups, AggregateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	hwm := peakRSS(t)
	t.Logf("%s: %d × %d (%d MB), 60 groups, row 0 count %d, peak RSS %d MB",
		path, n, a.Dim(), int64(4*n)*int64(a.Dim())>>20, acc.Count(0), hwm>>20)
	if hwm > 200<<20 {
		t.Errorf("peak RSS %d MB, want under 200 MB", hwm>>20)
	}
}
