package views

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/activis-go/activis/widgets/display"
	"github.com/activis-go/activis/widgets/widget"
)

// WidgetMIME is the MIME type of a widget view in a display bundle.
const WidgetMIME = widget.ViewMIME

// Model is what a live explorer needs of a Jupyter widget model (the
// kernel's anywidget-compatible model, widgets/widget.Model, has it): state
// set from the kernel, custom messages both ways, and the display bundle
// of its view.
type Model interface {
	// Set changes one state key; every view of the model receives it.
	Set(name string, v any)
	// OnMessage registers the handler of the views' custom messages.
	OnMessage(fn func(content map[string]any, buffers [][]byte))
	// Send sends a custom message to every view.
	Send(content map[string]any, buffers [][]byte)
	// Bundle is the model's display bundle (WidgetMIME and text/plain).
	Bundle() display.Bundle
}

// NewModel makes a widget model whose front end is the ES module esm
// (anywidget's contract) with the initial state.
type NewModel func(esm string, state map[string]any) (Model, error)

// ModuleJS returns the views' ES module: a live explorer widget's _esm.
func ModuleJS() string { return moduleJS }

// widgetState turns a payload into the widget's state: {"payload": …} in
// the format of the HTML output (doc.go), except that the bulk arrays are
// binary buffers ([]byte) instead of base64 text, so they travel as the
// widget protocol's buffers: per layer mean, acts and proj.x/proj.y
// (little-endian float32), and points.thumbs.data.
func widgetState(p *payload) (map[string]any, error) {
	js, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("views: encoding widget state: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		return nil, fmt.Errorf("views: encoding widget state: %w", err)
	}
	unb64 := func(obj map[string]any, key string) error {
		s, ok := obj[key].(string)
		if !ok {
			return nil
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return fmt.Errorf("views: widget state %s: %w", key, err)
		}
		obj[key] = b
		return nil
	}
	layers, _ := m["layers"].([]any)
	for _, l := range layers {
		lm, _ := l.(map[string]any)
		if lm == nil {
			continue
		}
		for _, k := range []string{"mean", "acts"} {
			if err := unb64(lm, k); err != nil {
				return nil, err
			}
		}
		if pm, ok := lm["proj"].(map[string]any); ok {
			for _, k := range []string{"x", "y"} {
				if err := unb64(pm, k); err != nil {
					return nil, err
				}
			}
		}
	}
	if pts, ok := m["points"].(map[string]any); ok {
		if th, ok := pts["thumbs"].(map[string]any); ok {
			if err := unb64(th, "data"); err != nil {
				return nil, err
			}
		}
	}
	return map[string]any{"payload": m}, nil
}

// liveWidget binds one displayed view of a source to a widget model:
// changes of the explorer's rows or layer set the model's payload (every
// view of it updates in place), and the views' messages (lasso, instance
// clicks, subset expressions, removals, layer choices) act on the explorer.
type liveWidget struct {
	src   source
	kind  string
	opt   Options
	model Model

	id      string         // display id of the HTML views beside the widget
	toViews func(*payload) // sends a new payload to those HTML views (may be nil)

	mu     sync.Mutex
	last   string   // fingerprint of the last payload set
	prev   *payload // the payload the views have (for deltas)
	cancel func()
}

// newLiveWidget makes the model for a source's view and starts following it.
// id names the HTML views shown beside it (their comms), toViews reaches them.
func newLiveWidget(src source, kind string, opt Options, mk NewModel, id string, toViews func(*payload)) (*liveWidget, *payload, error) {
	fp := src.fingerprint()
	d, err := src.data()
	if err != nil {
		return nil, nil, err
	}
	p, err := buildPayload(d, opt, kind, id)
	if err != nil {
		return nil, nil, err
	}
	p.Live = true
	st, err := widgetState(p)
	if err != nil {
		return nil, nil, err
	}
	m, err := mk(ModuleJS(), st)
	if err != nil {
		return nil, nil, fmt.Errorf("views: widget: %w", err)
	}
	w := &liveWidget{src: src, kind: kind, opt: opt, model: m, id: id, toViews: toViews, last: fp, prev: p}
	m.OnMessage(w.message)
	w.cancel = src.onChange(w.changed)
	return w, p, nil
}

// changed sets the model's payload when the explorer changed in a way the
// views show (rows, layer); the selection alone, set by the views, is not sent back.
func (w *liveWidget) changed() {
	fp := w.src.fingerprint()
	w.mu.Lock()
	defer w.mu.Unlock()
	if fp == w.last {
		return
	}
	w.last = fp
	if err := w.push(); err != nil {
		w.model.Send(map[string]any{"type": "error", "message": err.Error()}, nil)
	}
}

// push builds the current payload and sets it on the model; w.mu is held.
func (w *liveWidget) push() error {
	d, err := w.src.data()
	if err != nil {
		return err
	}
	p, err := buildPayload(d, w.opt, w.kind, w.id)
	if err != nil {
		return err
	}
	p.Live = true
	st, err := widgetState(p)
	if err != nil {
		return err
	}
	q, quiet := w.model.(quietSetter)
	if content, bufs, ok := rowsDelta(w.prev, p); ok && quiet {
		// The views append the rows themselves (widget.js); the kernel's
		// state still holds the whole payload for request_state.
		q.SetQuiet("payload", st["payload"])
		w.model.Send(content, bufs)
	} else {
		w.model.Set("payload", st["payload"])
	}
	w.prev = p
	if w.toViews != nil {
		w.toViews(p)
	}
	return nil
}

// quietSetter is a Model that can change its state without sending it.
type quietSetter interface{ SetQuiet(name string, v any) }

