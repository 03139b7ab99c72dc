package gosession

import (
	"strings"
	"testing"
)

// TestShiftCount checks that a negative shift count panics as in Go
// (shiftcount.go): yaegi shifted by the count made unsigned.
func TestShiftCount(t *testing.T) {
	s := newSession(t)
	if got := mustRun(t, s, "t := 0\nfor i := range 4 {\n\tt += 1 << i & 0xff >> (i & 3)\n}\nfor j := 1; j < 3; j++ {\n\tt += 1 << j\n}\nfmt.Sprint(t, 1<<len(\"ab\"))").result(); got != `"10 4"` {
		t.Errorf("counted shifts = %s, want \"10 4\"", got)
	}
	if got := mustRun(t, s, "a, k := 5, 2\nb := int8(1)\nb <<= k\nfmt.Sprint(a>>k, a<<k, b)").result(); got != `"1 20 4"` {
		t.Errorf("shifts by 2 = %s, want \"1 20 4\"", got)
	}
	for _, code := range []string{"x, s := 1, -1\nfmt.Println(x << s)", "x, s := 1, int8(-3)\nx >>= s\nfmt.Println(x)",
		"func f(x uint, s int) uint { return x << s }\nfmt.Println(f(1, -2))",
		"for i := 0; i < 3; i++ {\n\ti -= 5\n\tfmt.Println(1 << i)\n}"} {
		_, err := run(t, s, code)
		if err == nil || !strings.Contains(errString(err), "negative shift amount") {
			t.Errorf("%s: error = %s, want negative shift amount", code, errString(err))
		}
	}
}

// BenchmarkShiftCount measures a loop of 10^5 shifts by a signed count
// (checked) against the same loop with an unsigned count (not checked).
func BenchmarkShiftCount(b *testing.B) {
	for _, c := range []struct{ name, count string }{{"signed", "int"}, {"unsigned", "uint"}} {
		b.Run(c.name, func(b *testing.B) {
			s := newSession(b)
			mustRun(b, s, "func shifts() int {\n\tx := 0\n\tfor i := 0; i < 100000; i++ {\n\t\tx ^= 1 << "+c.count+"(i&31)\n\t}\n\treturn x\n}")
			b.ResetTimer()
			for range b.N {
				mustRun(b, s, "shifts()")
			}
		})
	}
}
