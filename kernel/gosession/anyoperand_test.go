package gosession

import "testing"

// TestAnyOperands checks that the result of a unary or shift expression
// stored into a variable, element, map entry or pointee of interface type
// keeps its value (anyoperand.go): yaegi left them nil and did not store the
// map entries.
func TestAnyOperands(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{"x := 2\nvar v any\nv = x << 3\nvar w any = -x\nfmt.Println(v, w)", "16 -2\n"},
		{"x := 2\nm := map[string]any{}\nm[\"a\"] = x << 3\nm[\"b\"] = -x\nm[\"c\"] = ^x\nfmt.Println(m)", "map[a:16 b:-2 c:-3]\n"},
		{"x := 2\nvar v any\np := &v\n*p = -x\nfmt.Println(v)", "-2\n"},
		{"func f(x int) []any { xs := []any{1}; xs[0] = -x; return xs }\nfmt.Println(f(3))", "[-3]\n"},
		{"b := true\nvar arr [2]any\narr[0] = !b\narr[1] = 1 >> 1\nfmt.Println(arr)", "[false 0]\n"},
		{"x := 2\nvar a, b any = -x, x << 1\nfmt.Println(a, b)", "-2 4\n"},
		{"x, y := 7, 2\nvs := make([]any, 12)\nvs[0] = x + y\nvs[1] = x - y\nvs[2] = x * y\nvs[3] = x / y\nvs[4] = x % y\nvs[5] = x & y\nvs[6] = x | y\nvs[7] = x ^ y\nvs[8] = x &^ y\nvs[9] = x == y\nvs[10] = x > y && y > 0\nvs[11] = +x\nfmt.Println(vs)", "[9 5 14 3 1 2 7 5 5 false true 7]\n"},
	} {
		s := newSession(t)
		got := mustRun(t, s, "import \"fmt\"\n"+c.code).stream("stdout")
		if got != c.want {
			t.Errorf("%s\nprinted %q, want %q", c.code, got, c.want)
		}
	}
}
