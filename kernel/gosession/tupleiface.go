package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Tuple assignments that store into an interface.
//
// yaegi v0.16.1 panicked on an assignment of several values that stores a
// value of a session type with methods (or an `any` holding one) into an
// interface variable, field or element, in cells and functions alike
// (plain yaegi too), while the single assignment ran:
//
//	n, err = 0, &ParseError{…}    reflect.Set: value of type interp._error is not assignable to type *main.ParseError
//	r.N, r.Err = 2, &E{…}          (the same for fields and elements)
//	k, sh = 1, &Sq{3}              for a `var sh Shape`: … interp.valueInterface is not assignable to type *main.Sq
//	a, b = b, a                    two `any` holding such values
//	k, err = pair()                of a `func pair() (int, *E)`
//	sh, ok = m[k]                  of a `map[string]*Sq`, and `sh, ok = <-ch`, also as a select case
//
// The session writes such an assignment as single ones, in Go's two
// phases: the values first, left to right, into temporaries (a constant
// or nil is assigned as written), then the assignments, left to right:
//
//	k, sh = f(), &Sq{3}  →  { _activisTv1, _activisTv2 := f(), &Sq{3}; k = _activisTv1; sh = _activisTv2 }
//	k, err = pair()      →  { _activisTv1, _activisTv2 := pair(); k = _activisTv1; err = _activisTv2 }
//
// The operands of the left side are evaluated when their assignment runs,
// not before the first one as in Go, so where a variable assigned there is
// an index of a later operand of the left side (`j, xs[j] = two()`, which
// panicked as above), the indexes are evaluated into variables first, as
// tupleassign.go does, and the assignment reading them is split; the
// statement is left as it is when such a variable is another operand of a
// later one or an operand calls a function or receives. A value a
// temporary would type otherwise than the assignment does (an untyped
// comparison or shift, the `ok` of a comma-ok form, stored into a defined
// boolean type) leaves it too. A nil pointer of a session type stored into
// a compiled interface is checked as niliface.go checks the single
// assignment. Where a statement list cannot stand (an init or post
// statement), the statements are the body of a function literal called
// there, as tuplenil.go does; a select case receives into the temporaries
// and its body starts with the assignments. The type oracle (typecheck.go)
// tells the types; what it does not type is left as it is. Packages
// interpreted from source get the same with their own types
// (pkgIfaceTuple). Written for this package.

// tupleSplits rewrites the tuple assignments and returns of the group n
// as above, before the other rewrites, and reports whether it rewrote
// one: the group is then type-checked again (execute.go), so that the
// rewrites see the temporaries' types (sourcestructwrap.go wraps a
// session struct value returned as an error from them, as from any
// variable).
func (r *rewriter) tupleSplits(n ast.Node) bool {
	if r.oracle == nil {
		return false
	}
	a := r.tupleIfaceAssigns(n)
	return r.returnTuples(n) || a
}

// tupleIfaceAssigns rewrites the tuple assignments under n as above and
// reports whether it rewrote one.
func (r *rewriter) tupleIfaceAssigns(n ast.Node) bool {
	done := false
	eachListStmt(n, false, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // see stmtlist.go
		as, ok := s.(*ast.AssignStmt)
		if !ok {
			return
		}
		if stmts := r.ifaceTupleSplit(as); stmts != nil {
			setListStmt(list, i, lbl, &ast.BlockStmt{Lbrace: s.Pos(), List: stmts, Rbrace: s.End()})
			done = true
		} else if r.err == nil && !leftOperandsSafe(as.Lhs) && r.tupleNeedsHoist(as) && r.err == nil {
			// `j, xs[j] = two()`: the indexes first (tupleassign.go),
			// then the split of what reads them
			b := r.hoistTupleIndexes(as)
			if stmts := r.ifaceTupleSplit(as); stmts != nil {
				b.List = append(b.List[:len(b.List)-1], stmts...)
			}
			setListStmt(list, i, lbl, b)
			done = true
		}
	})
	ast.Inspect(n, func(m ast.Node) bool {
		for _, p := range simpleStmtFields(m) { // see tuplenil.go
			if as, ok := (*p).(*ast.AssignStmt); ok {
				if stmts := r.ifaceTupleSplit(as); stmts != nil {
					*p, done = calledBlock(as, stmts), true
				}
			}
		}
		if cc, ok := m.(*ast.CommClause); ok {
			if as, ok := cc.Comm.(*ast.AssignStmt); ok {
				if stmts := r.ifaceTupleSplit(as); stmts != nil {
					// case v, ok = <-ch:  →  case t1, t2 := <-ch: v = t1; ok = t2; …
					cc.Comm, cc.Body, done = stmts[0], append(stmts[1:], cc.Body...), true
				}
			}
		}
		return true
	})
	ast.Inspect(n, func(m ast.Node) bool {
		if as, ok := m.(*ast.AssignStmt); ok {
			if l := mapTupleLeft(as, r.oracle.info); l != nil {
				r.fail(l.Pos(), "%s", mapTupleRefusal)
			}
		}
		return true
	})
	return done
}

