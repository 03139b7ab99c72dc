package gosession

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"reflect"
	"strings"
	"unicode"
)

// This file works around two faults of yaegi v0.16.1 at the top level of a
// cell, where statements run in the interpreter's global scope rather than
// in a function (written for this package; no code from yaegi).
//
//  1. A `:=` with several variables and one value (`v, err := f()`,
//     `v, ok := m[k]`) or a `var a, b = f()` in a nested block of the global
//     scope (a for or if body) defines nothing: later uses fail with
//     "undefined: v". Such a top-level statement is run inside a function
//     literal called at once (funcScope), where yaegi compiles it right.
//  2. yaegi's type inference for top-level `:=` and `var` cannot type an
//     index expression on a value of a compiled type (`w := s[0]` with
//     s from strings.Fields, `model.Graph.Initializers["w"].Float32s()`):
//     it reports "constant definition loop" or crashes. The session knows
//     those types from the symbol tables, so such index expressions get a
//     conversion to their element type: `(*graph.Initializer)(m["w"])`
//     (binaryIndexes).

// funcScope wraps the top-level compound statements of list that contain a
// multi-variable definition in a nested block into `func() { stmt }()`.
// Statements with goto stay as they are.
func funcScope(list []ast.Stmt) []ast.Stmt {
	for i, s := range list {
		switch s.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
			*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
		default:
			continue
		}
		if !needsFuncScope(s) {
			continue
		}
		pos := s.Pos()
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{s}, Rbrace: s.End()},
		}
		list[i] = &ast.ExprStmt{X: &ast.CallExpr{Fun: lit, Lparen: s.End(), Rparen: s.End()}}
	}
	return list
}

// needsFuncScope reports whether s holds, outside function literals, a
// definition of several variables from one value, and no goto.
func needsFuncScope(s ast.Stmt) bool {
	found, hasGoto := false, false
	ast.Inspect(s, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE && len(x.Lhs) > 1 && len(x.Rhs) == 1 {
				found = true
			}
		case *ast.ValueSpec:
			if len(x.Names) > 1 && len(x.Values) == 1 {
				found = true
			}
		case *ast.BranchStmt:
			if x.Tok == token.GOTO {
				hasGoto = true
			}
		}
		return true
	})
	return found && !hasGoto
}

// binTyper works out the compiled (reflect) types of expressions of a
// statement group, from the symbol tables and the session's record of
// variables defined from compiled values.
type binTyper struct {
	s  *Session
	st *state
	// imports collects the packages the conversions need, as
	// `alias "path"` import specs.
	imports map[string]string // path -> local name
	depth   int
}

// binaryIndexes rewrites the values of the top-level definitions of list
// (see the file comment) and returns the compiled types of the variables
// they define, for later cells. It returns the import specs the
// conversions need.
func (b *binTyper) binaryIndexes(list []ast.Stmt) map[string]reflect.Type {
	defs := map[string]reflect.Type{}
	note := func(id *ast.Ident, t reflect.Type) {
		if id.Name != "_" {
			defs[id.Name] = t
		}
	}
	for _, s := range list {
		switch x := s.(type) {
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE {
				continue
			}
			if len(x.Lhs) == len(x.Rhs) {
				for i, l := range x.Lhs {
					t := b.typeOf(x.Rhs[i])
					x.Rhs[i] = b.convert(x.Rhs[i])
					if id, ok := l.(*ast.Ident); ok {
						note(id, t)
					}
				}
				continue
			}
			if len(x.Rhs) == 1 {
				if call, ok := unparen(x.Rhs[0]).(*ast.CallExpr); ok {
					ft := b.typeOf(call.Fun)
					call.Fun = b.convert(call.Fun)
					for i, a := range call.Args {
						call.Args[i] = b.convert(a)
					}
					if ft != nil && ft.Kind() == reflect.Func && ft.NumOut() == len(x.Lhs) {
						for i, l := range x.Lhs {
							if id, ok := l.(*ast.Ident); ok {
								note(id, ft.Out(i))
							}
						}
					}
				}
			}
		case *ast.DeclStmt:
			gd, ok := x.Decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				if len(vs.Values) != len(vs.Names) {
					continue
				}
				for i, v := range vs.Values {
					if vs.Type == nil {
						note(vs.Names[i], b.typeOf(v))
					}
					vs.Values[i] = b.convert(v)
				}
			}
		}
	}
	return defs
}

