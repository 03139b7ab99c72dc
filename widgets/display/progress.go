package display

import (
	"fmt"
	"html"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// ProgressBar shows the progress of long operations as an HTML bar that is
// updated in place (update_display_data). It implements activis.Progress and
// is safe for concurrent use. Updates are throttled to one per Interval;
// the first report and the final one of each task (done == total) are
// always shown; the final one says how long the bar ran since its first
// report.
type ProgressBar struct {
	// Interval is the minimum time between two updates (default 200 ms).
	Interval time.Duration

	pub   Publisher
	title string
	id    string
	now   func() time.Time

	mu    sync.Mutex
	shown bool
	start time.Time // the first report
	last  time.Time
}

// NewProgressBar returns a bar titled title on pub. Nothing is shown until
// the first Step.
func NewProgressBar(pub Publisher, title string) *ProgressBar {
	if pub == nil {
		pub = nopPublisher{}
	}
	return &ProgressBar{Interval: 200 * time.Millisecond, pub: pub, title: title, id: uuid.NewString(), now: time.Now}
}

// Step reports that done of total units of task are finished.
func (p *ProgressBar) Step(task string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	final := total > 0 && done >= total
	if p.shown && !final && now.Sub(p.last) < p.Interval {
		return
	}
	if !p.shown {
		p.start = now
	}
	elapsed := time.Duration(-1)
	if final {
		elapsed = now.Sub(p.start)
	}
	b := progressBundle(p.title, task, done, total, elapsed)
	b.DisplayID = p.id
	if !p.shown {
		p.shown = true
		_ = p.pub.Display(b)
	} else {
		_ = p.pub.Update(b)
	}
	p.last = now
}

// progressBundle renders one state of the bar as HTML and text; a
// non-negative elapsed time is shown after the count.
func progressBundle(title, task string, done, total int, elapsed time.Duration) Bundle {
	frac := 0.0
	if total > 0 {
		frac = min(max(float64(done)/float64(total), 0), 1)
	}
	label := title
	if task != "" {
		if label != "" {
			label += ": "
		}
		label += task
	}
	count := fmt.Sprintf("%d/%d", done, total)
	if total <= 0 {
		count = fmt.Sprint(done)
	}
	if elapsed >= 0 {
		count += " in " + roundDuration(elapsed).String()
	}
	const width = 30
	n := int(frac * width)
	text := fmt.Sprintf("%s [%s%s] %3.0f%% %s", label, strings.Repeat("#", n), strings.Repeat(".", width-n), frac*100, count)
	htm := fmt.Sprintf(`<div style="font-family:monospace;display:flex;gap:.6em;align-items:center">`+
		`<span>%s</span><progress value="%d" max="%d" style="width:16em"></progress><span>%3.0f%% %s</span></div>`,
		html.EscapeString(label), done, max(total, 1), frac*100, count)
	return Bundle{Data: map[string]any{"text/html": htm, "text/plain": text}}
}

// roundDuration rounds d for display: milliseconds below a second, tenths
// of a second below a minute, seconds above.
func roundDuration(d time.Duration) time.Duration {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond)
	case d < time.Minute:
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}
