package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"
)

// The spacing of fmt's Print, Sprint, Fprint and Append.
//
// fmt's Print functions put a space between two operands when neither is
// a string: an operand whose dynamic type's kind is string (`type Name
// string` is one). yaegi v0.16.1 hands fmt a value of a session type with
// methods in a wrapper, a struct, so `fmt.Print(n, 2)` for `var n any =
// Name("z")` with a String method printed `N 2`, Go `N2`; and a value of
// such a type without a String or Error method held in an interface
// reached fmt as yaegi's valueInterface, whose pointers fmt printed
// (`{0xc000… {0x… 0x… 152}} 2` for `fmt.Print(nm, 2)`). Where the session
// declares a type whose underlying type is a string and that has methods,
// a call of one of these functions with an operand that may hold one (an
// interface, a value of such a type, a type the oracle does not know)
// becomes a call of a function literal that takes the operands once, in
// order, and prints them with the separators decided per pair:
//
//	func(_activisPr1, _activisPr2 any) (int, error) {
//		return fmt.Print(<methodText of _activisPr1>, _activisiface.PrintSep("dn", _activisPr1, _activisPr2), _activisPr2)
//	}(n, 2)
//
// Each separator is a string ("" or " "), so fmt adds none of its own.
// PrintSep takes the kind of an operand the type oracle (typecheck.go)
// shows from its static type (s: string, n: not) and of one it does not
// (d) from the value at run time, out of yaegi's wrappers; an operand
// that may hold a session value is printed through methodText
// (fmttype.go), which calls its String or Error method or unwraps it, as
// Println's operands are. Fprint's writer and Append's slice are taken
// first, as Go evaluates them. Written for this package.

// printSpace is what printSpaceHints finds in a call before the other
// print rewrites replace its operands: the index of the first operand,
// each operand's kind (s, n or d as above) and whether the session may
// be involved in printing it.
type printSpace struct {
	first   int
	kinds   []byte
	session []bool
	orig    []ast.Expr
	fn      string
}

// printSpaceHints returns the spacing information of c when c is a call
// of fmt.Print, Sprint, Fprint or Append that printSpaced rewrites, nil
// otherwise.
func (r *rewriter) printSpaceHints(c *ast.CallExpr) *printSpace {
	if r.oracle == nil || c.Ellipsis.IsValid() {
		return nil
	}
	pkg, fn, ok := r.packageCall(c)
	if !ok || pkg != "fmt" {
		return nil
	}
	first := 0
	switch fn {
	case "Print", "Sprint":
	case "Fprint", "Append":
		first = 1
	default:
		return nil
	}
	if len(c.Args) <= first || spacedCall(c) || !r.stringTypeWithMethods() {
		return nil
	}
	h := &printSpace{first: first, fn: fn}
	needed := false
	for _, a := range c.Args[first:] {
		k, session := r.printKind(a)
		if k == 0 {
			return nil // a call with several results
		}
		h.kinds = append(h.kinds, k)
		h.session = append(h.session, session)
		h.orig = append(h.orig, a)
		if k == 'd' || session && k == 's' {
			needed = true
		}
	}
	if !needed {
		return nil
	}
	return h
}

// stringTypeWithMethods reports whether the session declares a type with
// methods whose underlying type is a string.
func (r *rewriter) stringTypeWithMethods() bool {
	all := r.sessionTypes()
	for _, t := range all {
		if !t.hasMethods() {
			continue
		}
		u := t.under
		for range 8 {
			id, ok := unparen(u).(*ast.Ident)
			if !ok {
				break
			}
			if n := all[id.Name]; n != nil {
				u = n.under
				continue
			}
			if id.Name == "string" {
				return true
			}
			break
		}
	}
	return false
}

