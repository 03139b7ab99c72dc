package gosession

import "testing"

// TestThirdPartyVarInit imports a package (testdata/pkgsource/varinit)
// whose variables are initialised through functions that read variables
// declared after them, in the same file and in another: yaegi ran the
// initialisers in the order written (`0s 0s 12 [a b c]`); pkgvarinit.go
// makes each initialiser name the variables it reaches.
func TestThirdPartyVarInit(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/varinit": testModule(t, "varinit")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/varinit"`)
	r, err := run(t, s, "varinit.Print()")
	if err != nil {
		t.Fatalf("varinit.Print: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "5s 5s 15 [a b c]\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// c.go: initialisers that call functions run in Go's order, blank
	// ones included (yaegi ran them last: 5 6 4, [second fifth first …]).
	r, err = run(t, s, "varinit.Order()")
	if err != nil {
		t.Fatalf("varinit.Order: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "5 6 5 2 5 [first second third fourth fifth]\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// d.go: initialisers of func types (the import failed, "interface
	// conversion: interface {} is *interp.node").
	r, err = run(t, s, "fmt.Println(varinit.Funcs())")
	if err != nil {
		t.Fatalf("varinit.Funcs: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "w; made;\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
