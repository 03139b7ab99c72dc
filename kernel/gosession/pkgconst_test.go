package gosession

import (
	"go/constant"
	"go/token"
	"testing"
)

// TestPkgFloatConsts checks that the untyped float constants of compiled
// packages mix with float literals as in Go (pkgconst.go): yaegi typed
// math.Pi "untyped float64" and refused `math.Pi * 2.0`.
func TestPkgFloatConsts(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, want string }{
		{"import \"math\"\nfmt.Sprint(math.Pi*2.0, 1.0+math.E)", `"6.283185307179586 3.718281828459045"`},
		{"fmt.Sprint(complex(0, math.Pi), math.Pi*1e300/1e300 == math.Pi)", `"(0+3.141592653589793i) true"`},
		{"fmt.Sprint(-math.MaxFloat64*0.5, math.SmallestNonzeroFloat64*0.5 > 0)", `"-8.988465674311579e+307 true"`},
	} {
		if got := mustRun(t, s, c.code).result(); got != c.want {
			t.Errorf("%s = %s, want %s", c.code, got, c.want)
		}
	}
}

// TestExactDecimal checks the literals of binary fractions.
func TestExactDecimal(t *testing.T) {
	for in, want := range map[string]string{"0.5": "0.5", "-2.25": "-2.25", "8": "8.0", "0x1p-3": "0.125"} {
		got, ok := exactDecimal(constant.MakeFromLiteral(in, token.FLOAT, 0))
		if !ok || got != want {
			t.Errorf("exactDecimal(%s) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := exactDecimal(constant.BinaryOp(constant.MakeFloat64(1), token.QUO, constant.MakeFloat64(3))); ok {
		t.Errorf("exactDecimal(1/3) = %q, want no literal", got)
	}
}
