package gosession

import (
	"reflect"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/kernel/gosession/symbols"
	"github.com/activis-go/activis/widgets/display"
)

// activisPath is the import path of the ActiVis library in interpreted code.
const activisPath = "github.com/activis-go/activis/activis"

// activisExports binds the ActiVis constructors of interpreted code to this
// session: the models LoadONNX returns and the explorers NewExplorer
// returns report their progress (model runs, aggregation, t-SNE) to the
// session, which shows a bar in the running cell's output. A cell can
// still set the Progress field itself (nil silences it).
func (s *Session) activisExports() map[string]reflect.Value {
	exp := map[string]reflect.Value{}
	for k, v := range symbols.Symbols[activisPath+"/activis"] {
		exp[k] = v
	}
	var prog activis.Progress = sessionProgress{s}
	exp["LoadONNX"] = reflect.ValueOf(func(path string) (*activis.Model, error) {
		m, err := activis.LoadONNX(path)
		if m != nil {
			m.Progress = prog
		}
		return m, err
	})
	exp["NewExplorer"] = reflect.ValueOf(func(m *activis.Model, r *activis.Run) *activis.Explorer {
		ex := activis.NewExplorer(m, r)
		if ex != nil {
			ex.Progress = prog
		}
		return ex
	})
	return exp
}

// sessionProgress is the activis.Progress of a session: each report goes
// to a bar of the running (or latest) cell, one bar per task.
type sessionProgress struct{ s *Session }

// Step shows the report in the cell's bar for task, creating the bar on
// the task's first report in the cell (or after the task finished).
func (p sessionProgress) Step(task string, done, total int) {
	c := p.s.cell()
	if c == nil {
		return
	}
	c.progressBar(task, done, total).Step("", done, total)
}

// taskBar is an automatic progress bar of a cell.
type taskBar struct {
	bar      *display.ProgressBar
	finished bool
}

// progressBar returns the bar of task in the cell, a new one on the task's
// first report or when its previous run finished.
func (c *cell) progressBar(task string, done, total int) *display.ProgressBar {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.bars[task]
	if b == nil || (b.finished && (total <= 0 || done < total)) {
		b = &taskBar{bar: c.host.Progress(task)}
		if c.bars == nil {
			c.bars = map[string]*taskBar{}
		}
		c.bars[task] = b
	}
	if total > 0 && done >= total {
		b.finished = true
	}
	return b.bar
}
