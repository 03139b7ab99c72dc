package gosession

import "testing"

// TestPrintln: print and println write to stderr in Go's runtime format,
// also from functions and deferred calls; stdout stays empty.
func TestPrintln(t *testing.T) {
	for _, c := range []struct{ code, stderr string }{
		{"println(1.5)", "+1.500000e+000\n"},
		{"println(1, \"a\", true, -2.5e-10)", "1 a true -2.500000e-010\n"},
		{"print(1, 2, \"x\")\nprint(\"\\n\")", "12x\n"},
		{"println()", "\n"},
		{"var e error\nprintln(e, complex(1, -2))", "(0x0,0x0) (+1.000000e+000-2.000000e+000i)\n"},
		{"func f(x int) { println(\"f\", x) }\nf(3)", "f 3\n"},
		{"func g() { defer println(\"deferred\", 1) }\ng()", "deferred 1\n"},
		{"s := make([]int, 2, 5)\nprintln(len(s), uint8(255), float32(0.1))", "2 255 +1.000000e-001\n"},
	} {
		s := newSession(t)
		r, err := run(t, s, c.code)
		if err != nil {
			t.Errorf("%q: %s", c.code, errString(err))
			continue
		}
		if got := r.stream("stderr"); got != c.stderr {
			t.Errorf("%q: stderr = %q, want %q", c.code, got, c.stderr)
		}
		if got := r.stream("stdout"); got != "" {
			t.Errorf("%q: stdout = %q", c.code, got)
		}
	}
}
