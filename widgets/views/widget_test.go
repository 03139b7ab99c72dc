package views

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
	"github.com/activis-go/activis/widgets/widget"
)

// recModel records what the views do to a widget model. (The real model,
// protocol and front end are exercised by the JupyterLab tests.)
type recModel struct {
	mu    sync.Mutex
	esm   string
	state map[string]any
	sets  []map[string]any
	sent  []map[string]any
	onMsg func(map[string]any, [][]byte)
}

func (m *recModel) Set(name string, v any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sets = append(m.sets, map[string]any{name: v})
}
func (m *recModel) OnMessage(fn func(map[string]any, [][]byte)) { m.onMsg = fn }
func (m *recModel) Send(c map[string]any, _ [][]byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, c)
}
func (m *recModel) Bundle() display.Bundle {
	return display.Bundle{Data: map[string]any{WidgetMIME: map[string]any{"model_id": "m1", "version_major": 2, "version_minor": 1}, "text/plain": "widget"}}
}

// TestWidgetState: the bulk arrays travel as binary buffers, equal to what
// the HTML output carries as base64; everything else stays JSON.
func TestWidgetState(t *testing.T) {
	p, err := buildPayload(smallFixture(t).d, Options{}, kindAll, "d")
	if err != nil {
		t.Fatal(err)
	}
	st, err := widgetState(p)
	if err != nil {
		t.Fatal(err)
	}
	m := st["payload"].(map[string]any)
	buffers := 0
	for i, l := range m["layers"].([]any) {
		lm := l.(map[string]any)
		mean, ok := lm["mean"].([]byte)
		if !ok || string(mean) != string(p.Layers[i].mean) {
			t.Errorf("layer %d mean is %T, not the quantised bytes", i, lm["mean"])
		}
		buffers++
		if p.Layers[i].Acts != "" {
			want, _ := base64.StdEncoding.DecodeString(p.Layers[i].Acts)
			if got, ok := lm["acts"].([]byte); !ok || string(got) != string(want) {
				t.Errorf("layer %d acts not a buffer equal to the HTML's", i)
			}
			buffers++
		}
		if pm, ok := lm["proj"].(map[string]any); ok {
			if x, ok := pm["x"].([]byte); !ok || len(x) != 4*len(p.Points.Index) {
				t.Errorf("layer %d proj.x %T (%d points)", i, pm["x"], len(p.Points.Index))
			}
			buffers++
		}
	}
	if th := m["points"].(map[string]any)["thumbs"].(map[string]any); th != nil {
		if _, ok := th["data"].([]byte); !ok {
			t.Errorf("thumbnails are %T, not a buffer", th["data"])
		}
	}
	if buffers < 5 {
		t.Errorf("only %d buffers", buffers)
	}
	// Strings from data stay strings (the views put them in the DOM as text).
	ids := m["points"].(map[string]any)["ids"].([]any)
	for k, i := range p.Points.Index {
		if ids[k] != p.Points.IDs[k] || (i == 3 && ids[k] != evilAttr) {
			t.Errorf("id of instance %d = %v", i, ids[k])
		}
	}
}

