package gosession

import (
	"go/ast"
	"go/types"
	"strings"
)

// Print operands of interface type holding values that nest session
// values with String or Error methods.
//
// yaegi keeps a composite value of a session type stored in an interface
// as a value of its underlying type: after `var x any = []Status{1}`,
// x holds a plain `[]int`, and `fmt.Println(x)` printed `[1]` (Go:
// `[done]`), also with %+v; a struct `P{S: Status(1)}` in an `any`
// printed `{1 2}`. At run time nothing tells `[]Status` from `[]int`, so
// where the origins the session follows for an interface variable, field
// or element (ifaceorigin.go, ifaceflow.go: the values stored into it
// where the syntax or go/types shows their types) include a type that
// holds a session type with a String or Error method below its top (an
// element, a map key or value, an exported field, behind a pointer), a
// print operand of interface type (fmt's and log's print functions, the
// %v, %s, %q, %x and %X verbs without the # flag, which gosyntax.go's
// walk prints; for %+v not for a session struct, which that walk tells
// by its fields) is refused, naming the type and the
// workaround: keep the value in a variable of its own type, which the
// session prints as Go (nestedprint.go). An interface whose origins the
// syntax does not show still prints the underlying values (README lists
// it). Written for this package.

// refuseIfaceNested fails the rewrite for a print call of c with such an
// operand (see above).
func (r *rewriter) refuseIfaceNested(c *ast.CallExpr) {
	call, ops, _, ok := r.printOperands(c) // nestedstringer.go
	if !ok {
		return
	}
	ops = append(ops, r.plusOperands(c)...)
	for _, op := range ops {
		if r.ifaceLiteralOperand(call, op) { // ifacelit.go
			return
		}
	}
	all := r.sessionTypes()
	for _, op := range ops {
		arg := op.arg
		if t := r.oracle.typeOf(arg); t != nil && !types.IsInterface(t) {
			continue
		}
		switch unparen(arg).(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr:
		default:
			continue // a variable, field or element
		}
		for _, o := range r.originTypes(arg, 0) {
			if n, ok := unparen(o).(*ast.Ident); ok && strings.Contains(op.flags, "+") && all[n.Name] != nil {
				if _, isStruct := unparen(all[n.Name].under).(*ast.StructType); isStruct {
					continue // %+v's walk tells a session struct by its fields (gosyntax.go)
				}
			}
			if name, method := r.nestedStringerAST(o, 0, all, map[string]bool{}); name != "" {
				r.fail(arg.Pos(), "%s of an interface value that may hold a %s, which holds %s values (with their %s method) "+
					"inside it: the interpreter keeps that value as its underlying type, so it would silently print the "+
					"underlying values; keep the value in a variable of its own type (var v %s) and print that, which "+
					"the session prints as Go", call, types.ExprString(o), all[name].user, method, types.ExprString(o))
				return
			}
		}
	}
}

// nestedStringerAST returns the interpreter's name of a session type with
// a String or Error method (and the method) that the type expression t
// holds below depth 0, or "".
func (r *rewriter) nestedStringerAST(t ast.Expr, depth int, all map[string]*namedType, seen map[string]bool) (string, string) {
	if depth > 16 {
		return "", ""
	}
	switch x := unparen(t).(type) {
	case *ast.Ident:
		nt := all[x.Name]
		if nt == nil || seen[x.Name] {
			return "", ""
		}
		if depth > 0 {
			if m := nt.fmtMethod(false); m != "" {
				return nt.name, m
			}
		} else if nt.fmtMethod(false) != "" {
			return "", "" // fmt calls it on the value itself
		}
		seen[x.Name] = true
		defer delete(seen, x.Name)
		return r.nestedStringerAST(nt.under, depth, all, seen)
	case *ast.StarExpr:
		if id, ok := unparen(x.X).(*ast.Ident); ok && all[id.Name] != nil && all[id.Name].fmtMethod(true) != "" {
			if depth > 0 {
				return all[id.Name].name, all[id.Name].fmtMethod(true)
			}
			return "", ""
		}
		return r.nestedStringerAST(x.X, depth+1, all, seen)
	case *ast.ArrayType:
		return r.nestedStringerAST(x.Elt, depth+1, all, seen)
	case *ast.MapType:
		if n, m := r.nestedStringerAST(x.Key, depth+1, all, seen); n != "" {
			return n, m
		}
		return r.nestedStringerAST(x.Value, depth+1, all, seen)
	case *ast.StructType:
		for _, f := range x.Fields.List {
			exported := len(f.Names) == 0
			for _, n := range f.Names {
				exported = exported || ast.IsExported(n.Name)
			}
			if !exported {
				continue
			}
			if n, m := r.nestedStringerAST(f.Type, depth+1, all, seen); n != "" {
				return n, m
			}
		}
	}
	return "", ""
}

// plusOperands returns the operands of the %+v verbs (without #) of a
// Printf-like call c with a literal format: gosyntax.go's walk prints
// them, which reads an interface's composite value as yaegi keeps it.
func (r *rewriter) plusOperands(c *ast.CallExpr) []printOperand {
	first, format, verbs, ok := r.printfCall(c)
	if !ok {
		return nil
	}
	var ops []printOperand
	for i, v := range verbs {
		flags := v.flags(format)
		if argi := first + 1 + i; argi < len(c.Args) && v.verb == 'v' && strings.Contains(flags, "+") && !strings.Contains(flags, "#") {
			ops = append(ops, printOperand{arg: c.Args[argi], index: argi, verb: 'v', flags: flags})
		}
	}
	return ops
}
