package gosession

import "testing"

// TestThirdPartyLocalTypes imports a package (testdata/pkgsource/
// localtype) whose functions declare types with the names of its
// package-level types: a struct decoded by encoding/json (it failed with
// "cannot unmarshal object into Go value of type int"), an integer type
// over a float one (c / 2 was a float division), a one-letter name in a
// closure; the package's own types stay theirs beside them.
func TestThirdPartyLocalTypes(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/localtype": testModule(t, "localtype")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/localtype"`)
	r, err := run(t, s, "fmt.Println(localtype.Decode(`[{\"Name\":\"Platypus\",\"Order\":\"Monotremata\"},{\"Name\":\"Quoll\",\"Order\":\"Dasyuromorphia\"}]`))\n"+
		"fmt.Println(localtype.Halve(7))\nfmt.Println(localtype.Short())")
	if err != nil {
		t.Fatalf("%s", errString(err))
	}
	want := `[{Name:Platypus Order:Monotremata} {Name:Quoll Order:Dasyuromorphia}] localtype.Animal
7 3 animal#2
{Y:in} {X:1}
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}

// TestSameLengthName: the new name keeps the length, starts with a
// letter, and is neither used, a keyword nor predeclared.
func TestSameLengthName(t *testing.T) {
	for _, c := range []struct {
		name string
		used []string
		want string
	}{
		{"Animal", nil, "Anima0"},
		{"Animal", []string{"Anima0", "Anima1"}, "Anima2"},
		{"T", nil, "a"},
		{"T", []string{"a", "b"}, "c"},
		{"in", []string{"i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9", "ia", "ib", "ic", "id", "ie"}, "ig"}, // not if
		{"ńame", nil, ""},
	} {
		used := map[string]bool{}
		for _, u := range c.used {
			used[u] = true
		}
		if got := sameLengthName(c.name, used); got != c.want {
			t.Errorf("sameLengthName(%q, %v) = %q, want %q", c.name, c.used, got, c.want)
		}
	}
}
