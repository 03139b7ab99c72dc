package gosession

import "testing"

// TestPackageStructsApart: a package whose struct types share their
// fields (testdata/pkgsource/structapart: expr's `IdentifierNode` and
// `StringNode`, a pair with an unexported field and a tag) tells them apart in type switches and assertions,
// converts between them and encodes them as go run does
// (pkglookalike.go). Before, the switch and assertions were refused as
// lookalikes (github.com/expr-lang/expr's Compile failed on every
// expression).
func TestPackageStructsApart(t *testing.T) {
	wantModuleOutput(t, "structapart", "import \"example.com/structapart\"\nfmt.Print(structapart.Kinds())",
		"string:s 1 ident:i 2 false true 1 2 {\"a\":1} <nil> Span c\n")
}
