package gosession

import (
	"fmt"
	"testing"
)

// BenchmarkIfaceFlow measures a cell whose assertions and calls the
// origin checks follow (ifaceflow.go): calls of a session function that
// passes its parameter on to one asserting it, an assertion on an
// interface variable of an earlier cell, and elements of a slice of any,
// in a session of n such functions and variables. Baseline: the same
// benchmark at the commit before ifaceflow.go (run from a worktree of
// it, interleaved).
func BenchmarkIfaceFlow(b *testing.B) {
	for _, n := range []int{0, 40} {
		b.Run(fmt.Sprintf("decls=%d", n), func(b *testing.B) {
			s := newSession(b)
			cells := []string{"type Celsius float64\nfunc isC(y any) bool { _, ok := y.(Celsius); return ok }\n" +
				"func pass(y any) bool { return isC(y) }\nvar x any = Celsius(1)"}
			for i := 0; i < n; i++ {
				cells = append(cells, fmt.Sprintf("func pass%d(y any) bool { return pass(y) }\nvar x%d any = Celsius(%d)", i, i, i),
					fmt.Sprintf("x%d = Celsius(2)", i))
			}
			for _, c := range cells {
				if _, e := run(b, s, c); e != nil {
					b.Fatalf("%q: %s", c, errString(e))
				}
			}
			code := "c := 0\nfor i := 0; i < 10; i++ { if pass(Celsius(i)) { c++ } }\n_, ok := x.(Celsius)\n" +
				"ys := []any{Celsius(1)}\nys = append(ys, Celsius(2))\n_ = fmt.Sprint(c, ok, isC(ys[1]))"
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, e := run(b, s, code); e != nil {
					b.Fatal(errString(e))
				}
			}
		})
	}
}
