package mmap

import (
	"os"
	"syscall"
)

// Sequential tells the kernel the mapping will be read front to back.
func Sequential(b []byte) {
	if len(b) > 0 {
		_ = syscall.Madvise(b, syscall.MADV_SEQUENTIAL)
	}
}

// Release drops the resident pages wholly inside b[lo:hi] from this
// process's mapping; they stay in the page cache and fault back in if read
// again, so this only lowers the resident set.
func Release(b []byte, lo, hi int) {
	ps := os.Getpagesize()
	lo = (lo + ps - 1) / ps * ps
	hi = hi / ps * ps
	if lo >= hi || hi > len(b) {
		return
	}
	_ = syscall.Madvise(b[lo:hi], syscall.MADV_DONTNEED)
}

// TotalMemory returns the machine's physical memory in bytes (0 when it
// cannot be read).
func TotalMemory() int64 {
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return 0
	}
	return int64(si.Totalram) * int64(si.Unit)
}
