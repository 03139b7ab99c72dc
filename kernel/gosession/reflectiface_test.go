package gosession

import (
	"strings"
	"testing"
)

// TestReflectIfaceStandIns: a package asking by reflection whether types
// have its own interfaces' methods (testdata/pkgsource/reflectiface:
// `reflect.TypeOf((*Marshaler)(nil)).Elem()`, reflect.TypeFor and new(I)
// forms, Implements, AssignableTo and ConvertibleTo of its own, compiled
// and interface types) answers as go run does, and its encoder encodes
// plain and compiled values as go run does (reflectiface.go). Before,
// every Implements of such an interface panicked "reflect: non-interface
// type passed to Type.Implements" (BurntSushi/toml's encoder,
// sanity-io/litter). Where the session's types make the answer
// unknowable (a cell's type with the methods, a value of a type with
// methods reaching the package through an interface), the call panics
// naming them rather than answering false.
func TestReflectIfaceStandIns(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/reflectiface": testModule(t, "reflectiface")})
	s := newSession(t)
	r := mustRun(t, s, `import "example.com/reflectiface"
fmt.Println(reflectiface.Checks())
fmt.Println(reflectiface.Encode(time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)), reflectiface.Encode(7), reflectiface.Encode(struct{ A, B int }{1, 2}))`)
	want := "true true false true false true false true true false true false true true false\n" + // go run
		"text:2020-01-02T00:00:00Z 7 {1 2}\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// Kind, String, Name and NumMethod describe the interface a stand-in
	// stands for (before: struct, its struct type, "", 0; a registry
	// taking only interfaces panicked).
	r = mustRun(t, s, "fmt.Println(reflectiface.Describe())")
	described := "interface reflectiface.Marshaler 1 Dumper reflectiface.Namer interface true struct 1 [Marshaler Dumper TextMarshaler]\n" // go run
	if got := r.stream("stdout"); got != described {
		t.Errorf("Describe printed %q, want %q (go run)", got, described)
	}
	// Elem of two reflect.Values in one assignment (pkgrepl.go's
	// replaceToEnd: the import failed with a syntax error).
	r = mustRun(t, s, "fmt.Println(reflectiface.ElemPair())")
	if got := r.stream("stdout"); got != "1 2\n" { // go run
		t.Errorf("ElemPair printed %q, want %q (go run)", got, "1 2\n")
	}
	// A cell's struct with a method reaches the package as its fields
	// (pkgreflectarg.go), not as yaegi's wrapper.
	r = mustRun(t, s, "type Pt struct{ X, Y int }\nfunc (p Pt) Sum() int { return p.X + p.Y }\nfmt.Println(reflectiface.Encode(Pt{1, 2}), reflectiface.Encode(&Pt{3, 4}))")
	if got, want := r.stream("stdout"), "{1 2} &{3 4}\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// ... and inside maps, slices and fields of interface type, through
	// the Elem of an interface value (pkgreflectarg.go's ValueElem).
	r = mustRun(t, s, "fmt.Println(reflectiface.Walk(map[string]any{\"p\": Pt{1, 2}, \"l\": []any{&Pt{3, 4}, 5, nil}}))")
	if got, want := r.stream("stdout"), "map[l:[{3 4} 5 nil] p:{1 2}]\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	for _, c := range []struct{ cell, want string }{
		{"type Level int\nfunc (l Level) MarshalText() ([]byte, error) { return []byte(\"L\"), nil }\nfmt.Println(reflectiface.Encode(7))",
			"cannot tell whether the type int implements encoding.TextMarshaler: the session's Level has its methods"},
		{"type Mine struct{ S string }\nfunc (m Mine) MarshalEnc() string { return m.S }\nfmt.Println(reflectiface.Encode(Mine{\"x\"}))",
			"implements reflectiface.Marshaler: the session's Mine has its methods"},
	} {
		_, e := run(t, s, c.cell)
		if msg := errString(e); !strings.Contains(msg, c.want) {
			t.Errorf("%s: error %q, want one containing %q", c.cell, msg, c.want)
		}
	}
	r = mustRun(t, s, `fmt.Println(reflectiface.Checks())`)
	if got := r.stream("stdout"); !strings.HasPrefix(want, got) {
		t.Errorf("after the refusals printed %q, want %q", got, want)
	}
}
