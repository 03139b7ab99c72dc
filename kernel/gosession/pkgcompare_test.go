package gosession

import "testing"

// TestThirdPartyIfaceCompare imports a package (testdata/pkgsource/ifacecmp)
// that compares interfaces holding its own values, with those values and
// with each other: yaegi compared its wrappers (`false false true false
// false false false false` for Concrete, FindOne -1) or failed
// ("comparing uncomparable type interp._error" in Ifaces); pkgcompare.go
// asserts first.
func TestThirdPartyIfaceCompare(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/ifacecmp": testModule(t, "ifacecmp")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/ifacecmp"`)
	r, err := run(t, s, "fmt.Println(ifacecmp.Concrete())\nfmt.Println(ifacecmp.Ifaces())\nfmt.Println(ifacecmp.FindOne(), ifacecmp.Find(nil), ifacecmp.Sentinel())")
	if err != nil {
		t.Fatalf("ifacecmp: %s", errString(err))
	}
	want := "true true false true true true true false\n" + // go run
		"true false false false false true false true\n" +
		"1 -1 my 3\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