// mapTupleLeft returns the first map element on the left of as, a tuple
// assignment of one multi-valued value (`m[k], err = f()`), or nil: one
// left after the splits above is refused (mapTupleRefusal).
func mapTupleLeft(as *ast.AssignStmt, info *types.Info) ast.Expr {
	if as.Tok != token.ASSIGN || len(as.Lhs) < 2 || len(as.Rhs) != 1 {
		return nil
	}
	for _, l := range as.Lhs {
		if isMapIndex(l, info) {
			return l
		}
	}
	return nil
}

// mapTupleRefusal is the error for mapTupleLeft's assignments.
const mapTupleRefusal = "a map element assigned a value of a call, a receive or a comma-ok form in a tuple assignment (`m[k], err = f()`) whose left side calls a function or receives, or whose comma-ok result goes to a defined boolean type, is not supported: the interpreter stores nothing into the map; assign to variables first (`v, err := f(); m[k] = v`)"

// calledBlock returns stmts as the body of a function literal called in
// an expression statement at the place of s.
func calledBlock(s ast.Stmt, stmts []ast.Stmt) ast.Stmt {
	return &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: s.Pos(), Params: &ast.FieldList{}},
		Body: &ast.BlockStmt{Lbrace: s.Pos(), List: stmts, Rbrace: s.End()}}, Rparen: s.End()}}
}

// ifaceTuple is a tuple assignment to split as above: the types of its
// operands (nil for a blank one) and of its values (nil for a constant or
// nil), or of its one multi-valued value (tuple).
type ifaceTuple struct {
	as         *ast.AssignStmt
	lhsT, rhsT []types.Type
	tuple      *types.Tuple
}

// planIfaceTuple returns the split of as, with the types of info (typeOf
// its typed values), or nil when as stores nothing into an interface that
// the interpreter would fail on, or cannot be split.
func planIfaceTuple(as *ast.AssignStmt, info *types.Info, typeOf func(ast.Expr) types.Type) *ifaceTuple {
	return planIfaceTupleOf(as, info, typeOf, false)
}

// planIfaceTupleOf is planIfaceTuple for an assignment whose left side's
// indexes are evaluated before it when hoisted (pkgIfaceTuple), which
// then may read the variables it assigns.
func planIfaceTupleOf(as *ast.AssignStmt, info *types.Info, typeOf func(ast.Expr) types.Type, hoisted bool) *ifaceTuple {
	if as.Tok != token.ASSIGN || len(as.Lhs) < 2 || !(len(as.Rhs) == len(as.Lhs) || len(as.Rhs) == 1) {
		return nil
	}
	n := len(as.Lhs)
	p := &ifaceTuple{as: as, lhsT: make([]types.Type, n), rhsT: make([]types.Type, n)}
	if len(as.Rhs) == 1 {
		tv, ok := info.Types[as.Rhs[0]]
		if p.tuple, _ = tv.Type.(*types.Tuple); !ok || p.tuple == nil || p.tuple.Len() != n {
			return nil
		}
	}
	need := false
	for j, l := range as.Lhs {
		if p.tuple == nil && !isNilIdent(as.Rhs[j]) {
			if tv, ok := info.Types[as.Rhs[j]]; !ok || tv.Value == nil {
				if p.rhsT[j] = typeOf(as.Rhs[j]); p.rhsT[j] == nil || !tempKeepsType(as.Rhs[j], p.rhsT[j]) {
					return nil
				}
			}
		}
		if isBlank(l) {
			continue
		}
		if p.lhsT[j] = typeOf(l); p.lhsT[j] == nil {
			return nil
		}
		v := p.rhsT[j]
		if p.tuple != nil {
			v = p.tuple.At(j).Type()
			if !types.Identical(p.lhsT[j], v) && !types.AssignableTo(types.Default(v), p.lhsT[j]) {
				return nil // an untyped bool (comma-ok) into a defined boolean type
			}
		}
		need = need || ifaceStoreFails(p.lhsT[j], v) || p.tuple != nil && isMapIndex(l, info)
	}
	if !need || !hoisted && !leftOperandsSafe(as.Lhs) {
		return nil
	}
	return p
}

