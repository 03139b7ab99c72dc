package gosession

import "testing"

// TestFuncValues checks that a session function returned or stored in a
// map literal by name can be called (funcvalue.go): yaegi panicked
// ("reflect.Set: value of type *interp.node is not assignable").
func TestFuncValues(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `func half(x float64) float64 { return x / 2 }
func op() func(float64) float64 { return half }`)
	for _, c := range []struct{ code, want string }{
		{"op()(3)", "1.5"},
		{`map[string]func(float64) float64{"h": half}["h"](5)`, "2.5"},
		{"func() func(float64) float64 { return half }()(7)", "3.5"},
	} {
		if got := mustRun(t, s, c.code).result(); got != c.want {
			t.Errorf("%s = %s, want %s", c.code, got, c.want)
		}
	}
}

// TestFuncVarReturns: a function returned from a local variable that
// holds a function declared by name (`f := Pad; return f`), in a cell and
// in a package file (testdata/pkgsource/funcvar), is converted to its type
// (funcvalue.go). Before, the call of the result panicked: "reflect.Set:
// value of type *interp.node is not assignable to type func(string,
// string, int) string".
func TestFuncVarReturns(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/funcvar": testModule(t, "funcvar")})
	s := newSession(t)
	r := mustRun(t, s, "func Pad(s, pad string, width int) string { return s + \"|\" }\n"+
		"func PadRight(s, pad string, width int) string { return s + \">\" }\n"+
		"func pad(align int) func(string, string, int) string {\n\tpadFunc := Pad\n\tif align == 1 {\n\t\tpadFunc = PadRight\n\t}\n\treturn padFunc\n}\n"+
		"func pair() (func(string, string, int) string, error) {\n\tvar f = Pad\n\treturn f, nil\n}\n"+
		"g, _ := pair()\nfmt.Println(pad(0)(\"a\", \" \", 3), pad(1)(\"b\", \" \", 3), g(\"c\", \"\", 0))")
	if got, want := r.stream("stdout"), "a| b> c|\n"; got != want {
		t.Errorf("cell: printed %q, want %q (go run)", got, want)
	}
	r = mustRun(t, s, "import \"example.com/funcvar\"\nn, err := funcvar.Named()\n"+
		"fmt.Println(funcvar.PadOf(0)(\"a\", \" \", 3), funcvar.PadOf(1)(\"b\", \" \", 3), n(\"c\", \"\", 0), err, funcvar.Direct()(\"d\", \"\", 0))")
	if got, want := r.stream("stdout"), "a| b> c> <nil> d|\n"; got != want {
		t.Errorf("package: printed %q, want %q (go run)", got, want)
	}
}
