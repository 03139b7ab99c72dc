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

// TestThirdPartyEncodeIfaces imports a package (testdata/pkgsource/
// encodeiface) whose code gives json and xml values holding its Shape
// interface (a struct's fields, a slice, a map, an any, an xml element),
// and encodes one of them in a cell: at 5535bb1 each Shape was written
// `{}` (`<item></item>` in xml), as yaegi's wrapper, without an error;
// pkgencoders.go's unwrapEncoded and encodeoperand.go's UnwrapDeep give
// the encoder the values, as go run prints.
func TestThirdPartyEncodeIfaces(t *testing.T) {
	const scene = `{"name":"s","main":{"radius":4},"shapes":[{"radius":1},null],"by":{"b":{"radius":5}}}`
	wantModuleOutput(t, "encodeiface", "import (\n\"encoding/json\"\n\"example.com/encodeiface\"\n)\nfmt.Println(encodeiface.Dump())\nb, _ := json.Marshal(encodeiface.New())\nfmt.Println(string(b))",
		scene+`<nil> [{"radius":2}] [{"radius":3}] <doc><item r="6"></item></doc>`+"\n"+scene+"\n") // go run
}