// isMapIndex reports whether e is an index expression of a map (info
// types it): given a value of a call, a receive or a comma-ok form in a
// tuple assignment (`m[k], err = strconv.Atoi(s)`), yaegi stored nothing
// into the map, without an error, so such an assignment is split too.
func isMapIndex(e ast.Expr, info *types.Info) bool {
	ix, ok := unparen(e).(*ast.IndexExpr)
	if !ok {
		return false
	}
	_, isMap := typeUnder[*types.Map](info.TypeOf(ix.X)) // pkgifaceloop.go
	return isMap
}

// valueType returns the type of the j-th value stored (nil for a
// constant or nil).
func (p *ifaceTuple) valueType(j int) types.Type {
	if p.tuple != nil {
		return p.tuple.At(j).Type()
	}
	return p.rhsT[j]
}

// temp reports whether the j-th value goes through a temporary: any but a
// constant or nil.
func (p *ifaceTuple) temp(j int) bool { return p.valueType(j) != nil }

// ifaceTupleSplit returns the statements that do the tuple assignment as
// as above, or nil when it is not split.
func (r *rewriter) ifaceTupleSplit(as *ast.AssignStmt) []ast.Stmt {
	p := planIfaceTuple(as, r.oracle.info, r.oracle.typeOf)
	if p == nil {
		return nil
	}
	pos := as.TokPos
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	def := &ast.AssignStmt{TokPos: pos, Tok: token.DEFINE}
	if p.tuple != nil {
		def.Rhs = as.Rhs
	}
	var stmts []ast.Stmt
	for j, l := range as.Lhs {
		var value ast.Expr = as.Rhs[min(j, len(as.Rhs)-1)]
		switch {
		case isBlank(l):
			def.Lhs = append(def.Lhs, ident("_"))
		case p.temp(j):
			t := r.fresh("Tv")
			def.Lhs = append(def.Lhs, ident(t))
			what := "a value of the call"
			if p.tuple == nil {
				what = types.ExprString(userExpr(r, value))
			}
			value = ident(t)
			if ifaceStoreFails(p.lhsT[j], p.valueType(j)) {
				value = r.checkedStore(value, what, p.lhsT[j], p.valueType(j))
			}
		}
		if p.tuple == nil && (isBlank(l) || p.temp(j)) {
			def.Rhs = append(def.Rhs, as.Rhs[j])
		}
		if !isBlank(l) {
			stmts = append(stmts, &ast.AssignStmt{Lhs: []ast.Expr{l}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{value}})
		}
	}
	if len(def.Lhs) > 0 {
		stmts = append([]ast.Stmt{def}, stmts...)
	}
	return stmts
}

// ifaceStoreFails reports whether the interpreter fails to store a value
// of type v into a variable of type l in a tuple assignment: l is an
// interface and v is not a basic type, nor (for an interface with
// methods) l itself.
func ifaceStoreFails(l, v types.Type) bool {
	if l == nil || v == nil || !types.IsInterface(l) {
		return false
	}
	if _, basic := types.Unalias(v).(*types.Basic); basic {
		return false
	}
	if it, ok := l.Underlying().(*types.Interface); ok && it.NumMethods() > 0 && types.Identical(l, v) {
		return false
	}
	return true
}

