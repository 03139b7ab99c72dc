package views

import (
	"fmt"
	"sync"

	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
)

// CommTarget is the comm target the views open from the front end.
const CommTarget = "activis"

// Host shows views for one kernel session and serves their comm: it
// remembers which displayed output each comm belongs to, so that messages
// from any view on the page reach the explorer behind it. A kernel creates
// one Host per session with Attach and passes Host.Convert as a converter.
type Host struct {
	reg comm.Registry
	opt Options

	mu      sync.Mutex
	outputs map[string]*output // by display id
	widgets NewModel           // nil: HTML outputs updated by update_display_data
	// views are the classic Notebook comms of live widgets' HTML views, by
	// display id: kernel changes reach them as {"type": "payload"} messages.
	views map[string][]comm.Comm
}

// Attach creates a Host for a session and registers the "activis" comm
// target on reg (reg may be nil: then views run on their embedded data only).
func Attach(reg comm.Registry) *Host {
	h := &Host{reg: reg, outputs: map[string]*output{}}
	if reg != nil {
		reg.Register(CommTarget, h)
	}
	return h
}

// SetWidgets makes later outputs live Jupyter widgets, models made by mk
// (the kernel passes its widget API, see widgets/widget): one display_data
// carries the widget view together with the HTML views, the PNG snapshot
// and the text summary. Kernel-side changes then update every view of the
// explorer in place (widget state; the classic Notebook's HTML views over
// their comm) instead of re-rendering the output. A nil mk turns it off.
func (h *Host) SetWidgets(mk NewModel) {
	h.mu.Lock()
	h.widgets = mk
	h.mu.Unlock()
}

// SetOptions changes the payload bounds of later outputs.
func (h *Host) SetOptions(opt Options) {
	h.mu.Lock()
	h.opt = opt
	h.mu.Unlock()
}

// Convert renders v when it is an explorer or a view of one. With a
// publisher the bundle has a DisplayID and the output is updated in place
// through pub.Update whenever the explorer's rows or layer change; a kernel
// must therefore send it as display_data carrying that display id (also
// when v was a cell's trailing expression: front ends and nbclient apply
// update_display_data only to outputs that were sent with a display id).
// With a nil pub the bundle has no DisplayID and never changes.
func (h *Host) Convert(v any, pub display.Publisher) (display.Bundle, bool) {
	src, kind, ok := asSource(v)
	if !ok {
		return display.Bundle{}, false
	}
	h.mu.Lock()
	opt := h.opt
	if vv, isView := v.(View); isView && vv.Options != (Options{}) {
		opt = vv.Options
	}
	o := &output{src: src, kind: kind, id: newDisplayID(), opt: opt}
	if h.reg != nil {
		h.outputs[o.id] = o
	}
	mk := h.widgets
	h.mu.Unlock()
	if mk != nil && pub != nil {
		if b, ok := h.widgetOutput(o, mk); ok {
			return b, true
		}
	}
	b := o.render()
	if pub == nil {
		// Nothing will ever update this output: no display id, so a kernel
		// sends it as it sends any value.
		b.DisplayID = ""
		return b, true
	}
	o.follow(pub)
	return b, true
}

// widgetOutput shows o as a live widget; false when the widget could not
// be made (the caller falls back to the HTML output).
func (h *Host) widgetOutput(o *output, mk NewModel) (display.Bundle, bool) {
	w, p, err := newLiveWidget(o.src, o.kind, o.opt, mk, o.id, func(p *payload) { h.toViews(o.id, p) })
	if err != nil {
		return display.Bundle{}, false
	}
	b, err := widgetBundle(w.model, p)
	if err != nil {
		return display.Bundle{}, false
	}
	b.DisplayID = "" // updated through the widget, never re-rendered
	return b, true
}

// toViews sends a new payload to the classic Notebook views of an output.
func (h *Host) toViews(id string, p *payload) {
	h.mu.Lock()
	cs := append([]comm.Comm(nil), h.views[id]...)
	h.mu.Unlock()
	for _, c := range cs {
		_ = c.Send(map[string]any{"type": "payload", "payload": p}, nil)
	}
}

// Open is called when a view opens its comm; data carries its display_id.
// The comms of live widgets' HTML views are remembered to receive updates.
func (h *Host) Open(c comm.Comm, data map[string]any) {
	id, _ := data["display_id"].(string)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.views == nil {
		h.views = map[string][]comm.Comm{}
	}
	h.views[id] = append(h.views[id], c)
}

