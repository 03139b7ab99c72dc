package gosession

import "testing"

// TestMethodExprValues checks that a method expression stored or passed
// as a value runs (methodexpr.go): yaegi failed at run or compile time.
func TestMethodExprValues(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import ("strings"; "time")
type C struct{ n int }
func (c C) Get() int { return c.n }
func (c *C) Inc(k int) { c.n += k }
func (c C) Sum(xs ...int) int { for _, x := range xs { c.n += x }; return c.n }
type W struct{ C }
func call(f func(C) int, c C) int { return f(c) }`)
	for _, c := range []struct{ code, want string }{
		{"f := (*C).Inc\nc := C{1}\nf(&c, 2)\nc.n", "3"},
		{"call(C.Get, C{4})", "4"},
		{"[]func(C) int{C.Get}[0](C{5})", "5"},
		{"sum := C.Sum\nsum(C{1}, 2, 3)", "6"},
		{"g := W.Get\ng(W{C{7}})", "7"},
		{"W.Get(W{C{8}})", "8"},
		{"rep := (*strings.Replacer).Replace\nrep(strings.NewReplacer(\"a\", \"b\"), \"xa\")", `"xb"`},
		{"ds := time.Duration.Seconds\nds(1500 * time.Millisecond)", "1.5"},
	} {
		if got := mustRun(t, s, c.code).result(); got != c.want {
			t.Errorf("%s = %s, want %s", c.code, got, c.want)
		}
	}
}