// convert returns e with its index expressions on compiled values (and
// the address of such an element) converted to their element type.
// Function literals are left alone: yaegi types their bodies right.
func (b *binTyper) convert(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.ParenExpr:
		x.X = b.convert(x.X)
	case *ast.SelectorExpr:
		x.X = b.convert(x.X)
	case *ast.CallExpr:
		x.Fun = b.convert(x.Fun)
		for i, a := range x.Args {
			x.Args[i] = b.convert(a)
		}
	case *ast.StarExpr:
		x.X = b.convert(x.X)
	case *ast.BinaryExpr:
		x.X, x.Y = b.convert(x.X), b.convert(x.Y)
	case *ast.SliceExpr:
		x.X = b.convert(x.X)
	case *ast.TypeAssertExpr:
		x.X = b.convert(x.X)
	case *ast.CompositeLit:
		for i, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				kv.Value = b.convert(kv.Value)
				continue
			}
			x.Elts[i] = b.convert(el)
		}
	case *ast.UnaryExpr:
		if ix, ok := unparen(x.X).(*ast.IndexExpr); ok && x.Op == token.AND {
			if t := b.typeOf(x); t != nil {
				ix.X, ix.Index = b.convert(ix.X), b.convert(ix.Index)
				if te := b.typeExpr(t, x.Pos()); te != nil {
					return conversion(te, x)
				}
				return x
			}
		}
		x.X = b.convert(x.X)
	case *ast.IndexExpr:
		t := b.typeOf(x)
		x.X, x.Index = b.convert(x.X), b.convert(x.Index)
		if t != nil {
			if te := b.typeExpr(t, x.Pos()); te != nil {
				return conversion(te, x)
			}
		}
	}
	return e
}

// conversion builds `(t)(e)` at e's position.
func conversion(t, e ast.Expr) ast.Expr {
	return &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: e.Pos(), X: t, Rparen: e.Pos()}, Lparen: e.Pos(), Args: []ast.Expr{e}, Rparen: e.End()}
}

// typeOf returns the compiled type of e when e is built from compiled
// values only (package members, results of compiled functions, fields,
// methods and elements of compiled values), or nil.
func (b *binTyper) typeOf(e ast.Expr) reflect.Type {
	if b.depth > 50 {
		return nil
	}
	b.depth++
	defer func() { b.depth-- }()
	switch x := e.(type) {
	case *ast.ParenExpr:
		return b.typeOf(x.X)
	case *ast.Ident:
		return b.identType(x)
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && id.Obj == nil && b.isPackage(id.Name) {
			return b.memberType(b.st.imports[id.Name], x.Sel.Name)
		}
		t := b.typeOf(x.X)
		if t == nil || !ast.IsExported(x.Sel.Name) {
			return nil
		}
		if m, ok := t.MethodByName(x.Sel.Name); ok {
			return methodFunc(m.Type)
		}
		if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
			if m, ok := reflect.PointerTo(t).MethodByName(x.Sel.Name); ok {
				return methodFunc(m.Type)
			}
		}
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() == reflect.Struct {
			if f, ok := t.FieldByName(x.Sel.Name); ok {
				return f.Type
			}
		}
	case *ast.CallExpr:
		if t := b.typeExprType(x.Fun); t != nil {
			return t // a conversion
		}
		t := b.typeOf(x.Fun)
		if t != nil && t.Kind() == reflect.Func && t.NumOut() == 1 {
			return t.Out(0)
		}
	case *ast.CompositeLit:
		return b.typeExprType(x.Type)
	case *ast.IndexExpr:
		t := b.typeOf(x.X)
		if t == nil {
			return nil
		}
		switch t.Kind() {
		case reflect.Map, reflect.Slice, reflect.Array:
			return t.Elem()
		case reflect.Pointer:
			if t.Elem().Kind() == reflect.Array {
				return t.Elem().Elem()
			}
		case reflect.String:
			return reflect.TypeFor[byte]()
		}
	case *ast.StarExpr:
		if t := b.typeOf(x.X); t != nil && t.Kind() == reflect.Pointer {
			return t.Elem()
		}
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			if t := b.typeOf(x.X); t != nil {
				return reflect.PointerTo(t)
			}
		}
	case *ast.SliceExpr:
		t := b.typeOf(x.X)
		if t == nil {
			return nil
		}
		switch t.Kind() {
		case reflect.Slice, reflect.String:
			return t
		case reflect.Array:
			return reflect.SliceOf(t.Elem())
		case reflect.Pointer:
			if t.Elem().Kind() == reflect.Array {
				return reflect.SliceOf(t.Elem().Elem())
			}
		}
	}
	return nil
}

