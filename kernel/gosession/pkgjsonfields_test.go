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

// TestUnexportedFieldsOtherEncoders: encoders interpreted from source
// that read a tag key of their own (testdata/pkgsource/tagenc, as
// BurntSushi/toml, yaml.v3 and mapstructure do) leave out the unexported
// fields of a cell's struct and of a package's, as go run does
// (jsonfields.go's unexportedTagKeys): the toml encoder wrote a cell's
// unexported `m map[string]int` as a table `[Xm]`.
func TestUnexportedFieldsOtherEncoders(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/tagenc": testModule(t, "tagenc")})
	s := newSession(t)
	r := mustRun(t, s, `import "example.com/tagenc"
type P struct {
	Name string
	m    map[string]int
	Xy   int `+"`toml:\"xy\" yaml:\"why\"`"+`
	note string `+"`toml:\"note\" db:\"n\"`"+`
}
for _, k := range []string{"toml", "yaml", "mapstructure"} {
	fmt.Println(tagenc.Fields(P{}, k), "|", tagenc.Fields(tagenc.Inner{}, k))
}`)
	want := "Name xy | ID\nName why | id\nName Xy | ID\n" // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
