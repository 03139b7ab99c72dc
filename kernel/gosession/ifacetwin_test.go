package gosession

import (
	"io"
	"reflect"
	"strconv"
	"testing"
)

// TestIfaceTwin: a method set finds the twin with exactly those methods,
// in any order; a subset, a superset, another signature or an unknown
// one finds none; no two twins have the same methods.
func TestIfaceTwin(t *testing.T) {
	name := func(typ reflect.Type) string {
		for i, tt := range ifaceTwinTypes {
			if tt == typ {
				return "Twin" + strconv.Itoa(i)
			}
		}
		return "none"
	}
	for _, c := range []struct {
		sigs []string
		want string
	}{
		{[]string{"Unwrap", "func() []error"}, name(reflect.TypeFor[twinUnwrapErrors]())},
		{[]string{"Unwrap", "func() []error", "Error", "func() string"}, name(reflect.TypeFor[twinErrorUnwrapErrors]())},
		{[]string{"Close", "func() error", "Read", "func([]uint8) (int, error)"}, name(reflect.TypeFor[io.ReadCloser]())},
		{[]string{"As", "func(interface {}) bool"}, name(reflect.TypeFor[twinAs]())},
		{[]string{"Unwrap", "func() error", "Timeout", "func() bool"}, ""},
		{[]string{"Unwrap", "func() int"}, ""},
		{[]string{"Unwrap", ""}, ""},
		{nil, ""},
	} {
		if got := ifaceTwin(c.sigs); got != c.want {
			t.Errorf("ifaceTwin(%q) = %q, want %q", c.sigs, got, c.want)
		}
	}
	if len(ifaceTwinKeys) != len(ifaceTwinTypes) {
		t.Errorf("%d twins, %d distinct method sets", len(ifaceTwinTypes), len(ifaceTwinKeys))
	}
}
