package gosession

import (
	"strings"
	"testing"
)

// TestGenericTopLevelDefinitions: variables defined at the top level of a
// cell from generic calls (the interpreted slices and maps packages, and
// generic functions declared in the session) get the result's type, and
// cells around them keep working.
func TestGenericTopLevelDefinitions(t *testing.T) {
	s := newSession(t)
	for i, test := range []struct {
		code, stdout, err string
	}{
		{code: `m := map[string]int{"b": 2, "a": 1}`},
		{code: "keys := slices.Sorted(maps.Keys(m))\nfmt.Println(keys, len(keys))", stdout: "[a b] 2\n"},
		{code: "xs := []int{3, 1, 2}\nn := len(xs)\nbest := slices.Max(xs)\nfmt.Println(n, best+1)", stdout: "3 4\n"},
		{code: "var ks = slices.Collect(maps.Keys(m))\nfmt.Println(len(ks))", stdout: "2\n"},
		{code: "func Double[T int | float64](x T) T { return 2 * x }"},
		{code: "d := Double(21)\nf := Double(1.5)\nfmt.Println(d+1, f)", stdout: "43 3\n"},
		{code: "fmt.Println(keys[0], best, d)", stdout: "a 3 42\n"},
		{code: "func() { fmt.Println(slices.Max([]int{4, 9})) }()", stdout: "9\n"},
		{code: "type P struct{ X int }\nps := []P{{1}}\np := slices.Max([]int{1})\nfmt.Println(p, len(ps))", stdout: "1 1\n"},
		// A session type as the result: the session works the type out
		// and runs the call in a function with that result type.
		{code: "type Q struct{ X int }\nfunc Pick[T any](v T) T { return v }\nq := Pick(Q{1})\nfmt.Println(q.X + 1)", stdout: "2\n"},
		// ... also where the syntax does not show an argument's type: the
		// type oracle writes the type argument (oracleTypeArgs).
		{code: "func (q Q) Self() Q { return q }\nr := Pick(Q{1}.Self())\nfmt.Println(r.X)", stdout: "1\n"},
	} {
		rec, e := run(t, s, test.code)
		if test.err != "" {
			if e == nil || !strings.Contains(e.Value, test.err) {
				t.Errorf("case %d: error %q, want one containing %q", i, errString(e), test.err)
			}
			continue
		}
		if e != nil {
			t.Fatalf("case %d %q: %s", i, test.code, errString(e))
		}
		if got := rec.stream("stdout"); got != test.stdout {
			t.Errorf("case %d: stdout %q, want %q", i, got, test.stdout)
		}
	}
}
