package gosession

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
)

// Implicit repetition in constant declarations.
//
// In a parenthesized const declaration, a spec without type and values
// repeats the previous spec's (the Go spec's implicit repetition, with
// iota of its own line). yaegi v0.16.1 does this for a spec of one name
// but not for several: `const ( x, y = iota, iota * 2; z, w )` failed to
// compile ("constant definition loop"). constRepeats writes the repeated
// type and values out, copied with the positions of the spec that
// repeats them, wherever a spec names more than one constant. In such a
// declaration yaegi also counted iota per name, not per spec (`a, b =
// iota, iota; c, d = iota, iota` gave c = 2, Go 1): there iota is
// written as the index of its spec. A spec repeating values for another
// number of names is Go's compile error (constCountMismatch has the
// session's type check find it; yaegi ran `const ( a, b = 1, 2; c )`
// with c = 2). Written for this package.

// constRepeats fills in the implicit values of the multi-name const
// specs under n, and writes iota as its value in declarations holding
// such a spec (unless the session declares a name iota).
func (r *rewriter) constRepeats(n ast.Node) {
	iotaDeclared := r.sc.globalType("iota") != nil
	ast.Inspect(n, func(m ast.Node) bool {
		d, ok := m.(*ast.GenDecl)
		if !ok || d.Tok != token.CONST {
			return true
		}
		multi := false
		for _, s := range d.Specs {
			vs, ok := s.(*ast.ValueSpec)
			multi = multi || ok && len(vs.Names) > 1
		}
		if !multi {
			return false // yaegi repeats the specs of one name, with their iota
		}
		var last *ast.ValueSpec
		for _, s := range d.Specs {
			vs, ok := s.(*ast.ValueSpec)
			if !ok {
				continue
			}
			switch {
			case vs.Type != nil || len(vs.Values) > 0:
				last = vs
			case last != nil: // with other counts, Go's compile error
				pos := vs.Names[0].Pos()
				if last.Type != nil {
					vs.Type = cloneNode(last.Type, pos).(ast.Expr)
				}
				for _, v := range last.Values {
					vs.Values = append(vs.Values, cloneNode(v, pos).(ast.Expr))
				}
			}
		}
		for i, s := range d.Specs {
			vs, ok := s.(*ast.ValueSpec)
			for j := 0; ok && !iotaDeclared && j < len(vs.Values); j++ {
				vs.Values[j] = iotaValue(vs.Values[j], i)
			}
		}
		return false
	})
}

// iotaValue returns e with each iota (the predeclared one: a name
// declared iota resolves to its declaration) replaced by the literal i.
func iotaValue(e ast.Expr, i int) ast.Expr {
	if id, ok := e.(*ast.Ident); ok && id.Name == "iota" && id.Obj == nil {
		return &ast.BasicLit{ValuePos: id.Pos(), Kind: token.INT, Value: strconv.Itoa(i)}
	}
	replaceExprs(reflect.ValueOf(e), func(x ast.Expr) ast.Expr {
		if id, ok := x.(*ast.Ident); ok && id.Name == "iota" && id.Obj == nil {
			return &ast.BasicLit{ValuePos: id.Pos(), Kind: token.INT, Value: strconv.Itoa(i)}
		}
		return nil
	})
	return e
}

var (
	posType    = reflect.TypeFor[token.Pos]()
	objectType = reflect.TypeFor[*ast.Object]()
	scopeType  = reflect.TypeFor[*ast.Scope]()
)

// cloneNode returns a deep copy of the syntax tree n with every position
// set to pos; the declarations its names resolve to are shared.
func cloneNode(n ast.Node, pos token.Pos) ast.Node {
	return cloneValue(reflect.ValueOf(n), pos).Interface().(ast.Node)
}

// cloneValue copies v, a pointer, interface, slice or field of a syntax
// tree (see cloneNode).
func cloneValue(v reflect.Value, pos token.Pos) reflect.Value {
	switch {
	case v.Type() == posType:
		return reflect.ValueOf(pos)
	case v.Type() == objectType || v.Type() == scopeType:
		return v
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return v
		}
		c := reflect.New(v.Elem().Type())
		for i := 0; i < v.Elem().NumField(); i++ {
			if c.Elem().Field(i).CanSet() {
				c.Elem().Field(i).Set(cloneValue(v.Elem().Field(i), pos))
			}
		}
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(cloneValue(v.Elem(), pos))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(cloneValue(v.Index(i), pos))
		}
		return c
	}
	return v
}

// constCountMismatch tells whether a const declaration of f repeats the
// values of a spec for another number of names.
func constCountMismatch(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(m ast.Node) bool {
		d, ok := m.(*ast.GenDecl)
		if !ok || d.Tok != token.CONST {
			return !found
		}
		n := 0 // names of the last spec with values
		for _, s := range d.Specs {
			if vs, ok := s.(*ast.ValueSpec); ok && len(vs.Values) > 0 {
				n = len(vs.Values)
			} else if ok && vs.Type == nil && n > 0 && len(vs.Names) != n {
				found = true
			}
		}
		return false
	})
	return found
}
