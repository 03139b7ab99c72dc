package activis

import (
	"os"
	"syscall"
)

// adviseSequential tells the kernel the mapping will be read front to back.
func adviseSequential(b []byte) {
	if len(b) > 0 {
		_ = syscall.Madvise(b, syscall.MADV_SEQUENTIAL)
	}
}

// releasePages drops the resident pages wholly inside b[lo:hi] from this
// process's mapping; they stay in the page cache and fault back in if read
// again, so this only lowers the resident set.
func releasePages(b []byte, lo, hi int) {
	ps := os.Getpagesize()
	lo = (lo + ps - 1) / ps * ps
	hi = hi / ps * ps
	if lo >= hi || hi > len(b) {
		return
	}
	_ = syscall.Madvise(b[lo:hi], syscall.MADV_DONTNEED)
}

// totalMemory returns the machine's physical memory in bytes (0 when it
// cannot be read).
func totalMemory() int64 {
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return 0
	}
	return int64(si.Totalram) * int64(si.Unit)
}
