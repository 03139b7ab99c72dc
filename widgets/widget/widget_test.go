package widget_test

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/activis-go/activis/widgets/widget"
)

func TestNestedBuffers(t *testing.T) {
	reg := newRecorder()
	mgr := widget.NewManager(reg)
	m := widget.New("", map[string]any{
		"layers": []any{
			map[string]any{"name": "a", "acts": []int32{1, -1}},
			map[string]any{"name": "b", "mean": []float64{2}},
		},
		"raw":   []byte{7},
		"ints":  []int{1, 2}, // not fixed-size: a JSON list
		"child": map[string][]uint16{"u": {3}},
	})
	if err := mgr.Add(m); err != nil {
		t.Fatal(err)
	}
	open := reg.take()[0]
	if open.Metadata["version"] != "2.1.0" {
		t.Errorf("metadata %v", open.Metadata)
	}
	paths := open.Data["buffer_paths"].([][]any)
	got := map[string][]byte{}
	for i, p := range paths {
		got[fmt.Sprint(p)] = open.Buffers[i]
	}
	le := func(v any) []byte { b, _ := binary.Append(nil, binary.LittleEndian, v); return b }
	want := map[string][]byte{
		"[layers 0 acts]": le([]int32{1, -1}),
		"[layers 1 mean]": le([]float64{2}),
		"[raw]":           {7},
		"[child u]":       le([]uint16{3}),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("buffers by path %v, want %v", got, want)
	}
	st := open.Data["state"].(map[string]any)
	if _, ok := st["raw"]; ok {
		t.Error("raw bytes left in the JSON state")
	}
	l0 := st["layers"].([]any)[0].(map[string]any)
	if _, ok := l0["acts"]; ok || l0["name"] != "a" {
		t.Errorf("layer 0 on the wire %v", l0)
	}
	if !reflect.DeepEqual(st["ints"], []any{1, 2}) {
		t.Errorf("ints on the wire %#v", st["ints"])
	}
	// Go values are unchanged by sending.
	if v := m.Get("raw"); !reflect.DeepEqual(v, []byte{7}) {
		t.Errorf("raw after open %v", v)
	}

	// A view's buffers inside a list go back at their path as []byte.
	reg.front(m.ID(), map[string]any{"method": "update", "state": map[string]any{
		"layers": []any{map[string]any{"name": "z"}, nil}}, "buffer_paths": []any{[]any{"layers", 1.0}}}, [][]byte{{1, 2}})
	layers := m.Get("layers").([]any)
	if layers[0].(map[string]any)["name"] != "z" || !reflect.DeepEqual(layers[1], []byte{1, 2}) {
		t.Errorf("layers after the view's update %#v", layers)
	}
}

func TestBadUpdateReported(t *testing.T) {
	reg := newRecorder()
	mgr := widget.NewManager(reg)
	var errs []error
	mgr.OnError(func(err error) { errs = append(errs, err) })
	m, _ := mgr.New("", map[string]any{"x": 1})
	reg.front(m.ID(), map[string]any{"method": "update", "state": map[string]any{"x": 2.0}, "buffer_paths": []any{[]any{"nope", "deeper"}}}, [][]byte{{1}})
	reg.front(m.ID(), map[string]any{"method": "bogus"}, nil)
	reg.front(m.ID(), map[string]any{"method": "update"}, nil)
	if len(errs) != 3 {
		t.Fatalf("errors %v, want 3 (bad buffer path, unknown method, no state)", errs)
	}
	if m.Get("x") != 1 {
		t.Errorf("an update with a bad buffer path was applied: x = %v", m.Get("x"))
	}
	for _, s := range reg.take() {
		if s.Data["method"] == "echo_update" {
			t.Errorf("a bad update was echoed: %v", s.Data)
		}
	}
}

func TestControlsValues(t *testing.T) {
	reg := newRecorder()
	mgr := widget.NewManager(reg)
	d := widget.NewDropdown("pick", []string{"a", "b", "c"}, "b")
	f := widget.NewFloatSlider("f", 0, 1, 0.1, 0.5)
	cb := widget.NewCheckbox("on", false)
	tx := widget.NewText("name", "x")
	for _, w := range []widget.Widget{d, f, cb, tx} {
		if err := mgr.Add(w); err != nil {
			t.Fatal(err)
		}
	}
	var picked []string
	d.OnChange(func(v string) { picked = append(picked, v) })
	reg.front(d.ID(), map[string]any{"method": "update", "state": map[string]any{"index": 2.0}, "buffer_paths": []any{}}, nil)
	reg.front(f.ID(), map[string]any{"method": "update", "state": map[string]any{"value": 0.7}, "buffer_paths": []any{}}, nil)
	reg.front(cb.ID(), map[string]any{"method": "update", "state": map[string]any{"value": true}, "buffer_paths": []any{}}, nil)
	reg.front(tx.ID(), map[string]any{"method": "update", "state": map[string]any{"value": "yz"}, "buffer_paths": []any{}}, nil)
	if d.Value() != "c" || d.Index() != 2 || !reflect.DeepEqual(picked, []string{"c"}) {
		t.Errorf("dropdown %q %d picked %v", d.Value(), d.Index(), picked)
	}
	if f.Value() != 0.7 || !cb.Value() || tx.Value() != "yz" {
		t.Errorf("float %v checkbox %v text %q", f.Value(), cb.Value(), tx.Value())
	}
	d.SetValue("a")
	if d.Get("index") != 0 {
		t.Errorf("index after SetValue(a) %v", d.Get("index"))
	}
}

