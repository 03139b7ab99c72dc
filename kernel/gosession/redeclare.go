package gosession

import (
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"

	"github.com/activis-go/activis/kernel/session"
)

// Names declared twice in one block of a cell.
//
// yaegi v0.16.1 accepts a second declaration of a name in the same block,
// where Go refuses the program: `x := 1; x := 2` ("no new variables on
// left side of :="), `var a = 1; var a = 2` and `y := 1; var y = 3` ("a
// redeclared in this block"), in a cell's top level as in a function
// body, and `type T int; type T string` or two `func f` in one cell. The
// cell ran, with the later declaration replacing the earlier one: a
// closure made between the two read the later variable (`b := 1; f :=
// func() int { return b }; b := 2; f()` gave 2, a program gc does not
// compile). The session refuses such a cell before anything of it runs,
// with go/parser's declaration errors over the whole cell: its const,
// type and func declarations at package level, its statements (var
// declarations among them) in one function body, since a cell's top level
// is one block. A later cell may still define a name again (redefine.go).
// Written for this package.

// redeclarations returns the compile error for the first name the cell's
// items declare twice in one block, or nil; base is the cell's line 0
// for the interpreter (see lineBase).
func (s *Session) redeclarations(items []Item, base int) *session.ExecError {
	var decls, stmts strings.Builder
	for _, it := range items {
		switch it.Kind {
		case DeclItem:
			fmt.Fprintf(&decls, "\n//line cell:%d:1\n%s\n", it.Line, it.Src)
		case StmtItem, ExprItem:
			fmt.Fprintf(&stmts, "\n//line cell:%d:1\n%s\n", it.Line, it.Src)
		}
	}
	src := "package main;" + decls.String() + "\nfunc _() {" + stmts.String() + "}"
	_, err := parser.ParseFile(token.NewFileSet(), "", src, parser.DeclarationErrors|parser.AllErrors)
	list, ok := err.(scanner.ErrorList)
	if !ok {
		return nil
	}
	for _, e := range list {
		if !strings.Contains(e.Msg, "redeclared in this block") && e.Msg != "no new variables on left side of :=" {
			return nil // a syntax error, which the groups report with their positions
		}
	}
	for _, e := range list {
		if e.Msg == "no new variables on left side of :=" || strings.Contains(e.Msg, "redeclared in this block") {
			msg := fmt.Sprintf("%s: %s", s.where(base+e.Pos.Line), redeclaredText(e.Msg))
			return &session.ExecError{Name: "CompileError", Value: msg, Traceback: []string{"CompileError: " + msg}}
		}
	}
	return nil
}

// redeclaredText is go/parser's message msg as the cell shows it, with
// the earlier declaration's position ("\n\tprevious declaration at
// cell:3:1") as its line.
func redeclaredText(msg string) string {
	name, prev, ok := strings.Cut(msg, " redeclared in this block")
	if !ok {
		return msg
	}
	if _, pos, ok := strings.Cut(prev, "previous declaration at cell:"); ok {
		line, _, _ := strings.Cut(pos, ":")
		return name + " redeclared in this block (declared before at line " + line + " of the cell)"
	}
	return name + " redeclared in this block"
}
