package gosession

import "testing"

// TestThirdPartyConstRepeat imports a package (testdata/pkgsource/
// constrepeat) whose const declarations repeat specs of several names
// implicitly, with blank names, a type and iota: it failed to import
// ("undefined: v", "cannot use _ as value").
func TestThirdPartyConstRepeat(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/constrepeat": testModule(t, "constrepeat")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/constrepeat"`)
	r, err := run(t, s, "constrepeat.Run()")
	if err != nil {
		t.Fatalf("constrepeat.Run: %s", errString(err))
	}
	want := `1 13
0 1 2 3 4 5
1.5 2.5 8 12 7 7 8 8 9
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}
