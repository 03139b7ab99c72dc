package activis

// Progress receives progress reports from long operations such as running a
// model, aggregating activations or computing a projection. Implementations
// must be safe for concurrent use; a notebook host shows them as a bar that
// updates in place.
type Progress interface {
	// Step reports that done of total units of the named task are finished.
	// A report with done == total ends the task.
	Step(task string, done, total int)
}

// ProgressFunc adapts an ordinary function to the Progress interface.
type ProgressFunc func(task string, done, total int)

// Step calls f(task, done, total).
func (f ProgressFunc) Step(task string, done, total int) { f(task, done, total) }

// report sends a progress report to p when p is not nil.
func report(p Progress, task string, done, total int) {
	if p != nil {
		p.Step(task, done, total)
	}
}
