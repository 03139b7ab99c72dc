package gosession

import "testing"

// TestPackageGenericValues imports a package that initialises variables
// with instances of its generic functions, gives one to a bufio.Scanner
// and returns one as a func value (genericvalue.go), calls a
// parenthesised one, and declares a generic type's methods after a
// function making one of its instances (methodhoist.go). Before, the
// import failed with "constant definition loop", and with the variables
// fixed the methods were "undefined selector: Next" (and, moved, a method
// calling one declared after it failed until they were ordered callee
// first). The output is go run's.
func TestPackageGenericValues(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/genericvalue": testModule(t, "genericvalue")})
	s := newSession(t)
	r := mustRun(t, s, "import gv \"example.com/genericvalue\"\n"+
		"fmt.Println(gv.FromString(\"ab\").Next(), gv.Local(), gv.SumInts(1, 2, 3))\n"+
		"fmt.Println(gv.Counts(\"héllo\"))\n"+
		"a, b, c := gv.SplitFunc([]byte(\"éa\"), true)\nfmt.Println(a, string(b), c)\n"+
		"fmt.Println(gv.Scan(\"añb\"))\nfmt.Println(gv.Twice(21))\nfmt.Println(gv.Doubler()(5))\ngv.Noop(3)\nfmt.Println(gv.FromString(\"abc\").Left())")
	want := "true 1 6\n5 [1 2 1 1 1]\n2 é <nil>\n[a ñ b]\n42 42\n10\n3\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}

// TestCellGenericValues: in a cell, a generic type's method declared
// after a function making an instance of it (methodhoist.go; before:
// "undefined selector: Value") and a call of a parenthesised instance
// (genericvalue.go; before: "reflect: call of reflect.Value.Call on int
// Value").
func TestCellGenericValues(t *testing.T) {
	s := newSession(t)
	r := mustRun(t, s, "type It[T ~string | ~[]byte] struct{ data T }\n\n"+
		"func FromString(s string) *It[string] { return &It[string]{data: s} }\n\n"+
		"func (it *It[T]) Value() T { return it.data }\n\n"+
		"func double[T int | float64](x T) T { return 2 * x }\n\n"+
		"fmt.Println(FromString(\"ab\").Value())\nfmt.Println((double[int])(10))\nfmt.Println(((double[float64]))(1.5))")
	if got, want := r.stream("stdout"), "ab\n20\n3\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}

// TestPackageGenericEmbed imports a package whose generic type embeds
// another package's, whose field has a generic func type (pkgfuncfield.go;
// before: "incomplete type Iterator[string]"), whose constructor is given
// an unnamed func for that type (typeargs.go's unnamedToGenericNamed;
// before: a nil dereference in the CFG), and which shifts an untyped 1 in
// a byte context (shiftoperand.go's pkgShiftTypes; before: "reflect: call
// of reflect.Value.Uint on int Value"), as github.com/clipperhouse/uax29
// v2.2.0 and github.com/mattn/go-runewidth do. The output is go run's.
func TestPackageGenericEmbed(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/segment": testModule(t, "segment")})
	s := newSession(t)
	r := mustRun(t, s, "import \"example.com/segment\"\nit := segment.FromString(\"héllo 世\")\n"+
		"for it.Next() {\n\tfmt.Print(it.Value(), \"|\")\n}\nfmt.Println()\n"+
		"fmt.Println(segment.Combining('a'), segment.Combining(0x301), segment.Combining('世'))")
	if got, want := r.stream("stdout"), "h|é|l|l|o| |世|\nfalse true false\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}

// TestCellGenericVarValues: instances of generic functions as values in a
// cell's top-level var declarations (genericvalue.go's genericVarValues).
// Given a func type, or converted to one, they were functions returning
// zeros (dbl(1.5) printed 0, Go 3), without an error; without, the cell
// failed with "constant definition loop". The output is go run's.
func TestCellGenericVarValues(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "func double[T int | float64](x T) T { return 2 * x }\n"+
		"func sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n"+
		"func pair[K comparable, V any](k K, v V) (K, V) { return k, v }")
	r := mustRun(t, s, "var conv = (func(float64) float64)(double[float64])\nvar typed func(int) int = double[int]\n"+
		"var (\n\tdbl = double[float64]\n\tfs  = []func(int) int{double[int], double[int]}\n\tsm  = sum[int]\n\tpr  = pair[string, int]\n)\n"+
		"k, v := pr(\"a\", 1)\nfmt.Println(conv(1.5), typed(5), dbl(2.5), fs[1](4), sm(1, 2, 3), k, v)")
	if got, want := r.stream("stdout"), "3 10 5 8 6 a 1\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// Declarations of their own (a cell of declarations only).
	mustRun(t, s, "var half = (func(float64) float64)(double[float64])")
	if r := mustRun(t, s, "fmt.Println(half(4))"); r.stream("stdout") != "8\n" {
		t.Errorf("declared alone: printed %q, want %q", r.stream("stdout"), "8\n")
	}
}

// TestCallerTypeParamArg: a generic call given the caller's own type
// parameter as its one type argument (`id[T](x)` inside `Twice[T]`),
// instantiated with a named type, failed with a nil dereference, in cells
// and package files; it is written without the type argument, which the
// argument gives (typeargdrop.go). The output is go run's.
func TestCallerTypeParamArg(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/callerparam": testModule(t, "callerparam")})
	s := newSession(t)
	r := mustRun(t, s, "type Dur int64\nfunc B[T any](x T) T { return x }\nfunc F[T any](x T) T { return B[T](x) }\n"+
		"fmt.Println(F[Dur](3), F[time.Duration](5), F(7))")
	if got, want := r.stream("stdout"), "3 5ns 7\n"; got != want {
		t.Errorf("cell: printed %q, want %q (go run)", got, want)
	}
	r = mustRun(t, s, "import \"example.com/callerparam\"\nfmt.Println(callerparam.Durations(time.Second))")
	if got, want := r.stream("stdout"), "[1s 1s]\n"; got != want {
		t.Errorf("package: printed %q, want %q (go run)", got, want)
	}
}
