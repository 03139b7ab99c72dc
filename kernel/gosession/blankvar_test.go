package gosession

import "testing"

// TestThirdPartyBlankVars imports a package (testdata/pkgsource/blankvar)
// whose function declares `var _ int` and `var _, y int` (blankvar.go; at
// d93fbda the import failed, "cannot use _ as value").
func TestThirdPartyBlankVars(t *testing.T) {
	wantModuleOutput(t, "blankvar", "import \"example.com/blankvar\"\nfmt.Println(blankvar.Sum())", "9\n") // go run
}
