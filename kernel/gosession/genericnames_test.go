package gosession

import (
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
	if problem := qualifyGenerics(in, &seq); problem != "" || seq == 0 {
		t.Fatalf("qualifyGenerics: %d numbered, problem %q; want some and none", seq, problem)
	}
	first := seq
	if problem := qualifyGenerics(in, &seq); problem != "" || seq != first {
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
