package kernel_test

import (
	"encoding/binary"
	"slices"
	"sync"
	"testing"

	"github.com/activis-go/activis/kernel"
	"github.com/activis-go/activis/kernel/wire"
	"github.com/activis-go/activis/widgets/widget"
)

// widgetMsg is the content of a widget comm message.
type widgetMsg struct {
	CommID     string `json:"comm_id"`
	TargetName string `json:"target_name"`
	Data       struct {
		Method      string         `json:"method"`
		State       map[string]any `json:"state"`
		States      map[string]any `json:"states"`
		BufferPaths [][]any        `json:"buffer_paths"`
		Content     map[string]any `json:"content"`
	} `json:"data"`
}

func f32bytes(v ...float32) []byte {
	b, _ := binary.Append(nil, binary.LittleEndian, v)
	return b
}

// TestWidgetProtocol drives a Go widget model through the kernel with the
// fake front end: comm_open, updates with buffers both ways, echo_update,
// request_state, custom messages, request_states, comm_info and comm_close.
func TestWidgetProtocol(t *testing.T) {
	_, srv, ctx := start(t, kernel.Config{})
	c := srv.Client
	mgr := widget.NewManager(srv.Kernel.Comms())
	var errs []error
	var errMu sync.Mutex
	mgr.OnError(func(err error) { errMu.Lock(); errs = append(errs, err); errMu.Unlock() })

	m := widget.New("export default {render(){}}", map[string]any{
		"count": 1,
		"arr":   []float32{1.5, -2},
		"_css":  ".x{color:red}",
	})
	if err := mgr.Add(m); err != nil {
		t.Fatal(err)
	}
	isComm := func(typ, id string) func(*wire.Message) bool {
		return func(msg *wire.Message) bool {
			if msg.Header.MsgType != typ {
				return false
			}
			var w widgetMsg
			return msg.Decode(&w) == nil && w.CommID == id
		}
	}
	open, err := c.Wait(ctx, wire.IOPub, isComm("comm_open", m.ID()))
	if err != nil {
		t.Fatal(err)
	}
	w := decode[widgetMsg](t, open)
	if w.TargetName != "jupyter.widget" || open.Metadata["version"] != "2.1.0" {
		t.Errorf("comm_open target %q metadata %v", w.TargetName, open.Metadata)
	}
	st := w.Data.State
	for k, want := range map[string]any{"_model_name": "AnyModel", "_model_module": "anywidget", "_view_name": "AnyView",
		"_view_module": "anywidget", "_model_module_version": "*", "_esm": "export default {render(){}}", "count": 1.0,
		"_anywidget_id": "activis." + m.ID(), "_css": ".x{color:red}"} {
		if st[k] != want {
			t.Errorf("comm_open state %s = %v, want %v", k, st[k], want)
		}
	}
	if _, ok := st["arr"]; ok {
		t.Errorf("the []float32 travelled in the JSON state: %v", st["arr"])
	}
	if len(w.Data.BufferPaths) != 1 || w.Data.BufferPaths[0][0] != "arr" || len(open.Buffers) != 1 || !slices.Equal(open.Buffers[0], f32bytes(1.5, -2)) {
		t.Errorf("comm_open buffer_paths %v buffers %v", w.Data.BufferPaths, open.Buffers)
	}

	// A view's update with a buffer: echoed (parented to it), applied, observed.
	var seen []any
	var seenMu sync.Mutex
	m.Observe("count", func(v any) { seenMu.Lock(); seen = append(seen, v); seenMu.Unlock() })
	upd, _ := c.NewRequest("comm_msg", map[string]any{"comm_id": m.ID(), "data": map[string]any{
		"method": "update", "state": map[string]any{"count": 7, "blob": nil}, "buffer_paths": [][]any{{"blob"}}}})
	upd.Buffers = [][]byte{{9, 8, 7}}
	if err := c.SendMessage(wire.Shell, upd); err != nil {
		t.Fatal(err)
	}
	out, err := c.IOPub(ctx, upd.Header.MsgID)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].Header.MsgType != "comm_msg" {
		t.Fatalf("update outputs %v, want one echo_update", out)
	}
	echo := decode[widgetMsg](t, out[0])
	if echo.Data.Method != "echo_update" || echo.Data.State["count"] != 7.0 || len(out[0].Buffers) != 1 || !slices.Equal(out[0].Buffers[0], []byte{9, 8, 7}) {
		t.Errorf("echo_update %+v buffers %v", echo.Data, out[0].Buffers)
	}
	if got := m.Get("count"); got != 7 {
		t.Errorf("count after the view's update = %#v, want int 7", got)
	}
	if got, _ := m.Get("blob").([]byte); !slices.Equal(got, []byte{9, 8, 7}) {
		t.Errorf("blob after the view's update = %#v", m.Get("blob"))
	}
	seenMu.Lock()
	if !slices.Equal(seen, []any{7}) {
		t.Errorf("observer saw %v", seen)
	}
	seenMu.Unlock()

	// Kernel Set: an update with the buffer at its path.
	m.Set("arr", []float32{3})
	set, err := c.Wait(ctx, wire.IOPub, isComm("comm_msg", m.ID()))
	if err != nil {
		t.Fatal(err)
	}
	if s := decode[widgetMsg](t, set); s.Data.Method != "update" || len(s.Data.BufferPaths) != 1 || s.Data.BufferPaths[0][0] != "arr" || !slices.Equal(set.Buffers[0], f32bytes(3)) {
		t.Errorf("Set sent %+v buffers %v", s.Data, set.Buffers)
	}
	m.Set("count", 7) // unchanged number: no message (a slice would be sent again)

	// request_state: the whole state, parented to the request.
	req, _ := c.NewRequest("comm_msg", map[string]any{"comm_id": m.ID(), "data": map[string]any{"method": "request_state"}})
	c.SendMessage(wire.Shell, req)
	out, err = c.IOPub(ctx, req.Header.MsgID)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 {
		t.Fatalf("request_state outputs %v (a repeated Set must send nothing)", out)
	}
	full := decode[widgetMsg](t, out[0])
	if full.Data.Method != "update" || full.Data.State["_esm"] == nil || full.Data.State["count"] != 7.0 || len(out[0].Buffers) != 2 {
		t.Errorf("request_state reply %+v with %d buffers", full.Data, len(out[0].Buffers))
	}

	// custom both ways.
	got := make(chan map[string]any, 1)
	m.OnMessage(func(content map[string]any, _ [][]byte) { got <- content })
	cm, _ := c.NewRequest("comm_msg", map[string]any{"comm_id": m.ID(), "data": map[string]any{"method": "custom", "content": map[string]any{"event": "click"}}})
	c.SendMessage(wire.Shell, cm)
	if _, err := c.IOPub(ctx, cm.Header.MsgID); err != nil {
		t.Fatal(err)
	}
	select {
	case content := <-got:
		if content["event"] != "click" {
			t.Errorf("custom content %v", content)
		}
	default:
		t.Error("OnMessage was not called before the kernel went idle")
	}
	if err := m.Send(map[string]any{"hi": 1}, [][]byte{{1}}); err != nil {
		t.Fatal(err)
	}
	sent, err := c.Wait(ctx, wire.IOPub, isComm("comm_msg", m.ID()))
	if err != nil {
		t.Fatal(err)
	}
	if s := decode[widgetMsg](t, sent); s.Data.Method != "custom" || s.Data.Content["hi"] != 1.0 || len(sent.Buffers) != 1 {
		t.Errorf("Send sent %+v", s.Data)
	}

	// A slider in a box: its layout and style are opened before it, and
	// request_states on the control comm returns every live model.
	s := widget.NewIntSlider("n", 0, 10, 3)
	box := widget.NewVBox(s)
	if err := mgr.Add(box); err != nil {
		t.Fatal(err)
	}
	if n := len(mgr.Models()); n != 6 {
		t.Errorf("%d live models, want 6 (anywidget, box and its layout, slider and its layout and style)", n)
	}
	ctl, _ := c.NewRequest("comm_open", map[string]any{"comm_id": "ctl", "target_name": "jupyter.widget.control", "data": map[string]any{}})
	c.SendMessage(wire.Shell, ctl)
	c.IOPub(ctx, ctl.Header.MsgID)
	rs, _ := c.NewRequest("comm_msg", map[string]any{"comm_id": "ctl", "data": map[string]any{"method": "request_states"}})
	c.SendMessage(wire.Shell, rs)
	out, err = c.IOPub(ctx, rs.Header.MsgID)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 {
		t.Fatalf("request_states outputs %v", out)
	}
	us := decode[widgetMsg](t, out[0])
	if us.Data.Method != "update_states" || len(us.Data.States) != 6 {
		t.Errorf("update_states method %q with %d states", us.Data.Method, len(us.Data.States))
	}
	bs, _ := us.Data.States[box.ID()].(map[string]any)
	if bs["model_name"] != "VBoxModel" || bs["state"].(map[string]any)["children"].([]any)[0] != "IPY_MODEL_"+s.ID() {
		t.Errorf("box in update_states: %v", bs)
	}
	if len(us.Data.BufferPaths) != 2 || len(out[0].Buffers) != 2 {
		t.Errorf("update_states buffer_paths %v, %d buffers", us.Data.BufferPaths, len(out[0].Buffers))
	}
	for _, p := range us.Data.BufferPaths {
		if p[0] != m.ID() || p[1] != "state" {
			t.Errorf("update_states buffer path %v", p)
		}
	}

	// comm_info filtered by the widget target lists exactly the models.
	rep, _, err := c.Request(ctx, wire.Shell, "comm_info_request", map[string]any{"target_name": "jupyter.widget"})
	if err != nil {
		t.Fatal(err)
	}
	info := decode[struct {
		Comms map[string]struct {
			TargetName string `json:"target_name"`
		}
	}](t, rep)
	if len(info.Comms) != 6 {
		t.Errorf("comm_info lists %d widget comms, want 6", len(info.Comms))
	}

	// The front end closes the slider: it is freed and sends nothing more.
	cl, _ := c.NewRequest("comm_close", map[string]any{"comm_id": s.ID(), "data": map[string]any{}})
	c.SendMessage(wire.Shell, cl)
	c.IOPub(ctx, cl.Header.MsgID)
	if n := len(mgr.Models()); n != 5 {
		t.Errorf("%d live models after comm_close, want 5", n)
	}
	s.SetValue(4)
	if s.Value() != 4 {
		t.Errorf("closed slider value %d", s.Value())
	}
	if err := s.Send(nil, nil); err != widget.ErrClosed {
		t.Errorf("Send on a closed model: %v", err)
	}

	// A browser-made model is refused with comm_close.
	fo, _ := c.NewRequest("comm_open", map[string]any{"comm_id": "front", "target_name": "jupyter.widget", "data": map[string]any{"state": map[string]any{}}})
	c.SendMessage(wire.Shell, fo)
	out, _ = c.IOPub(ctx, fo.Header.MsgID)
	if len(out) != 1 || out[0].Header.MsgType != "comm_close" {
		t.Errorf("front-end comm_open outputs %v, want comm_close", out)
	}
	// A restart forgets every model: request_states lists none of them.
	if _, _, err := c.Request(ctx, wire.Control, "shutdown_request", map[string]any{"restart": true}); err != nil {
		t.Fatal(err)
	}
	if n := len(mgr.Models()); n != 0 {
		t.Errorf("%d live models after a restart, want 0", n)
	}
	errMu.Lock()
	defer errMu.Unlock()
	if len(errs) > 0 {
		t.Errorf("manager errors: %v", errs)
	}
}
