package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyMapKeys imports a package (testdata/pkgsource/mapkey)
// keying maps by interfaces: by strings and numbers in a map[any] it runs
// as go run does; a map[Shape] given two equal circles (at d93fbda two
// entries, Go one) and a map[any] literal keyed by a pointer to the
// package's type are refused, naming the file, line and key type
// (pkgmapkey.go).
func TestThirdPartyMapKeys(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/mapkey": testModule(t, "mapkey")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/mapkey"`)
	if got := mustRun(t, s, "fmt.Println(mapkey.Plain())").stream("stdout"); got != "1 2 true\n" { // go run
		t.Errorf("Plain printed %q, want %q", got, "1 2 true\n")
	}
	for code, want := range map[string]string{
		"mapkey.Shapes()":  "mapkey.go:31: a map keyed by Shape holding a value of the package's types with methods (Circle, *Circle, *Sq)",
		"mapkey.Literal()": "mapkey.go:38: a map keyed by any holding",
	} {
		_, err := run(t, s, code)
		if err == nil || !strings.Contains(errString(err), want) {
			t.Errorf("%s: got %s, want an error containing %q", code, errString(err), want)
		}
	}
	if got := mustRun(t, s, "fmt.Println(mapkey.Plain())").stream("stdout"); got != "1 2 true\n" {
		t.Errorf("Plain after the refusals printed %q", got)
	}
}
