package gosession

import (
	"context"
	"strconv"
	"testing"

	"github.com/activis-go/activis/kernel/session"
)

// fmtCmpN is the number of comparisons or prints per benchmark op.
const fmtCmpN = 2000

const fmtCmpSrc = `type A struct {
	X int
	s string
}
func (A) M() {}
type Box struct{ V any }
func mk() []Box { return []Box{{A{1, "a"}}, {A{1, "a"}}} }
func loopEq(n int) int {
	bs := mk()
	c := 0
	for i := 0; i < n; i++ {
		if bs[0].V == bs[1].V {
			c++
		}
	}
	return c
}
func loopPlus(n int) int {
	bs := mk()
	c := 0
	for i := 0; i < n; i++ {
		c += len(fmt.Sprintf("%+v", bs[0].V))
	}
	return c
}
func loopSharp(n int) int {
	bs := mk()
	c := 0
	for i := 0; i < n; i++ {
		c += len(fmt.Sprintf("%#v", bs[0].V))
	}
	return c
}`

// BenchmarkFmtCompare measures the run-time helpers on their common path
// (ifaceeq.go, gosyntax.go): 2,000 comparisons of two session structs in
// interfaces whose types the syntax does not show (ifaceEqual), 2,000
// Sprintf("%+v") and 2,000 Sprintf("%#v") of one, per op:
//
//	go test -run '^$' -bench FmtCompare -benchtime 20x ./kernel/gosession/
func BenchmarkFmtCompare(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	mustRun(b, s, fmtCmpSrc)
	for _, c := range []struct{ name, call, want string }{
		{"eq", "loopEq", strconv.Itoa(fmtCmpN)},
		{"plusv", "loopPlus", strconv.Itoa(fmtCmpN * len("{X:1 s:a}"))},
		{"gosyntax", "loopSharp", strconv.Itoa(fmtCmpN * len(`main.A{X:1, s:"a"}`))},
	} {
		b.Run(c.name, func(b *testing.B) {
			code := c.call + "(" + strconv.Itoa(fmtCmpN) + ")"
			for range b.N {
				r := &recorder{}
				res := s.Execute(context.Background(), session.ExecuteRequest{Code: code, Count: 1}, r)
				if res.Err != nil || r.result() != c.want {
					b.Fatalf("%s: %s %q, want %s", code, errString(res.Err), r.result(), c.want)
				}
			}
		})
	}
}
