package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyEncoders imports a package (testdata/pkgsource/encoders)
// that gives encoding/json a struct embedding another and a struct whose
// field's type has MarshalJSON: json wrote `{"Base":{"id":1},"name":"pen"}`
// (go run `{"id":1,"name":"pen"}`) and `{"c":3}` (go run `{"c":"C3"}`);
// pkgencoders.go refuses both where they run, and leaves a plain value
// alone.
func TestThirdPartyEncoders(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/encoders": testModule(t, "encoders")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/encoders"`)
	for _, c := range []struct{ call, want string }{
		{"encoders.Embedded()", "enc.go:38: encoding/json with a value of type encoders.Item, whose embedded field Item.Base json would promote"},
		{"encoders.Methods()", "enc.go:45: encoding/json with a value of type encoders.W, which involves Code.MarshalJSON"},
	} {
		_, err := run(t, s, c.call)
		if err == nil || !strings.Contains(errString(err), c.want) || !strings.Contains(errString(err), "activis-kernel build --with") {
			t.Errorf("%s: got %s, want a panic containing %q", c.call, errString(err), c.want)
		}
	}
	r, err := run(t, s, "fmt.Println(encoders.Plains())")
	if err != nil {
		t.Fatalf("Plains: %s", errString(err))
	}
	if got, want := r.stream("stdout"), `[{"a":1}]`+"\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
