package gosession

import "testing"

// TestMinMaxTypes checks min and max with float literals next to a
// float32 and of untyped constants (minmax.go): yaegi's prelude min/max
// got float64 literals ("cannot use type float64 as type float32"), and
// `const k = min(3, 1.5, 2)` was 0.
func TestMinMaxTypes(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, want string }{
		{"var f float32 = 0.5\nfmt.Sprint(min(f, 0.25), max(f, 1.5))", `"0.25 1.5"`},
		{"const k = min(3, 1.5, 2)\nfmt.Sprint(k, max(3, 1.5)/2)", `"1.5 1.5"`},
	} {
		if got := mustRun(t, s, c.code).result(); got != c.want {
			t.Errorf("%s = %s, want %s", c.code, got, c.want)
		}
	}
}