// typeExprType returns the compiled type a type expression names when it
// names one of a package (pkg.T, *pkg.T, []pkg.T, map[K]pkg.T), or nil.
func (b *binTyper) typeExprType(e ast.Expr) reflect.Type {
	switch x := unparen(e).(type) {
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		if !ok || id.Obj != nil || !b.isPackage(id.Name) {
			return nil
		}
		v, ok := packages().syms[b.st.imports[id.Name]][x.Sel.Name]
		if !ok || !v.IsValid() || v.Kind() != reflect.Pointer || !v.IsNil() || v.CanAddr() {
			return nil
		}
		return v.Type().Elem()
	case *ast.StarExpr:
		if t := b.typeExprType(x.X); t != nil {
			return reflect.PointerTo(t)
		}
	case *ast.ArrayType:
		if x.Len != nil {
			return nil
		}
		if t := b.typeExprType(x.Elt); t != nil {
			return reflect.SliceOf(t)
		}
	case *ast.MapType:
		k, v := b.typeExprType(x.Key), b.typeExprType(x.Value)
		if k == nil {
			if id, ok := x.Key.(*ast.Ident); ok && id.Obj == nil && id.Name == "string" {
				k = reflect.TypeFor[string]()
			}
		}
		if k != nil && v != nil {
			return reflect.MapOf(k, v)
		}
	}
	return nil
}

// methodFunc drops the receiver of a method type.
func methodFunc(t reflect.Type) reflect.Type {
	in := make([]reflect.Type, 0, t.NumIn())
	for i := 1; i < t.NumIn(); i++ {
		in = append(in, t.In(i))
	}
	out := make([]reflect.Type, t.NumOut())
	for i := range out {
		out[i] = t.Out(i)
	}
	return reflect.FuncOf(in, out, t.IsVariadic())
}

func (b *binTyper) isPackage(name string) bool {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	return b.st.imports[name] != "" && b.st.decls[name] == nil
}

// identType returns the compiled type of a variable: one defined earlier in
// the same group, or a session variable defined from a compiled value.
func (b *binTyper) identType(id *ast.Ident) reflect.Type {
	if id.Obj == nil {
		b.s.mu.Lock()
		defer b.s.mu.Unlock()
		if d := b.st.decls[id.Name]; d != nil && d.Kind == "var" {
			return d.Bin
		}
		return nil
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.AssignStmt:
		if d.Tok != token.DEFINE {
			return nil
		}
		for i, l := range d.Lhs {
			li, ok := l.(*ast.Ident)
			if !ok || li.Name != id.Name {
				continue
			}
			if len(d.Lhs) == len(d.Rhs) {
				return b.typeOf(d.Rhs[i])
			}
			if len(d.Rhs) == 1 {
				if call, ok := unparen(d.Rhs[0]).(*ast.CallExpr); ok {
					if ft := b.typeOf(call.Fun); ft != nil && ft.Kind() == reflect.Func && ft.NumOut() == len(d.Lhs) {
						return ft.Out(i)
					}
				}
			}
		}
	case *ast.ValueSpec:
		if d.Type != nil || len(d.Values) != len(d.Names) {
			return nil
		}
		for i, n := range d.Names {
			if n.Name == id.Name {
				return b.typeOf(d.Values[i])
			}
		}
	}
	return nil
}