// printKind returns the kind of operand e for PrintSep ('s' when its type
// is a string type, 'n' when it is another type that is not an interface,
// 'd' when the type oracle does not tell it or it is an interface; 0 for
// a tuple) and whether its value may involve a session type.
func (r *rewriter) printKind(e ast.Expr) (kind byte, session bool) {
	tv, ok := r.oracle.info.Types[e]
	if !ok || tv.Type == nil || !validType(tv.Type, 0) {
		return 'd', true
	}
	if _, tuple := tv.Type.(*types.Tuple); tuple {
		return 0, false
	}
	if tv.IsNil() {
		return 'n', false
	}
	if types.IsInterface(tv.Type) {
		return 'd', true
	}
	session = walkType(tv.Type, typePolicy{
		mapKeys: true,
		visit: func(t types.Type, _ int) walkStep {
			if n, ok := t.(*types.Named); ok {
				if isSessionNamed(n) {
					return walkFound
				}
				return walkSkip
			}
			if _, ok := t.(*types.Interface); ok {
				return walkFound
			}
			return walkDescend
		},
	})
	if b, ok := tv.Type.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
		return 's', session
	}
	return 'n', session
}

// spacedCall reports whether c is a print call printSpaced made (its
// operands are the function literal's parameters).
func spacedCall(c *ast.CallExpr) bool {
	found := false
	for _, a := range c.Args {
		ast.Inspect(a, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && strings.HasPrefix(id.Name, "_activisPr") {
				found = true
			}
			return !found
		})
	}
	return found
}

// printSpaced rewrites c as described above, with h from printSpaceHints
// (taken before the other print rewrites changed c's operands).
func (r *rewriter) printSpaced(c *ast.CallExpr, h *printSpace) {
	if h == nil || r.err != nil || len(c.Args) != h.first+len(h.kinds) {
		return
	}
	rt := r.ifaceRuntimeName()
	if rt == "" {
		return
	}
	pos := c.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	str := func(s string) ast.Expr { return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: `"` + s + `"`} }
	var params []*ast.Field
	var inner []ast.Expr
	if h.first == 1 && h.fn == "Fprint" && simpleOperand(c.Args[0]) {
		inner = append(inner, c.Args[0]) // no side effect: read in the literal
	} else if h.first == 1 {
		w := r.fresh("PrW")
		var typ ast.Expr = &ast.ArrayType{Lbrack: pos, Elt: id("byte")} // Append
		if h.fn == "Fprint" {
			if k, session := r.printKind(c.Args[0]); k != 'n' || session {
				return // yaegi hands a session writer held in an interface to fmt as a plain struct
			}
			typ = &ast.InterfaceType{Interface: pos, Methods: &ast.FieldList{Opening: pos, Closing: pos, List: []*ast.Field{{
				Names: []*ast.Ident{id("Write")},
				Type: &ast.FuncType{Func: pos,
					Params:  &ast.FieldList{Opening: pos, Closing: pos, List: []*ast.Field{{Type: &ast.ArrayType{Lbrack: pos, Elt: id("byte")}}}},
					Results: &ast.FieldList{Opening: pos, Closing: pos, List: []*ast.Field{{Type: id("int")}, {Type: id("error")}}}}}}}}
		}
		params = append(params, &ast.Field{Names: []*ast.Ident{id(w)}, Type: typ})
		inner = append(inner, id(w))
	}
	names := make([]string, len(h.kinds))
	typed := make([]bool, len(h.kinds))
	for i := range h.kinds {
		names[i] = r.fresh("Pr")
		var typ ast.Expr = id("any")
		if c.Args[h.first+i] == h.orig[i] && h.kinds[i] != 'd' {
			// A value of a type the oracle shows keeps it: yaegi hands
			// fmt a value of a session type it converts to `any` there.
			if t := r.typeExprOf(h.orig[i], pos); t != nil {
				typ, typed[i] = t, true
			}
		}
		params = append(params, &ast.Field{Names: []*ast.Ident{id(names[i])}, Type: typ})
	}
	for i, k := range h.kinds {
		if i > 0 {
			prev := h.kinds[i-1]
			switch {
			case prev == 's' || k == 's':
				inner = append(inner, str(""))
			case prev == 'n' && k == 'n':
				inner = append(inner, str(" "))
			default:
				inner = append(inner, &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id("PrintSep")}, Lparen: pos,
					Args: []ast.Expr{str(string([]byte{prev, k})), id(names[i-1]), id(names[i])}, Rparen: pos})
			}
		}
		var op ast.Expr = id(names[i])
		// An operand the other rewrites replaced prints as they made it;
		// one that may hold a session value goes through methodText.
		if h.session[i] && !typed[i] && c.Args[h.first+i] == h.orig[i] {
			if m := r.methodText(id(names[i]), false); m != nil {
				op = m
			}
		}
		inner = append(inner, op)
	}
	args := c.Args[h.first:]
	if len(params) > len(h.kinds) {
		args = c.Args
	}
	var results []*ast.Field
	switch h.fn {
	case "Print", "Fprint":
		results = []*ast.Field{{Type: id("int")}, {Type: id("error")}}
	case "Sprint":
		results = []*ast.Field{{Type: id("string")}}
	case "Append":
		results = []*ast.Field{{Type: &ast.ArrayType{Lbrack: pos, Elt: id("byte")}}}
	}
	call := &ast.CallExpr{Fun: c.Fun, Lparen: pos, Args: inner, Rparen: pos}
	c.Fun = &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos, List: params},
			Results: &ast.FieldList{Opening: pos, Closing: pos, List: results}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{call}}}},
	}
	c.Args = args
}

