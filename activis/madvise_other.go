//go:build !linux

package activis

// adviseSequential does nothing where madvise is not available through
// the syscall package.
func adviseSequential([]byte) {}

// releasePages does nothing where madvise is not available through the
// syscall package; the resident set then grows with the pages read.
func releasePages([]byte, int, int) {}