// TestWidgetOutput: with widgets on, one bundle carries the widget view, the
// HTML views, the snapshot and the summary, with no display id (never
// re-rendered); explorer changes set the model's payload and reach the
// classic views' comms; the views' messages act on the explorer.
func TestWidgetOutput(t *testing.T) {
	f := smallFixture(t)
	reg := &fakeRegistry{handlers: map[string]comm.Handler{}}
	h := Attach(reg)
	var m *recModel
	h.SetWidgets(func(esm string, state map[string]any) (Model, error) {
		m = &recModel{esm: esm, state: state}
		return m, nil
	})
	pub := &fakePub{}
	b, ok := h.Convert(View{src: f, kind: kindAll}, pub)
	if !ok || m == nil {
		t.Fatal("no widget made")
	}
	for _, k := range []string{WidgetMIME, "text/html", "image/png", "text/plain"} {
		if b.Data[k] == nil {
			t.Errorf("bundle lacks %s", k)
		}
	}
	if b.DisplayID != "" {
		t.Errorf("a widget output has display id %q: an update would re-render it", b.DisplayID)
	}
	if !strings.Contains(m.esm, "export{") || !strings.Contains(m.esm, "activis-views sources:"+BundleHash()) {
		t.Errorf("the model's _esm is not the views' ES module")
	}
	if p := m.state["payload"].(map[string]any); p["live"] != true {
		t.Errorf("widget payload not marked live")
	}
	// The HTML views beside the widget open their comm with the id in the HTML.
	html := b.Data["text/html"].(string)
	i := strings.Index(html, `data-activis-id="`) + len(`data-activis-id="`)
	id := html[i : i+strings.Index(html[i:], `"`)]
	c := &fakeComm{}
	reg.handlers[CommTarget].Open(c, map[string]any{"display_id": id})

	// A selection from the views changes nothing shown: no state set.
	m.onMsg(map[string]any{"type": "select", "indices": []any{1.0, 2.0}}, nil)
	if len(m.sets) != 0 || len(pub.updates) != 0 {
		t.Errorf("selection re-sent the payload (%d sets, %d updates)", len(m.sets), len(pub.updates))
	}
	// A subset typed in the views: evaluated, the new row set on the model.
	m.onMsg(map[string]any{"type": "subset", "name": "odd", "expr": "odd"}, nil)
	if len(m.sets) != 1 {
		t.Fatalf("%d state sets after a subset", len(m.sets))
	}
	rows := m.sets[0]["payload"].(map[string]any)["layers"].([]any)[0].(map[string]any)["rows"].([]any)
	found := false
	for _, r := range rows {
		found = found || r.(map[string]any)["name"] == "odd"
	}
	if !found {
		t.Errorf("the new row is not in the state set")
	}
	if last := m.sent[len(m.sent)-1]; last["type"] != "ok" {
		t.Errorf("reply %v", last)
	}
	if len(pub.updates) != 0 {
		t.Errorf("a widget output was re-rendered by update_display_data")
	}
	if len(c.sent) != 1 || c.sent[0]["type"] != "payload" {
		t.Errorf("classic view comm got %v, want one payload", c.sent)
	}
	// A kernel-side change (a cell) also reaches the model.
	if err := f.addSubset("cell"); err != nil {
		t.Fatal(err)
	}
	if len(m.sets) != 2 {
		t.Errorf("%d state sets after a kernel-side subset", len(m.sets))
	}
	// Errors come back as errors; foreign messages are ignored.
	m.onMsg(map[string]any{"type": "subset", "expr": "bad"}, nil)
	if last := m.sent[len(m.sent)-1]; last["type"] != "error" || !strings.Contains(last["message"].(string), "bad") {
		t.Errorf("reply to a bad expression %v", last)
	}
	n := len(m.sent)
	m.onMsg(map[string]any{"kind": "anywidget-command"}, nil)
	if len(m.sent) != n {
		t.Errorf("a message without a type was answered")
	}
	reg.handlers[CommTarget].Closed(c, nil)
	if err := f.addSubset("after close"); err != nil {
		t.Fatal(err)
	}
	if len(c.sent) != 2 {
		t.Errorf("closed comm: %d messages, want 2", len(c.sent))
	}
}

// openerRegistry is a comm registry that opens comms with options, as the
// kernel's does, recording what goes out.
type openerRegistry struct {
	fakeRegistry
	opened []recComm
}

type recComm struct {
	*idComm
	target string
	data   map[string]any
	opt    comm.OpenOptions
}

func (r *openerRegistry) OpenWith(target string, data map[string]any, opt comm.OpenOptions) (comm.Comm, error) {
	c := recComm{idComm: &idComm{id: opt.ID}, target: target, data: data, opt: opt}
	r.opened = append(r.opened, c)
	return c.idComm, nil
}

// idComm is a fakeComm with the id it was opened with.
type idComm struct {
	fakeComm
	id string
}

func (c *idComm) ID() string { return c.id }

// TestWidgetsOnManager: with the session's widget manager, the explorer's
// model opens as an anywidget model carrying the views' module, its payload
// arrays as buffers at their paths; kernel changes go out as updates with
// buffers; a view's custom message is answered through the same comm.
func TestWidgetsOnManager(t *testing.T) {
	f := smallFixture(t)
	reg := &openerRegistry{fakeRegistry: fakeRegistry{handlers: map[string]comm.Handler{}}}
	mgr := widget.NewManager(reg)
	h := Attach(reg)
	h.SetWidgets(Widgets(mgr))
	b, ok := h.Convert(View{src: f, kind: kindAll}, &fakePub{})
	if !ok || len(reg.opened) != 1 {
		t.Fatalf("converted %v, %d comms opened", ok, len(reg.opened))
	}
	c := reg.opened[0]
	st := c.data["state"].(map[string]any)
	if c.target != widget.Target || st["_esm"] != ModuleJS() || st["_model_name"] != "AnyModel" {
		t.Errorf("comm_open on %q, model %v", c.target, st["_model_name"])
	}
	if view := b.Data[WidgetMIME].(map[string]any); view["model_id"] != c.opt.ID {
		t.Errorf("widget view %v, comm id %q", view, c.opt.ID)
	}
	paths := fmt.Sprint(c.data["buffer_paths"])
	if !strings.Contains(paths, "[payload layers 0 mean]") || len(c.opt.Buffers) < 5 {
		t.Errorf("buffer paths %s, %d buffers", paths, len(c.opt.Buffers))
	}
	// A subset typed in a view (custom message) is evaluated and answered;
	// the new row goes out as a rows_delta custom message (TestWidgetRowsDelta).
	reg.handlers[widget.Target].Message(c.idComm, map[string]any{"method": "custom", "content": map[string]any{"type": "subset", "name": "odd", "expr": "odd"}}, nil)
	var update, reply map[string]any
	for _, m := range c.sent {
		switch m["method"] {
		case "update":
			update = m
		case "custom":
			if ct := m["content"].(map[string]any); ct["type"] == "rows_delta" {
				update = ct
			} else {
				reply = ct
			}
		}
	}
	if update == nil {
		t.Errorf("no rows_delta after the subset: %v", c.sent)
	}
	if reply == nil || reply["type"] != "ok" {
		t.Errorf("reply %v", reply)
	}
}

