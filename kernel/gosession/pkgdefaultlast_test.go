package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyDefaultLast imports a package
// (testdata/pkgsource/defaultlast, plus a file written on one line as
// gofmt would not keep it) whose switches have their default clause
// before other clauses: yaegi swapped it with the last clause, so
// Classify(10) gave "big", Kind(P{1}) "P" and Grade(85) "F" (go run:
// pos, stringer, B), and Fall(3) ran the wrong clause after its
// fallthrough (defaultlast.go).
func TestThirdPartyDefaultLast(t *testing.T) {
	files := testModule(t, "defaultlast")
	files["oneline.go"] = "package defaultlast\n\n// Grade has a one-line switch.\n" +
		"func Grade(g int) string {\n\tswitch { case g >= 90: return \"A\"; default: return \"F\"; case g >= 80: return \"B\" }\n}\n"
	serveModules(t, map[string]map[string]string{"example.com/defaultlast": files})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/defaultlast\"")
	r, err := run(t, s, "fmt.Println(defaultlast.Classify(10), defaultlast.Classify(-1), defaultlast.Kind(defaultlast.P{1}), defaultlast.Kind(2), "+
		"defaultlast.Grade(85), defaultlast.Grade(95), defaultlast.Grade(5), defaultlast.Fall(0), defaultlast.Fall(9))")
	if err != nil {
		t.Fatalf("calls: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "pos small stringer other B A F B big\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	_, err = run(t, s, "fmt.Println(defaultlast.Fall(3))") // go run: AB
	if err == nil || !strings.Contains(errString(err), "dl.go:44: a fallthrough into a default clause that is not the last clause") {
		t.Errorf("Fall(3): got %v, want the fallthrough refused at dl.go:44", errString(err))
	}
}
