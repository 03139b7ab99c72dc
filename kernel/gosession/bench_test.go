package gosession

import (
	"context"
	"testing"

	"github.com/activis-go/activis/kernel/session"
)

// loopN is the size of the tight loop: 10^7 additions.
const loopN = 10_000_000

// sumLoop is the compiled baseline of the interpreted loop below.
//
//go:noinline
func sumLoop(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i
	}
	return s
}

const sumLoopSrc = `func sumLoop(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i
	}
	return s
}`

// BenchmarkLoop compares a tight loop of 10^7 additions in compiled Go
// (the baseline) with the same loop interpreted by the session:
//
//	go test -run '^$' -bench Loop -benchtime 3x ./kernel/gosession/
func BenchmarkLoop(b *testing.B) {
	want := sumLoop(loopN)
	b.Run("compiled", func(b *testing.B) {
		for range b.N {
			if sumLoop(loopN) != want {
				b.Fatal("wrong sum")
			}
		}
	})
	b.Run("interpreted", func(b *testing.B) {
		s, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		mustRun(b, s, sumLoopSrc)
		b.ResetTimer()
		for range b.N {
			r := &recorder{}
			res := s.Execute(context.Background(), session.ExecuteRequest{Code: "sumLoop(10000000)", Count: 1}, r)
			if res.Err != nil || r.result() != "49999995000000" {
				b.Fatalf("interpreted loop: %s %q", errString(res.Err), r.result())
			}
		}
	})
}

// BenchmarkExecute measures the session's cost for a trivial cell.
func BenchmarkExecute(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	mustRun(b, s, "x := 1")
	b.ResetTimer()
	for range b.N {
		r := &recorder{}
		if res := s.Execute(context.Background(), session.ExecuteRequest{Code: "x + 1", Count: 1}, r); res.Err != nil {
			b.Fatal(errString(res.Err))
		}
	}
}

// BenchmarkExecuteFunc measures a cell declaring a function in a session
// without type declarations: with an int result the group is
// type-checked (missingreturn.go), without one it is not (the baseline).
func BenchmarkExecuteFunc(b *testing.B) {
	for _, tc := range []struct{ name, code string }{
		{"checked", "func f(x int) int { return x * 2 }"},
		{"baseline", "func f(x int) { _ = x * 2 }"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s, err := New(Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			for range b.N {
				r := &recorder{}
				if res := s.Execute(context.Background(), session.ExecuteRequest{Code: tc.code, Count: 1}, r); res.Err != nil {
					b.Fatal(errString(res.Err))
				}
			}
		})
	}
}
