package gosession

import (
	"strings"
	"testing"
)

// TestRecursiveGenericTypeArgs checks that a recursive call inside a
// generic body gets its own type parameters written out (typeargs.go
// ownTypeParam): yaegi instantiated count(n.left) without end, the cell
// hanging while its memory grew; so does a call of such a function from
// another generic body (yaegi overflowed its stack). A call of a generic
// function that does not call itself keeps yaegi's inference.
func TestRecursiveGenericTypeArgs(t *testing.T) {
	s := newSession(t)
	src := `import "fmt"
type node[T any] struct {
	v    T
	next *node[T]
}
func count[T any](n *node[T]) int {
	if n == nil {
		return 0
	}
	return 1 + count(n.next)
}
func twice[T any](n *node[T]) int { return 2 * count(n) }
func first[T any](n *node[T]) T { return n.v }
func head[T any](n *node[T]) T { return first(n) }`
	out, err := rewriteCell(s, src)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(out, "\n")
	if !strings.Contains(all, "count[_activis_T](n.next)") {
		t.Fatalf("the recursive call has no type arguments:\n%s", all)
	}
	if !strings.Contains(all, "2 * count[_activis_T](n)") {
		t.Fatalf("the call of the recursive function in twice has no type arguments:\n%s", all)
	}
	if !strings.Contains(all, "return first(n)") {
		t.Errorf("a call of a generic function that does not call itself got type arguments:\n%s", all)
	}
	mustRun(t, s, src)
	if got := mustRun(t, s, `fmt.Println(twice(&node[string]{v: "a", next: &node[string]{v: "b"}}), twice(&node[int]{v: 1}))`).stream("stdout"); got != "4 2\n" {
		t.Errorf("twice printed %q, want %q", got, "4 2\n")
	}
}
