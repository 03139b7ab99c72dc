package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Arguments a session function only reads.
//
// loopConversions (ifaceloop.go) converts a value given to an interface
// parameter in a loop in a call of its own, because a callee that keeps
// the interface (appends it, returns it, stores it) saw the last
// iteration's value. The call costs yaegi a frame: `for _, c := range cs
// { total += area(c) }` with `func area(s Shape) float64 { return
// s.Area() }` took 545 ms for 200,000 circles, 316 ms without. Where the
// callee is a function of the session whose body uses the parameter only
// to call its methods (`s.Area()`) or to compare it with nil, nothing
// keeps the interface and the argument is left as it is. Written for
// this package.

// readOnlyArg reports whether arg, an argument of call, is given to a
// parameter that the called session function only reads (see above).
func (r *rewriter) readOnlyArg(call *ast.CallExpr, arg ast.Expr) bool {
	id, ok := unparen(call.Fun).(*ast.Ident)
	if !ok || call.Ellipsis.IsValid() {
		return false
	}
	fn, ok := r.oracle.info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() != r.oracle.pkg {
		return false
	}
	idx := -1
	for i, a := range call.Args {
		if a == arg {
			idx = i
		}
	}
	if idx < 0 {
		return false
	}
	var fd *ast.FuncDecl
	if id.Obj != nil {
		fd, _ = id.Obj.Decl.(*ast.FuncDecl) // the cell's
	} else {
		fd = r.sessionFuncDecl(id.Name) // ifaceorigin.go
	}
	if fd == nil || fd.Body == nil || fd.Recv != nil || fd.Type.TypeParams != nil {
		return false
	}
	name, variadic := nthParam(fd.Type, idx)
	if variadic || name == "" {
		return false
	}
	return name == "_" || onlyMethodCalls(fd.Body, name)
}

// nthParam returns the name of the i-th parameter of ft ("_" for an
// unnamed one) and whether it is the variadic one, or "".
func nthParam(ft *ast.FuncType, i int) (string, bool) {
	n := 0
	fields := ft.Params.List
	for fi, f := range fields {
		names := len(f.Names)
		if names == 0 {
			names = 1
		}
		for k := range names {
			if n == i {
				_, variadic := f.Type.(*ast.Ellipsis)
				if len(f.Names) == 0 {
					return "_", variadic && fi == len(fields)-1
				}
				return f.Names[k].Name, variadic && fi == len(fields)-1
			}
			n++
		}
	}
	return "", false
}

// onlyMethodCalls reports whether every use of the name in body is the
// receiver of a method call (name.M(…)) or an operand of a comparison
// with nil; any other use (an argument, a result, an assignment, a
// conversion, an assertion, any use in a function literal or a go
// statement) may keep it. Names are matched as written, so a shadowing declaration only makes
// the answer false.
func onlyMethodCalls(body *ast.BlockStmt, name string) bool {
	ok := true
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if !ok || n == nil {
			return false
		}
		switch x := n.(type) {
		case *ast.CallExpr:
			if sel, isSel := x.Fun.(*ast.SelectorExpr); isSel {
				if id, isID := sel.X.(*ast.Ident); isID && id.Name == name {
					for _, a := range x.Args {
						ast.Inspect(a, visit)
					}
					return false
				}
			}
		case *ast.BinaryExpr:
			if x.Op == token.EQL || x.Op == token.NEQ {
				l, lok := x.X.(*ast.Ident)
				rr, rok := x.Y.(*ast.Ident)
				if lok && rok && (l.Name == name && rr.Name == "nil" || rr.Name == name && l.Name == "nil") {
					return false
				}
			}
		case *ast.FuncLit:
			// a literal may be kept and called after the call returns,
			// when the caller's loop has converted another value
			ok = ok && !mentions(x, map[string]bool{name: true}) // typeargs.go
			return false
		case *ast.GoStmt:
			// a goroutine runs after the call returns, likewise
			ok = ok && !mentions(x.Call, map[string]bool{name: true})
			return false
		case *ast.Ident:
			if x.Name == name {
				ok = false
			}
		}
		return true
	}
	ast.Inspect(body, visit)
	return ok
}
