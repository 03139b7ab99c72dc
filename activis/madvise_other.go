//go:build !linux

package activis

// adviseSequential does nothing where madvise is not available through
// the syscall package.
func adviseSequential([]byte) {}

// releasePages does nothing where madvise is not available through the
// syscall package; the resident set then grows with the pages read.
func releasePages([]byte, int, int) {}

// totalMemory is not read here (0): the default release size is 256 MB.
func totalMemory() int64 { return 0 }
