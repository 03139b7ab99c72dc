package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/activis-go/activis/kernel/session"
)

// defineGenerics runs `a, b := rhs` at the top level of a cell, for a
// call rhs of a generic function with several results (`next, stop :=
// iter.Pull(seq)`, `q, r := divMod(7, 2)` for a session generic divMod),
// in two steps as defineGeneric does for one (generic.go): yaegi v0.16.1
// failed on it with "nil reflect type". The results are computed once
// inside a function literal into a []any, then each variable is declared
// with the dynamic type of its value:
//
//	__activis_gv = func() any { a, b := iter.Pull(seq); return []any{a, b} }()
//	var a func() (int, bool) = __activis_gv.([]any)[0].(func() (int, bool))
//
// A result whose type cannot be written (a type declared in the session, a
// nil interface value) fails with an error that says to wrap the call in a
// function with declared result types. Written for this package.
func (s *Session) defineGenerics(c *cell, st *state, block func([]ast.Stmt) *ast.BlockStmt, ids []*ast.Ident, rhs ast.Expr, text string) *session.ExecError {
	pos := rhs.Pos()
	var lhs, elems []ast.Expr
	for i, id := range ids {
		name := fmt.Sprintf("_activisGR%d", i)
		if id.Name == "_" {
			lhs = append(lhs, ast.NewIdent("_"))
			continue
		}
		lhs = append(lhs, ast.NewIdent(name))
		elems = append(elems, ast.NewIdent(name))
	}
	body := []ast.Stmt{
		&ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{rhs}},
		&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.CompositeLit{
			Type: &ast.ArrayType{Elt: ast.NewIdent("any")}, Elts: elems}}},
	}
	val, e := s.runGenericValue(c, st, block, pos, body, text)
	if e != nil {
		return e
	}
	if val.IsValid() && val.Kind() == reflect.Interface {
		val = val.Elem()
	}
	if !val.IsValid() || val.Kind() != reflect.Slice {
		return s.compileError(c.name, fmt.Errorf("generic results: got %v", val), text)
	}
	var decls []string
	j := 0
	for _, id := range ids {
		if id.Name == "_" {
			continue
		}
		v := val.Index(j)
		if v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		typ := ""
		if v.IsValid() {
			typ = typeSource(st, v.Type())
		}
		if typ == "" {
			what := "nil"
			if v.IsValid() {
				what = v.Type().String()
			}
			names := make([]string, len(ids))
			for k, id := range ids {
				names[k] = id.Name
			}
			all := strings.Join(names, ", ")
			msg := fmt.Sprintf("%s %s := …: the interpreter cannot type a top-level variable from a generic call whose result %s is %s (a type declared in the session or a nil interface); "+
				"define the variables inside a function, or wrap the call in a function with declared result types and call it: func get() (T1, T2) { return … }; %s := get()",
				c.name, all, id.Name, what, all)
			return &session.ExecError{Name: "unsupported", Value: msg, Traceback: []string{"unsupported: " + msg}}
		}
		decls = append(decls, fmt.Sprintf("var %s %s = %s.([]any)[%d].(%s)", id.Name, typ, genericVar, j, typ))
		j++
	}
	src := "package main; func main() {" + strings.Join(decls, "; ") + "}"
	file, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if err != nil {
		return s.syntaxError(err)
	}
	list := file.Decls[0].(*ast.FuncDecl).Body.List
	for _, d := range list {
		setPositions(d, ids[0].Pos())
	}
	_, e = s.compileRun(c, st, block(list), text)
	return e
}

// identList returns the expressions as identifiers, or nil when one is
// not an identifier.
func identList(es []ast.Expr) []*ast.Ident {
	ids := make([]*ast.Ident, len(es))
	for i, e := range es {
		id, ok := e.(*ast.Ident)
		if !ok {
			return nil
		}
		ids[i] = id
	}
	return ids
}

