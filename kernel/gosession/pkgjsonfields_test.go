package gosession

import "testing"

// TestThirdPartyJSONFields imports a package (testdata/pkgsource/jsonfields)
// that encodes structs with unexported fields: yaegi's struct types made
// them exported Xnote, Xid and Xsecret, which json and xml wrote and json
// read; pkgjsonfields.go tags them `json:"-" xml:"-"`.
func TestThirdPartyJSONFields(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/jsonfields": testModule(t, "jsonfields")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/jsonfields"`)
	r, err := run(t, s, "fmt.Println(jsonfields.Encode())")
	if err != nil {
		t.Fatalf("Encode: %s", errString(err))
	}
	want := `{"name":"pen"}<nil>xtrue 0 <nil><doc><title>t</title></doc><nil>{"A":1}<nil>` + "\n" // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
