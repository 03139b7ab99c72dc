package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"testing"
)

// TestFmtVerbs checks the mapping of a format's verbs to arguments that the
// %T rewrite relies on; formats it cannot map are left alone.
func TestFmtVerbs(t *testing.T) {
	for _, c := range []struct {
		format string
		want   string // the verbs in argument order
		ok     bool
	}{
		{"%T", "T", true},
		{"%d%% %-8T|%+v %#x", "dTvx", true},
		{"100%%", "", true},
		{"%[2]T %[1]d", "", false},
		{"%*d %T", "", false},
		{"trailing %", "", true},
	} {
		verbs, ok := fmtVerbs(c.format)
		got := ""
		for _, v := range verbs {
			got += string(v.verb)
		}
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("fmtVerbs(%q) = %q, %v; want %q, %v", c.format, got, ok, c.want, c.ok)
		}
	}
}

// TestGenericCycles checks which generic type declarations the session
// refuses to instantiate.
func TestGenericCycles(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string // the types that cannot be instantiated
	}{
		{"type L[T any] struct{ next *L[T]; v T }", nil},
		{"type N[K, V any] struct{ next *N[K, V] }", []string{"N"}},
		{"type N[K, V any] struct{ m map[K]V }", nil},
		{"type E[T any] struct{ l *L[T] }; type L[T any] struct{ root E[T] }", []string{"E", "L"}},
		{"type E[T any] struct{ l *L[T] }; type L[T any] struct{ v T }", nil},
		{"type F[a any] interface{ Apply(a) any }; type Li[a any] interface{ M(F[C[a]]) any }; type C[a any] struct{ Tail Li[a] }", []string{"C", "Li"}},
	} {
		file := parseDecls(t, c.src)
		own, _ := genericDecls(file, nil)
		var got []string
		for _, n := range []string{"C", "E", "F", "L", "Li", "N"} {
			if gi := own[n]; gi != nil && gi.bad != "" {
				got = append(got, n)
			}
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: cannot instantiate %v, want %v", c.src, got, c.want)
		}
	}
}

// parseDecls parses declarations as a file of package main.
func parseDecls(t *testing.T, src string) *ast.File {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "decls.go", "package main; "+src, 0)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