// instanceResult returns, for rhs a call of a generic function of an
// interpreted package (`unique.Make(v)`) whose result is an instance of a
// generic type of that package (`unique.Handle[string]`), that type as the
// type oracle (typecheck.go) writes it; otherwise nil. typeSource cannot
// write such a type from the value (yaegi's struct has no name), so
// defineGeneric declares the variable through a function with this result
// type instead.
//
// The same goes for a result of a type declared in the session, or made of
// one (`slices.MaxFunc(samples, …)` of a []Sample, `maps.Keys` of a
// session key type): typeSource cannot write it from yaegi's unnamed
// struct either, and the cell was refused with the workaround of wrapping
// the call in a function, which the session now writes itself.
func (s *Session) instanceResult(cl *cell, st *state, rhs ast.Expr) ast.Expr {
	c, ok := unparen(rhs).(*ast.CallExpr) // multicomposite.go puts calls among several values in parentheses
	if !ok || st.types == nil {
		return nil
	}
	if _, ok := c.Fun.(*ast.SelectorExpr); !ok {
		return nil
	}
	// The group's own check knows the variables its earlier statements
	// define; a check of the call alone against the session knows those of
	// earlier cells.
	o := cl.groupTypes
	if o == nil || o.typeOf(rhs) == nil {
		pos := rhs.Pos()
		f := &ast.File{Package: pos, Name: &ast.Ident{NamePos: pos, Name: "main"}, Decls: []ast.Decl{&ast.GenDecl{TokPos: pos, Tok: token.VAR,
			Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{{NamePos: pos, Name: "_"}}, Values: []ast.Expr{rhs}}}}}}
		if o = st.types.checkTypes(st.fset, s.snapshotSource(st), f); o == nil {
			return nil
		}
	}
	t := o.typeOf(rhs)
	if named, ok := t.(*types.Named); ok && named.TypeArgs() != nil && named.TypeArgs().Len() > 0 && named.Obj().Pkg() != nil && named.Obj().Pkg() != o.pkg {
		return o.typeExpr(rhs)
	}
	if t != nil && holdsSessionType(t, o.pkg) && !holdsTypeParam(t, map[types.Type]bool{}) {
		return o.typeExpr(rhs)
	}
	return nil
}

// holdsSessionType reports whether t is, or is made of, a named type of
// the session's package pkg (an element, key, field or pointee).
func holdsSessionType(t types.Type, pkg *types.Package) bool {
	found := false
	walkType(t, typePolicy{
		mapKeys: true,
		field:   func(*types.Named, *types.Struct, int) walkStep { return walkSkip },
		visit: func(t types.Type, _ int) walkStep {
			if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() == pkg {
				found = true
				return walkFound
			}
			return walkDescend
		},
	})
	return found
}

// splitGenericDefs returns list with each top-level `a, b := f(x), g(y)`
// that calls a generic function written as `a := f(x); b := g(y)`, which
// genericDef handles one by one (yaegi failed on `lo, hi :=
// slices.Min(xs), slices.Max(xs)` with "nil reflect type"), or nil when
// there is none. Only definitions of new names whose values do not
// mention them are split, so the order of evaluation is kept.
func (s *Session) splitGenericDefs(st *state, list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	split := false
	for _, stmt := range list {
		as, ok := stmt.(*ast.AssignStmt)
		ids := []*ast.Ident(nil)
		if ok && as.Tok == token.DEFINE && len(as.Lhs) > 1 && len(as.Lhs) == len(as.Rhs) {
			ids = identList(as.Lhs)
		}
		if ids == nil || !s.splittable(st, ids, as.Rhs) {
			out = append(out, stmt)
			continue
		}
		split = true
		for i, id := range ids {
			out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{id}, TokPos: as.TokPos, Tok: token.DEFINE, Rhs: []ast.Expr{as.Rhs[i]}})
		}
	}
	if !split {
		return nil
	}
	return out
}

// splittable reports whether `ids := rhs` calls a generic function, defines
// only new names (no blank, no name of the session) and no value mentions
// one of them.
func (s *Session) splittable(st *state, ids []*ast.Ident, rhs []ast.Expr) bool {
	generic := false
	for _, e := range rhs {
		if s.callsGeneric(st, e) {
			generic = true
		}
	}
	if !generic {
		return false
	}
	names := map[string]bool{}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if id.Name == "_" || names[id.Name] || st.decls[id.Name] != nil {
			return false
		}
		names[id.Name] = true
	}
	for _, e := range rhs {
		mentions := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && names[id.Name] {
				mentions = true
			}
			return !mentions
		})
		if mentions {
			return false
		}
	}
	return true
}
