package gosession

import (
	"strings"
	"testing"
)

// TestStaleName checks which interpreter names are earlier versions.
func TestStaleName(t *testing.T) {
	versions := map[string]string{"P": "P_v3"}
	for name, want := range map[string]string{"P": "P_v3", "P_v1": "P_v3", "P_v12": "P_v3", "P_v3": "", "P_vx": "", "PQ": "", "Q": "", "P_v": ""} {
		got, ok := staleName(versions, name)
		if ok != (want != "") || got != want {
			t.Errorf("staleName(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

// TestTypeVersionDependents checks that the functions using a type get
// its new version: its new method, its new fields, and an error naming
// one that no longer compiles.
func TestTypeVersionDependents(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "type P struct{ X int }\nfunc (p P) M() int { return 1 }\nfunc use(p P) int { return p.M() + p.X }\nfunc top() int { return use(P{X: 10}) }")
	mustRun(t, s, "func (p P) M() int { return 2 }")
	if got := mustRun(t, s, "top()").result(); got != "12" {
		t.Errorf("after M changed: top() = %q, want 12", got)
	}
	mustRun(t, s, "type P struct{ X, Y int }\nfunc (p P) M() int { return p.Y }")
	if got := mustRun(t, s, "use(P{1, 5})").result(); got != "6" {
		t.Errorf("after a field was added: use(P{1, 5}) = %q, want 6", got)
	}
	_, err := run(t, s, "type P struct{ Y int }\nfunc (p P) M() int { return p.Y }")
	if err == nil || !strings.Contains(errString(err), "use (defined in In[") || !strings.Contains(errString(err), "a type it uses was declared again") {
		t.Errorf("after X was removed: error %s, want use named", errString(err))
	}
}
