package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// %#v and %+v of values of types declared inside a function.
//
// The session prints %#v and %+v of its types through a walk that knows
// their names (gosyntax.go); a type declared inside a function is not one
// of them, so yaegi's own run-time type showed: `%#v` of a local `type
// loc struct{ Name string; age int }` printed `struct { Name string; Xage
// int "json:\"-\"" }{…}`, or the name of a package-level type of the same
// fields (`main.person{…}`), and `%+v` printed the field age as `Xage`,
// without an error. Such a verb (%+v only for a value with unexported
// fields), when it runs, of a value whose type involves a local
// type is refused, naming the type, with the workaround: declare the type
// at the top level of the cell. (%v prints as in Go, and so does %T of
// such a value; of one held in an interface %T prints its struct type, as
// README lists.) Written for this package.

// refuseLocalTypeVerbs fails the rewrite for a %#v or %+v verb of c, a
// Printf-like call of fmt with a literal format, whose argument's type
// involves a type declared in a function.
func (r *rewriter) refuseLocalTypeVerbs(c *ast.CallExpr) {
	if r.oracle == nil || r.err != nil {
		return
	}
	first, format, verbs, ok := r.printfCall(c) // fmttype.go
	if !ok {
		return
	}
	for i, v := range verbs {
		argi := first + 1 + i
		if argi >= len(c.Args) {
			return
		}
		flags := v.flags(format)
		if v.verb != 'v' || !strings.ContainsAny(flags, "#+") {
			continue
		}
		t := r.oracle.typeOf(c.Args[argi])
		if t == nil {
			continue
		}
		if _, basic := t.Underlying().(*types.Basic); basic {
			continue // %#v of a number or string shows no type name
		}
		if !strings.Contains(flags, "#") && !unexportedField(t) {
			continue // %+v names only unexported fields wrongly
		}
		if name := r.localTypeIn(t); name != "" {
			arg := c.Args[argi]
			msg := fmt.Sprintf("%s: %%%sv of a value of type %s, declared inside a function, is not supported by the interpreter "+
				"(it prints its own type and field names); declare %s at the top level of the cell", r.place(arg.Pos()), flags, name, name)
			c.Args[argi] = refuseWhenRun(arg, msg)
		}
	}
}

// localTypeIn returns the name of a type declared in a function of the
// cell that t is or contains, or "".
func (r *rewriter) localTypeIn(t types.Type) string {
	name := ""
	walkType(t, typePolicy{mapKeys: true, visit: func(t types.Type, _ int) walkStep { // typewalk.go
		n, ok := t.(*types.Named)
		switch {
		case !ok:
			return walkDescend
		case n.Obj().Pkg() != r.oracle.pkg:
			return walkSkip // a compiled type: its fields are its own
		case n.Obj().Parent() != nil && n.Obj().Parent() != n.Obj().Pkg().Scope():
			name = n.Obj().Name()
			return walkFound
		}
		return walkDescend
	}})
	return name
}

// unexportedField reports whether t is or contains a struct with an
// unexported field.
func unexportedField(t types.Type) bool {
	return walkType(t, typePolicy{mapKeys: true, // typewalk.go
		field: func(_ *types.Named, s *types.Struct, i int) walkStep {
			if !s.Field(i).Exported() {
				return walkFound
			}
			return walkDescend
		},
		visit: func(types.Type, int) walkStep { return walkDescend }})
}

// refuseWhenRun returns a call that evaluates arg and then panics with msg,
// an error of the unsupported kind (_activisErrorsRefuse, gosrc/errors.go.txt):
// a refusal that holds only where the code runs, so that a program whose
// refused print is on a path not taken still runs.
func refuseWhenRun(arg ast.Expr, msg string) ast.Expr {
	pos := arg.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	refuse := &ast.ExprStmt{X: &ast.CallExpr{Fun: id("_activisErrorsRefuse"), Lparen: pos,
		Args: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(msg)}}, Rparen: pos}}
	lit := &ast.FuncLit{Type: &ast.FuncType{Func: pos,
		Params:  &ast.FieldList{Opening: pos, Closing: pos, List: []*ast.Field{{Names: []*ast.Ident{id("_")}, Type: id("any")}}},
		Results: &ast.FieldList{Opening: pos, Closing: pos, List: []*ast.Field{{Type: id("string")}}}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{refuse,
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: `""`}}}}}}
	return &ast.CallExpr{Fun: lit, Lparen: pos, Args: []ast.Expr{arg}, Rparen: arg.End()}
}
