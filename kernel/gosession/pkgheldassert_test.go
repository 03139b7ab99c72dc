package gosession

import "testing"

// TestThirdPartyHeldAssert imports a package (testdata/pkgsource/heldassert)
// that asserts values of its types with methods, held in an any, to the
// basic types they look like at run time: yaegi gave `1 true` for
// a.(int) of a Level(1) and no panic for a single-result a.(int);
// pkgheldassert.go asks which type yaegi's wrapper records first. Plain
// values still assert as before.
func TestThirdPartyHeldAssert(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/heldassert": testModule(t, "heldassert")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/heldassert"`)
	r, err := run(t, s, "heldassert.Run()")
	if err != nil {
		t.Fatalf("heldassert.Run: %s", errString(err))
	}
	want := `0 false 0 false
3 true n3 0 false
0 false 2.5 true
recovered: interface conversion: interface {} is heldassert.Level, not int
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}