// Message applies a view's message to the explorer behind it and replies
// {"type":"ok"|"error", "message": …}.
func (h *Host) Message(c comm.Comm, data map[string]any, _ [][]byte) {
	id, _ := data["display_id"].(string)
	h.mu.Lock()
	o := h.outputs[id]
	h.mu.Unlock()
	if o == nil {
		_ = c.Send(map[string]any{"type": "error", "message": fmt.Sprintf("no explorer for output %q (the kernel was restarted?)", id)}, nil)
		return
	}
	if q, ok := o.src.(querier); ok {
		if typ, _ := data["type"].(string); isQuery(typ) {
			answer(q, data, func(m map[string]any) { _ = c.Send(m, nil) })
			return
		}
	}
	reply, err := o.src.handle(data)
	if err != nil {
		_ = c.Send(map[string]any{"type": "error", "message": err.Error()}, nil)
		return
	}
	_ = c.Send(map[string]any{"type": "ok", "message": reply}, nil)
}

// Closed is called when a view's comm closes.
func (h *Host) Closed(c comm.Comm, data map[string]any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, cs := range h.views {
		for k, x := range cs {
			if x == c {
				h.views[id] = append(cs[:k:k], cs[k+1:]...)
			}
		}
		if len(h.views[id]) == 0 {
			delete(h.views, id)
		}
	}
}

// Convert is the converter a kernel passes first: it handles explorers and
// views of one (Graph, Matrix, Projection, Instances). When pub exposes a
// comm registry (interface{ Comms() comm.Registry }), the "activis" target
// is registered on it for this output; a session that shows several
// explorers should use Attach once and Host.Convert instead, so comms of
// every output are served (a registration replaces the previous one).
func Convert(v any, pub display.Publisher) (display.Bundle, bool) {
	if _, _, ok := asSource(v); !ok {
		return display.Bundle{}, false
	}
	var reg comm.Registry
	if cp, ok := pub.(interface{ Comms() comm.Registry }); ok {
		reg = cp.Comms()
	}
	return Attach(reg).Convert(v, pub)
}

// intsOf reads a JSON array of numbers as ints.
func intsOf(v any) ([]int, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("indices: want an array, got %T", v)
	}
	out := make([]int, 0, len(arr))
	for _, x := range arr {
		f, ok := x.(float64)
		if !ok || f != float64(int(f)) || f < 0 {
			return nil, fmt.Errorf("indices: %v is not an instance index", x)
		}
		out = append(out, int(f))
	}
	return out, nil
}

// target is what view messages act on: the Explorer's methods of the same names.
type target interface {
	SetSelection(idx []int)
	AddInstances(idx ...int) error
	AddSubset(name, expr string) error
	RemoveRow(name string) error
	SelectLayer(name string) error
}

// handleMessage applies one view message: {"type":"select","indices":[…]},
// {"type":"instance","index":i} (live views), {"type":"subset","name":…,"expr":…}, {"type":"layer","layer":…} or
// {"type":"remove","name":…}.
func handleMessage(t target, msg map[string]any) (string, error) {
	typ, _ := msg["type"].(string)
	switch typ {
	case "select":
		idx, err := intsOf(msg["indices"])
		if err != nil {
			return "", fmt.Errorf("select: %w", err)
		}
		t.SetSelection(idx)
		return fmt.Sprintf("selected %d instances (ex.Selection())", len(idx)), nil
	case "instance":
		// A live view's instance click: the instance becomes a matrix row
		// (once: AddInstances skips shown instances), named by its id.
		i, err := intsOf([]any{msg["index"]})
		if err != nil {
			return "", fmt.Errorf("instance: %w", err)
		}
		if err := t.AddInstances(i[0]); err != nil {
			return "", fmt.Errorf("instance: %w", err)
		}
		return fmt.Sprintf("instance %d is a row (ex.Rows())", i[0]), nil
	case "subset":
		name, _ := msg["name"].(string)
		expr, _ := msg["expr"].(string)
		if expr == "" {
			return "", fmt.Errorf("subset: empty expression")
		}
		if name == "" {
			name = expr
		}
		if err := t.AddSubset(name, expr); err != nil {
			return "", fmt.Errorf("subset %q: %w", expr, err)
		}
		return "added subset " + name, nil
	case "layer":
		name, _ := msg["layer"].(string)
		if err := t.SelectLayer(name); err != nil {
			return "", err
		}
		return "selected layer " + name, nil
	case "remove":
		name, _ := msg["name"].(string)
		if err := t.RemoveRow(name); err != nil {
			return "", fmt.Errorf("remove %q: %w", name, err)
		}
		return "removed " + name, nil
	}
	return "", fmt.Errorf("unknown message type %q", typ)
}
