package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyTypeVerb imports a package (testdata/pkgsource/typeverb)
// that prints %T of values of its types: the call was refused for a static
// type made of them, and a value held in an interface printed its
// underlying type (int for a Level); pkgtypeverb.go prints the names as Go
// does, and refuses a struct value whose type the interpreter keeps no
// name for.
func TestThirdPartyTypeVerb(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/typeverb": testModule(t, "typeverb")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/typeverb"`)
	r, err := run(t, s, "fmt.Println(typeverb.Static())\nfmt.Println(typeverb.Dynamic())")
	if err != nil {
		t.Fatalf("typeverb: %s", errString(err))
	}
	want := "typeverb.Level|[]typeverb.Level|*typeverb.node|map[string]*typeverb.node|typeverb.Box[int]|1\n" + // go run
		"typeverb.Level *typeverb.node float64 time.Duration *errors.errorString <nil>\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
	r, err = run(t, s, "fmt.Println(typeverb.Erased())")
	if want := "typeverb/typeverb.go:46: %T of a value of the interpreter's struct type"; err == nil || !strings.Contains(errString(err), want) {
		t.Errorf("Erased: error %v, printed %q; want one containing %q", err, r.stream("stdout"), want)
	}
}
