package gosession

import "testing"

// TestThirdPartyRangeAssign imports a package
// (testdata/pkgsource/rangeassign) whose range loops assign to existing
// variables with `=`: yaegi never assigned them (LastIndex gave -1 for a
// slice of four); written with variables of the loop's own, assigned at
// the start of each iteration (rangeassign.go), they print what go run
// prints.
func TestThirdPartyRangeAssign(t *testing.T) {
	files := testModule(t, "rangeassign")
	// Bodies written `{}`, as gofmt does not leave them in testdata: one
	// offset is both inside the braces (pkgloopvar.go's bodyStart).
	files["empty.go"] = "package rangeassign\n\nimport \"fmt\"\n\n// Empty assigns with empty loop bodies.\n" +
		"func Empty(s []int) string {\n\ti, j := 9, 9\n\tfor i = range s {}\n\tfor j = 0; j < len(s); j++ {}\n\treturn fmt.Sprint(i, j)\n}\n"
	serveModules(t, map[string]map[string]string{"example.com/rangeassign": files})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/rangeassign\"")
	r, err := run(t, s, "fmt.Println(rangeassign.All(), rangeassign.Empty([]int{1, 2, 3}), rangeassign.Empty(nil))")
	if err != nil {
		t.Fatalf("All: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "3 -1 5 5o4 2 3 9 0\n"; got != want {
		t.Errorf("All printed %q, want %q (go run)", got, want)
	}
}