// countComm records what the kernel sends on a widget comm and its size in
// bytes (the JSON content plus the binary buffers).
type countComm struct {
	id    string
	sent  []map[string]any
	bytes []int
}

func (c *countComm) ID() string                 { return c.id }
func (c *countComm) Target() string             { return widget.Target }
func (c *countComm) Close(map[string]any) error { return nil }
func (c *countComm) Send(d map[string]any, b [][]byte) error {
	js, err := json.Marshal(d)
	if err != nil {
		return err
	}
	n := len(js)
	for _, x := range b {
		n += len(x)
	}
	c.sent = append(c.sent, d)
	c.bytes = append(c.bytes, n)
	return nil
}

type countRegistry struct {
	fakeRegistry
	c *countComm
}

func (r *countRegistry) OpenWith(_ string, _ map[string]any, opt comm.OpenOptions) (comm.Comm, error) {
	r.c = &countComm{id: opt.ID}
	return r.c, nil
}

// sentSince sums the bytes sent since message i and returns the messages.
func (c *countComm) sentSince(i int) (int, []map[string]any) {
	n := 0
	for _, b := range c.bytes[i:] {
		n += b
	}
	return n, c.sent[i:]
}

// TestWidgetRowsDelta: a new subset row goes to the views as a small
// "rows_delta" custom message (the new row's means as buffers), not as
// the whole payload, while the kernel's state (what request_state, i.e. a
// page reload, gets) holds every row; a "resync" from a view sends the
// whole payload. Logs the bytes per new row against the full update.
func TestWidgetRowsDelta(t *testing.T) {
	f := smallFixture(t)
	reg := &countRegistry{fakeRegistry: fakeRegistry{handlers: map[string]comm.Handler{}}}
	mgr := widget.NewManager(reg)
	h := Attach(reg)
	h.SetWidgets(Widgets(mgr))
	if _, ok := h.Convert(View{src: f, kind: kindAll}, &fakePub{}); !ok || reg.c == nil {
		t.Fatal("no widget opened")
	}
	c := reg.c
	msg := func(content map[string]any) {
		reg.handlers[widget.Target].Message(c, map[string]any{"method": "custom", "content": content}, nil)
	}
	i := len(c.sent)
	msg(map[string]any{"type": "subset", "name": "odd", "expr": "odd"})
	deltaBytes, sent := c.sentSince(i)
	var delta map[string]any
	for _, m := range sent {
		if m["method"] == "update" {
			t.Errorf("the new row re-sent state: %v", m["buffer_paths"])
		}
		if ct, _ := m["content"].(map[string]any); ct != nil && ct["type"] == "rows_delta" {
			delta = ct
		}
	}
	if delta == nil {
		t.Fatalf("no rows_delta after a subset: %v", sent)
	}
	if ls, _ := delta["layers"].([]any); len(ls) == 0 || !strings.Contains(fmt.Sprint(ls[0]), "odd") {
		t.Errorf("rows_delta layers %v", delta["layers"])
	}
	// A page reload asks for the state: every row, "odd" included.
	i = len(c.sent)
	reg.handlers[widget.Target].Message(c, map[string]any{"method": "request_state"}, nil)
	fullBytes, sent := c.sentSince(i)
	if len(sent) != 1 || !strings.Contains(fmt.Sprint(sent[0]["state"]), "name:odd") {
		t.Errorf("request_state after the delta: %d messages, odd row missing", len(sent))
	}
	// A view that missed a delta asks again: the whole payload as an update.
	i = len(c.sent)
	msg(map[string]any{"type": "resync"})
	resyncBytes, sent := c.sentSince(i)
	if len(sent) != 1 || sent[0]["method"] != "update" {
		t.Errorf("resync sent %d messages", len(sent))
	}
	if deltaBytes*10 > resyncBytes {
		t.Errorf("delta %d bytes, full update %d bytes: not smaller", deltaBytes, resyncBytes)
	}
	t.Logf("smallFixture (600 instances, layers 128/64/10): new row %d bytes (rows_delta + reply), full update %d bytes, request_state %d bytes", deltaBytes, resyncBytes, fullBytes)
}
