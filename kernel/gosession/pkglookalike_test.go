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
	serveModules(t, map[string]map[string]string{"example.com/structapart": testModule(t, "structapart")})
	s := newSession(t)
	r := mustRun(t, s, "import \"example.com/structapart\"\nfmt.Print(structapart.Kinds())")
	if got, want := r.stream("stdout"), "string:s 1 ident:i 2 false true 1 2 {\"a\":1} <nil> Span c\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
