package views

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
)

type fakePub struct {
	mu       sync.Mutex
	displays []display.Bundle
	updates  []display.Bundle
	reg      *fakeRegistry
}

func (p *fakePub) Display(b display.Bundle) error {
	p.mu.Lock()
	p.displays = append(p.displays, b)
	p.mu.Unlock()
	return nil
}
func (p *fakePub) Update(b display.Bundle) error {
	p.mu.Lock()
	p.updates = append(p.updates, b)
	p.mu.Unlock()
	return nil
}
func (p *fakePub) Clear(bool) error { return nil }

type commPub struct{ *fakePub }

func (p commPub) Comms() comm.Registry { return p.reg }

type fakeRegistry struct{ handlers map[string]comm.Handler }

func (r *fakeRegistry) Register(target string, h comm.Handler) { r.handlers[target] = h }
func (r *fakeRegistry) Unregister(target string)               { delete(r.handlers, target) }
func (r *fakeRegistry) Open(string, map[string]any) (comm.Comm, error) {
	return nil, nil
}

type fakeComm struct {
	mu   sync.Mutex // Send may come from the Host's goroutines (queries)
	sent []map[string]any
}

func (c *fakeComm) ID() string     { return "c1" }
func (c *fakeComm) Target() string { return CommTarget }
func (c *fakeComm) Send(d map[string]any, _ [][]byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, d)
	return nil
}
func (c *fakeComm) Close(map[string]any) error { return nil }

// waitSent waits up to d for the comm's n-th message and returns it (nil
// when none came).
func (c *fakeComm) waitSent(n int, d time.Duration) map[string]any {
	for deadline := time.Now().Add(d); ; time.Sleep(10 * time.Millisecond) {
		c.mu.Lock()
		if len(c.sent) >= n {
			m := c.sent[n-1]
			c.mu.Unlock()
			return m
		}
		c.mu.Unlock()
		if time.Now().After(deadline) {
			return nil
		}
	}
}

func TestConvertIgnoresOtherValues(t *testing.T) {
	for _, v := range []any{nil, 3, "x", View{}} {
		if _, ok := Convert(v, nil); ok {
			t.Errorf("Convert(%#v) handled", v)
		}
	}
}

// TestDisplayIDOnlyWithPublisher: a bundle that will be updated carries the
// display id its HTML was built with (kernels then send it as display_data
// with that id, even as a trailing expression); one that never changes
// (nil publisher, View.Render) carries none.
func TestDisplayIDOnlyWithPublisher(t *testing.T) {
	f := smallFixture(t)
	tests := []struct {
		name   string
		bundle func() (display.Bundle, bool)
		wantID bool
	}{
		{"Convert with a publisher", func() (display.Bundle, bool) { return Convert(View{src: f, kind: kindAll}, &fakePub{}) }, true},
		{"Host.Convert with a publisher", func() (display.Bundle, bool) { return Attach(nil).Convert(View{src: f, kind: kindMatrix}, &fakePub{}) }, true},
		{"Convert without a publisher", func() (display.Bundle, bool) { return Convert(View{src: f, kind: kindAll}, nil) }, false},
		{"View.Render", func() (display.Bundle, bool) { return View{src: f, kind: kindGraph}.Render(), true }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ok := tt.bundle()
			if !ok {
				t.Fatal("not converted")
			}
			if got := b.DisplayID != ""; got != tt.wantID {
				t.Fatalf("DisplayID %q, want one: %v", b.DisplayID, tt.wantID)
			}
			if tt.wantID && !strings.Contains(b.Data["text/html"].(string), `data-activis-id="`+b.DisplayID+`"`) {
				t.Errorf("HTML is not the output named %q", b.DisplayID)
			}
		})
	}
}

func TestLiveUpdates(t *testing.T) {
	f := smallFixture(t)
	pub := &fakePub{}
	b, ok := Convert(View{src: f, kind: kindAll}, pub)
	if !ok || b.DisplayID == "" {
		t.Fatalf("not converted or no display id")
	}
	f.setSelection([]int{1, 2})
	if len(pub.updates) != 0 {
		t.Fatalf("selection-only change published %d updates", len(pub.updates))
	}
	if err := f.addSubset("evens"); err != nil {
		t.Fatal(err)
	}
	if len(pub.updates) != 1 {
		t.Fatalf("subset added: %d updates, want 1", len(pub.updates))
	}
	u := pub.updates[0]
	if u.DisplayID != b.DisplayID {
		t.Errorf("update id %q, want %q", u.DisplayID, b.DisplayID)
	}
	if h := u.Data["text/html"].(string); !strings.Contains(h, `"name":"evens","kind":"subset"`) {
		t.Errorf("update lacks the new subset row")
	}
}

func TestCommMessages(t *testing.T) {
	f := smallFixture(t)
	reg := &fakeRegistry{handlers: map[string]comm.Handler{}}
	pub := commPub{&fakePub{reg: reg}}
	b, ok := Convert(View{src: f, kind: kindAll}, pub)
	if !ok {
		t.Fatal("not converted")
	}
	h := reg.handlers[CommTarget]
	if h == nil {
		t.Fatal("comm target not registered")
	}
	c := &fakeComm{}
	h.Open(c, map[string]any{"display_id": b.DisplayID})
	for i, test := range []struct {
		msg      map[string]any
		wantType string
	}{
		{map[string]any{"display_id": b.DisplayID, "type": "select", "indices": []any{4.0, 9.0}}, "ok"},
		{map[string]any{"display_id": b.DisplayID, "type": "select", "indices": []any{"x"}}, "error"},
		{map[string]any{"display_id": b.DisplayID, "type": "subset", "name": "odd", "expr": "index % 2 == 1"}, "ok"},
		{map[string]any{"display_id": b.DisplayID, "type": "subset", "expr": "bad +"}, "error"},
		{map[string]any{"display_id": "activis-nope", "type": "select", "indices": []any{}}, "error"},
		{map[string]any{"display_id": b.DisplayID, "type": "launch"}, "error"},
	} {
		h.Message(c, test.msg, nil)
		got := c.sent[len(c.sent)-1]
		if got["type"] != test.wantType {
			t.Errorf("message %d %v: reply %v, want %s", i, test.msg["type"], got, test.wantType)
		}
	}
	if f.selection[0] != 4 || f.selection[1] != 9 {
		t.Errorf("selection %v, want [4 9]", f.selection)
	}
	if len(f.subsets) != 1 || f.subsets[0] != "odd" {
		t.Errorf("subsets %v", f.subsets)
	}
	if len(pub.updates) != 1 {
		t.Errorf("%d updates after a subset from the view, want 1", len(pub.updates))
	}
}
