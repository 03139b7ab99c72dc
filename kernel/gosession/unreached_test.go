package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestMarkReached checks which statements are counted and that the
// counter's assignments follow them.
func TestMarkReached(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package main; func main() { a := 1; a = 2; var b, c int; f(); _, d := 1, 2; for i := 0; i < 1; i++ {} }", 0)
	if err != nil {
		t.Fatal(err)
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	defs := markReached(body)
	if want := [][]string{{"a"}, {"b", "c"}, {"d"}}; !reflect.DeepEqual(defs, want) {
		t.Errorf("defs = %v, want %v", defs, want)
	}
	var got []string
	for _, s := range body.List {
		if as, ok := s.(*ast.AssignStmt); ok && as.Lhs[0].(*ast.Ident).Name == reachedVar {
			got = append(got, as.Rhs[0].(*ast.BasicLit).Value)
		} else {
			got = append(got, "s")
		}
	}
	if want := "0 s 1 s s 2 s s 3 s"; strings.Join(got, " ") != want {
		t.Errorf("statements = %q, want %q", strings.Join(got, " "), want)
	}
	g, _ := parser.ParseFile(token.NewFileSet(), "", "package main; func main() { f(); x = 1 }", 0)
	if defs := markReached(g.Decls[0].(*ast.FuncDecl).Body); defs != nil || len(g.Decls[0].(*ast.FuncDecl).Body.List) != 2 {
		t.Errorf("a group without definitions got markers: %v", defs)
	}
}

// TestUnreachedNames checks that the names a cell defines after the
// point where a panic, an interrupt or os.Exit stopped it are refused,
// and that those it defined before keep their values.
func TestUnreachedNames(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "old := 5")
	for _, code := range []string{
		"a := 1\npanic(\"early\")\nb := 2\nold := 3",
		"a := 1\nos.Exit(2)\nvar b = 2\nold := 3",
		"a := 1\nfor {}\nb := 2\nold := 3",
	} {
		_, err := runCtx(t, s, withTimeout(t, 300*time.Millisecond), code)
		if err == nil {
			t.Fatalf("%q: no error", code)
		}
		if got := mustRun(t, s, "a").result(); got != "1" {
			t.Errorf("%q: a = %q, want 1", code, got)
		}
		for _, n := range []string{"b", "old"} {
			_, err := run(t, s, "fmt.Println("+n+")")
			if err == nil || !strings.Contains(errString(err), n+" was declared by In[") || !strings.Contains(errString(err), "after the point where that cell stopped") {
				t.Errorf("%q: using %s: error %s, want it refused", code, n, errString(err))
			}
		}
		mustRun(t, s, "old := 5")
	}
	if got := mustRun(t, s, "b := 7\nb + old").result(); got != "12" {
		t.Errorf("b declared again: b + old = %q, want 12", got)
	}
}
