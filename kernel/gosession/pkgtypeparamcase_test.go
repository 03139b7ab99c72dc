package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyTypeParamCase imports a package (testdata/pkgsource/
// typeparamcase) with type switches whose cases use type parameters:
// with T any the switch panics when it runs, naming the switch and the
// case (Describe[any](10) printed int without an error; Go: T); with a
// union constraint, which admits no interface type, it runs.
func TestThirdPartyTypeParamCase(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/typeparamcase": testModule(t, "typeparamcase")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/typeparamcase"`)
	r, err := run(t, s, `fmt.Println(typeparamcase.Kind[int](3), typeparamcase.Kind[string](2.5), typeparamcase.Kind[string]("s"))`)
	if err != nil {
		t.Fatalf("Kind: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "T 3 float64 T s\n"; got != want { // go run
		t.Errorf("Kind printed %q, want %q", got, want)
	}
	_, err = run(t, s, `fmt.Println(typeparamcase.Describe[any](10))`)
	if err == nil || !strings.Contains(errString(err), "typeparamcase/cases.go:9: the type switch on v with case T, which uses a type parameter that may be an interface type, would take a wrong case") {
		t.Errorf("Describe[any]: error %s", errString(err))
	}
}
