package gosession

import (
	"context"
	"strings"
	"testing"

	"github.com/activis-go/activis/kernel/session"
)

// TestNegZeroArgs checks that a -0 argument reaches a package-level
// function of the session as -0 (negzeroarg.go): yaegi gave it +0.
func TestNegZeroArgs(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "math"
func inv(x float64) float64 { return 1 / x }
func sign32(x float32) bool { return math.Signbit(float64(x)) }
type P struct{ X, Y float64 }
func px(p P) float64 { return 1 / p.X }
func ginv[F float32 | float64](x F) F { return 1 / x }
var nz = math.Copysign(0, -1)`)
	for _, c := range []struct{ code, want string }{
		{"inv(nz)", "-Inf"},
		{"inv(-nz)", "+Inf"},
		{"y := 0.0\ninv(-y)", "-Inf"},
		{"inv(math.Copysign(0, -1))", "-Inf"},
		{"sign32(float32(nz))", "true"},
		{"px(P{X: nz})", "-Inf"},
		{"ginv(nz)", "-Inf"},
		{"func() float64 { return inv(nz) }()", "-Inf"},
		{"math.Signbit(min(nz, 0))", "true"},
		{"inv(0)", "+Inf"},
	} {
		if got := mustRun(t, s, c.code).result(); got != c.want {
			t.Errorf("%s = %s, want %s", c.code, got, c.want)
		}
	}
}

// BenchmarkNegZeroArg measures what the conversion negzeroarg.go writes
// costs a call of an interpreted function in a loop of 10^5 calls:
// "plain" passes float64(-i), which cannot be -0 and is left alone (the
// baseline), "converted" passes -float64(i), which may be, and is called
// through the conversion:
//
//	go test -run '^$' -bench NegZeroArg -benchtime 5x ./kernel/gosession/
func BenchmarkNegZeroArg(b *testing.B) {
	for _, c := range []struct{ name, arg string }{{"plain", "float64(-i)"}, {"converted", "-float64(i)"}} {
		b.Run(c.name, func(b *testing.B) {
			s, err := New(Options{})
			if err != nil {
				b.Fatal(err)
			}
			mustRun(b, s, "func half(x float64) float64 { return x / 2 }")
			code := strings.ReplaceAll(`s := 0.0
for i := 0; i < 100000; i++ { s += half(ARG) }
s`, "ARG", c.arg)
			b.ResetTimer()
			for range b.N {
				r := &recorder{}
				res := s.Execute(context.Background(), session.ExecuteRequest{Code: code, Count: 1}, r)
				if res.Err != nil || r.result() != "-2.49997500e+09" && r.result() != "-2.499975e+09" {
					b.Fatalf("%s: %s %q", c.name, errString(res.Err), r.result())
				}
			}
		})
	}
}
