package gosession

import "testing"

// TestThirdPartyRangeArrayPointer imports a package (testdata/pkgsource/
// arrayptr) whose methods range over a pointer to an array
// (rangearrayptr.go): Scale panicked with "reflect: call of
// reflect.Value.Float on array Value".
func TestThirdPartyRangeArrayPointer(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/arrayptr": testModule(t, "arrayptr")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/arrayptr"`)
	r, err := run(t, s, "arrayptr.Run()")
	if err != nil {
		t.Fatalf("%s", errString(err))
	}
	if got, want := r.stream("stdout"), "[3 5 7] 15\n"; got != want { // go run
		t.Errorf("printed %q, want %q", got, want)
	}
}
