package gosession

import "testing"

// TestThirdPartyCallResults imports a package (testdata/pkgsource/
// callresult) that prints results of calls of its types with String
// methods (yaegi printed `30 23.25 21.5 &{2} {1 2}` for the first line:
// the results reached fmt without their methods; pkgprint.go converts
// them), and uses method expressions as values (`mapSlice(samples,
// Sample.Key)` panicked, "reflect.Set: value of type func() string is not
// assignable"; pkgmethodexpr.go writes them as function literals), and
// prints a type with a String method and a string underlying type beside
// a look-alike (`N:a N:b|1 N:b 2|l 5|N:x 3 q 4`: fmt saw yaegi's wrapper,
// a struct, and put spaces; pkgprint.go's printSpacing writes empty
// string operands, pkgprintany.go asks HeldType for the look-alike).
func TestThirdPartyCallResults(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/callresult": testModule(t, "callresult")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/callresult"`)
	r, err := run(t, s, "callresult.Print()\nfmt.Println(callresult.MethodExprs())\nfmt.Print(callresult.Spacing())")
	if err != nil {
		t.Fatalf("callresult: %s", errString(err))
	}
	want := "30.0°C 23.2°C 21.5°C node2 1/2\n" + // go run
		"30.0°C 19.0°C \"node2\" 312f32 4|30.0°C|\n" +
		"23.2°C node2\n" +
		"30.0°C node2\n" +
		"30.0°C\n" +
		"[id-1 id-2] id-2 7 21.0°C\n" +
		"N:aN:b|1N:b2|l5|N:x3 N:q 4\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}
