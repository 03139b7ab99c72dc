package widget_test

import (
	"encoding/json"
	"testing"

	"github.com/activis-go/activis/widgets/widget"
)

// BenchmarkSetFloat32 measures a kernel Set of 1e6 float32 (4 MB) up to the
// bytes the kernel sends: the JSON content plus the binary buffer. Baseline
// in the same run: the same values sent as a JSON list of numbers (what a
// protocol without buffers would do).
func BenchmarkSetFloat32(b *testing.B) {
	const n = 1_000_000
	vals := make([]float32, n)
	for i := range vals {
		vals[i] = float32(i) * 0.37
	}
	b.Run("buffer", func(b *testing.B) {
		reg := newRecorder()
		mgr := widget.NewManager(reg)
		m, _ := mgr.New("", nil)
		reg.take()
		b.SetBytes(4 * n)
		for i := range b.N {
			vals[0] = float32(i) // a change each time
			m.Set("x", vals)
			msg := reg.take()[0]
			js, err := json.Marshal(msg.Data)
			if err != nil || len(msg.Buffers) != 1 || len(js) > 200 {
				b.Fatalf("%v %d %d", err, len(msg.Buffers), len(js))
			}
		}
	})
	b.Run("json-list-baseline", func(b *testing.B) {
		b.SetBytes(4 * n)
		for i := range b.N {
			vals[0] = float32(i)
			js, err := json.Marshal(map[string]any{"method": "update", "state": map[string]any{"x": vals}})
			if err != nil || len(js) < n {
				b.Fatal(err)
			}
		}
	})
}
