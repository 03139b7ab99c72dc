package gosession

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"

	"github.com/activis-go/activis/kernel/session"
)

// Names a cell declares after the point where it stopped.
//
// yaegi declares every top-level name of a group of statements when it
// compiles the group, with its zero value, before any statement runs. A
// cell that panicked (or was interrupted, or called os.Exit) before
// reaching `b := 2` left b declared with 0: a later fmt.Println(b)
// printed 0 without an error, and a b defined by an earlier cell (`b :=
// 5`) had lost its value the same way. In Go the statements after a panic
// do not run, so b would not exist, or would keep 5. The session counts
// the top-level definitions a group of statements completes (markReached
// adds `_activisReached = k` after the k-th) and, when the group ends
// with a run-time error, refuses the names of the definitions it did not
// reach in later cells until a cell that declares them runs (usesFailed,
// failednames.go). Written for this package.

// reachedVar is the prelude's counter of completed definitions.
const reachedVar = "_activisReached"

// markReached adds the counter's assignments to the top-level
// statements of a group and returns the names each counted definition
// declares (the k-th definition's names at index k-1), or nil when the
// group defines no names.
func markReached(body *ast.BlockStmt) [][]string {
	var defs [][]string
	var list []ast.Stmt
	for _, stmt := range body.List {
		list = append(list, stmt)
		names := definedNames(stmt)
		if len(names) == 0 {
			continue
		}
		defs = append(defs, names)
		list = append(list, reachedAssign(stmt.End(), len(defs)))
	}
	if defs == nil {
		return nil
	}
	body.List = append([]ast.Stmt{reachedAssign(body.List[0].Pos(), 0)}, list...) // at the first line: the panic lines (panicLine) read positions
	return defs
}

// definedNames returns the names a top-level statement defines with :=
// or var.
func definedNames(stmt ast.Stmt) []string {
	var names []string
	add := func(id *ast.Ident) {
		if id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	switch x := stmt.(type) {
	case *ast.AssignStmt:
		if x.Tok == token.DEFINE {
			for _, l := range x.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					add(id)
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := x.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, sp := range gd.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					add(id)
				}
			}
		}
	}
	return names
}

// reachedAssign is `_activisReached = k` at pos.
func reachedAssign(pos token.Pos, k int) ast.Stmt {
	return &ast.AssignStmt{
		Lhs:    []ast.Expr{&ast.Ident{NamePos: pos, Name: reachedVar}},
		TokPos: pos,
		Tok:    token.ASSIGN,
		Rhs:    []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: strconv.Itoa(k)}},
	}
}

// noteUnreached records the names of the definitions of defs that a
// group stopped by e did not complete (see above).
func (s *Session) noteUnreached(st *state, defs [][]string, e *session.ExecError, cell string) {
	if len(defs) == 0 || e == nil || e.Name == "CompileError" {
		return
	}
	v, err := evalGlobal(st, reachedVar)
	if err != nil {
		return
	}
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || !v.CanInt() {
		return
	}
	done := int(v.Int())
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := done; k < len(defs); k++ {
		for _, n := range defs[k] {
			if st.unreached == nil {
				st.unreached = map[string]string{}
			}
			st.unreached[n] = cell
		}
	}
}
