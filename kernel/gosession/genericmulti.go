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
	o := s.callOracle(c, st, rhs, len(ids)) // type-checks the call once for both
	if e := unmakeableResult(c, o, ids, rhs); e != nil {
		return e
	}
	if ts := instanceResults(o, rhs, len(ids)); ts != nil {
		return s.defineViaFunc(c, st, block, ids, rhs, ts, text)
	}
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
// the call in a function, which the session now writes itself. o is
// callOracle's for rhs (nil: it knows nothing).
func instanceResult(o *typeOracle, rhs ast.Expr) ast.Expr {
	if o == nil {
		return nil
	}
	if t := o.typeOf(rhs); needsResultType(t, o.pkg) {
		return o.typeExpr(rhs)
	}
	return nil
}

// needsResultType reports whether a generic call's result of type t
// needs its type written out for yaegi (see instanceResult): an instance
// of a package's generic type, or a type made of one of the session's.
func needsResultType(t types.Type, session *types.Package) bool {
	if t == nil || holdsTypeParam(t, map[types.Type]bool{}) {
		return false
	}
	found := false
	walkType(t, typePolicy{
		mapKeys: true,
		field:   func(*types.Named, *types.Struct, int) walkStep { return walkSkip },
		visit: func(t types.Type, _ int) walkStep {
			n, ok := types.Unalias(t).(*types.Named)
			switch {
			case !ok:
				return walkDescend
			case n.Obj().Pkg() == session,
				n.TypeArgs() != nil && n.TypeArgs().Len() > 0 && n.Obj().Pkg() != nil:
				found = true
				return walkFound
			}
			return walkDescend
		},
	})
	return found
}

// instanceResults is instanceResult for a call with n results (`c, err
// := lru.New[string, int](8)`): their types, each at the call's position
// (yaegi finds the package of a qualified type through it), when one of
// them needs it and all can be written; otherwise nil.
func instanceResults(o *typeOracle, rhs ast.Expr, n int) []ast.Expr {
	if o == nil {
		return nil
	}
	tup, ok := o.info.Types[rhs].Type.(*types.Tuple)
	if !ok || tup.Len() != n {
		return nil
	}
	var out []ast.Expr
	needed := false
	for i := range n {
		t := tup.At(i).Type()
		if holdsTypeParam(t, map[types.Type]bool{}) {
			return nil
		}
		e := o.expr(t)
		if e == nil {
			return nil
		}
		needed = needed || needsResultType(t, o.pkg)
		out = append(out, cloneTypeAt(e, rhs.Pos()))
	}
	if !needed {
		return nil
	}
	return out
}

// callOracle returns a type oracle that knows rhs, a call of a function
// of a package or of the session (`p.F(x)`, `p.F[T](x)`, `MinBy(xs, f)`)
// with n results, or nil.
func (s *Session) callOracle(cl *cell, st *state, rhs ast.Expr, n int) *typeOracle {
	c, ok := unparen(rhs).(*ast.CallExpr) // multicomposite.go puts calls among several values in parentheses
	if !ok || st.types == nil {
		return nil
	}
	fun, _, _ := typeArgsOf(c.Fun)
	if _, ident := fun.(*ast.Ident); !isSelector(fun) && !ident {
		return nil
	}
	return s.exprOracle(cl, st, rhs, n)
}

