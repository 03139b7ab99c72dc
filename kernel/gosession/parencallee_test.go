package gosession

import (
	"strings"
	"testing"
)

// TestParenCallee checks that a parenthesized name called loses its
// parentheses (parencallee.go) and other parenthesized callees keep them.
func TestParenCallee(t *testing.T) {
	got, err := rewriteSrc(t, fakeScope{}, "a := (f)(1)\nb := ((g))()\nc := (*T)(p)\nd := (func() int)(h)()")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"a := f(1)", "b := g()", "c := (*T)(p)", "d := (func() int)(h)()"} {
		if !strings.Contains(got, want) {
			t.Errorf("rewritten %q lacks %q", got, want)
		}
	}
}
