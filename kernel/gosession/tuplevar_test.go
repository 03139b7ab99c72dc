package gosession

import "testing"

// TestTupleVars: package-level variables defined from one multi-valued
// expression (`var lo, hi = bounds()`, comma-ok forms) read right in the
// functions that use them, in cells and in a package file
// (testdata/pkgsource/tuplevar, the shape of github.com/dustin/
// go-humanize's si.go), through their holder (tuplevar.go). Before, a
// cell function called through its converted value clamped -10 to -10
// without an error, a cell's comma-ok forms failed to compile ("nil
// type"), and the package's SI panicked ("reflect: call of
// reflect.Value.Float on zero Value").
func TestTupleVars(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/tuplevar": testModule(t, "tuplevar")})
	s := newSession(t)
	for _, c := range []struct{ code, want string }{
		{"var lo, hi = func() (float64, float64) { return -6, 3 }()\n" +
			"func clamp(x float64) (float64, string) {\n\tif x < lo {\n\t\tx = lo\n\t}\n\treturn x, \"k\"\n}\n" +
			"func show(x float64) string { v, p := clamp(x); return fmt.Sprint(v) + p }\n" +
			"fmt.Println(show(-10), show(1), lo, hi)", "-6k 1k -6 3\n"},
		{"var m = map[string]int{\"a\": 4}\nvar v, ok = m[\"a\"]\nvar held any = 2.5\nvar fv, isF = held.(float64)\n" +
			"func get() (int, bool, float64, bool) { return v, ok, fv, isF }\nfmt.Println(get())", "4 true 2.5 true\n"},
		{"ch := make(chan string, 1)\nch <- \"x\"\nvar cv, cok = <-ch\nfunc pair() (string, int) { return \"one\", 2 }\n" +
			"var _, second = pair()\nfunc read() (string, bool, int) { return cv, cok, second }\nfmt.Println(read())", "x true 2\n"},
		{"var lo, hi = 1.0, 2.0\nfmt.Println(show(-10), show(5))", "1k 5k\n"},
		{"func two() (int, string) { return 1, \"one\" }\nvar a_b, c = two()", ""},
		{"func three() (string, int) { return \"three\", 3 }\nvar a, b_c = three()\nfmt.Println(a_b, c, a, b_c)", "1 one three 3\n"},
		{"import \"example.com/tuplevar\"\nfmt.Println(tuplevar.SI(3.3e-6, \"F\"), tuplevar.SI(-2.5e12, \"B\"), tuplevar.SI(1500, \"m\"))\n" +
			"fmt.Println(tuplevar.Lookups())", "3.3 µF -2.5e+06 MB 1.5 km\n4 true 2.5 true 2\n"},
	} {
		if got := mustRun(t, s, c.code).stream("stdout"); got != c.want {
			t.Errorf("%s\nprinted %q, want %q (go run)", c.code, got, c.want)
		}
	}
}