// leftOperandsSafe reports whether the operands of the left side lhs may
// be evaluated when each assignment runs: none calls a function or
// receives, and no variable assigned by name is an operand of a later
// one.
func leftOperandsSafe(lhs []ast.Expr) bool {
	assigned := map[string]bool{}
	for _, l := range lhs {
		if id, ok := l.(*ast.Ident); ok {
			assigned[id.Name] = true
			continue
		}
		safe := true
		ast.Inspect(l, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.CallExpr, *ast.FuncLit:
				safe = false
			case *ast.UnaryExpr:
				safe = safe && x.Op != token.ARROW
			case *ast.Ident:
				safe = safe && !assigned[x.Name]
			}
			return safe
		})
		if !safe {
			return false
		}
	}
	return true
}

// tempKeepsType reports whether a temporary defined by v has the type t
// the assignment gives v: not so for an untyped comparison, logical
// operation or shift whose type the assignment sets.
func tempKeepsType(v ast.Expr, t types.Type) bool {
	switch x := unparen(v).(type) {
	case *ast.BinaryExpr:
		switch x.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return types.Identical(t, types.Typ[types.Bool])
		case token.SHL, token.SHR:
			return false
		}
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return types.Identical(t, types.Typ[types.Bool])
		}
	}
	return true
}

// checkedStore returns v, a temporary of type vt stored into an operand
// of interface type l: a value of a session type stored into an error is
// written as errorconv.go writes it, and a nil of a session type stored
// into a compiled interface is checked as niliface.go checks the single
// assignment (what names the value in the message).
func (r *rewriter) checkedStore(v ast.Expr, what string, l, vt types.Type) ast.Expr {
	if types.Identical(l, types.Universe.Lookup("error").Type()) && r.sc.globalType("error") == nil && r.sessionNamedType(vt) {
		return errorElem(v)
	}
	lt := r.oracle.expr(l)
	if lt == nil || !r.nilableSession(vt) {
		return v
	}
	iface := r.compiledIfaceType(lt)
	if iface == "" {
		return v
	}
	tn := types.TypeString(vt, func(p *types.Package) string { return "" })
	return r.nilIfaceWrap(v, lt, nilIfaceMessage(r.at(v.Pos()), what, tn, "assigned to", iface)) // niliface.go
}

// nilableSession reports whether t is a type of the session with a nil
// value: a pointer to a session type, or a session type whose underlying
// type is a pointer, map, slice, func or chan.
func (r *rewriter) nilableSession(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		n, named := types.Unalias(p.Elem()).(*types.Named)
		return named && n.Obj().Pkg() == r.oracle.pkg
	}
	n, named := types.Unalias(t).(*types.Named)
	if !named || n.Obj().Pkg() != r.oracle.pkg {
		return false
	}
	switch n.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Slice, *types.Signature, *types.Chan:
		return true
	}
	return false
}

