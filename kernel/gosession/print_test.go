package gosession

import "testing"

// TestPrintln: print and println write to stderr in Go 1.26's runtime format
// (outputs checked against the compiled program),
// also from functions and deferred calls; stdout stays empty.
func TestPrintln(t *testing.T) {
	for _, c := range []struct{ code, stderr string }{
		{"println(1.5, 1e21, 123456789.0, 100.0)", "1.5 1e+21 1.23456789e+08 100\n"},
		{"println(1, \"a\", true, -2.5e-10)", "1 a true -2.5e-10\n"},
		{"print(1, 2, \"x\")\nprint(\"\\n\")", "12x\n"},
		{"println()", "\n"},
		{"type I interface{ F() }\nvar i I\nprintln(i)", "(0x0,0x0)\n"},
		{"z := 0.0\nprintln(math.NaN(), math.Inf(-1), -z, complex(math.Inf(1), math.NaN()), complex64(complex(0.1, 0.2)))", "NaN -Inf -0 (+Inf+NaNi) (0.1+0.2i)\n"},
		{"var e error\nprintln(e, complex(1, -2))", "(0x0,0x0) (1-2i)\n"},
		{"func f(x int) { println(\"f\", x) }\nf(3)", "f 3\n"},
		{"func g() { defer println(\"deferred\", 1) }\ng()", "deferred 1\n"},
		{"s := make([]int, 2, 5)\nprintln(len(s), uint8(255), float32(0.1))", "2 255 0.1\n"},
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
