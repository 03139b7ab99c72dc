package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"time"
)

// TestNoGoStatementReachesInterpreter checks that every go statement of a
// cell, in statements, declarations, nested literals and loops, is
// rewritten as a call of goStart: yaegi's own goroutine start could call a
// nil function outside any recover (see gostart.go).
func TestNoGoStatementReachesInterpreter(t *testing.T) {
	s := newSession(t)
	cells := append(fidelityCells(t),
		"go work()",
		"for i := range 3 { go func() { _ = i }() }",
		"func f(ch chan int) { for i := 0; i < 3; i++ { go func(v int) { go func() { ch <- v }() }(i) } }",
		"type W struct{}\nfunc (w *W) Run(n int) { go w.step(n) }\nfunc (w *W) step(int) {}",
		"L: for { go fmt.Println(1); break L }",
		"select { case <-ch: go f() default: go g(1, 2) }",
	)
	gos := 0
	for _, c := range cells {
		gos += strings.Count(c, "go ")
		out, err := rewriteCell(s, c)
		if err != nil {
			continue
		}
		for _, g := range out {
			f, err := parser.ParseFile(token.NewFileSet(), "", g, parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("rewritten %q does not parse: %v\n%s", c, err, g)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if _, ok := n.(*ast.GoStmt); ok {
					t.Errorf("a go statement of %q reaches the interpreter:\n%s", c, g)
				}
				return true
			})
		}
	}
	if gos < 20 {
		t.Errorf("only %d go statements in the cells checked", gos)
	}
}

// TestGoStart checks the compiled goroutine start on its own: a panic that
// escapes the function, and a nil function, are reported as a panic of a
// goroutine (on the last cell's stderr once the cell ended) instead of
// ending the process.
func TestGoStart(t *testing.T) {
	s := newSession(t)
	r := mustRun(t, s, `fmt.Println("ready")`)
	s.goStart(3, func() { panic("escaped") })
	s.goStart(4, nil)
	deadline := time.Now().Add(10 * time.Second)
	want := []string{"panic in a goroutine started at ", "escaped", "go of nil func value"}
	for {
		got := r.stream("stderr")
		missing := ""
		for _, w := range want {
			if !strings.Contains(got, w) {
				missing = w
			}
		}
		if missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stderr %q lacks %q", got, missing)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
