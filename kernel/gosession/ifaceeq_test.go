package gosession

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestIfaceEqualUnnamedLookalike checks that two equal struct values in
// interfaces compare equal while only the session struct has their
// run-time type, and that the comparison is refused, naming both types,
// once an unnamed struct of the same fields was written in the session.
func TestIfaceEqualUnnamedLookalike(t *testing.T) {
	table := []any{"A", "A", (*struct{ X int })(nil), "struct{ X int }", "m"}
	p := newGSPrinter("line 1", false, table)
	var x, y any = struct{ X int }{1}, struct{ X int }{1}
	if !ifaceEqual(&x, &y, &lazyTypes{at: "line 1", p: p}) {
		t.Fatal("equal values of the one struct type compare unequal")
	}
	anon := &anonStructs{like: map[string]string{"A": "struct{ X int }"}}
	err := catchPanic(func() { ifaceEqual(&x, &y, &lazyTypes{at: "line 1", p: p, anon: anon}) })
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "A or struct{ X int }") {
		t.Fatalf("comparison with a look-alike: %v, want a refusal naming both types", err)
	}
	z := any(struct{ X int }{2})
	if ifaceEqual(&x, &z, &lazyTypes{at: "line 1", p: p, anon: anon}) {
		t.Fatal("different values compare equal")
	}
}

// TestIfaceEqualPlainValue checks that equal values in interfaces whose
// run-time type is that of a session type without methods (type C
// float64), which the interpreter holds as plain values, are refused:
// any(C(1)) == any(1.0) is false in Go, any(C(1)) == any(C(1)) true.
func TestIfaceEqualPlainValue(t *testing.T) {
	table := []any{"C", "C", (*float64)(nil), "float64", "", "S", "S", (*struct{ N int })(nil), "struct{ N int }", "m"}
	p := newGSPrinter("line 1", false, table)
	var x, y any = 1.0, 1.0
	err := catchPanic(func() { ifaceEqual(&x, &y, &lazyTypes{at: "line 1", p: p}) })
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "C or float64") {
		t.Fatalf("comparison of plain values: %v, want a refusal naming C and float64", err)
	}
	var a, b any = 1, 1 // no session type of this run-time type
	if !ifaceEqual(&a, &b, &lazyTypes{at: "line 1", p: p}) {
		t.Fatal("any(1) == any(1) is false")
	}
}

// anonScope is a session for noteUnnamedStructs: its types and record.
type anonScope struct {
	fakeScope
	types []*namedType
	reg   *anonStructs
}

func (s anonScope) namedTypes() []*namedType   { return s.types }
func (s anonScope) anonRegistry() *anonStructs { return s.reg }

// TestNoteUnnamedStructs checks which session structs get marked as
// looking like an unnamed struct of the cells: same fields with the
// session's types spelled out, byte as uint8, nested unnamed structs, in
// the cell that declares the type and in later cells.
func TestNoteUnnamedStructs(t *testing.T) {
	parseType := func(src string) ast.Expr {
		e, err := parser.ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	reg := &anonStructs{}
	sc := anonScope{fakeScope: fakeScope{}, reg: reg, types: []*namedType{
		{name: "Pt", user: "Pt", under: parseType("struct{ X, Y int }")},
		{name: "Other", user: "Other", under: parseType("struct{ Z int }")},
	}}
	cells := []string{
		"type Seg struct{ A, B Pt }\ntype Bytes struct{ b byte }\ntype Lone struct{ Q string }\nvar _ = map[string]struct{ In struct{ b uint8 } }{}",
		"func f() any { return struct{ A, B struct{ X, Y int } }{} }",
		"type Later struct{ Q string }\nfunc g() { type local struct{ Q string }; _ = local{} }",
	}
	for _, src := range cells {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "", "package main\n"+src, 0)
		if err != nil {
			t.Fatal(err)
		}
		r := &rewriter{fset: fset, sc: sc}
		r.noteUnnamedStructs(f)
		for _, nt := range r.sessionTypes() {
			if !containsType(sc.types, nt.name) {
				sc.types = append(sc.types, nt)
			}
		}
	}
	// Pt: the fields of cell 2's unnamed struct are unnamed structs of
	// Pt's fields. A local named type does not count.
	want := map[string]string{"Bytes": "struct{ b uint8 }", "Seg": "struct{ A, B struct{ X, Y int } }", "Pt": "struct{ X, Y int }"}
	if len(reg.like) != len(want) {
		t.Errorf("marked %v, want %v", reg.like, want)
	}
	for name, s := range want {
		if got := reg.lookalike(name); got != strings.ReplaceAll(strings.ReplaceAll(s, "{ ", "{"), " }", "}") {
			t.Errorf("lookalike(%s) = %q, want %q", name, got, s)
		}
	}
}

func containsType(ts []*namedType, name string) bool {
	for _, t := range ts {
		if t.name == name {
			return true
		}
	}
	return false
}

// BenchmarkIfaceEqualLookalike measures the compiled comparison helper on
// two equal session structs in interfaces without a session record of
// unnamed structs (nil: the helper as before the record) and with one that
// holds another type (the look-alike check done: a lock and a map lookup):
//
//	go test -run '^$' -bench IfaceEqualLookalike ./kernel/gosession/
func BenchmarkIfaceEqualLookalike(b *testing.B) {
	table := []any{"A", "A", (*struct{ X int })(nil), "struct{ X int }", "m"}
	p := newGSPrinter("line 1", false, table)
	var x, y any = struct{ X int }{1}, struct{ X int }{1}
	for _, c := range []struct {
		name string
		anon *anonStructs
	}{{"none", nil}, {"record", &anonStructs{like: map[string]string{"B": "struct{ Y int }"}}}} {
		b.Run(c.name, func(b *testing.B) {
			l := &lazyTypes{at: "line 1", p: p, anon: c.anon}
			for range b.N {
				if !ifaceEqual(&x, &y, l) {
					b.Fatal("unequal")
				}
			}
		})
	}
}
