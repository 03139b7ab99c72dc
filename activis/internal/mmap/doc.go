// Package mmap maps files read-only into memory and advises the kernel on
// how the mapping will be read. It is the one place of package activis that
// speaks to the operating system about memory: [Map] (a shared read-only
// mapping, or a plain read where mapping is not available), [Sequential]
// (read-ahead for a front-to-back pass), [Release] (drop resident pages
// behind a scan of a file larger than memory) and [TotalMemory].
package mmap