// rowsDelta tells whether next differs from prev only in its matrix rows
// (rows added, removed or reordered: AddSubset, AddInstances, RemoveRow)
// with every layer's quantisation range unchanged, so that a row kept has
// the same bytes; it then returns the custom message that lets the views
// rebuild the rows: {"type": "rows_delta", "base": [rows per layer
// before], "layers": [{"rows": [...], "orders": {...}, "from": [...]}]},
// where from[j] is the index of row j in the layer's previous rows, or -1
// for a new row whose quantised means come next in the layer's buffer (one
// buffer per layer).
func rowsDelta(prev, next *payload) (map[string]any, [][]byte, bool) {
	if prev == nil || next == nil || len(prev.Layers) != len(next.Layers) {
		return nil, nil, false
	}
	base := make([]any, len(next.Layers))
	layers := make([]any, len(next.Layers))
	bufs := make([][]byte, len(next.Layers))
	for i := range next.Layers {
		a, b := &prev.Layers[i], &next.Layers[i]
		d := a.Neurons
		if d != b.Neurons || len(a.mean) != len(a.Rows)*d || len(b.mean) != len(b.Rows)*d {
			return nil, nil, false
		}
		used := make([]bool, len(a.Rows))
		from := make([]int, len(b.Rows))
		var buf []byte
		for j, r := range b.Rows {
			from[j] = -1
			row := b.mean[j*d : (j+1)*d]
			for k, o := range a.Rows {
				if !used[k] && o == r && bytes.Equal(a.mean[k*d:(k+1)*d], row) {
					used[k], from[j] = true, k
					break
				}
			}
			if from[j] < 0 {
				buf = append(buf, row...)
			}
		}
		var l any
		js, err := json.Marshal(map[string]any{"rows": b.Rows, "orders": b.Orders, "from": from})
		if err != nil || json.Unmarshal(js, &l) != nil {
			return nil, nil, false
		}
		base[i] = len(a.Rows)
		layers[i] = l
		if buf == nil {
			buf = []byte{}
		}
		bufs[i] = buf
	}
	// Everything else (layer scales, acts, projections, points, the
	// selected layer…) must be identical: compare the JSON without the
	// rows, means and orders.
	strip := func(p *payload) ([]byte, error) {
		c := *p
		c.Layers = make([]layerPayload, len(p.Layers))
		for i, l := range p.Layers {
			l.Rows, l.Mean, l.Orders = nil, "", nil
			c.Layers[i] = l
		}
		return json.Marshal(&c)
	}
	ja, err1 := strip(prev)
	jb, err2 := strip(next)
	if err1 != nil || err2 != nil || !bytes.Equal(ja, jb) {
		return nil, nil, false
	}
	return map[string]any{"type": "rows_delta", "base": base, "layers": layers}, bufs, true
}

// message applies a view's custom message and replies {"type": "ok"|"error", "message"}.
func (w *liveWidget) message(content map[string]any, _ [][]byte) {
	typ, ok := content["type"].(string)
	if !ok {
		return // not ours (e.g. anywidget's own commands)
	}
	if typ == "resync" {
		// A view missed a delta: send the whole payload.
		w.mu.Lock()
		defer w.mu.Unlock()
		w.prev = nil
		if err := w.push(); err != nil {
			w.model.Send(map[string]any{"type": "error", "message": err.Error()}, nil)
		}
		return
	}
	if q, ok := w.src.(querier); ok && isQuery(typ) {
		answer(q, content, func(m map[string]any) { w.model.Send(m, nil) })
		return
	}
	reply, err := w.src.handle(content)
	if err != nil {
		w.model.Send(map[string]any{"type": "error", "message": err.Error()}, nil)
		return
	}
	w.model.Send(map[string]any{"type": "ok", "message": reply}, nil)
}

// widgetBundle is the display of a live widget: the widget view for
// front ends with widgets, with the self-contained HTML views (classic
// Notebook, nbconvert, exported HTML), the PNG snapshot and the text
// summary of the same payload beside it.
func widgetBundle(m Model, p *payload) (display.Bundle, error) {
	static, err := renderBundle(p)
	if err != nil {
		return display.Bundle{}, err
	}
	b := m.Bundle()
	if b.Data == nil {
		b.Data = map[string]any{}
	}
	for _, k := range []string{"text/html", "image/png", "text/plain"} {
		b.Data[k] = static.Data[k]
	}
	if b.Metadata == nil {
		b.Metadata = map[string]any{}
	}
	for k, v := range static.Metadata {
		b.Metadata[k] = v
	}
	return b, nil
}

// Widgets returns the NewModel of a session's widget manager (the one the
// kernel made on its comm registry): the live explorer's models are
// anywidget models bound to mgr at once. A kernel passes it to SetWidgets.
func Widgets(mgr *widget.Manager) NewModel {
	return func(esm string, state map[string]any) (Model, error) {
		m, err := mgr.New(esm, state)
		if err != nil {
			return nil, err
		}
		return managedModel{m}, nil
	}
}

// managedModel adapts *widget.Model to Model.
type managedModel struct{ m *widget.Model }

func (a managedModel) Set(name string, v any) { a.m.Set(name, v) }

// SetQuiet changes the kernel's copy of the state without sending it.
func (a managedModel) SetQuiet(name string, v any) { a.m.SetQuiet(map[string]any{name: v}) }
func (a managedModel) OnMessage(fn func(map[string]any, [][]byte)) {
	a.m.OnMessage(fn)
}

// Send drops a message the comm refuses (the model closed: the kernel
// restarted or the front end went away); the views then say they are disconnected.
func (a managedModel) Send(c map[string]any, b [][]byte) { _ = a.m.Send(c, b) }
func (a managedModel) Bundle() display.Bundle            { return a.m.Bundle() }
