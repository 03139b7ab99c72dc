package activis

import (
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// minorFaults returns the calling thread's minor page faults so far.
func minorFaults(t *testing.T) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		t.Skipf("getrusage: %v", err)
	}
	return ru.Minflt
}

// TestScanKeepsMidSizeFile: a second Scan of a mapped file that fits in
// memory does not fault its pages in again (they stay mapped), while a file
// over the release size (forced small here, as for a file larger than
// memory) has them dropped behind each Scan and faulted back in. Faults are
// counted on the scanning thread (getrusage RUSAGE_THREAD, minor faults:
// the page cache keeps the file either way, so mincore cannot tell the two
// apart; what MADV_DONTNEED drops is the process's mapping).
func TestScanKeepsMidSizeFile(t *testing.T) {
	const n, d = 8192, 1024 // 32 MB, 8192 pages of 4 KB
	vals := make([]float32, n*d)
	for i := range vals {
		vals[i] = float32(i % 97)
	}
	path := filepath.Join(t.TempDir(), "mid.npy")
	if err := SaveNPY(path, NewActivations(vals, n, d)); err != nil {
		t.Fatal(err)
	}
	pages := int64(n * d * 4 / 4096)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	scan := func(a *Activations) int64 {
		f0 := minorFaults(t)
		var s float64
		if err := a.Scan(0, a.Len(), 0, func(_ int, rows []float32) error {
			for k := 0; k < len(rows); k += 1024 { // one value per 4 KB page
				s += float64(rows[k])
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if s < 0 {
			t.Log(s)
		}
		return minorFaults(t) - f0
	}
	for _, c := range []struct {
		name         string
		releaseAbove int64
		keep         bool
	}{
		{"default (fits in memory)", 0, true},
		{"release above 1 MB (as a huge file)", 1 << 20, false},
		{"never release", -1, true},
	} {
		a, err := LoadActivations(path)
		if err != nil {
			t.Fatal(err)
		}
		a.SetReleaseAbove(c.releaseAbove)
		if got := a.dropBehind(); got == c.keep {
			t.Fatalf("%s: dropBehind %v", c.name, got)
		}
		first := scan(a)
		second := scan(a)
		a.Close()
		t.Logf("%s: %d pages, faults on the first pass %d, on the second %d", c.name, pages, first, second)
		// Linux maps up to 16 pages per fault of a file mapping
		// (fault-around), so a pass over 8192 pages takes about 512.
		if first < pages/64 {
			t.Fatalf("%s: first pass faulted %d of %d pages: the fault count does not measure the mapping", c.name, first, pages)
		}
		if c.keep && second > first/20 {
			t.Errorf("%s: second pass faulted %d pages again, want (almost) none", c.name, second)
		}
		if !c.keep && second < first/2 {
			t.Errorf("%s: second pass faulted only %d times (first %d): pages were not dropped behind the first", c.name, second, first)
		}
	}
	if DefaultReleaseAbove() < 64<<20 {
		t.Errorf("DefaultReleaseAbove %d: under 64 MB", DefaultReleaseAbove())
	}
}
