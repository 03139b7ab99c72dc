package gosession

import "testing"

// TestChanElemRange checks a range over a slice of channels inside a
// function (rangechan.go): yaegi panicked ("reflect: call of
// reflect.Value.Len on int Value").
func TestChanElemRange(t *testing.T) {
	s := newSession(t)
	code := "func lens(cs ...chan int) (n int) {\n\tfor _, c := range cs {\n\t\tn += cap(c)\n\t}\n\treturn n\n}\nfmt.Sprint(lens(make(chan int, 2), make(chan int, 3)))"
	if got := mustRun(t, s, code).result(); got != `"5"` {
		t.Errorf("lens = %s, want \"5\"", got)
	}
}
