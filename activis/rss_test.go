package activis

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestScanLargeFileRSS scans a large .npy named by ACTIVIS_BIG_NPY (e.g.
// one of 4 GB made with numpy.lib.format.open_memmap) and checks that the
// process's peak resident set stays under 200 MB: Scan must stream the map,
// not keep it resident. It is skipped unless the variable is set.
func TestScanLargeFileRSS(t *testing.T) {
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
	var s float64
	if err := a.Scan(0, a.Len(), 0, func(_ int, rows []float32) error {
		s += sumRow(rows)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	hwm := peakRSS(t)
	t.Logf("%s: %d × %d (%d MB), sum %g, peak RSS %d MB", path, a.Len(), a.Dim(), 4*a.Len()*a.Dim()>>20, s, hwm>>20)
	if hwm > 200<<20 {
		t.Errorf("peak RSS %d MB, want under 200 MB", hwm>>20)
	}
}

// peakRSS reads VmHWM from /proc/self/status, in bytes.
func peakRSS(t *testing.T) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no VmHWM")
	return 0
}
