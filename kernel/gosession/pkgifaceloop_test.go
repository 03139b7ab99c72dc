package gosession

import "testing"

// TestThirdPartyIfaceLoop imports a package (testdata/pkgsource/ifaceloop)
// that converts values of its types to interfaces in loops (appended,
// assigned to an element, given to a var, sent) and passes them to
// errors.Join: every converted value showed the last one ([no c no c no
// c]) and errors.Join(&NotFound{"j"}, …) panicked; and, out of loops, a
// struct with a value Error method declared or assigned as an error
// printed {a} (Go dup a).
func TestThirdPartyIfaceLoop(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/ifaceloop": testModule(t, "ifaceloop")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/ifaceloop"`)
	r, err := run(t, s, "ifaceloop.Run()")
	if err != nil {
		t.Fatalf("ifaceloop.Run: %s", errString(err))
	}
	want := `[no a no b no c]
[code 0 code 10 code 1 code 11 code 2 code 12]
no x no y
[code 0 code 5]
no p no q
no a
no b
no c
no j
k
dup a
dup b code 7
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}