// memberType returns the type of a package variable or function.
func (b *binTyper) memberType(path, name string) reflect.Type {
	v, ok := packages().syms[path][name]
	if !ok || !v.IsValid() {
		return nil
	}
	if _, isConst := v.Interface().(constant.Value); isConst {
		return nil
	}
	if v.Kind() == reflect.Func || v.CanAddr() {
		return v.Type() // a function or a variable (types are typed nil pointers)
	}
	return nil
}

// typeExpr writes t as a type expression of the session at pos (yaegi
// finds a name's imports through its position), importing the packages it
// names under hidden names; nil when t cannot be written.
func (b *binTyper) typeExpr(t reflect.Type, pos token.Pos) ast.Expr {
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return ident(t.Name())
		}
		if strings.ContainsAny(t.Name(), "[]") || !ast.IsExported(t.Name()) {
			return nil
		}
		local := b.pkgName(t.PkgPath())
		if local == "" {
			return nil
		}
		return &ast.SelectorExpr{X: ident(local), Sel: ident(t.Name())}
	}
	switch t.Kind() {
	case reflect.Pointer:
		if e := b.typeExpr(t.Elem(), pos); e != nil {
			return &ast.StarExpr{Star: pos, X: e}
		}
	case reflect.Slice:
		if e := b.typeExpr(t.Elem(), pos); e != nil {
			return &ast.ArrayType{Lbrack: pos, Elt: e}
		}
	case reflect.Array:
		if e := b.typeExpr(t.Elem(), pos); e != nil {
			return &ast.ArrayType{Lbrack: pos, Len: &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: fmt.Sprint(t.Len())}, Elt: e}
		}
	case reflect.Map:
		k, v := b.typeExpr(t.Key(), pos), b.typeExpr(t.Elem(), pos)
		if k != nil && v != nil {
			return &ast.MapType{Map: pos, Key: k, Value: v}
		}
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return &ast.InterfaceType{Interface: pos, Methods: &ast.FieldList{Opening: pos, Closing: pos}}
		}
	}
	return nil
}

// pkgName returns the session's name for the package at path, or a hidden
// name under which it is to be imported; "" when it cannot be imported.
func (b *binTyper) pkgName(path string) string {
	if n, ok := b.imports[path]; ok {
		return n
	}
	b.s.mu.Lock()
	for n, p := range b.st.imports {
		if p == path && b.st.decls[n] == nil {
			b.s.mu.Unlock()
			return n
		}
	}
	b.s.mu.Unlock()
	name, ok := packages().byPath[path]
	if !ok {
		return ""
	}
	alias := hiddenPkgAlias(name)
	if b.imports == nil {
		b.imports = map[string]string{}
	}
	b.imports[path] = alias
	return alias
}

// hiddenPkgAlias is the hidden name under which the session imports the
// package named name for its rewrites (binTyper.pkgName, rewriter.pkgName
// in slogargs.go).
func hiddenPkgAlias(name string) string {
	return "_activispkg_" + strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return '_'
	}, name)
}

// importSpecs returns the import specs of the hidden names pkgName chose.
func (b *binTyper) importSpecs() []string {
	var specs []string
	for path, alias := range b.imports {
		specs = append(specs, alias+" "+quote(path))
	}
	return specs
}