// simpleOperand reports whether e is a variable, a package's variable, a
// field of one or its address: reading it later in the same call gives
// the same value and has no effect.
func simpleOperand(e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return simpleOperand(x.X)
	case *ast.UnaryExpr:
		return x.Op == token.AND && simpleOperand(x.X)
	}
	return false
}

// typeExprOf returns the type of e as the type oracle tells it, written
// for the cell (its packages imported there), or nil.
func (r *rewriter) typeExprOf(e ast.Expr, pos token.Pos) ast.Expr {
	t := r.oracle.typeOf(e)
	if t == nil || walkType(t, typePolicy{mapKeys: true, visit: func(t types.Type, _ int) walkStep {
		switch x := t.(type) {
		case *types.TypeParam:
			return walkFound
		case *types.Named:
			if p := x.Obj().Pkg(); p != nil && p.Name() != "main" {
				if !x.Obj().Exported() {
					return walkFound // a package's unexported type: the cell cannot name it
				}
				return walkSkip
			}
		}
		return walkDescend
	}}) {
		return nil
	}
	ok := true
	text := types.TypeString(t, func(p *types.Package) string {
		if p.Name() == "main" {
			return ""
		}
		if !r.sc.isPackage(p.Name()) {
			ok = false
		}
		return p.Name()
	})
	x, err := parser.ParseExprFrom(token.NewFileSet(), "", text, 0)
	if !ok || err != nil {
		return nil
	}
	return cloneAt(x, pos)
}

// printSep returns the separator fmt's Print puts between operands a and
// b: a space when neither is a string. kinds gives each operand's kind
// as the type oracle knows it (printKind): 's', 'n', or 'd' for one whose
// kind the value tells, out of yaegi's wrappers.
func printSep(kinds string, a, b any) string {
	if len(kinds) != 2 || printIsString(kinds[0], a) || printIsString(kinds[1], b) {
		return ""
	}
	return " "
}

// printIsString reports whether fmt's Print takes v for a string operand.
func printIsString(kind byte, v any) bool {
	switch kind {
	case 's':
		return true
	case 'n':
		return false
	}
	v, _ = ifaceUnwrap(v)
	rv := reflect.ValueOf(v)
	if rv.IsValid() && isYaegiWrapper(rv.Type()) {
		v, _ = ifaceUnwrap(rv.Field(0).Interface())
	}
	return v != nil && reflect.TypeOf(v).Kind() == reflect.String
}
