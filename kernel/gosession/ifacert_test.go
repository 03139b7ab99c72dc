package gosession

import (
	"testing"
	"time"
)

// TestReplaceTypeName checks the mapping of interpreter type names to the
// user's in %T output: whole names only.
func TestReplaceTypeName(t *testing.T) {
	for _, c := range []struct{ s, from, to, want string }{
		{"main.P_v2", "P_v2", "P", "main.P"},
		{"*main.P_v2", "P_v2", "P", "*main.P"},
		{"map[string]main.P_v2", "P_v2", "P", "map[string]main.P"},
		{"main.P_v23", "P_v2", "P", "main.P_v23"},
		{"main.Q", "P_v2", "P", "main.Q"},
	} {
		if got := replaceTypeName(c.s, c.from, c.to); got != c.want {
			t.Errorf("replaceTypeName(%q, %q, %q) = %q, want %q", c.s, c.from, c.to, got, c.want)
		}
	}
}

// TestIfaceHelpersOnCompiledValues checks that the run-time helpers leave
// values that are not yaegi's wrappers as fmt sees them.
func TestIfaceHelpersOnCompiledValues(t *testing.T) {
	for _, v := range []any{nil, 3, "s", time.Second, struct{ X int }{1}, &struct{}{}} {
		u, typ := ifaceUnwrap(v)
		if u != v || typ != "" {
			t.Errorf("ifaceUnwrap(%#v) = %#v, %q; want the value itself", v, u, typ)
		}
	}
	for v, want := range map[any]string{3: "int", "s": "string", time.Second: "time.Duration", struct{ X int }{1}: "struct { X int }"} {
		if got := ifaceTypeString(v); got != want {
			t.Errorf("ifaceTypeString(%#v) = %q, want %q", v, got, want)
		}
	}
	if got := ifaceTypeString(nil); got != "<nil>" {
		t.Errorf("ifaceTypeString(nil) = %q", got)
	}
}
