package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyLookalikes imports a package (testdata/pkgsource/lookalike)
// asserting to a type that another of its types looks like to yaegi
// (any(Kelvin(1)).(Celsius) was true, go run: false) and switching with
// cases for a type and its underlying type ("s" went to case Name, go
// run: string): both panic, naming the construct and the compiled route
// (pkgiface.go); an assertion and a switch without lookalikes run as
// in Go.
func TestThirdPartyLookalikes(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/lookalike": testModule(t, "lookalike")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/lookalike\"")
	for _, c := range []struct{ call, want string }{
		{"lookalike.Assert()", "lookalike/temp.go:18: the type assertion v.(Celsius) cannot tell Celsius from Kelvin"},
		{"lookalike.Switch()", "lookalike/temp.go:25: the type switch has both case Name and case string"},
	} {
		r, err := run(t, s, "fmt.Println("+c.call+")")
		if err == nil {
			t.Errorf("%s printed %q, want a panic", c.call, r.stream("stdout"))
			continue
		}
		if msg := errString(err); !strings.Contains(msg, c.want) || !strings.Contains(msg, "activis-kernel build --with") {
			t.Errorf("%s: %s, want %q", c.call, msg, c.want)
		}
	}
	r, err := run(t, s, "fmt.Println(lookalike.Plain())")
	if err != nil {
		t.Fatalf("Plain: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "xtrue\n"; got != want {
		t.Errorf("Plain printed %q, want %q (go run)", got, want)
	}
}
