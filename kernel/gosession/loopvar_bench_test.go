package gosession

import (
	"context"
	"testing"

	"github.com/activis-go/activis/kernel/session"
)

// BenchmarkLoopVars measures what the per-iteration loop variables of
// loopvar.go cost: the same interpreted loop of 10^5 iterations whose body
// makes a closure, with the closure using the loop variable (rewritten:
// a fresh variable per iteration) and, as the baseline in the same run,
// using a copy made in the body (not rewritten); rewritten-copyback has a
// body that may change the variable (the pointer form with copy-back):
//
//	go test -run '^$' -bench LoopVars -benchtime 5x ./kernel/gosession/
func BenchmarkLoopVars(b *testing.B) {
	for _, bc := range []struct{ name, src string }{
		{"baseline", `func loop() int {
	s := 0
	for i := 0; i < 100000; i++ {
		j := i
		f := func() int { return j }
		s += f()
	}
	return s
}`},
		{"rewritten", `func loop() int {
	s := 0
	for i := 0; i < 100000; i++ {
		f := func() int { return i }
		s += f()
	}
	return s
}`},
		{"rewritten-copyback", `func loop() int {
	s := 0
	for i := 0; i < 100000; i++ {
		if i < 0 {
			i++
		}
		f := func() int { return i }
		s += f()
	}
	return s
}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s, err := New(Options{})
			if err != nil {
				b.Fatal(err)
			}
			mustRun(b, s, bc.src)
			b.ResetTimer()
			for range b.N {
				r := &recorder{}
				res := s.Execute(context.Background(), session.ExecuteRequest{Code: "loop()", Count: 1}, r)
				if res.Err != nil || r.result() != "4999950000" {
					b.Fatalf("loop: %s %q", errString(res.Err), r.result())
				}
			}
		})
	}
}
