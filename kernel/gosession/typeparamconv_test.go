package gosession

import "testing"

// TestPackageTypeParamConversions imports a package whose generic
// function converts to a type parameter constrained to a pointer type
// (PT(&out[i]).Set(x)): yaegi failed the import, "CFG post-order panic".
// Expectations from go run.
func TestPackageTypeParamConversions(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/ptrconstraint": testModule(t, "ptrconstraint")})
	s := newSession(t)
	r := mustRun(t, s, "import \"example.com/ptrconstraint\"\nv, err := ptrconstraint.Ints(\"1\", \"22\")\nfmt.Println(v, err)\n"+
		"_, err = ptrconstraint.Ints(\"x\")\nfmt.Println(err)")
	if got, want := r.stream("stdout"), "[{1} {22}] <nil>\nitem 0: strconv.Atoi: parsing \"x\": invalid syntax\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
