package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyValueChain imports a package (testdata/pkgsource/
// valuechain) whose struct error has Unwrap on a value receiver: errors.Is
// through it was false (Go true), silently; errors.Is, errors.As and
// errors.AsType in such a package now panic naming the type and the
// compiled route.
func TestThirdPartyValueChain(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/valuechain": testModule(t, "valuechain")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/valuechain"`)
	for call, line := range map[string]string{"valuechain.Is()": "chain.go:20: errors.Is", "valuechain.As()": "chain.go:24: errors.AsType"} {
		r, err := run(t, s, call)
		want := line + " in a package whose struct type DupError has Unwrap, Is or As on a value receiver"
		if err == nil || !strings.Contains(errString(err), want) || !strings.Contains(errString(err), "activis-kernel build --with") {
			t.Errorf("%s: error %v, printed %q; want one containing %q", call, err, r.stream("stdout"), want)
		}
	}
}
