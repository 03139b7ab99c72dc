package widget

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
)

// ViewMIME is the MIME type of a widget view in a display bundle.
const ViewMIME = "application/vnd.jupyter.widget-view+json"

// ErrClosed is returned when a closed model is asked to send.
var ErrClosed = errors.New("widget: model is closed")

// Spec names a widget model and view class of the front end: the
// _model_module, _model_name… keys of ipywidgets.
type Spec struct {
	ModelModule, ModelModuleVersion, ModelName string
	ViewModule, ViewModuleVersion, ViewName    string
}

// AnywidgetModule is the front-end module of anywidget models.
const AnywidgetModule = "anywidget"

// anySpec is the spec of an anywidget model; "*" matches any installed
// anywidget front end (a Manager may narrow it).
var anySpec = Spec{
	ModelModule: AnywidgetModule, ModelModuleVersion: "*", ModelName: "AnyModel",
	ViewModule: AnywidgetModule, ViewModuleVersion: "*", ViewName: "AnyView",
}

// Widget is implemented by values that are (or hold) a widget model, such as
// the controls of this package; a Manager displays them as widget views.
type Widget interface {
	WidgetModel() *Model
}

// Model is one Jupyter widget model: its state, kept in the kernel and
// synchronised with every view of it in the front ends. A Model is safe for
// concurrent use. Until a Manager binds it (when it is displayed or added),
// it works locally: Get, Set and Observe act on the state only.
type Model struct {
	id string

	sendMu sync.Mutex // orders state changes with the messages that carry them
	mu     sync.Mutex // guards the fields below
	state  map[string]any
	obs    map[string]map[int]func(any)
	msgs   map[int]func(map[string]any, [][]byte)
	next   int
	mgr    *Manager
	comm   comm.Comm
	closed bool
}

// New makes an anywidget model (anywidget's AnyModel and AnyView) whose
// front end is the ES module esm (export default {initialize, render} or a
// render function) with the initial state. A "_css" key in state is applied
// as the widget's CSS.
func New(esm string, state map[string]any) *Model {
	st := maps.Clone(state)
	if st == nil {
		st = map[string]any{}
	}
	st["_esm"] = esm
	m := NewModel(anySpec, st)
	if _, ok := st["_css"]; ok {
		m.state["_anywidget_id"] = "activis." + m.id
	}
	return m
}

// NewModel makes a model of any front-end widget class (spec) with the
// initial state; the spec's keys are added to the state.
func NewModel(spec Spec, state map[string]any) *Model {
	st := maps.Clone(state)
	if st == nil {
		st = map[string]any{}
	}
	st["_model_module"] = spec.ModelModule
	st["_model_module_version"] = spec.ModelModuleVersion
	st["_model_name"] = spec.ModelName
	st["_view_module"] = spec.ViewModule
	st["_view_module_version"] = spec.ViewModuleVersion
	st["_view_name"] = spec.ViewName
	if _, ok := st["_view_count"]; !ok {
		st["_view_count"] = nil
	}
	return &Model{
		id:    strings.ReplaceAll(uuid.NewString(), "-", ""),
		state: st,
		obs:   map[string]map[int]func(any){},
		msgs:  map[int]func(map[string]any, [][]byte){},
	}
}

// ID is the model id, which is also the id of its comm.
func (m *Model) ID() string { return m.id }

// WidgetModel returns m (Model is a Widget).
func (m *Model) WidgetModel() *Model { return m }

// Get returns the state value name (nil when unset). Values set in Go keep
// their type; values received from the front end are JSON values (float64,
// string, bool, []any, map[string]any) converted to the type of the value
// they replace when it is a number, bool or string, and binary buffers are
// []byte.
func (m *Model) Get(name string) any {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state[name]
}

// State returns a copy of the whole state (top-level keys).
func (m *Model) State() map[string]any {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.state)
}