// commaOK rewrites the top-level comma-ok definitions of list, which yaegi
// v0.16.1 cannot compile in the global scope ("nil type"), into a
// definition it can type and a plain assignment:
//
//	v, ok := m[k]   →  v := m[k]; ok := false; v, ok = m[k]
//	v, ok := x.(T)  →  var v T; ok := false; v, ok = x.(T)
//
// A map index is evaluated twice, so only when m and k have no side
// effects (names, fields, literals). Names the statement redeclares keep
// their declaration.
func commaOK(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, s := range list {
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			out = append(out, s)
			continue
		}
		var decl ast.Stmt // defines the value variable with the right type
		v, okName := as.Lhs[0], as.Lhs[1]
		pos := as.Pos()
		isNew := func(e ast.Expr) bool {
			id, ok := e.(*ast.Ident)
			return ok && id.Name != "_" && (id.Obj == nil || id.Obj.Decl == as)
		}
		switch x := unparen(as.Rhs[0]).(type) {
		case *ast.IndexExpr:
			if !pure(x.X) || !pure(x.Index) {
				out = append(out, s)
				continue
			}
			if isNew(v) {
				decl = &ast.AssignStmt{Lhs: []ast.Expr{newIdentAt(v)}, TokPos: as.TokPos, Tok: token.DEFINE,
					Rhs: []ast.Expr{&ast.IndexExpr{X: x.X, Lbrack: x.Lbrack, Index: x.Index, Rbrack: x.Rbrack}}}
			}
		case *ast.TypeAssertExpr:
			if x.Type == nil {
				out = append(out, s)
				continue
			}
			if isNew(v) {
				decl = &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{
					&ast.ValueSpec{Names: []*ast.Ident{newIdentAt(v)}, Type: cloneAt(x.Type, x.Type.Pos())}}}}
			}
		default:
			out = append(out, s)
			continue
		}
		if decl != nil {
			out = append(out, decl)
		}
		if isNew(okName) {
			out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{newIdentAt(okName)}, TokPos: as.TokPos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: "false"}}})
		}
		as.Tok = token.ASSIGN
		out = append(out, as)
	}
	return out
}

// newIdentAt returns a fresh identifier with e's name and position.
func newIdentAt(e ast.Expr) *ast.Ident {
	id := e.(*ast.Ident)
	return &ast.Ident{NamePos: id.NamePos, Name: id.Name}
}

// pure reports whether evaluating e twice has no side effects.
func pure(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return pure(x.X)
	case *ast.SelectorExpr:
		return pure(x.X)
	case *ast.IndexExpr:
		return pure(x.X) && pure(x.Index)
	case *ast.BinaryExpr:
		return pure(x.X) && pure(x.Y)
	}
	return false
}

// cloneAt copies a type expression (AST nodes must not be shared), every
// node at pos: yaegi finds a name's imports through its position.
func cloneAt(e ast.Expr, pos token.Pos) ast.Expr {
	switch x := e.(type) {
	case *ast.Ident:
		return &ast.Ident{NamePos: pos, Name: x.Name}
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: cloneAt(x.X, pos), Sel: &ast.Ident{NamePos: pos, Name: x.Sel.Name}}
	case *ast.StarExpr:
		return &ast.StarExpr{Star: pos, X: cloneAt(x.X, pos)}
	case *ast.ParenExpr:
		return &ast.ParenExpr{Lparen: pos, X: cloneAt(x.X, pos), Rparen: pos}
	case *ast.ArrayType:
		var n ast.Expr
		if x.Len != nil {
			n = cloneAt(x.Len, pos)
		}
		return &ast.ArrayType{Lbrack: pos, Len: n, Elt: cloneAt(x.Elt, pos)}
	case *ast.MapType:
		return &ast.MapType{Map: pos, Key: cloneAt(x.Key, pos), Value: cloneAt(x.Value, pos)}
	case *ast.BasicLit:
		return &ast.BasicLit{ValuePos: pos, Kind: x.Kind, Value: x.Value}
	case *ast.Ellipsis:
		return &ast.Ellipsis{Ellipsis: pos}
	}
	return e // other type expressions are rare in assertions; shared
}
