package gosession

import "testing"

// TestThirdPartyIfaceCallArgs imports a package (testdata/pkgsource/
// ifacecallarg) that passes interface results of calls straight to
// interface parameters and compares interfaces with values of type
// parameters: yaegi printed `other square 2 false true false` (the
// argument wrapped twice: its type switch and assertion missed), false
// for test/typeparam/eface.go's test 5, and `false … ` for Eq(0, 0);
// ifacecallarg.go writes such arguments in parentheses and pkgcompare.go
// asserts the interface to the type parameter. A type switch on a nil
// interface of the package took no `case nil` (`default default …`);
// pkgassertchain.go serves it.
func TestThirdPartyIfaceCallArgs(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/ifacecallarg": testModule(t, "ifacecallarg")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/ifacecallarg"`)
	r, err := run(t, s, "fmt.Println(ifacecallarg.Describe())\nfmt.Println(ifacecallarg.Generic())\nfmt.Println(ifacecallarg.TypeParams())\nfmt.Println(ifacecallarg.NilCases())")
	if err != nil {
		t.Fatalf("ifacecallarg: %s", errString(err))
	}
	want := "circle 1 square 2 true true false\n" + // go run
		"true\n" +
		"true false true true false false false true true false true false\n" +
		"nil nil nil counted2 plain plain nil set\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// A cell's function given the package's result straight: "other
	// other" before (the type oracle knows no types of the package).
	r, err = run(t, s, `func describe(s ifacecallarg.Shape) string {
	if _, ok := s.(ifacecallarg.Circle); ok {
		return "circle"
	}
	return "other"
}
fmt.Println(describe(ifacecallarg.NewShape("circle")), describe(ifacecallarg.NewShape("square")))`)
	if err != nil {
		t.Fatalf("describe: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "circle other\n"; got != want {
		t.Errorf("a cell's describe printed %q, want %q (go run)", got, want)
	}
}
