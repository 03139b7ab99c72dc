package gosession

import "testing"

// TestPackageRecursiveFuncType: a package whose state type is a func type
// referring to itself (testdata/pkgsource/recfunc: `type stateFn
// func(*lexer) stateFn` with a String method, states returned, pushed,
// converted, held in a struct and a slice, a method value and a function
// literal as states) imports and runs as go run does (pkgrecfunc.go).
// Before, it failed to import: "interface conversion: reflect.Type is
// nil, not *reflect.rtype" (github.com/BurntSushi/toml, expr-lang/expr).
func TestPackageRecursiveFuncType(t *testing.T) {
	wantModuleOutput(t, "recfunc", "import \"example.com/recfunc\"\nfmt.Println(recfunc.Lex(\"ab 12 [x 7\"))", "word:ab num:12 [ word:x num:7 | state <nil>\n")
}

// TestPackageLaterTypeArgs: a package instantiating another package's
// generic types with types it declares later, in a later file and further
// down the same one (testdata/pkgsource/instorder, the shape of
// github.com/expr-lang/expr's lexer), imports and runs as go run does
// (pkginstorder.go). Before: "CFG post-order panic: interface conversion:
// reflect.Type is nil, not *reflect.rtype".
func TestPackageLaterTypeArgs(t *testing.T) {
	wantModuleOutput(t, "instorder", "import \"example.com/instorder\"\nfmt.Println(instorder.Run())", "2 {ident a} {2 {op +}} {7}\n")
}
