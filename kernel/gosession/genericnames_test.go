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
	if problem := qualifyGenerics(in, &seq, true, nil); problem != "" || seq == 0 {
		t.Fatalf("qualifyGenerics: %d numbered, problem %q; want some and none", seq, problem)
	}
	first := seq
	if problem := qualifyGenerics(in, &seq, true, nil); problem != "" || seq != first {
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

// TestGenericMethodMixups checks that two generic types of one cell with
// a method of one name each get their own methods, where yaegi gave the
// instances one method when one compile made both with the same type
// arguments (Stack[int]'s Len returned Queue[int]'s 100): a program cell
// and a function of the declaring cell are compiled after the types
// (genericsplit.go); a type of the same cell whose fields make both
// instances is refused naming them, and a later cell makes them again
// (genericMethodMixups).
func TestGenericMethodMixups(t *testing.T) {
	s := newSession(t)
	decls := "type Stack[T any] struct{ items []T }\n\nfunc (s *Stack[T]) Len() int { return len(s.items) }\n\n" +
		"type Queue[T any] struct{ items []T }\n\nfunc (q *Queue[T]) Len() int { return len(q.items) + 100 }\n\n"
	r := mustRun(t, s, decls+"func main() {\n\tq := &Queue[int]{}\n\tfmt.Println((&Stack[int]{}).Len(), q.Len())\n}")
	if got := r.stream("stdout") + r.stream("stderr"); got != "0 100\n" {
		t.Errorf("program cell printed %q, want 0 100", got)
	}
	decls2 := strings.NewReplacer("Stack", "Stack2", "Queue", "Queue2").Replace(decls)
	r = mustRun(t, s, decls2+"func both() string { return fmt.Sprint((&Stack2[int]{}).Len(), (&Queue2[int]{}).Len()) }\n\nfmt.Println(both())")
	if got := r.stream("stdout"); got != "0 100\n" {
		t.Errorf("a function of the declaring cell printed %q, want 0 100", got)
	}
	decls3 := strings.NewReplacer("Stack", "Stack3", "Queue", "Queue3").Replace(decls)
	_, err := run(t, s, decls3+"type Both struct {\n\ts Stack3[int]\n\tq Queue3[int]\n}")
	if err == nil || !strings.Contains(errString(err), "mixed up the methods") {
		t.Errorf("a type making both in one compile: error %s, want it refused", errString(err))
	}
	if got := mustRun(t, s, "fmt.Println((&Queue3[int]{}).Len(), (&Stack3[int]{}).Len())").stream("stdout"); got != "100 0\n" {
		t.Errorf("after the refusal printed %q, want 100 0", got)
	}
}

// BenchmarkQualifyGenerics measures the passes genericnames.go adds to
// every compile (qualifyGenerics and genericMethodMixups over a session
// with the prelude and two generic types instantiated) beside the
// baseline of the same session compiling and running a one-line cell.
func BenchmarkQualifyGenerics(b *testing.B) {
	s := newSession(b)
	mustRun(b, s, "type Stack[T any] struct{ items []T }\n\nfunc (s *Stack[T]) Len() int { return len(s.items) }\n\n"+
		"type Queue[T any] struct{ items []T }\n\nfunc (q *Queue[T]) Len() int { return len(q.items) }")
	mustRun(b, s, "x := (&Stack[int]{}).Len() + (&Queue[string]{}).Len()")
	st := s.state()
	b.Run("passes", func(b *testing.B) {
		for b.Loop() {
			st.interpMu.Lock()
			st.qualifyGenerics()
			st.methodMixups()
			st.interpMu.Unlock()
		}
	})
	b.Run("baseline=cell x++", func(b *testing.B) {
		for b.Loop() {
			mustRun(b, s, "x++")
		}
	})
}

// TestGenericTypeKeys declares in cells generic types named as those of
// a package (testdata/pkgsource/genericclash) and instantiates both with
// the same type arguments: yaegi kept the syntax trees of generic types'
// instances by the bare name and the type arguments ("Box[int]"), so
// `genericclash.Box[int]{7}.Kind()` ran the cell's Kind ("cell", Go
// "pkg"), without an error, and the other way round. genericnames.go
// names the generic types apart (markGenericType).
func TestGenericTypeKeys(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/genericclash": testModule(t, "genericclash")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/genericclash"`)
	mustRun(t, s, "type Box[T any] struct{ V T }\n\nfunc (b Box[T]) Kind() string { return \"cell\" }\n\n"+
		"type Tree[T any] struct {\n\tLeft, Right *Tree[T]\n\tVal T\n}\n\nfunc (t *Tree[T]) Depth() int {\n\tif t == nil {\n\t\treturn 0\n\t}\n\treturn 1 + t.Left.Depth()\n}")
	r := mustRun(t, s, "b := Box[int]{2}\nfmt.Println(b.Kind(), b.V)")
	if got := r.stream("stdout"); got != "cell 2\n" {
		t.Errorf("the cell's Box printed %q, want cell 2", got)
	}
	r = mustRun(t, s, "func h() string {\n\tvar y genericclash.Box[int] = genericclash.NewBox(6)\n\treturn y.Kind() + \" \" + genericclash.Box[int]{7}.Kind()\n}\n"+
		"x := genericclash.NewBox(5)\nfmt.Println(h(), x.Kind(), Box[int]{3}.Kind())")
	if got := r.stream("stdout"); got != "pkg pkg pkg cell\n" {
		t.Errorf("the package's Box printed %q, want pkg pkg pkg cell (go run)", got)
	}
	r = mustRun(t, s, "ct := &Tree[int]{Left: &Tree[int]{}}\nfmt.Println(ct.Depth())")
	if got := r.stream("stdout"); got != "2\n" {
		t.Errorf("a recursive generic type printed %q, want 2", got)
	}
}