func TestBundleCarriesMoreTypes(t *testing.T) {
	m := widget.New("", nil)
	b := m.Bundle()
	b.Data["text/html"] = "<b>x</b>"
	v := b.Data[widget.ViewMIME].(map[string]any)
	if v["model_id"] != m.ID() || v["version_major"] != 2 || v["version_minor"] != 1 || b.Data["text/plain"] == "" {
		t.Errorf("bundle %v", b.Data)
	}
	if _, ok := m.Bundle().Data["text/html"]; ok {
		t.Error("bundles share their Data map")
	}
}

// TestConcurrent sets, observes, sends and receives from many goroutines
// (run with -race): every Set reaches the front end, the last value wins.
func TestConcurrent(t *testing.T) {
	reg := newRecorder()
	mgr := widget.NewManager(reg)
	m, _ := mgr.New("", map[string]any{"n": -1})
	reg.take()
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := 0
	m.Observe("n", func(any) { mu.Lock(); seen++; mu.Unlock() })
	const G, N = 8, 100
	for g := range G {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range N {
				m.Set(fmt.Sprintf("k%d", g), i)
				m.Set("n", g*N+i)
				_ = m.Get("n")
				m.Send(map[string]any{"i": i}, nil)
			}
		}()
		go func() {
			defer wg.Done()
			for i := range N {
				reg.front(m.ID(), map[string]any{"method": "update", "state": map[string]any{fmt.Sprintf("f%d", g): float64(i)}, "buffer_paths": []any{}}, nil)
				mgr.Models()
			}
		}()
	}
	wg.Wait()
	updates := 0
	for _, s := range reg.take() {
		if s.Data["method"] == "update" {
			updates++
		}
	}
	if updates != 2*G*N {
		t.Errorf("%d update messages, want %d", updates, 2*G*N)
	}
	if seen != G*N {
		t.Errorf("observer called %d times, want %d", seen, G*N)
	}
	for g := range G {
		if m.Get(fmt.Sprintf("k%d", g)) != N-1 || m.Get(fmt.Sprintf("f%d", g)) != float64(N-1) {
			t.Errorf("goroutine %d's keys %v %v", g, m.Get(fmt.Sprintf("k%d", g)), m.Get(fmt.Sprintf("f%d", g)))
		}
	}
}

// TestPanickingObserver: a callback's panic is reported, the other
// callbacks still run and the state is applied.
func TestPanickingObserver(t *testing.T) {
	reg := newRecorder()
	mgr := widget.NewManager(reg)
	var errs []error
	mgr.OnError(func(err error) { errs = append(errs, err) })
	m, _ := mgr.New("", map[string]any{"x": 0})
	ran := false
	m.Observe("x", func(any) { panic("boom") })
	m.Observe("x", func(any) { ran = true })
	m.OnMessage(func(map[string]any, [][]byte) { panic("bang") })
	reg.front(m.ID(), map[string]any{"method": "update", "state": map[string]any{"x": 1.0}, "buffer_paths": []any{}}, nil)
	reg.front(m.ID(), map[string]any{"method": "custom", "content": map[string]any{}}, nil)
	m.Set("x", 2)
	if !ran || m.Get("x") != 2 || len(errs) != 3 {
		t.Errorf("second observer ran %v, x %v, errors %v (want 3)", ran, m.Get("x"), errs)
	}
}

// TestSetInPlaceChange: a slice changed in place and set again is sent
// again; an unchanged number is not.
func TestSetInPlaceChange(t *testing.T) {
	reg := newRecorder()
	mgr := widget.NewManager(reg)
	xs := []float32{1, 2}
	m, _ := mgr.New("", map[string]any{"xs": xs, "n": 1})
	reg.take()
	xs[0] = 9
	m.Set("xs", xs)
	m.Set("n", 1)
	sent := reg.take()
	if len(sent) != 1 || len(sent[0].Buffers) != 1 || sent[0].Buffers[0][3] != 0x41 { // 9 = 0x41100000
		t.Errorf("sent %v, want one update with the changed buffer", sent)
	}
}

func TestDecodeBuffers(t *testing.T) {
	b, _ := binary.Append(nil, binary.LittleEndian, []float32{1.5, -2})
	if got, err := widget.Float32s(b); err != nil || !reflect.DeepEqual(got, []float32{1.5, -2}) {
		t.Errorf("Float32s %v %v", got, err)
	}
	if _, err := widget.Float64s(b[:7]); err == nil {
		t.Error("Float64s of 7 bytes: no error")
	}
	if _, err := widget.Int32s("x"); err == nil {
		t.Error("Int32s of a string: no error")
	}
	if got, err := widget.Int32s(b[:4]); err != nil || len(got) != 1 {
		t.Errorf("Int32s %v %v", got, err)
	}
}