// exprOracle returns the type check that knows the type of rhs, the value
// of n variables: the group's own, or a check of rhs alone against the
// session; nil without one.
func (s *Session) exprOracle(cl *cell, st *state, rhs ast.Expr, n int) *typeOracle {
	if st.types == nil {
		return nil
	}
	// The group's own check knows the variables its earlier statements
	// define; a check of the call alone against the session knows those of
	// earlier cells.
	o := cl.groupTypes
	if o == nil || o.info.Types[rhs].Type == nil {
		pos := rhs.Pos()
		names := make([]*ast.Ident, n)
		for i := range names {
			names[i] = &ast.Ident{NamePos: pos, Name: "_"}
		}
		f := &ast.File{Package: pos, Name: &ast.Ident{NamePos: pos, Name: "main"}, Decls: []ast.Decl{&ast.GenDecl{TokPos: pos, Tok: token.VAR,
			Specs: []ast.Spec{&ast.ValueSpec{Names: names, Values: []ast.Expr{rhs}}}}}}
		if o = st.types.checkTypes(st.fset, s.snapshotSource(st), f); o == nil {
			return nil
		}
	}
	return o
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

// isSelector reports whether e is a selector expression (p.F, x.M).
func isSelector(e ast.Expr) bool {
	_, ok := e.(*ast.SelectorExpr)
	return ok
}

// unmakeableResult returns the refusal for a top-level definition of ids
// from rhs, a call of a package's function, whose result types hold an
// instance of a generic type of a package interpreted from source whose
// fields name other types of that package (`*lru.Cache[string, int]`
// holding a `*list[string, int]`): yaegi makes an instance named in a
// cell in the cell's scope, where those names are unknown, and failed
// with "incomplete type Cache[int]", after which the instance stayed
// broken for the session (a function of a later cell making one failed
// too). nil when there is no such instance.
func unmakeableResult(cl *cell, o *typeOracle, ids []*ast.Ident, rhs ast.Expr) *session.ExecError {
	if o == nil {
		return nil
	}
	var results []types.Type
	switch t := o.info.Types[rhs].Type.(type) {
	case nil:
		return nil
	case *types.Tuple:
		for i := range t.Len() {
			results = append(results, t.At(i).Type())
		}
	default:
		results = append(results, t)
	}
	var what []string
	for _, t := range results {
		if n := packageBoundInstance(t, o.pkg); n != nil {
			what = append(what, types.TypeString(t, func(p *types.Package) string { return p.Name() }))
		}
	}
	if len(what) == 0 {
		return nil
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id.Name
	}
	all := strings.Join(names, ", ")
	msg := fmt.Sprintf("%s %s := …: the interpreter cannot type a top-level variable of %s, an instance of a package's generic type "+
		"whose fields name other named types (yaegi makes it in the cell, where it cannot resolve them); define the variables "+
		"inside a function and use them there: func run() { %s := …; … }: %s", cl.name, all, strings.Join(what, " or "), all, ErrUnsupported)
	return &session.ExecError{Name: "unsupported", Value: msg, Traceback: []string{"unsupported: " + msg}}
}

// packageBoundInstance returns the instance in t of a generic type of a
// package interpreted from source whose underlying type names another
// named type (of that package or another), or nil.
func packageBoundInstance(t types.Type, session *types.Package) *types.Named {
	var found *types.Named
	walkType(t, typePolicy{
		mapKeys: true,
		field:   func(*types.Named, *types.Struct, int) walkStep { return walkSkip },
		visit: func(t types.Type, _ int) walkStep {
			n, ok := types.Unalias(t).(*types.Named)
			if !ok || n.Obj().Pkg() == session {
				return walkDescend
			}
			if _, sibling := originRefs(n); sibling {
				found = n
				return walkFound
			}
			return walkDescend
		},
	})
	return found
}

// originRefs tells, for an instance n of a generic type of a package
// interpreted from source, whether the generic type's definition refers
// to itself (recursivelit.go) and whether it names another named type,
// of its package or of any other (packageBoundInstance); both false for
// other types. (A cell naming `p.Holder[int]` for `type Holder[T any]
// struct{ mu sync.Mutex; v T }` failed with a nil dereference in yaegi
// too, also where the cell imported sync, as for a field of another
// interpreted package's type, github.com/hashicorp/golang-lru/v2's
// `*simplelru.LRU[K, V]`; made by the package's own calls, inside a
// function, the instance works.)
func originRefs(n *types.Named) (self, sibling bool) {
	if n.TypeArgs().Len() == 0 || n.Obj().Pkg() == nil || !sourceModule(n.Obj().Pkg().Path()) {
		return false, false
	}
	origin := n.Origin()
	walkType(origin.Underlying(), typePolicy{
		mapKeys: true,
		visit: func(u types.Type, _ int) walkStep {
			if m, ok := types.Unalias(u).(*types.Named); ok && m.Obj().Pkg() != nil {
				if m.Origin() == origin {
					self = true
				} else {
					sibling = true
				}
			}
			return walkDescend
		},
	})
	return self, sibling
}