// Set changes the state value name, notifies its observers and sends the
// change to the front end. Setting a number, string or bool to the value it
// has does nothing; a slice or map is always sent (it may have been changed
// in place).
func (m *Model) Set(name string, v any) { m.SetState(map[string]any{name: v}) }

// SetQuiet changes state values without sending them and without
// notifying observers: for a change the front end learns another way (a
// custom message it applies to its copy of the state, e.g. a delta), so
// that `request_state` (a page reload, a new view) still gets the whole
// current state.
func (m *Model) SetQuiet(state map[string]any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, v := range state {
		m.state[k] = v
	}
}

// SetState changes several state values in one update message.
func (m *Model) SetState(state map[string]any) {
	m.sendMu.Lock()
	m.mu.Lock()
	changed := map[string]any{}
	for k, v := range state {
		if old, ok := m.state[k]; ok && equal(old, v) {
			continue
		}
		m.state[k] = v
		changed[k] = v
	}
	c, mgr := m.comm, m.mgr
	m.mu.Unlock()
	if len(changed) > 0 && c != nil {
		mgr.report(m.sendState(mgr, c, "update", changed))
	}
	m.sendMu.Unlock()
	m.notify(changed)
}

// sendState sends state as an update (or echo_update) message; the models it
// refers to are opened first. sendMu is held.
func (m *Model) sendState(mgr *Manager, c comm.Comm, method string, state map[string]any) error {
	enc := encodeState(state)
	for _, r := range enc.refs {
		if r != m {
			if err := mgr.open(r); err != nil {
				return err
			}
		}
	}
	return c.Send(map[string]any{"method": method, "state": enc.state, "buffer_paths": pathsOrEmpty(enc.paths)}, enc.buffers)
}

func pathsOrEmpty(p [][]any) [][]any {
	if p == nil {
		return [][]any{}
	}
	return p
}

// notify calls the observers of the changed keys, in key order.
func (m *Model) notify(changed map[string]any) {
	keys := make([]string, 0, len(changed))
	for k := range changed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		m.mu.Lock()
		fns := make([]func(any), 0, len(m.obs[k]))
		ids := make([]int, 0, len(m.obs[k]))
		for id := range m.obs[k] {
			ids = append(ids, id)
		}
		sort.Ints(ids)
		for _, id := range ids {
			fns = append(fns, m.obs[k][id])
		}
		m.mu.Unlock()
		for _, fn := range fns {
			m.call(func() { fn(changed[k]) }, "observer of "+strconv.Quote(k))
		}
	}
}

// call runs a user callback; a panic in it is reported (to the manager's
// OnError, or standard error without one) instead of unwinding the kernel's
// message handling or the caller of Set, and the other callbacks still run.
func (m *Model) call(fn func(), what string) {
	defer func() {
		if r := recover(); r != nil {
			err := errorf("model %s: %s panicked: %v", m.id, what, r)
			m.mu.Lock()
			mgr := m.mgr
			m.mu.Unlock()
			if mgr != nil {
				mgr.report(err)
				return
			}
			fmt.Fprintln(os.Stderr, err)
		}
	}()
	fn()
}

// Observe calls fn with the new value each time the state value name
// changes, from Go or from a view. Observers run in the goroutine that made
// the change (for a view's change, the kernel's, before the next message is
// served). cancel removes fn.
func (m *Model) Observe(name string, fn func(v any)) (cancel func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	id := m.next
	if m.obs[name] == nil {
		m.obs[name] = map[int]func(any){}
	}
	m.obs[name][id] = fn
	return func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		delete(m.obs[name], id)
	}
}

// OnMessage calls fn with each custom message a view sends (content and
// binary buffers). cancel removes fn.
func (m *Model) OnMessage(fn func(content map[string]any, buffers [][]byte)) (cancel func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	id := m.next
	m.msgs[id] = fn
	return func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		delete(m.msgs, id)
	}
}

