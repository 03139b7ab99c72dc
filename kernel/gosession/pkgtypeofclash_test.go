package gosession

import "testing"

// TestPackageTypeOfClash: a package taking the reflect.Type of types the
// interpreter gives one run-time type (testdata/pkgsource/typeofclash:
// `type Symbol string` and string, two empty structs) panics where it
// does, naming both types and the workaround, instead of answering with
// one type for both (go.mongodb.org/mongo-driver's bson wrote every
// string as a symbol); types the interpreter tells apart answer as go run
// does (pkgtypeofclash.go).
func TestPackageTypeOfClash(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/typeofclash": testModule(t, "typeofclash")})
	s := newSession(t)
	r := mustRun(t, s, "import \"example.com/typeofclash\"\nfmt.Println(typeofclash.Kinds())")
	if got, want := r.stream("stdout"), "int struct int\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	for _, c := range []struct{ call, want string }{
		{"typeofclash.SymbolType()", "clash.go:38: reflect.TypeOf of Symbol and of string (at clash.go:35) give one run-time type"},
		{"typeofclash.StringType()", "clash.go:35: reflect.TypeOf of string and of Symbol (at clash.go:38)"},
		{"typeofclash.NullType()", "reflect.TypeOf of Null and of MinKey"},
		{"typeofclash.MinKeyType()", "reflect.TypeOf of MinKey and of Null"},
	} {
		wantRunError(t, s, "fmt.Println("+c.call+")", c.want, "activis-kernel build --with")
	}
}
