package gosession

import "testing"

// TestThirdPartyAnySwitch imports a package
// (testdata/pkgsource/anyswitch) whose type switches on values held in
// any have cases for types with methods and for fmt.Stringer: yaegi ran
// none of those cases (`other/other/none` for every value but M's);
// written as switches over comma-ok assertions (pkgassertchain.go) they
// print what go run prints, with an init statement, a label, a nil case,
// a case listing two types and a default written first.
func TestThirdPartyAnySwitch(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/anyswitch": testModule(t, "anyswitch")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/anyswitch\"")
	r, err := run(t, s, "fmt.Println(anyswitch.All())")
	if err != nil {
		t.Fatalf("All: %s", errString(err))
	}
	want := "*P1/*P/Stringer P N2/N/Stringer N Mm/other/int or M {m} nil/other/none other/other/none int or M 3 N!N!\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("All printed %q, want %q (go run)", got, want)
	}
}
