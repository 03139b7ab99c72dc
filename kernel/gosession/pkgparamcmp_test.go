package gosession

import "testing"

// TestThirdPartyParamCompare imports a package (testdata/pkgsource/
// paramcmp) whose generic functions and a generic type's method compare
// values of a comparable type parameter, instantiated with its Shape
// interface and with int, float64 and string: at a03eaaf two equal Shapes
// compared unequal (`Eq` false, `Count` 0, the set of Shapes kept the
// duplicate), without an error. pkgcompare.go's compareParams compares
// them through the runtime's ParamEqual where the parameter is an
// interface type, as go run prints.
func TestThirdPartyParamCompare(t *testing.T) {
	wantModuleOutput(t, "paramcmp", "import \"example.com/paramcmp\"\nfmt.Println(paramcmp.Run())",
		"true false true 2 1 2 false 3 2 true\n") // go run
}
