package widget

import (
	"fmt"
	"sort"
	"sync"

	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
)

// Comm targets and protocol version of the Jupyter widget protocol.
const (
	// Target is the comm target of widget models.
	Target = "jupyter.widget"
	// ControlTarget is the comm target on which a front end asks for the
	// state of every live model (after a page reload).
	ControlTarget = "jupyter.widget.control"
	// ProtocolVersion is the widget protocol version sent in the metadata of
	// each comm_open.
	ProtocolVersion = "2.1.0"
)

// Manager binds widget models to the comms of one kernel session (a
// comm.Registry that is also a comm.OptionsOpener, as the activis-kernel's
// is) and serves the widget protocol on them: views' updates, state
// requests, custom messages and closes on Target, and request_states on
// ControlTarget.
//
// A comm_open on Target from a front end (a model made in the browser) is
// closed at once: Go code has no class to build for it.
type Manager struct {
	reg    comm.Registry
	opener comm.OptionsOpener

	mu         sync.Mutex
	models     map[string]*Model
	anyVersion string
	onError    func(error)
}

// NewManager registers the widget targets on reg and returns the manager of
// its models.
func NewManager(reg comm.Registry) *Manager {
	mgr := &Manager{reg: reg, models: map[string]*Model{}}
	mgr.opener, _ = reg.(comm.OptionsOpener)
	reg.Register(Target, modelHandler{mgr})
	reg.Register(ControlTarget, controlHandler{mgr})
	return mgr
}

// SetAnywidgetVersion sets the module version range sent for anywidget
// models bound after the call (default "*", any version): use the version
// of the anywidget front end installed.
func (mgr *Manager) SetAnywidgetVersion(v string) {
	mgr.mu.Lock()
	defer mgr.mu.Unlock()
	mgr.anyVersion = v
}

// OnError sets the function that receives errors of sends made where no
// caller can get them (Set, SetState, protocol replies).
func (mgr *Manager) OnError(fn func(error)) {
	mgr.mu.Lock()
	defer mgr.mu.Unlock()
	mgr.onError = fn
}

func (mgr *Manager) report(err error) {
	if err == nil || mgr == nil {
		return
	}
	mgr.mu.Lock()
	fn := mgr.onError
	mgr.mu.Unlock()
	if fn != nil {
		fn(err)
	}
}

// Add binds w's model to the manager: its comm is opened with the whole
// state (after the models it refers to). Adding a bound model does nothing.
func (mgr *Manager) Add(w Widget) error { return mgr.open(w.WidgetModel()) }

// New makes an anywidget model (see New) bound to the manager.
func (mgr *Manager) New(esm string, state map[string]any) (*Model, error) {
	m := New(esm, state)
	return m, mgr.Add(m)
}

