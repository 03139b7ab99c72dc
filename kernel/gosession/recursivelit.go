package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
)

// Composite literals of a package's recursive generic types.
//
// yaegi v0.16.1 fails on a composite literal, written in a cell, of an
// instance of a package's generic type that refers to itself (`type
// Tree[T any] struct{ Left, Right *Tree[T]; Val T }` with methods):
// `&p.Tree[int]{Val: 1}` failed with "incomplete type" at the package's
// method declaration, and inside a function `&p.Tree[string]{Val: "a"}`
// made the package's own `t.Left.Depth()` fail, "undefined selector:
// Depth". A variable of the type, `var t p.Tree[int]`, compiles and
// works. recursiveLits writes such a literal as a function literal that
// declares the variable and sets the fields in the literal's order:
//
//	&p.Tree[int]{Val: 1, Left: l}
//	func() *p.Tree[int] { var _activisLit p.Tree[int]; _activisLit.Val = 1; _activisLit.Left = l; return &_activisLit }()
//
// (elements without keys take the struct's field names from the type
// check). The instance is then the cell's: yaegi makes another for the
// same type arguments where the package's own code first needs one (a
// method's `&Tree[T]{Val: v}`), and storing one in a variable of the
// other panicked, "reflect.Set: value of type *struct {…} is not
// assignable to type *struct {…}" with the same type twice (as it did
// after `var t p.Tree[string]` in a cell). Where the package made the
// instance first, the cell uses the package's. sameTypeHint explains the
// panic. Written for this package.

// litVar is the variable the function literals of recursiveLits declare.
const litVar = "_activisLit"

// recursiveLits rewrites the literals under n as above.
func (r *rewriter) recursiveLits(n ast.Node) {
	if r.oracle == nil {
		return
	}
	made := map[*ast.CallExpr]*ast.FuncLit{}
	replaceExprs(reflect.ValueOf(n), func(e ast.Expr) ast.Expr {
		switch x := e.(type) {
		case *ast.CompositeLit:
			call := r.recursiveLit(x)
			if call == nil {
				call = r.listInstanceLit(x) // see listinstancelit.go
			}
			if call != nil {
				made[call] = call.Fun.(*ast.FuncLit)
				if tv, ok := r.oracle.info.Types[x]; ok {
					r.oracle.info.Types[call] = tv // the rewrites after read its type (ifaceloop.go)
				}
				return call
			}
		case *ast.UnaryExpr:
			call, ok := x.X.(*ast.CallExpr)
			if x.Op != token.AND || !ok || made[call] == nil {
				return nil
			}
			fl := made[call]
			res := fl.Type.Results.List[0]
			res.Type = &ast.StarExpr{Star: x.Pos(), X: res.Type}
			ret := fl.Body.List[len(fl.Body.List)-1].(*ast.ReturnStmt)
			ret.Results[0] = &ast.UnaryExpr{OpPos: x.Pos(), Op: token.AND, X: ret.Results[0]}
			if tv, ok := r.oracle.info.Types[x]; ok {
				r.oracle.info.Types[call] = tv
			}
			return call
		}
		return nil
	})
}

// recursiveLit returns the call that builds the literal lit, or nil when
// lit is not one of a package's recursive generic instance.
func (r *rewriter) recursiveLit(lit *ast.CompositeLit) *ast.CallExpr {
	if r.pkgInstance(lit.Type) == nil { // ptrzero.go
		return nil
	}
	named, ok := types.Unalias(r.oracle.info.Types[lit].Type).(*types.Named)
	if !ok {
		return nil
	}
	if self, _ := originRefs(named); !self { // genericmulti.go
		return nil
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	return fieldsLit(lit, st)
}

// fieldsLit returns the call of a function literal that declares a
// variable of lit's type, a struct type st, sets its fields to lit's
// elements in their order, and returns it; nil when an element's field
// cannot be named.
func fieldsLit(lit *ast.CompositeLit, st *types.Struct) *ast.CallExpr {
	pos := lit.Pos()
	v := func() *ast.Ident { return &ast.Ident{NamePos: pos, Name: litVar} }
	body := []ast.Stmt{&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR,
		Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{v()}, Type: lit.Type}}}}}
	fields, values := litFields(lit, st)
	if fields == nil && len(lit.Elts) > 0 {
		return nil
	}
	for i, el := range lit.Elts {
		body = append(body, &ast.AssignStmt{Lhs: []ast.Expr{&ast.SelectorExpr{X: v(), Sel: &ast.Ident{NamePos: pos, Name: fields[i]}}},
			TokPos: el.Pos(), Tok: token.ASSIGN, Rhs: []ast.Expr{values[i]}})
	}
	body = append(body, &ast.ReturnStmt{Return: lit.End(), Results: []ast.Expr{v()}})
	fl := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
			Results: &ast.FieldList{List: []*ast.Field{{Type: cloneNode(lit.Type, pos).(ast.Expr)}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: lit.End()},
	}
	return &ast.CallExpr{Fun: fl, Lparen: lit.End(), Rparen: lit.End()}
}

// litFields returns the field of st each element of lit sets, and the
// element's value (without its key); nil when an element's field cannot
// be named (a key that is not a name, more elements than fields).
func litFields(lit *ast.CompositeLit, st *types.Struct) (fields []string, values []ast.Expr) {
	for i, el := range lit.Elts {
		field, value := "", el
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			key, isIdent := kv.Key.(*ast.Ident)
			if !isIdent {
				return nil, nil
			}
			field, value = key.Name, kv.Value
		} else if i < st.NumFields() {
			field = st.Field(i).Name()
		} else {
			return nil, nil
		}
		fields, values = append(fields, field), append(values, value)
	}
	return fields, values
}

// sameTypeSet matches yaegi's panic storing a value of one of its two
// run-time types of a type in a variable of the other.
var sameTypeSet = regexp.MustCompile(`^reflect\.Set: value of type (.+) is not assignable to type (.+)$`)

// sameTypeHint returns the hint for a panic message naming one type twice
// as not assignable to itself, or "".
func sameTypeHint(msg string) string {
	m := sameTypeSet.FindStringSubmatch(msg)
	if m == nil || m[1] != m[2] {
		return ""
	}
	return "\n(hint: the interpreter made two run-time types for one type: an instance of a package's generic type that refers to itself " +
		"(p.Tree[int]) was made by a cell (a composite literal or a variable of it) before the package's own code made one; " +
		"in a new session, let the package's functions make the first value, or compile the package into the kernel: activis-kernel build --with MODULE)"
}
