package display

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/activis-go/activis/activis"
)

// pubRecorder is a Publisher that keeps what it is sent.
type pubRecorder struct {
	mu       sync.Mutex
	displays []Bundle
	updates  []Bundle
	clears   []bool
	err      error
}

func (p *pubRecorder) Display(b Bundle) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.displays = append(p.displays, b)
	return p.err
}

func (p *pubRecorder) Update(b Bundle) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.updates = append(p.updates, b)
	return p.err
}

func (p *pubRecorder) Clear(wait bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clears = append(p.clears, wait)
	return p.err
}

func TestHost(t *testing.T) {
	pub := &pubRecorder{}
	h := &Host{Pub: pub, Converters: []Converter{func(v any, _ Publisher) (Bundle, bool) {
		if s, ok := v.(string); ok && s == "special" {
			return Bundle{Data: map[string]any{"text/plain": "converted"}}, true
		}
		return Bundle{}, false
	}}}
	id := h.Display("special")
	h.Update(id, HTML("<p>"))
	h.Clear(true)
	if len(pub.displays) != 1 || pub.displays[0].Data["text/plain"] != "converted" || pub.displays[0].DisplayID != id || id == "" {
		t.Errorf("displays %+v id %q", pub.displays, id)
	}
	if len(pub.updates) != 1 || pub.updates[0].DisplayID != id || pub.updates[0].Data["text/html"] != "<p>" {
		t.Errorf("updates %+v", pub.updates)
	}
	if len(pub.clears) != 1 || !pub.clears[0] {
		t.Errorf("clears %v", pub.clears)
	}
	if a, b := h.Display(1), h.Display(2); a == b {
		t.Error("two displays share an id")
	}

	var reported []error
	failing := &Host{Pub: &pubRecorder{err: errors.New("closed")}, OnError: func(err error) { reported = append(reported, err) }}
	failing.Display(1)
	failing.Update("", 1)
	if len(reported) != 2 {
		t.Errorf("errors reported: %v", reported)
	}
	(&Host{}).Display(1) // no publisher: no panic
}

func TestProgressBar(t *testing.T) {
	var _ activis.Progress = (*ProgressBar)(nil)
	pub := &pubRecorder{}
	p := NewProgressBar(pub, "Run")
	now := time.Unix(0, 0)
	p.now = func() time.Time { return now }
	for i := range 100 {
		now = now.Add(10 * time.Millisecond)
		p.Step("batch", i+1, 100)
	}
	if len(pub.displays) != 1 {
		t.Fatalf("%d displays, want 1 (then updates in place)", len(pub.displays))
	}
	// 1 s of steps at a 200 ms interval: about 5 updates plus the final one.
	if n := len(pub.updates); n < 4 || n > 7 {
		t.Errorf("%d updates, want about 5 (throttled)", n)
	}
	last := pub.updates[len(pub.updates)-1]
	if last.DisplayID != pub.displays[0].DisplayID {
		t.Error("update does not target the bar's display id")
	}
	if txt := last.Data["text/plain"].(string); txt != "Run: batch [##############################] 100% 100/100 in 990ms" {
		t.Errorf("final text %q", txt)
	}
}
