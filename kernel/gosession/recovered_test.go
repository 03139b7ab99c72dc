package gosession

import (
	"reflect"
	"testing"
)

// TestTaggedTypeNames checks that the run-time struct types of session
// types in a panic message are written by their names, also after a
// redefinition (a version suffix) and beside other tags, and that other
// text is left as it is.
func TestTaggedTypeNames(t *testing.T) {
	// The interpreter's struct types are unnamed, as these are.
	type A = struct {
		Xa int `activistype:"A" json:"-"`
	}
	type B = struct {
		N string `json:"n" activistype:"Sample_v3"`
	}
	type plain = struct{ X int }
	msg := "interface conversion: interface {} is " + reflect.TypeFor[A]().String() + ", not *" + reflect.TypeFor[B]().String()
	if got, want := taggedTypeNames(msg), "interface conversion: interface {} is main.A, not *main.Sample"; got != want {
		t.Errorf("taggedTypeNames(%q) = %q, want %q", msg, got, want)
	}
	other := "interface conversion: interface {} is " + reflect.TypeFor[plain]().String() + ", not int"
	if got := taggedTypeNames(other); got != other {
		t.Errorf("taggedTypeNames(%q) = %q, want it unchanged", other, got)
	}
}
