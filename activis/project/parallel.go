package project

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// threadsOrDefault returns t when positive and GOMAXPROCS otherwise.
func threadsOrDefault(t int) int {
	if t > 0 {
		return t
	}
	return runtime.GOMAXPROCS(0)
}

// parallelFor calls fn on consecutive chunks [lo, hi) that cover [0, n),
// from up to threads goroutines. Chunks are handed out dynamically, so fn must
// only write state owned by its own indices; every caller in this package
// does, which is what keeps the results independent of scheduling.
func parallelFor(n, threads, chunk int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	if chunk < 1 {
		chunk = 1
	}
	if threads <= 1 || n <= chunk {
		for lo := 0; lo < n; lo += chunk {
			fn(lo, min(lo+chunk, n))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := min(threads, (n+chunk-1)/chunk)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				fn(lo, min(lo+chunk, n))
			}
		}()
	}
	wg.Wait()
}