// pkgIfaceTuple writes as, an assignment of a package file, as above on
// the same lines, between open and end: "{ " and "}" for a statement of a
// list, "func() { " and "}()" for an init or post statement. It reports
// whether it did. A nil pointer of the package's types stored into a
// compiled interface is refused when it runs (packages have no niliface.go:
// the single assignment made it a nil interface before, the tuple one
// panicked).
func (w *pkgGoWriter) pkgIfaceTuple(as *ast.AssignStmt, open, end string) bool {
	if w.types == nil {
		return false
	}
	p := planIfaceTuple(as, w.types.info, w.types.typeOf)
	var keys []ast.Node // the indexes of the left side evaluated first (pkgtuple.go's tupleKeys)
	var keyNames []string
	if p == nil && !leftOperandsSafe(as.Lhs) && (&rewriter{fset: w.fset}).tupleNeedsHoist(as) {
		// `j, xs[j] = two()`
		if p = planIfaceTupleOf(as, w.types.info, w.types.typeOf, true); p != nil {
			keys, keyNames = w.tupleKeyParts(as)
		}
	}
	if p == nil {
		return false
	}
	commaOK := false // v, ok = m[k] or x.(T): v is zeroed on a miss, as zeroOnMiss does
	if p.tuple != nil && len(as.Lhs) == 2 && !isBlank(as.Lhs[0]) {
		switch x := unparen(as.Rhs[0]).(type) {
		case *ast.IndexExpr:
			commaOK = true
		case *ast.TypeAssertExpr:
			commaOK = x.Type != nil
		}
	}
	names := make([]string, len(as.Lhs))
	for j, l := range as.Lhs {
		if !isBlank(l) && p.temp(j) || commaOK {
			names[j] = w.temp("Tv")
		}
	}
	zeroFn := ""
	if commaOK {
		zeroFn = w.zeroName() // see pkgstmts.go
	}
	// The text of the last value holds the insertions at the statement's
	// end (those of its own rewrites): the statement is one of a list, so
	// none is of an enclosing node; zeroOnMiss's is left to this text.
	return w.replace(w.off(as.Pos()), w.off(as.End()), func() string {
		var defL, defR, assigns []string
		if p.tuple != nil {
			defR = []string{w.node(as.Rhs[0])}
		}
		for j, l := range as.Lhs {
			value := ""
			switch {
			case names[j] != "" && isBlank(l):
				defL = append(defL, names[j])
			case isBlank(l):
				defL = append(defL, "_")
			case p.temp(j):
				defL, value = append(defL, names[j]), w.pkgCheckedStore(names[j], p.lhsT[j], p.valueType(j), as.Pos())
			default:
				value = w.node(as.Rhs[j])
			}
			if p.tuple == nil && (isBlank(l) || p.temp(j)) {
				defR = append(defR, w.node(as.Rhs[j]))
			}
			if !isBlank(l) {
				var parts []ast.Node
				var pnames []string
				for k, key := range keys {
					if key.Pos() >= l.Pos() && key.End() <= l.End() {
						parts, pnames = append(parts, key), append(pnames, keyNames[k])
					}
				}
				assigns = append(assigns, w.splice(w.off(l.Pos()), w.off(l.End()), parts, pnames)+" = "+value)
			}
		}
		zero := ""
		if commaOK {
			zero = "if !" + names[1] + " { " + zeroFn + "(&" + names[0] + ") }; "
		}
		pre := ""
		if len(keys) > 0 {
			var values []ast.Expr
			for _, k := range keys {
				values = append(values, k.(ast.Expr))
			}
			pre = strings.Join(keyNames, ", ") + " := " + w.parenList(values) + "; "
		}
		return open + pre + strings.Join(defL, ", ") + " := " + strings.Join(defR, ", ") + "; " + zero + strings.Join(assigns, "; ") + " " + end
	})
}

// pkgCheckedStore returns the text storing temporary v of type vt into an
// operand of type l, for the statement at pos: v, or v checked for a nil of the package's pointer
// types when l is a compiled interface (one of another package, or error).
func (w *pkgGoWriter) pkgCheckedStore(v string, l, vt types.Type, pos token.Pos) string {
	if !ifaceStoreFails(l, vt) {
		return v
	}
	ptr, ok := types.Unalias(vt).(*types.Pointer)
	if !ok {
		return v
	}
	if n, named := types.Unalias(ptr.Elem()).(*types.Named); !named || n.Obj().Pkg() != w.types.pkg {
		return v
	}
	if n, named := types.Unalias(l).(*types.Named); !named || n.Obj().Pkg() == w.types.pkg {
		return v // an interface of the package keeps a typed nil, as in Go
	}
	lt, tn := w.typeText(l), types.TypeString(vt, types.RelativeTo(w.types.pkg))
	if lt == "" {
		return v
	}
	msg := w.where(pos) + ": a nil " + tn + " assigned to " + lt + " in a tuple assignment: in Go the " + lt +
		" value is not nil (it holds a nil " + tn + "), the interpreter makes it nil: " + ErrUnsupported.Error()
	return "func() " + lt + " { if " + v + " == nil { panic(" + strconv.Quote(msg) + ") }; return " + v + " }()"
}

// Returns of a multi-value call.
//
// yaegi v0.16.1 lost values returned from a multi-value call whose
// results are not of the function's result types, without an error:
// `func ap() (any, any) { return pair() }` for a `func pair() (int,
// string)` returned `1 <nil>` (Go: `1 a`), and `return two()` of two
// `*Sq` from a function returning two `any` gave `&{1} <nil>`; into a
// `(Shape, Shape)` or `(int, error)` from `(int, *E)` it panicked
// ("reflect.Set: value of type *main.E is not assignable to type error").
// Such a return is written with temporaries, whose values convert one by
// one as they do in a return of several values:
//
//	return pair()  →  { _activisTv1, _activisTv2 := pair(); return _activisTv1, _activisTv2 }
//
// A nil pointer of a session type returned as a compiled interface this
// way is refused as checkedStore refuses it. Packages interpreted from
// source get the same (pkgReturnTuples).