// Send sends a custom message to every view of the model. Before the model
// is bound to a front end it does nothing and returns nil.
func (m *Model) Send(content map[string]any, buffers [][]byte) error {
	m.sendMu.Lock()
	defer m.sendMu.Unlock()
	m.mu.Lock()
	c, closed := m.comm, m.closed
	m.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if c == nil {
		return nil
	}
	return c.Send(map[string]any{"method": "custom", "content": orEmpty(content)}, buffers)
}

// Close closes the model's comm; its views show that they are closed. The
// state stays readable.
func (m *Model) Close() error {
	m.sendMu.Lock()
	defer m.sendMu.Unlock()
	m.mu.Lock()
	c, mgr, closed := m.comm, m.mgr, m.closed
	m.closed = true
	m.mu.Unlock()
	if closed {
		return nil
	}
	if mgr != nil {
		mgr.forget(m.id)
	}
	if c == nil {
		return nil
	}
	return c.Close(nil)
}

// Bundle is the display bundle of a view of the model: the widget view
// (model_id, protocol version 2.1) and a text/plain fallback. Callers may add
// more MIME types (text/html, image/png) to the bundle's Data for front ends
// without widgets.
func (m *Model) Bundle() display.Bundle {
	return display.Bundle{Data: map[string]any{
		ViewMIME:     map[string]any{"model_id": m.id, "version_major": 2, "version_minor": 1},
		"text/plain": m.String(),
	}}
}

// Render is Bundle (Model is a display.Renderer).
func (m *Model) Render() display.Bundle { return m.Bundle() }

// String names the model's class and id.
func (m *Model) String() string {
	m.mu.Lock()
	name, _ := m.state["_model_name"].(string)
	m.mu.Unlock()
	return fmt.Sprintf("%s(model_id=%s)", name, m.id)
}

// applyUpdate applies a view's state change (with its buffers put back) and
// notifies observers.
func (m *Model) applyUpdate(state map[string]any) {
	m.mu.Lock()
	changed := map[string]any{}
	for k, v := range state {
		v = coerce(m.state[k], v)
		if old, ok := m.state[k]; ok && equal(old, v) {
			continue
		}
		m.state[k] = v
		changed[k] = v
	}
	m.mu.Unlock()
	m.notify(changed)
}

func (m *Model) customMessage(content map[string]any, buffers [][]byte) {
	m.mu.Lock()
	ids := make([]int, 0, len(m.msgs))
	for id := range m.msgs {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	fns := make([]func(map[string]any, [][]byte), len(ids))
	for i, id := range ids {
		fns[i] = m.msgs[id]
	}
	m.mu.Unlock()
	for _, fn := range fns {
		m.call(func() { fn(content, buffers) }, "message handler")
	}
}

// equal reports whether two state values are the same, so that no message
// is needed: only for numbers, strings, bools and nil. Slices and maps are
// always sent again, since the caller may have changed them in place.
func equal(a, b any) bool {
	switch a.(type) {
	case nil, string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return a == b
	}
	return false
}

// coerce converts a JSON value from a view to the Go type of the value it
// replaces when that is a basic kind (a slider's int stays an int).
func coerce(old, v any) any {
	if old == nil || v == nil {
		return v
	}
	ot, nv := reflect.TypeOf(old), reflect.ValueOf(v)
	if nv.Type() == ot {
		return v
	}
	switch ot.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if f, ok := v.(float64); ok && f == float64(int64(f)) {
			return nv.Convert(ot).Interface()
		}
	case reflect.Float32, reflect.Float64:
		if f, ok := v.(float64); ok {
			return reflect.ValueOf(f).Convert(ot).Interface()
		}
	case reflect.String, reflect.Bool:
		if nv.Kind() == ot.Kind() {
			return nv.Convert(ot).Interface()
		}
	}
	return v
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func errorf(format string, a ...any) error { return fmt.Errorf("widget: "+format, a...) }
