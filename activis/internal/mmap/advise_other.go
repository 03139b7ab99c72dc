//go:build !linux

package mmap

// Sequential does nothing where madvise is not available through the
// syscall package.
func Sequential([]byte) {}

// Release does nothing where madvise is not available through the syscall
// package; the resident set then grows with the pages read.
func Release([]byte, int, int) {}

// TotalMemory is not read here (0).
func TotalMemory() int64 { return 0 }
