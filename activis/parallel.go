package activis

import (
	"errors"
	"sync"
	"sync/atomic"
)

// inParallel runs the batches 0..nb-1 on up to workers goroutines (at least
// one). start is called once in each goroutine and returns the function
// that runs one batch there, so that a goroutine keeps its own executor and
// buffers. After a batch fails no new batch starts; the errors are joined.
func inParallel(nb, workers int, start func() func(b int) error) error {
	workers = max(1, min(workers, nb))
	var next atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run := start()
			for {
				b := int(next.Add(1) - 1)
				if b >= nb {
					return
				}
				if err := run(b); err != nil {
					errs[w] = err
					next.Store(int64(nb))
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
