package gosession

import "testing"

// TestFuncValues checks that a session function returned or stored in a
// map literal by name can be called (funcvalue.go): yaegi panicked
// ("reflect.Set: value of type *interp.node is not assignable").
func TestFuncValues(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `func half(x float64) float64 { return x / 2 }
func op() func(float64) float64 { return half }`)
	for _, c := range []struct{ code, want string }{
		{"op()(3)", "1.5"},
		{`map[string]func(float64) float64{"h": half}["h"](5)`, "2.5"},
		{"func() func(float64) float64 { return half }()(7)", "3.5"},
	} {
		if got := mustRun(t, s, c.code).result(); got != c.want {
			t.Errorf("%s = %s, want %s", c.code, got, c.want)
		}
	}
}