// Models returns the live models bound to the manager, by id.
func (mgr *Manager) Models() []*Model {
	mgr.mu.Lock()
	defer mgr.mu.Unlock()
	out := make([]*Model, 0, len(mgr.models))
	for _, m := range mgr.models {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// Convert is a display.Converter: a Widget is bound to the manager and
// shown as its widget view (Model.Bundle).
func (mgr *Manager) Convert(v any, _ display.Publisher) (display.Bundle, bool) {
	w, ok := v.(Widget)
	if !ok || w == nil {
		return display.Bundle{}, false
	}
	m := w.WidgetModel()
	if m == nil {
		return display.Bundle{}, false
	}
	if err := mgr.Add(m); err != nil {
		b := m.Bundle()
		b.Data["text/plain"] = fmt.Sprintf("%s (not shown: %v)", m, err)
		return b, true
	}
	return m.Bundle(), true
}

func (mgr *Manager) open(m *Model) error {
	if mgr.opener == nil {
		return errorf("the comm registry cannot open widget comms (no OpenWith)")
	}
	m.sendMu.Lock()
	defer m.sendMu.Unlock()
	m.mu.Lock()
	if m.comm != nil || m.closed {
		closed := m.closed
		m.mu.Unlock()
		if closed {
			return ErrClosed
		}
		return nil
	}
	mgr.mu.Lock()
	v := mgr.anyVersion
	mgr.mu.Unlock()
	if v != "" && m.state["_model_module"] == AnywidgetModule && m.state["_model_module_version"] == "*" {
		m.state["_model_module_version"] = v
		m.state["_view_module_version"] = v
	}
	enc := encodeState(m.state)
	m.mgr = mgr
	m.mu.Unlock()
	for _, r := range enc.refs {
		if r != m {
			if err := mgr.open(r); err != nil {
				return err
			}
		}
	}
	mgr.mu.Lock()
	mgr.models[m.id] = m
	mgr.mu.Unlock()
	c, err := mgr.opener.OpenWith(Target,
		map[string]any{"state": enc.state, "buffer_paths": pathsOrEmpty(enc.paths)},
		comm.OpenOptions{ID: m.id, Metadata: map[string]any{"version": ProtocolVersion}, Buffers: enc.buffers})
	if err != nil {
		mgr.forget(m.id)
		return fmt.Errorf("widget: opening %s: %w", m, err)
	}
	m.mu.Lock()
	m.comm = c
	m.mu.Unlock()
	return nil
}

func (mgr *Manager) lookup(id string) *Model {
	mgr.mu.Lock()
	defer mgr.mu.Unlock()
	return mgr.models[id]
}

func (mgr *Manager) forget(id string) {
	mgr.mu.Lock()
	defer mgr.mu.Unlock()
	delete(mgr.models, id)
}

// modelHandler serves Target.
type modelHandler struct{ mgr *Manager }

func (h modelHandler) Open(c comm.Comm, _ map[string]any) {
	h.mgr.report(c.Close(map[string]any{}))
}

// methods are the handlers of the methods a view sends on a model's comm.
var methods = map[string]func(mgr *Manager, m *Model, c comm.Comm, data map[string]any, buffers [][]byte) error{
	"update":        handleUpdate,
	"request_state": handleRequestState,
	"custom":        handleCustom,
}

func (h modelHandler) Message(c comm.Comm, data map[string]any, buffers [][]byte) {
	m := h.mgr.lookup(c.ID())
	if m == nil {
		h.mgr.report(errorf("message for model %s, which is not bound", c.ID()))
		return
	}
	method, _ := data["method"].(string)
	fn := methods[method]
	if fn == nil {
		h.mgr.report(errorf("model %s: unknown method %q", c.ID(), method))
		return
	}
	h.mgr.report(fn(h.mgr, m, c, data, buffers))
}

// Closed frees the model of a comm the front end closed; its state stays
// readable in Go, and it sends nothing more.
func (h modelHandler) Closed(c comm.Comm, _ map[string]any) {
	m := h.mgr.lookup(c.ID())
	h.mgr.forget(c.ID())
	if m != nil {
		m.mu.Lock()
		m.closed = true
		m.comm = nil
		m.mu.Unlock()
	}
}

// handleUpdate echoes the view's update (echo_update, so other views sync),
// then applies it and notifies observers.
func handleUpdate(_ *Manager, m *Model, c comm.Comm, data map[string]any, buffers [][]byte) error {
	state, _ := data["state"].(map[string]any)
	if state == nil {
		return errorf("model %s: update without a state object", m.id)
	}
	paths, _ := data["buffer_paths"].([]any)
	if err := placeBuffers(state, paths, buffers, false); err != nil {
		return fmt.Errorf("widget: model %s update: %w", m.id, err)
	}
	m.sendMu.Lock()
	err := c.Send(map[string]any{"method": "echo_update", "state": state, "buffer_paths": orList(paths)}, buffers)
	m.sendMu.Unlock()
	if perr := placeBuffers(state, paths, buffers, true); perr != nil {
		return fmt.Errorf("widget: model %s update: %w", m.id, perr)
	}
	m.applyUpdate(state)
	return err
}

// handleRequestState replies an update with the whole state.
func handleRequestState(mgr *Manager, m *Model, c comm.Comm, _ map[string]any, _ [][]byte) error {
	m.sendMu.Lock()
	defer m.sendMu.Unlock()
	return m.sendState(mgr, c, "update", m.State())
}

func handleCustom(_ *Manager, m *Model, _ comm.Comm, data map[string]any, buffers [][]byte) error {
	content, _ := data["content"].(map[string]any)
	m.customMessage(orEmpty(content), buffers)
	return nil
}

func orList(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

// controlHandler serves ControlTarget: request_states is answered at once
// with update_states holding every live model.
type controlHandler struct{ mgr *Manager }

func (controlHandler) Open(comm.Comm, map[string]any)   {}
func (controlHandler) Closed(comm.Comm, map[string]any) {}

func (h controlHandler) Message(c comm.Comm, data map[string]any, _ [][]byte) {
	if data["method"] != "request_states" {
		h.mgr.report(errorf("control comm: unknown method %v", data["method"]))
		return
	}
	states := map[string]any{}
	for _, m := range h.mgr.Models() {
		st := m.State()
		states[m.id] = map[string]any{
			"model_name":           st["_model_name"],
			"model_module":         st["_model_module"],
			"model_module_version": st["_model_module_version"],
			"state":                st,
		}
	}
	enc := encodeState(states)
	h.mgr.report(c.Send(map[string]any{"method": "update_states", "states": enc.state, "buffer_paths": pathsOrEmpty(enc.paths)}, enc.buffers))
}
