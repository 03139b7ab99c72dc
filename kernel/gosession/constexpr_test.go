package gosession

import (
	"strings"
	"testing"
)

// TestConstExpr checks the constant expressions of constexpr.go: values
// yaegi computed wrongly and constants Go rejects, which ran.
func TestConstExpr(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, want string }{
		{"var g float64 = 7 / 2\nfmt.Sprint(g)", `"3"`},
		{"h := 1.5 + 7/2 + 7%4\nfmt.Sprint(h)", `"7.5"`},
		{"const q = -7\nvar k float64 = q / 2\nfmt.Sprint(k)", `"-3"`},
		{"r := 'a' + 1\nfmt.Sprintf(\"%T %c\", r, r)", `"int32 b"`},
		{"fmt.Sprint(1e16+1 == 1e16, 1e16+1-1e16, 2.5*4)", `"false 1 10"`},
		{"var b byte = 'a' + 1\nfmt.Sprintf(\"%T %v\", b, b)", `"uint8 98"`},
	} {
		if got := mustRun(t, s, c.code).result(); got != c.want {
			t.Errorf("%s = %s, want %s", c.code, got, c.want)
		}
	}
	for _, c := range []struct{ code, want string }{
		{"var x int8 = 200\nfmt.Println(x)", "overflows"},
		{"type Level uint8\nfmt.Println(Level(3) - Level(4))", "overflows"},
		{"var s uint = 3\nvar f float64 = 1 << s\nfmt.Println(f)", "must be integer"},
		{"fmt.Println(int(-0.1))", "cannot convert"},
	} {
		_, err := run(t, s, c.code)
		if err == nil || !strings.Contains(errString(err), c.want) || !strings.Contains(errString(err), "CompileError") {
			t.Errorf("%s: error = %v, want a CompileError with %q", c.code, errString(err), c.want)
		}
	}
}
