package gosession

import (
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestGenericInstanceKeys checks that qualifyGenerics reads the pinned
// yaegi's layout (it numbers generic functions once and reports no
// problem)
// and that the instances of generic functions are told apart by
// declaration (genericnames.go), each case failing without it: a cell's
// Max after slices.Max's int instance returned slices.Max's answer (5, Go
// 1); a cell's Max calling slices.Max, instantiated in a later cell, was
// a CFG panic; a generic function declared again with another body kept
// the instances of the first (refused before: genericredef.go), and its
// callers, recompiled, call the new one.
func TestGenericInstanceKeys(t *testing.T) {
	in := interp.New(interp.Options{})
	if err := in.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Eval("func Q[T any](x T) T { return x }\nfunc P(x int) int { return x }"); err != nil {
		t.Fatal(err)
	}
	seq := 0
	if problem := qualifyGenerics(in, &seq, true); problem != "" || seq == 0 {
		t.Fatalf("qualifyGenerics: %d numbered, problem %q; want some and none", seq, problem)
	}
	first := seq
	if problem := qualifyGenerics(in, &seq, true); problem != "" || seq != first {
		t.Fatalf("qualifyGenerics again: %d numbered (%d before), problem %q; want none", seq, first, problem)
	}
	if v, err := in.Eval("Q(3) + P(1)"); err != nil || v.Interface() != 4 {
		t.Fatalf("after qualifyGenerics Q(3)+P(1) = %v, %v", v, err)
	}

	s := newSession(t)
	mustRun(t, s, "fmt.Println(slices.Max([]int{1, 5}))")
	mustRun(t, s, "func Max[T cmp.Ordered](xs []T) T { return xs[0] }")
	if got := mustRun(t, s, "fmt.Println(Max([]int{1, 5}))").stream("stdout"); got != "1\n" {
		t.Errorf("the cell's Max after slices.Max printed %q, want 1", got)
	}
	mustRun(t, s, "func Top[T cmp.Ordered](xs ...T) T { return slices.Max(xs) }\nfunc Max2[T cmp.Ordered](xs ...T) T { return Max(xs) }")
	if got := mustRun(t, s, "x := Top(3, 9, 2)\nfmt.Println(x, Max2(4, 8))").stream("stdout"); got != "9 4\n" {
		t.Errorf("Top and Max2 printed %q, want 9 4", got)
	}
	mustRun(t, s, "func Double[T int | float64](x T) T { return x * 2 }\nfunc g() int { return Double(3) }")
	if got := mustRun(t, s, "fmt.Println(Double(3), g())").stream("stdout"); got != "6 6\n" {
		t.Fatalf("Double printed %q", got)
	}
	mustRun(t, s, "func Double[T int | float64](x T) T { return x * 3 }")
	if got := mustRun(t, s, "fmt.Println(Double(3), Double(1.5), g())").stream("stdout"); got != "9 4.5 9\n" {
		t.Errorf("Double declared again printed %q, want 9 4.5 9", got)
	}
}

// TestGenericMethodKeys imports a package (testdata/pkgsource/
// genericmeth) whose Stack[T] and Queue[T] both have Push, Len and Name
// and the same fields, and whose Pair[K, V] has Show: yaegi keyed the
// methods' instances by method name and type arguments, so the
// package's own Both ran Stack[int]'s Name for the Queue[int]
// ("stackstack", Go "stackqueue"), a cell's Queue[string] ran Stack's
// Push and Len, and a cell's generic type with a Show method ran the
// package's Show (genericnames.go's methods, named apart between yaegi's
// passes over the package: buildfs.go's declaredHookFile).
func TestGenericMethodKeys(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/genericmeth": testModule(t, "genericmeth")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/genericmeth"`)
	mustRun(t, s, "type Pair2[K comparable, V any] struct {\n\tKey K\n\tVal V\n}\n\nfunc (p Pair2[K, V]) Show() string { return \"cell\" }")
	r := mustRun(t, s, `func f() string {
	s := genericmeth.NewStack[string]()
	q := genericmeth.NewQueue[string]()
	s.Push("a")
	q.Push("b")
	return fmt.Sprint(s.Len(), " ", q.Len(), " ", s.Name(), " ", q.Name())
}
func g() string { return genericmeth.Make("b", 2).Show() + " " + Pair2[string, int]{"a", 1}.Show() }
fmt.Println(genericmeth.Both())
fmt.Println(f())
fmt.Println(g())`)
	if got, want := r.stream("stdout"), "stackqueue\n1 200 stack queue\npkg cell\n"; got != want { // go run
		t.Errorf("printed %q, want %q", got, want)
	}
}

// TestGenericMethodMixups checks that a program cell whose one compile
// makes instances of two generic types with a method of one name and the
// same type arguments (which yaegi gives one method: Stack[int]'s Len
// returned Queue[int]'s 100) runs with a warning naming them, and that a
// later cell makes the instances again, each with its own methods
// (genericMethodMixups); a cell that is not a program is refused.
func TestGenericMethodMixups(t *testing.T) {
	s := newSession(t)
	decls := "type Stack[T any] struct{ items []T }\n\nfunc (s *Stack[T]) Len() int { return len(s.items) }\n\n" +
		"type Queue[T any] struct{ items []T }\n\nfunc (q *Queue[T]) Len() int { return len(q.items) + 100 }\n\n"
	r := mustRun(t, s, decls+"func main() {\n\tq := &Queue[int]{}\n\t_ = q\n\tfmt.Println((&Stack[int]{}).Len())\n}")
	if w := r.stream("stderr"); !strings.Contains(w, "warning: ") || !strings.Contains(w, "Stack and Queue (method Len)") && !strings.Contains(w, "Queue and Stack (method Len)") {
		t.Errorf("program cell: stderr %q, want a warning naming Stack and Queue", w)
	}
	if got := mustRun(t, s, "fmt.Println((&Queue[int]{}).Len(), (&Stack[int]{}).Len())").stream("stdout"); got != "100 0\n" {
		t.Errorf("later cell printed %q, want 100 0", got)
	}
	decls2 := strings.NewReplacer("Stack", "Stack2", "Queue", "Queue2").Replace(decls)
	_, err := run(t, s, decls2+"func both() string { return fmt.Sprint((&Stack2[int]{}).Len(), (&Queue2[int]{}).Len()) }")
	if err == nil || !strings.Contains(errString(err), "mixed up the methods") {
		t.Errorf("a cell making both in one compile: error %s, want it refused", errString(err))
	}
	if got := mustRun(t, s, "fmt.Println((&Queue2[int]{}).Len(), (&Stack2[int]{}).Len())").stream("stdout"); got != "100 0\n" {
		t.Errorf("after the refusal printed %q, want 100 0", got)
	}
}
