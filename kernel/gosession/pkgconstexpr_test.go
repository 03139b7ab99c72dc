package gosession

import "testing"

// TestThirdPartyConstExpr imports a package (testdata/pkgsource/constexpr)
// with constant expressions yaegi computed wrongly (`0.15 0.15 0 0 3.5
// 5.25 true 4.5` for Values) and builtin print calls, which wrote to
// stdout with a space after every operand; pkgconstexpr.go writes the
// expressions as their values and pkgprint.go's builtinPrint calls the
// session's print.
func TestThirdPartyConstExpr(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/constexpr": testModule(t, "constexpr")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/constexpr"`)
	r, err := run(t, s, "fmt.Println(constexpr.Values())\nconstexpr.Print(\"Go\", 2012)")
	if err != nil {
		t.Fatalf("constexpr: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "0.1 0.15 4 0 3 4.5 false 4\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	if got, want := r.stream("stderr"), "Go is created by Google, and released at year 2012 1.5\n"; got != want {
		t.Errorf("printed to stderr %q, want %q (go run)", got, want)
	}
}

// TestThirdPartyCompiledConst imports a package (testdata/pkgsource/
// constexpr) whose untyped float expression uses math.MaxFloat64: yaegi
// refused the import ("mismatched types untyped float and untyped
// float64"), as it refused github.com/dustin/go-humanize; pkgconstexpr.go
// writes the expression's value.
func TestThirdPartyCompiledConst(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/constexpr": testModule(t, "constexpr")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/constexpr"`)
	r, err := run(t, s, "fmt.Println(constexpr.Classify())")
	if err != nil {
		t.Fatalf("Classify: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "[-Infinity finite Infinity]\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}

// TestThirdPartyComplexConsts imports a package (testdata/pkgsource/
// constexpr) taking real and imag of its complex constants: yaegi failed
// to compile them, so the import failed; complexparts.go writes their
// values.
func TestThirdPartyComplexConsts(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/constexpr": testModule(t, "constexpr")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/constexpr"`)
	r, err := run(t, s, "fmt.Println(constexpr.Parts())\nfmt.Println(constexpr.Resistance, real(constexpr.Impedance))")
	if err != nil {
		t.Fatalf("Parts: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "6 4 -2 3\n3 3\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