// returnTuples rewrites the returns under n as above and reports whether
// it rewrote one.
func (r *rewriter) returnTuples(n ast.Node) bool {
	done := false
	ast.Inspect(n, func(m ast.Node) bool {
		sig, body := funcSignature(m, r.oracle.info)
		if sig == nil || body == nil || sig.Results().Len() < 2 {
			return true
		}
		eachListStmt(body, true, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) {
			ret, ok := s.(*ast.ReturnStmt)
			if !ok {
				return
			}
			tuple := returnedTuple(ret, sig, r.oracle.info)
			if tuple == nil {
				return
			}
			pos := ret.Return
			def := &ast.AssignStmt{TokPos: pos, Tok: token.DEFINE, Rhs: ret.Results}
			out := &ast.ReturnStmt{Return: pos}
			for j := range tuple.Len() {
				t := r.fresh("Tv")
				def.Lhs = append(def.Lhs, &ast.Ident{NamePos: pos, Name: t})
				var v ast.Expr = &ast.Ident{NamePos: pos, Name: t}
				if rt := sig.Results().At(j).Type(); ifaceStoreFails(rt, tuple.At(j).Type()) {
					v = r.checkedStore(v, "a value of the call", rt, tuple.At(j).Type())
				}
				out.Results = append(out.Results, v)
			}
			setListStmt(list, i, lbl, &ast.BlockStmt{Lbrace: s.Pos(), List: []ast.Stmt{def, out}, Rbrace: s.End()})
			done = true
		})
		return true
	})
	return done
}

// funcSignature returns the signature and body of m when it is a function
// declaration or literal info types.
func funcSignature(m ast.Node, info *types.Info) (*types.Signature, *ast.BlockStmt) {
	switch x := m.(type) {
	case *ast.FuncDecl:
		if fn, ok := info.Defs[x.Name].(*types.Func); ok {
			sig, _ := fn.Type().(*types.Signature)
			return sig, x.Body
		}
	case *ast.FuncLit:
		sig, _ := info.Types[x].Type.(*types.Signature)
		return sig, x.Body
	}
	return nil, nil
}

// returnedTuple returns the result types of ret's one value, a
// multi-value call, when one of them is not the type of sig's result
// (nil otherwise).
func returnedTuple(ret *ast.ReturnStmt, sig *types.Signature, info *types.Info) *types.Tuple {
	if len(ret.Results) != 1 {
		return nil
	}
	tuple, ok := info.Types[ret.Results[0]].Type.(*types.Tuple)
	if !ok || tuple.Len() != sig.Results().Len() {
		return nil
	}
	for j := range tuple.Len() {
		if !types.Identical(tuple.At(j).Type(), sig.Results().At(j).Type()) {
			return tuple
		}
	}
	return nil
}

// pkgReturnTuples writes the returns of body, of a function of signature
// sig in a package file, as above, on the same lines.
func (w *pkgGoWriter) pkgReturnTuples(sig *types.Signature, body *ast.BlockStmt) {
	if w.types == nil || sig == nil || body == nil || sig.Results().Len() < 2 {
		return
	}
	eachListStmt(body, true, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) {
		ret, ok := s.(*ast.ReturnStmt)
		if !ok {
			return
		}
		tuple := returnedTuple(ret, sig, w.types.info)
		if tuple == nil {
			return
		}
		names := make([]string, tuple.Len())
		for j := range names {
			names[j] = w.temp("Tv")
		}
		w.replace(w.off(ret.Pos()), w.off(ret.End()), func() string {
			values := make([]string, len(names))
			for j, t := range names {
				values[j] = w.pkgCheckedStore(t, sig.Results().At(j).Type(), tuple.At(j).Type(), ret.Pos())
			}
			return "{ " + strings.Join(names, ", ") + " := " + w.node(ret.Results[0]) + "; return " + strings.Join(values, ", ") + " }"
		})
	})
}
