package gosession

import "testing"

// TestTrailingFieldCall checks that a cell ending in a call of a method
// through a field or a call result shows a value only when the method
// has exactly one result: a method without results showed a stale value
// of the frame (see trailingcall.go).
func TestTrailingFieldCall(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, want string }{
		{"import (\n\"hash\"\n\"hash/fnv\"\n\"github.com/activis-go/activis/activis\"\n)\n" +
			"var o activis.AggregateOptions\no.Progress = activis.ProgressFunc(func(string, int, int) {})\nx := 42\n_ = x", ""},
		{"o.Progress.Step(\"a\", 1, 1)", ""},
		{"var h struct{ H hash.Hash32 }\nh.H = fnv.New32()\nh.H.Reset()", ""},
		{"h.H.Size()", "4"},
		{"h.H.Write([]byte(\"ab\"))", ""},
		{"hs := []hash.Hash32{fnv.New32a()}\nhs[0].Reset()", ""},
		{"hs[0].Sum32()", "2166136261"},
		{"ex := activis.NewExplorer(nil, nil)\nex.Progress = o.Progress\nex.Progress.Step(\"b\", 1, 1)", ""},
	} {
		r, e := run(t, s, c.code)
		if e != nil {
			t.Fatalf("%q: %s", c.code, errString(e))
		}
		if got := r.result(); got != c.want {
			t.Errorf("%q shows %q, want %q", c.code, got, c.want)
		}
	}
}
