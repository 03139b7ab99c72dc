package gosession

import "testing"

// TestPackageLogicLeftCalls: a package calling its functions of float
// parameters in the left operands of || and && (testdata/pkgsource/
// logicleft, the shape of github.com/wcharczuk/go-chart's curve
// flattening) prints what go run prints, and a -0 argument elsewhere
// still arrives as -0 (negzeroarg.go's logicLeftCalls). Before, the -0
// rewrite's parenthesized callee made yaegi read another slot: the loop
// counted no flat step, without an error.
func TestPackageLogicLeftCalls(t *testing.T) {
	wantModuleOutput(t, "logicleft", "import \"example.com/logicleft\"\nfmt.Println(logicleft.Trace([]float64{0.1, 3, 0.2, 4}, 3))", "3 true true -Inf\n")
}
