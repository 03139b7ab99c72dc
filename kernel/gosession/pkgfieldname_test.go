package gosession

import (
	"reflect"
	"testing"
)

// TestThirdPartyFieldByName imports a package (testdata/pkgsource/
// fieldname) that looks up unexported fields by name through
// reflect.Value's and reflect.Type's FieldByName: they found nothing, as
// yaegi names them `Xname` (`Name: <invalid reflect.Value>`, Go `Name:
// John`); pkgfieldname.go finds them. Expectations from go run.
func TestThirdPartyFieldByName(t *testing.T) {
	code := `import "example.com/fieldname"
fieldname.Lookup()`
	want := "Name: John Doe false\nage true [2]\nfalse\n5\n"
	wantModuleOutput(t, "fieldname", code, want)
}

// TestRenamedField checks the runtime's lookup on compiled types: an
// unnamed struct with an exported `Xname` field answers for "name" (the
// interpreter's renaming), a named struct and an exported name do not.
func TestRenamedField(t *testing.T) {
	unnamed := struct {
		Xname string
		Age   int
	}{"a", 1}
	type named struct{ Xname string }
	for _, c := range []struct {
		v     any
		field string
		ok    bool
	}{
		{unnamed, "name", true},
		{unnamed, "Name", false},
		{unnamed, "age", false},
		{named{"b"}, "name", false},
		{unnamed, "", false},
	} {
		f, ok := typeFieldByName(reflect.TypeOf(c.v), c.field)
		if ok != c.ok || ok && f.Name != c.field {
			t.Errorf("typeFieldByName(%T, %q) = %q, %v; want ok %v", c.v, c.field, f.Name, ok, c.ok)
		}
		if v := valueFieldByName(reflect.ValueOf(c.v), c.field); v.IsValid() != c.ok {
			t.Errorf("valueFieldByName(%T, %q) valid %v, want %v", c.v, c.field, v.IsValid(), c.ok)
		}
	}
	if v := valueFieldByName(reflect.ValueOf(unnamed), "name"); v.String() != "a" {
		t.Errorf("valueFieldByName(unnamed, name) = %v, want a", v)
	}
}
