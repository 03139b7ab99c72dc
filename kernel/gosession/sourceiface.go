package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
)

// Values of third-party packages' types printed through an interface.
//
// fmttype.go's methodText calls the String or Error method of a session
// value that a print operand of an interface type holds, which compiled
// fmt does not see: yaegi keeps the value bare there, or in its own
// wrapper. A value of a package interpreted from source held the same way
// printed its fields: `var a any = p.Circle{4}; fmt.Println(a)` for a
// Circle with a String method printed `{4}` (Go `circle`), so did a
// `p.Shape` holding one, without an error. The operand's function literal
// now also has cases for the exported types of the packages the session
// imports from source with a String or Error method that implement the
// operand's interface: by the name yaegi's wrapper records (`p.Circle`,
// `*p.Circle`), and, for a value stored bare, by assertion where the type
// is a struct with fields that no other type interpreted in the session
// (its own, or another of those packages') shares. Written for this
// package.

// sourceTextCase is one such case: the type as yaegi names it, as the
// cell writes it, the method fmt calls, whether the case is for *T, and
// whether a bare value may be asserted to it.
type sourceTextCase struct {
	name   string
	typ    ast.Expr
	method string
	ptr    bool
	bare   bool
	str    bool // the underlying type is a string: the text is given as it is
}

// sourceTextCases returns the cases (see above) for print operand e of an
// interface type; nil when the session imports no such package.
func (r *rewriter) sourceTextCases(e ast.Expr) []sourceTextCase {
	if r.oracle == nil || r.oracle.pkg == nil {
		return nil
	}
	t := r.oracle.typeOf(e)
	if t == nil {
		t = types.Universe.Lookup("any").Type()
	}
	iface, ok := t.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var cands []*types.Named
	var all []*types.Named // every interpreted named type, for look-alikes
	names := map[*types.Package]string{}
	for _, p := range r.sourcePackages() {
		names[p] = r.oracle.names[p.Path()]
		for _, nt := range concreteTypesOf(p) { // pkgtypes.go
			all = append(all, nt)
			if nt.Obj().Exported() && textMethod(nt) != "" && !hasFormat(types.NewPointer(nt)) {
				cands = append(cands, nt)
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	scope := r.oracle.pkg.Scope()
	for _, n := range scope.Names() {
		if tn, ok := scope.Lookup(n).(*types.TypeName); ok && !tn.IsAlias() {
			if nt, ok := tn.Type().(*types.Named); ok && isSessionNamed(nt) {
				all = append(all, nt)
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].String() < cands[j].String() })
	var out []sourceTextCase
	for _, n := range cands {
		sel := func() ast.Expr {
			return &ast.SelectorExpr{X: ast.NewIdent(names[n.Obj().Pkg()]), Sel: ast.NewIdent(n.Obj().Name())}
		}
		st, isStruct := n.Underlying().(*types.Struct)
		alone := isStruct && st.NumFields() > 0
		for _, o := range all {
			if o != n && types.Identical(o.Underlying(), n.Underlying()) {
				alone = false
			}
		}
		b, isBasic := n.Underlying().(*types.Basic)
		str := isBasic && b.Info()&types.IsString != 0
		name := types.TypeString(n, sessionQualifier)
		if m := stringMethod(n); m != "" && types.Implements(n, iface) { // nestedstringer.go
			out = append(out, sourceTextCase{name: name, typ: sel(), method: m, bare: alone, str: str})
		}
		if m := stringMethod(types.NewPointer(n)); m != "" && types.Implements(types.NewPointer(n), iface) {
			out = append(out, sourceTextCase{name: "*" + name, typ: &ast.StarExpr{X: sel()}, method: m, ptr: true, bare: alone})
		}
	}
	return out
}

// sourcePackages returns the packages interpreted from source that the
// session imports under a name, as the type checker has them: the group's
// check imports only those the group names (importDecl), so the others
// come from the session's importer.
func (r *rewriter) sourcePackages() []*types.Package {
	if r.oracle == nil {
		return nil
	}
	byPath := map[string]*types.Package{}
	if r.oracle.pkg != nil {
		for _, p := range r.oracle.pkg.Imports() {
			byPath[p.Path()] = p
		}
	}
	var paths []string
	for path, name := range r.oracle.names {
		if sourceModule(path) && name != "" && name != "_" && name != "." {
			paths = append(paths, path)
		}
	}
	sort.Strings(paths)
	var out []*types.Package
	for _, path := range paths {
		p := byPath[path]
		if p == nil {
			sc, ok := r.sc.(sessionScope)
			if !ok || sc.st.types == nil {
				continue
			}
			if p, _ = sc.st.types.importer().Import(path); p == nil {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// checkedIface reports whether the type checker gives e an interface type
// (the syntax's isInterfaceType does not know the interfaces of packages
// interpreted from source: p.Shape).
func (r *rewriter) checkedIface(e ast.Expr) bool {
	if r.oracle == nil {
		return false
	}
	t := r.oracle.typeOf(e)
	return t != nil && types.IsInterface(t)
}

// positioned returns a copy of the type expression x at pos.
func positioned(x ast.Expr, pos token.Pos) ast.Expr {
	switch t := x.(type) {
	case *ast.StarExpr:
		return &ast.StarExpr{Star: pos, X: positioned(t.X, pos)}
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: t.X.(*ast.Ident).Name}, Sel: &ast.Ident{NamePos: pos, Name: t.Sel.Name}}
	}
	return x
}
